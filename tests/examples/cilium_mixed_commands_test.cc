// Every command on examples/cilium-mixed/ (a NetworkPolicy, CNPs with an
// ingressDeny and L7 rules, a CCNP egressDeny): each answers for the mixed
// cluster, with the Cilium deny and the L7 filtering in its output, never
// as if the Cilium kinds were absent.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace netpol {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kMixed = "examples/cilium-mixed/";

struct CommandCase {
  const char* what;
  std::vector<std::string> args;  // before the input path
  int exit_code;
  std::vector<std::string> contains;  // each must appear in stdout
};

TEST_CASE("every command answers for a cluster mixing NetworkPolicies, CNPs and CCNPs",
          "[examples][cilium][cli]") {
  const std::vector<CommandCase> cases = {
      {"graph: the CNP ingressDeny takes TCP 8080 back from monitoring; L7 marked",
       {"graph"},
       0,
       {"monitoring/prometheus -> shop/api                        TCP 1-8079,8081-65535; UDP "
        "all; SCTP all",
        "shop/api -> shop/db                                      TCP 5432 (L7: postgres)"}},
      {"graph JSON carries the L7 filter",
       {"graph", "-o", "json"},
       0,
       {"\"postgres\""}},
      {"explain names the deny rule and its line",
       {"explain", "--from", "monitoring/prometheus", "--to", "shop/api", "--port", "8080/TCP"},
       0,
       {"CiliumNetworkPolicy shop/api-no-monitoring-on-http ingressDeny rule 0",
        "(examples/cilium-mixed/policies.yaml:32)", "Verdict: DENIED on TCP 8080"}},
      {"explain names the CCNP egressDeny",
       {"explain", "--from", "shop/db", "--to", "203.0.113.9", "--port", "443/TCP"},
       0,
       {"CiliumClusterwideNetworkPolicy db-no-world egressDeny rule 0"}},
      {"reach goes through the L7-filtered hop",
       {"reach", "--from", "monitoring/prometheus"},
       0,
       {"shop/api -[TCP 5432 (L7: postgres)]-> shop/db"}},
      {"paths to the database",
       {"paths", "--from", "shop/web", "--to", "shop/db"},
       0,
       {"shop/db"}},
      {"exposure names the ingressDeny that narrows the door",
       {"exposure", "--to", "shop/api"},
       0,
       {"less what CiliumNetworkPolicy shop/api-no-monitoring-on-http ingressDeny rule 1 "
        "(examples/cilium-mixed/policies.yaml:32:5) denies"}},
      {"diff of removing the CNP deny gives monitoring TCP 8080 back (--remove takes one "
       "value: the path after it stays a path)",
       {"diff", "--remove", "CiliumNetworkPolicy/shop/api-no-monitoring-on-http"},
       1,
       {"removed   CiliumNetworkPolicy/shop/api-no-monitoring-on-http",
        "monitoring/prometheus -> shop/api  TCP 1-8079,8081-65535; UDP all; SCTP all -> all ports",
        "because removed CiliumNetworkPolicy/shop/api-no-monitoring-on-http selects the "
        "destination for Ingress"}},
      {"lint runs its rules over the Cilium kinds", {"lint", "--enable", "NP036,NP030"}, 0, {}},
  };
  for (const CommandCase& c : cases) {
    INFO(c.what);
    std::vector<std::string> args = c.args;
    args.push_back(kMixed);
    const CliResult result = RunCli(args);
    INFO(result.err);
    CHECK(result.exit_code == c.exit_code);
    for (const std::string& text : c.contains) {
      INFO(text);
      CHECK(result.out.find(text) != std::string::npos);
    }
    CHECK(result.err.find("not modelled") == std::string::npos);
  }
}

TEST_CASE("report --html on the mixed Cilium cluster shows the L7-filtered port and the denied "
          "one",
          "[examples][cilium][cli]") {
  const std::string path = testing::MakeTempDir() + "/mixed.html";
  const CliResult result = RunCli({"report", "--html", path, kMixed});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const std::string html = testing::ReadFileOrFail(path);
  CHECK(html.find("L7: postgres") != std::string::npos);
  CHECK(html.find("TCP 1-8079,8081-65535") != std::string::npos);
}

}  // namespace
}  // namespace netpol
