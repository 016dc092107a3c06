// End-to-end tests of `netpol exposure`: the exercise's exposure, the
// labels that open the door, formats and exit statuses.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

const char* const kDemo = "examples/netpol-demo/";

TEST_CASE("exposure: the exercise's frontend is open to the entire cluster and the internet on TCP 80",
          "[cli][exposure]") {
  const auto result = RunCli({"exposure", "--to", "netpol-demo/frontend", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.find("    TCP 80: any pod in any namespace\n") != std::string::npos);
  CHECK(result.out.find("    TCP 80: any external address\n") != std::string::npos);
  CHECK(result.out.find("by netpol-demo/allow-frontend-ingress ingress rule 1 "
                        "(examples/netpol-demo/04-allow-paths.yaml:16:5)") != std::string::npos);
}

TEST_CASE("exposure: the exercise's DNS egress reaches any address on TCP and UDP 53",
          "[cli][exposure]") {
  const auto result = RunCli({"exposure", "--from", "netpol-demo/database", "-o", "json", kDemo});
  REQUIRE(result.exit_code == 0);
  const auto doc = nlohmann::json::parse(result.out);
  REQUIRE(doc["workloads"].size() == 1);
  const auto& egress = doc["workloads"][0]["egress"];
  CHECK(doc["workloads"][0].count("ingress") == 0);
  CHECK(egress["isolated"] == true);
  REQUIRE(egress["exposure"].size() == 2);
  CHECK(egress["exposure"][0]["description"] == "entire-cluster");
  CHECK(egress["exposure"][1]["description"] == "any external address");
  for (const auto& entry : egress["exposure"]) {
    CHECK(entry["ports"] == nlohmann::json::parse(
                                R"([{"protocol":"TCP","port":53,"endPort":53},)"
                                R"({"protocol":"UDP","port":53,"endPort":53}])"));
    CHECK(entry["because"][0]["policy"] == "netpol-demo/allow-dns-egress");
  }
}

TEST_CASE("exposure --to the database: a pod labelled app=backend, still blocked by egress isolation",
          "[cli][exposure]") {
  const auto result = RunCli({"exposure", "--to", "netpol-demo/database", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("    TCP 80: a pod labelled app=backend in namespace netpol-demo\n"
                        "      but in netpol-demo its egress would be blocked by "
                        "netpol-demo/allow-dns-egress, netpol-demo/default-deny-egress\n") !=
        std::string::npos);
}

TEST_CASE("exposure usage errors exit 2 and print nothing on standard output", "[cli][exposure]") {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"exposure", "--to", "netpol-demo/database", "--from", "netpol-demo/frontend", kDemo},
       "netpol: exposure takes at most one of --to DST or --from SRC\n"},
      {{"exposure", "--to", "10.1.2.3", kDemo},
       "netpol: --to: \"10.1.2.3\" is an external address; exposure is about pods\n"},
      {{"exposure", "--from", "netpol-demo/nope", kDemo}, "netpol: --from: "},
      {{"exposure", "-o", "dot", kDemo}, "--output"},
  };
  for (const Case& c : cases) {
    INFO(c.args.back());
    const auto result = RunCli(c.args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.find(c.err) != std::string::npos);
  }
}

}  // namespace
}  // namespace netpol
