// End-to-end tests of `netpol check` on the exercise.
#include <cstdio>
#include <fstream>
#include <map>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::Golden;

using testing::ReadFileOrFail;
using testing::RunCli;
using testing::SourceDir;

const std::vector<std::string> kDemo = {"check", "--intent", "examples/netpol-demo/intent.yaml",
                                        "examples/netpol-demo/"};

std::vector<std::string> With(std::vector<std::string> args, const std::string& extra) {
  args.push_back(extra);
  return args;
}

TEST_CASE("check reports exactly the exercise's two defects and exits 1", "[cli][check]") {
  auto result = RunCli(kDemo);
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(result.out == Golden("check.txt"));
  auto doc = nlohmann::json::parse(RunCli(With(kDemo, "--format=json")).out);
  std::vector<std::string> missing;
  for (const auto& finding : doc.at("findings")) {
    if (finding.at("verdict") != "ok") {
      missing.push_back(finding.at("verdict").get<std::string>() + " " +
                        finding.at("from").get<std::string>() + " -> " +
                        finding.at("to").get<std::string>() + " blocked by " +
                        finding.at("blockedBy")[0].at("side").get<std::string>());
    }
  }
  CHECK(missing == std::vector<std::string>{
                       "MISSING netpol-demo/external-client -> netpol-demo/frontend blocked by egress",
                       "MISSING netpol-demo/backend -> netpol-demo/database blocked by egress"});
  CHECK(doc.at("holds") == false);
  CHECK(doc.at("summary") == nlohmann::json::parse(R"({"ok":8,"missing":2,"unexpected":0})"));
}

TEST_CASE("check passes on the fixed example", "[cli][check]") {
  auto result = RunCli({"check", "--intent", "examples/netpol-demo-fixed/intent.yaml",
                        "examples/netpol-demo-fixed/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("10 ok, 0 MISSING, 0 UNEXPECTED: the intent holds") != std::string::npos);
}

TEST_CASE("check --suggest output, applied to the inputs, makes the intent hold", "[cli][check]") {
  auto suggestion = RunCli(With(kDemo, "--suggest"));
  CHECK(suggestion.exit_code == 0);  // the fix is the product: printed, it succeeds
  CHECK(suggestion.out == Golden("check-suggest.yaml"));
  auto applied = RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml",
                         "examples/netpol-demo/", "-"},
                        suggestion.out);
  CHECK(applied.exit_code == 0);
  CHECK(applied.out.find("0 MISSING, 0 UNEXPECTED: the intent holds") != std::string::npos);
}

TEST_CASE("check --probe-script prints a valid bash script with an expectation per probe", "[cli][check]") {
  auto result = RunCli(With(kDemo, "--probe-script"));
  CHECK(result.out == Golden("check-probes.sh"));
  const std::string path = "/tmp/netpol-probe-test.sh";
  {
    std::ofstream out(path);
    out << result.out;
  }
  CHECK(std::system(("bash -n " + path).c_str()) == 0);
  std::remove(path.c_str());
  CHECK(result.out.find("probe denied \"netpol-demo/external-client -> netpol-demo/frontend 80/TCP (intent: allowed)\"") != std::string::npos);
  CHECK(result.out.find("probe allowed \"netpol-demo/frontend -> netpol-demo/backend 80/TCP (intent: allowed)\"") != std::string::npos);
}

TEST_CASE("check with a bad intent file exits 2 with its location and no output", "[cli][check][errors]") {
  auto result = RunCli({"check", "--intent", "-", "examples/netpol-demo/"},
                       "apiVersion: netpol.dev/v1alpha1\nkind: Intent\nspec:\n  scope: {namespaces: [netpol-demo]}\n  allow:\n  - {from: netpol-demo/ghost, to: netpol-demo/frontend}\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("<stdin>:6:5: error: from: \"netpol-demo/ghost\" matches no pod in the inputs") != std::string::npos);
}

TEST_CASE("check without --intent is a usage error", "[cli][check][errors]") {
  CHECK(RunCli({"check", "examples/netpol-demo/"}).exit_code == 2);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("an intent and manifests cannot both come from standard input", "[cli][check][errors]") {
  auto result = testing::RunCli({"check", "--intent", "-", "-"}, "kind: Pod\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("both read standard input") != std::string::npos);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

using testing::RunCli;

// The exercise plus its own --suggest fix plus a policy that opens the whole
// namespace: the starting point of issue 17's reproductions.
const char* const kAllowAllInNamespace = R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-in-namespace
  namespace: netpol-demo
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {}
  egress:
  - to:
    - podSelector: {}
)";

std::string DemoSuggestion() {
  return RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/",
                 "--suggest"})
      .out;
}

TEST_CASE("closed mode reports a pair a declared deny covers once with the declaration as origin", "[cli][check]") {
  const std::string extra = DemoSuggestion() + kAllowAllInNamespace;
  auto text = RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/", "-"},
                     extra);
  CHECK(text.exit_code == 1);
  // frontend -> database is declared denied (intent.yaml:27): one line, not a second "not declared" one.
  CHECK(text.out.find("UNEXPECTED  netpol-demo/frontend -> netpol-demo/database  all ports  "
                      "(deny, examples/netpol-demo/intent.yaml:27)") != std::string::npos);
  CHECK(text.out.find("netpol-demo/frontend -> netpol-demo/database  all ports  (not declared)") ==
        std::string::npos);
  CHECK(text.out.find("7 ok, 0 MISSING, 12 UNEXPECTED: the intent does not hold") != std::string::npos);

  auto json = RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/", "-",
                      "-o", "json"},
                     extra);
  auto doc = nlohmann::json::parse(json.out);
  std::map<std::string, std::vector<std::string>> origins;  // "from -> to": origins
  for (const auto& finding : doc.at("findings")) {
    origins[finding.at("from").get<std::string>() + " -> " + finding.at("to").get<std::string>()].push_back(
        finding.at("origin").get<std::string>());
  }
  for (const char* pair : {"netpol-demo/external-client -> netpol-demo/database",
                           "netpol-demo/frontend -> netpol-demo/database",
                           "netpol-demo/external-client -> netpol-demo/backend"}) {
    INFO(pair);
    CHECK(origins[pair] == std::vector<std::string>{"deny"});
  }
  CHECK(doc.at("summary") == nlohmann::json::parse(R"({"ok":7,"missing":0,"unexpected":12})"));
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

using testing::RunCli;

// Issue 17, reproduction 2: a policy already has the name the suggestion
// would pick, and allows something else (egress to 203.0.113.0/24:443).
const char* const kExistingEgress = R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-external-client-to-frontend-egress
  namespace: netpol-demo
spec:
  podSelector:
    matchLabels: {app: external-client}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 203.0.113.0/24}
    ports:
    - {protocol: TCP, port: 443}
)";

TEST_CASE("check --suggest never reuses an existing policy's name and changes nothing else", "[cli][check]") {
  auto suggestion = RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/",
                            "-", "--suggest"},
                           kExistingEgress);
  CHECK(suggestion.out.find("  name: allow-external-client-to-frontend-egress\n") == std::string::npos);
  CHECK(suggestion.out.find("  name: allow-external-client-to-frontend-egress-2\n") != std::string::npos);
  CHECK(suggestion.out.find("# Named allow-external-client-to-frontend-egress-2: NetworkPolicy "
                            "netpol-demo/allow-external-client-to-frontend-egress already exists (<stdin>:2), "
                            "and this must not replace it.\n") != std::string::npos);
  // What `netpol diff --add` of the suggestion shows: only the two missing connections open.
  const std::string dir = testing::MakeTempDir();
  std::ofstream(dir + "/existing.yaml") << kExistingEgress;
  std::ofstream(dir + "/fix.yaml") << suggestion.out;
  auto diff = RunCli({"diff", "examples/netpol-demo/", dir + "/existing.yaml", "--add", dir + "/fix.yaml",
                      "-o", "json"});
  auto doc = nlohmann::json::parse(diff.out);
  std::vector<std::string> changes;
  for (const auto& c : doc.at("connections")) {
    changes.push_back(c.at("change").get<std::string>() + " " + c.at("from").get<std::string>() + " -> " +
                      c.at("to").get<std::string>());
  }
  CHECK(changes == std::vector<std::string>{
                       "newly allowed netpol-demo/backend -> netpol-demo/database",
                       "newly allowed netpol-demo/external-client -> netpol-demo/frontend"});
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

using testing::RunCli;

// Issue 17, reproduction 8: the exit status says whether the command's
// product was made, or whether there is a finding.
TEST_CASE("exit status: check's fix and probe script are products, report and paths exit 1 on a finding",
          "[cli][check][exit]") {
  const std::string dir = testing::MakeTempDir();
  struct Case {
    std::vector<std::string> args;
    int status;
  };
  const Case cases[] = {
      // The exercise's intent does not hold.
      {{"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/"}, 1},
      {{"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/", "--suggest"}, 0},
      {{"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/", "--probe-script"}, 0},
      {{"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/", "-o", "json"}, 1},
      {{"report", "--html", dir + "/failing.html", "--intent", "examples/netpol-demo/intent.yaml",
        "examples/netpol-demo/"},
       1},
      {{"report", "--html", dir + "/holding.html", "--intent", "examples/netpol-demo-fixed/intent.yaml",
        "examples/netpol-demo-fixed/"},
       0},
      {{"report", "--html", dir + "/plain.html", "examples/netpol-demo/"}, 0},
      {{"paths", "--from", "netpol-demo/external-client", "--to", "netpol-demo/database", "examples/netpol-demo/"},
       1},
      {{"paths", "--from", "netpol-demo/external-client", "--to", "netpol-demo/database",
        "examples/netpol-demo-fixed/"},
       0},
  };
  for (const Case& c : cases) {
    std::string command;
    for (const std::string& arg : c.args) command += arg + " ";
    INFO(command);
    const auto result = RunCli(c.args);
    CHECK(result.exit_code == c.status);
    if (c.args[0] != "report") CHECK_FALSE(result.out.empty());
  }
  // The failing report is still written.
  CHECK(testing::ReadFileOrFail(dir + "/failing.html").find("</html>") != std::string::npos);
}

}  // namespace
}  // namespace netpol
