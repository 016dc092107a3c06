// `.netpol.yaml` and --config in the commands: where the file is found,
// flags over the file, excludes, severities and the exit status, errors.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_common.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::MakeTempDir;
using testing::RunCliIn;

// Two NetworkPolicies in a namespace with a default-deny: `web` admits every
// namespace (NP011 broad-ingress, a warning).
constexpr const char* kPolicies = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {}
)";

std::string Project(const std::string& config) {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/policies.yaml") << kPolicies;
  if (!config.empty()) std::ofstream(dir + "/.netpol.yaml") << config;
  return dir;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("lint reads .netpol.yaml from the current directory; --config names another file",
          "[cli][config]") {
  const std::string dir = Project("rules:\n  disable: [broad-ingress]\n");
  const auto configured = RunCliIn(dir, {"lint", "--fail-on", "warning", "policies.yaml"});
  CHECK(configured.exit_code == 0);
  CHECK_FALSE(Has(configured.out, "NP011"));

  std::ofstream(dir + "/strict.yaml") << "rules: {severity: {NP011: error}}\n";
  const auto other = RunCliIn(dir, {"lint", "--config", "strict.yaml", "policies.yaml"});
  CHECK(other.exit_code == 1);
  CHECK(Has(other.out, "error: ingress[0] of shop/web"));

  const auto unconfigured = RunCliIn(Project(""), {"lint", "--fail-on", "warning", "policies.yaml"});
  CHECK(unconfigured.exit_code == 1);
  CHECK(Has(unconfigured.out, "[NP011 broad-ingress]"));
}

TEST_CASE("rules.severity changes the severity printed and the exit status under --fail-on",
          "[cli][config]") {
  struct Case {
    std::string severity;
    std::string fail_on;
    int exit_code;
  };
  const std::vector<Case> cases = {
      {"", "error", 0},           {"", "warning", 1},        {"error", "error", 1},
      {"info", "warning", 0},     {"info", "info", 1},       {"warning", "error", 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.severity, c.fail_on);
    const std::string dir =
        Project(c.severity.empty() ? "" : "rules:\n  severity:\n    broad-ingress: " + c.severity + "\n");
    const auto result = RunCliIn(dir, {"lint", "--fail-on", c.fail_on, "policies.yaml"});
    CHECK(result.exit_code == c.exit_code);
    const std::string shown = c.severity.empty() ? "warning" : c.severity;
    CHECK(Has(result.out, "policies.yaml:14:7: " + shown + ": ingress[0] of shop/web"));
    const auto json = RunCliIn(dir, {"lint", "-o", "json", "policies.yaml"});
    CHECK(Has(json.out, "\"severity\": \"" + shown + "\""));
  }
}

TEST_CASE("lint's --enable and --disable override the configuration's rules", "[cli][config]") {
  const std::string disabled = Project("rules: {disable: [NP011]}\n");
  CHECK(Has(RunCliIn(disabled, {"lint", "--enable", "NP011", "policies.yaml"}).out, "[NP011"));
  CHECK(Has(RunCliIn(disabled, {"lint", "--enable", "broad-ingress", "policies.yaml"}).out,
            "[NP011"));
  const std::string enabled = Project("rules: {enable: [NP011]}\n");
  CHECK(Has(RunCliIn(enabled, {"lint", "policies.yaml"}).out, "[NP011"));
  CHECK(RunCliIn(enabled, {"lint", "--disable", "NP011", "policies.yaml"}).out == "no findings\n");
  CHECK(RunCliIn(enabled, {"lint", "--enable", "NP001", "policies.yaml"}).out == "no findings\n");
}

TEST_CASE("the configuration's exclude leaves paths out when reading directories, as --exclude",
          "[cli][config]") {
  const std::string dir = Project("");
  std::filesystem::create_directories(dir + "/deploy/charts");
  std::ofstream(dir + "/deploy/policies.yaml") << kPolicies;
  std::ofstream(dir + "/deploy/charts/broken.yaml") << "kind: [\n";
  CHECK(RunCliIn(dir, {"lint", "deploy"}).exit_code == 2);
  CHECK(RunCliIn(dir, {"lint", "--exclude", "charts/", "deploy"}).exit_code == 0);
  std::ofstream(dir + "/.netpol.yaml") << "exclude: [charts/]\n";
  const auto result = RunCliIn(dir, {"lint", "deploy"});
  CHECK(result.exit_code == 0);
  CHECK(Has(result.out, "deploy/policies.yaml:14:7: warning"));
  CHECK(RunCliIn(dir, {"check", "--help"}).out.find("--config") != std::string::npos);
  CHECK(RunCliIn(dir, {"graph", "deploy"}).exit_code == 0);
}

TEST_CASE("a bad configuration is a usage error naming FILE:LINE:COL in every analysing command",
          "[cli][config][errors]") {
  const std::string dir = Project("rules:\n  disable: [NP011, NP999]\n");
  for (const std::string command : {"lint", "graph", "check"}) {
    CAPTURE(command);
    std::vector<std::string> args = {command, "policies.yaml"};
    if (command == "check") {
      args = {"check", "--intent", testing::SourceDir() + "/examples/netpol-demo/intent.yaml",
              "policies.yaml"};
    }
    const auto result = RunCliIn(dir, args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.starts_with(
        ".netpol.yaml:2:20: error: rules.disable: unknown rule \"NP999\" (see netpol lint "
        "--list-rules)\n"));
    CHECK(Has(result.err, "netpol: 1 error in the configuration .netpol.yaml; nothing was "
                          "analysed\n"));
  }
  const auto missing = RunCliIn(dir, {"lint", "--config", "nope.yaml", "policies.yaml"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "netpol: nope.yaml: cannot read the configuration file\n");
}

TEST_CASE("engine options: the configuration sets them, flags override it", "[cli][config]") {
  struct Case {
    std::string config;
    cli::EngineFlags flags;
    bool ip_blocks_match_pods;
    bool model_dns;
    std::string dns_namespace;
  };
  auto flags = [](bool no_ipblock_pods, bool no_dns_model, std::string dns) {
    cli::EngineFlags f;
    f.no_ipblock_pods = no_ipblock_pods;
    f.no_dns_model = no_dns_model;
    f.dns = std::move(dns);
    return f;
  };
  const std::vector<Case> cases = {
      {"", flags(false, false, ""), true, true, "kube-system"},
      {"engine: {ipBlocksMatchPods: false}\n", flags(false, false, ""), false, true, "kube-system"},
      {"engine: {ipBlocksMatchPods: true}\n", flags(true, false, ""), false, true, "kube-system"},
      {"engine: {dns: false}\n", flags(false, false, ""), true, false, "kube-system"},
      {"engine: {dns: dns/app=coredns}\n", flags(false, false, ""), true, true, "dns"},
      {"engine: {dns: dns/app=coredns}\n", flags(false, true, ""), true, false, "dns"},
      {"engine: {dns: dns/app=coredns}\n", flags(false, false, "other/app=x"), true, true, "other"},
      {"engine: {dns: false}\n", flags(false, false, "other/app=x"), true, true, "other"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.config, c.flags.no_ipblock_pods, c.flags.no_dns_model, c.flags.dns);
    std::istringstream in;
    std::ostringstream out, err;
    cli::Io io{in, out, err, Project(c.config)};
    NetpolConfig config;
    const std::optional<AnalysisOptions> options = cli::OptionsFromFlags(c.flags, io, &config);
    REQUIRE(options);
    CHECK(err.str().empty());
    CHECK(options->eval.ip_blocks_match_pods == c.ip_blocks_match_pods);
    CHECK(options->dns.model_when_missing == c.model_dns);
    CHECK(options->dns.namespace_name == c.dns_namespace);
    CHECK(config.file == (c.config.empty() ? "" : ".netpol.yaml"));
  }
}

}  // namespace
}  // namespace netpol
