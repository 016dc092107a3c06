// End-to-end tests of `netpol lint`: the exercise, formats, exit codes.
#include <algorithm>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::Golden;

using testing::ReadFileOrFail;
using testing::RunCli;
using testing::SourceDir;

TEST_CASE("lint reports the exercise's broad frontend ingress and its one-sided database ingress", "[cli][lint]") {
  auto result = RunCli({"lint", "examples/netpol-demo/"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(result.out == Golden("lint.txt"));
}

TEST_CASE("lint of the fixed exercise keeps only the broad-ingress warning, exit 0 below --fail-on", "[cli][lint]") {
  auto result = RunCli({"lint", "examples/netpol-demo-fixed/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("[NP011 broad-ingress]") != std::string::npos);
  CHECK(result.out.find("[NP004") == std::string::npos);
  CHECK(result.out.ends_with("1 finding: 0 errors, 1 warning, 0 info\n"));
  CHECK(RunCli({"lint", "--fail-on", "warning", "examples/netpol-demo-fixed/"}).exit_code == 1);
}

TEST_CASE("lint --fail-on and --disable decide the exit status", "[cli][lint]") {
  const std::string fixture = "examples/lint/np003-or-instead-of-and.yaml";
  CHECK(RunCli({"lint", fixture}).exit_code == 0);  // warnings only
  CHECK(RunCli({"lint", "--fail-on", "warning", fixture}).exit_code == 1);
  CHECK(RunCli({"lint", "--fail-on=warning", "--disable", "NP003", fixture}).exit_code == 0);
  CHECK(RunCli({"lint", "--fail-on=warning", "--disable=or-instead-of-and", fixture}).exit_code == 0);
  CHECK(RunCli({"lint", "--disable", "NP004", "examples/netpol-demo/"}).exit_code == 0);
  auto only = RunCli({"lint", "--enable", "NP001,NP002", "examples/netpol-demo/"});
  CHECK(only.exit_code == 0);
  CHECK(only.out == "no findings\n");
}

TEST_CASE("lint rejects unknown rules and options", "[cli][lint][errors]") {
  auto result = RunCli({"lint", "--disable", "NP999", "examples/netpol-demo/"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "netpol lint: unknown rule \"NP999\" (see --list-rules)\n");
  CHECK(RunCli({"lint", "--fail-on", "fatal", "examples/netpol-demo/"}).exit_code == 2);
  CHECK(RunCli({"lint", "--format", "xml", "examples/netpol-demo/"}).exit_code == 2);
  CHECK(RunCli({"lint"}).exit_code == 2);
}

TEST_CASE("lint --explain prints a rule's documentation", "[cli][lint]") {
  auto result = RunCli({"lint", "--explain", "NP004"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("NP004 one-sided-allow (error)\n", 0) == 0);
  CHECK(result.out.find("Bad") != std::string::npos);
  CHECK(result.out.find("Good") != std::string::npos);
  CHECK(result.out.find("netpol.lint/ignore: NP004") != std::string::npos);
  CHECK(RunCli({"lint", "--explain", "one-sided-allow"}).out == result.out);
  CHECK(RunCli({"lint", "--explain", "NP000"}).exit_code == 2);
  auto list = RunCli({"lint", "--list-rules"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("NP016") != std::string::npos);
}

TEST_CASE("lint on input the loader rejects exits 2 with the location", "[cli][lint][errors]") {
  auto result = RunCli({"lint", "-"}, R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/16
        except: [10.1.0.0/24]
)");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("<stdin>:11:18: error: ") != std::string::npos);
}

TEST_CASE("lint --format json", "[cli][lint]") {
  auto result = RunCli({"lint", "--format", "json", "examples/netpol-demo/"});
  CHECK(result.exit_code == 1);
  auto doc = nlohmann::json::parse(result.out);
  REQUIRE(doc.at("findings").size() == 2);
  const auto& second = doc.at("findings")[1];
  CHECK(second.at("ruleId") == "NP004");
  CHECK(second.at("rule") == "one-sided-allow");
  CHECK(second.at("severity") == "error");
  CHECK(second.at("file") == "examples/netpol-demo/04-allow-paths.yaml");
  CHECK(second.at("line") == 52);
  CHECK(second.at("column").get<int>() > 0);
  CHECK(doc.at("findings")[0].at("ruleId") == "NP011");
  CHECK(doc.at("summary") == nlohmann::json::parse(R"({"error":1,"warning":1,"info":0})"));
}

// The required shape of SARIF 2.1.0 (sarif-schema-2.1.0.json): version and
// runs; each run a tool.driver with a name; each result a message.text; the
// optional parts GitHub code scanning uses (rules, ruleIndex, locations).
TEST_CASE("lint --format sarif has the SARIF 2.1.0 shape", "[cli][lint]") {
  auto result = RunCli({"lint", "--format", "sarif", "examples/netpol-demo/"});
  CHECK(result.exit_code == 1);
  auto doc = nlohmann::json::parse(result.out);
  CHECK(doc.at("version") == "2.1.0");
  CHECK(doc.at("$schema").get<std::string>().find("sarif-2.1.0") != std::string::npos);
  REQUIRE(doc.at("runs").is_array());
  REQUIRE(doc.at("runs").size() == 1);
  const auto& run = doc.at("runs")[0];
  const auto& driver = run.at("tool").at("driver");
  CHECK(driver.at("name") == "netpol");
  CHECK(driver.at("version").is_string());
  const auto& rules = driver.at("rules");
  LintRegistry registry;  // every registered rule, whatever their number
  RegisterBuiltinRules(registry);
  REQUIRE(rules.size() == registry.rules().size());
  for (const auto& rule : rules) {
    CHECK(rule.at("id").is_string());
    CHECK(rule.at("name").is_string());
    CHECK(rule.at("shortDescription").at("text").is_string());
    CHECK(rule.at("fullDescription").at("text").is_string());
    const std::string level = rule.at("defaultConfiguration").at("level");
    CHECK((level == "error" || level == "warning" || level == "note"));
  }
  REQUIRE(run.at("results").size() == 2);
  CHECK(run.at("results")[0].at("ruleId") == "NP011");
  CHECK(run.at("results")[0].at("level") == "warning");
  CHECK(run.at("results")[1].at("ruleId") == "NP004");
  CHECK(run.at("results")[1].at("level") == "error");
  for (const auto& r : run.at("results")) {
    const auto index = r.at("ruleIndex").get<std::size_t>();
    CHECK(rules.at(index).at("id") == r.at("ruleId"));
    CHECK(r.at("message").at("text").is_string());
    const auto& physical = r.at("locations").at(0).at("physicalLocation");
    CHECK(physical.at("artifactLocation").at("uri") == "examples/netpol-demo/04-allow-paths.yaml");
    CHECK(physical.at("region").at("startLine").get<int>() >= 1);
    CHECK(physical.at("region").at("startColumn").get<int>() >= 1);
  }
  CHECK(run.at("results")[0].at("locations")[0].at("physicalLocation").at("region").at("startLine") == 16);
  CHECK(run.at("results")[1].at("locations")[0].at("physicalLocation").at("region").at("startLine") == 52);
}

TEST_CASE("lint --format github prints workflow commands", "[cli][lint]") {
  auto result = RunCli({"lint", "--format", "github", "examples/netpol-demo/"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.rfind("::warning file=examples/netpol-demo/04-allow-paths.yaml,line=16,col=5,title=NP011 broad-ingress::", 0) == 0);
  CHECK(result.out.find("::error file=examples/netpol-demo/04-allow-paths.yaml,line=52,col=5,title=NP004 one-sided-allow::ingress[0] of netpol-demo/allow-backend-to-database") != std::string::npos);
  CHECK(result.out.find("%0Afix: ") != std::string::npos);
  CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 2);
}

}  // namespace
}  // namespace netpol
