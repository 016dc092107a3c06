// `.netpol.yaml`: what ParseConfig accepts, the errors it reports at their
// FILE:LINE:COL, and what ApplyConfig sets.
#include "netpol/config.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace netpol {
namespace {

LintRegistry Builtin() {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  return registry;
}

TEST_CASE("config: every documented key parses into the configuration", "[config]") {
  const LintRegistry registry = Builtin();
  Result<NetpolConfig> config = ParseConfig(R"(# .netpol.yaml
rules:
  enable: [NP004, broad-ingress]
  disable:
    - no-default-deny-egress
  severity:
    NP011: error
    dns-egress-blocked: warning
exclude: [charts/, '**/test/*.yaml']
engine:
  dns: kube-system/k8s-app=node-local-dns
  ipBlocksMatchPods: false
)",
                                            ".netpol.yaml", registry);
  REQUIRE(config.ok());
  CHECK(config->file == ".netpol.yaml");
  CHECK(config->enabled == std::set<std::string>{"NP004", "NP011"});
  CHECK(config->disabled == std::set<std::string>{"NP010"});
  CHECK(config->severity ==
        std::map<std::string, LintSeverity>{{"NP011", LintSeverity::kError},
                                            {"NP005", LintSeverity::kWarning}});
  CHECK(config->exclude == std::vector<std::string>{"charts/", "**/test/*.yaml"});
  CHECK(config->ip_blocks_match_pods == false);
  REQUIRE(config->dns);
  CHECK(config->dns->namespace_name == "kube-system");
  CHECK(config->dns->labels == Labels{{"k8s-app", "node-local-dns"}});
  CHECK(config->dns->model_when_missing);
}

TEST_CASE("config: an empty file, comments only or null sections are an empty configuration",
          "[config]") {
  const LintRegistry registry = Builtin();
  for (const std::string text : {"", "# nothing yet\n", "rules:\nexclude:\nengine:\n",
                                 "rules: {enable: ~}\n"}) {
    CAPTURE(text);
    Result<NetpolConfig> config = ParseConfig(text, "c.yaml", registry);
    REQUIRE(config.ok());
    CHECK(config->file == "c.yaml");
    CHECK(config->enabled.empty());
    CHECK(config->disabled.empty());
    CHECK(config->severity.empty());
    CHECK(config->exclude.empty());
    CHECK_FALSE(config->ip_blocks_match_pods);
    CHECK_FALSE(config->dns);
  }
}

TEST_CASE("config: `dns: false` turns DNS modelling off, as --no-dns-model", "[config]") {
  const LintRegistry registry = Builtin();
  Result<NetpolConfig> config = ParseConfig("engine: {dns: false}\n", "c.yaml", registry);
  REQUIRE(config.ok());
  REQUIRE(config->dns);
  CHECK_FALSE(config->dns->model_when_missing);
  AnalysisOptions options;
  ApplyConfig(*config, options);
  CHECK_FALSE(options.dns.model_when_missing);
  CHECK(options.dns.namespace_name == ClusterDnsOptions{}.namespace_name);
}

TEST_CASE("config: errors name FILE:LINE:COL and what was expected", "[config][errors]") {
  const LintRegistry registry = Builtin();
  struct Case {
    std::string text;
    std::vector<std::string> errors;
  };
  const std::vector<Case> cases = {
      {"rule:\n  disable: [NP010]\n",
       {"c.yaml:1:1: error: unknown key \"rule\" (known here: rules, exclude, engine)"}},
      {"rules:\n  disabled: [NP010]\n",
       {"c.yaml:2:3: error: unknown key \"rules.disabled\" (known here: enable, disable, "
        "severity)"}},
      {"engine:\n  ipBlockMatchPods: false\n",
       {"c.yaml:2:3: error: unknown key \"engine.ipBlockMatchPods\" (known here: dns, "
        "ipBlocksMatchPods)"}},
      {"rules:\n  disable: [NP010, NP999]\n",
       {"c.yaml:2:20: error: rules.disable: unknown rule \"NP999\" (see netpol lint "
        "--list-rules)"}},
      {"rules:\n  enable: [one-sided-alow]\n",
       {"c.yaml:2:12: error: rules.enable: unknown rule \"one-sided-alow\" (see netpol lint "
        "--list-rules)"}},
      {"rules:\n  severity:\n    NP011: fatal\n    NP998: error\n",
       {"c.yaml:3:12: error: rules.severity.NP011: expected error, warning or info, got \"fatal\"",
        "c.yaml:4:5: error: rules.severity: unknown rule \"NP998\" (see netpol lint "
        "--list-rules)"}},
      {"rules:\n  disable: NP010\n",
       {"c.yaml:2:12: error: rules.disable: expected a list of rule ids or names, got a string"}},
      {"rules: [NP010]\n",
       {"c.yaml:1:8: error: rules: expected a mapping (enable, disable, severity), got a list"}},
      {"rules:\n  severity: [NP011]\n",
       {"c.yaml:2:13: error: rules.severity: expected a mapping of rule ids or names to error, "
        "warning or info, got a list"}},
      {"exclude: charts/\n",
       {"c.yaml:1:10: error: exclude: expected a list of globs (as --exclude), got a string"}},
      {"exclude: [{a: b}]\n",
       {"c.yaml:1:11: error: exclude: expected a glob, got a mapping"}},
      {"engine:\n  ipBlocksMatchPods: \"no\"\n",
       {"c.yaml:2:22: error: engine.ipBlocksMatchPods: expected true or false, got a string"}},
      {"engine:\n  dns: kube-system\n",
       {"c.yaml:2:8: error: engine.dns: expected NAMESPACE/LABEL=VALUE[,LABEL=VALUE...] (as "
        "--dns) or false (as --no-dns-model), got \"kube-system\""}},
      {"engine:\n  dns: 53\n",
       {"c.yaml:2:8: error: engine.dns: expected NAMESPACE/LABEL=VALUE[,LABEL=VALUE...] (as "
        "--dns) or false (as --no-dns-model), got a number"}},
      {"- rules\n", {"c.yaml:1:1: error: expected a mapping (rules, exclude, engine), got a list"}},
      {"rules: {}\n---\nrules: {}\n",
       {"c.yaml:3:1: error: a configuration is one YAML document; found another here"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Result<NetpolConfig> config = ParseConfig(c.text, "c.yaml", registry);
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().code() == StatusCode::kInvalidInput);
    std::vector<std::string> errors;
    for (const Diagnostic& d : config.status().diagnostics()) errors.push_back(d.ToString());
    CHECK(errors == c.errors);
    CHECK(config.status().detail().find(c.errors.front()) == 0);
  }
}

TEST_CASE("config: a YAML syntax error is reported at its location", "[config][errors]") {
  Result<NetpolConfig> config = ParseConfig("rules: {enable: [NP001\n", "c.yaml", Builtin());
  REQUIRE_FALSE(config.ok());
  REQUIRE_FALSE(config.status().diagnostics().empty());
  CHECK(config.status().diagnostics()[0].ToString().starts_with("c.yaml:"));
}

TEST_CASE("config: ApplyConfig sets engine options, adds excludes and lint rules", "[config]") {
  Result<NetpolConfig> config = ParseConfig(
      "rules: {disable: [NP010], severity: {NP011: info}}\nexclude: [a/]\n"
      "engine: {ipBlocksMatchPods: false}\n",
      "c.yaml", Builtin());
  REQUIRE(config.ok());
  AnalysisOptions options;
  options.load.exclude = {"given/"};
  ApplyConfig(*config, options);
  CHECK(options.load.exclude == std::vector<std::string>{"given/", "a/"});
  CHECK_FALSE(options.eval.ip_blocks_match_pods);
  CHECK(options.dns.model_when_missing);
  LintOptions lint;
  ApplyConfig(*config, lint);
  CHECK(lint.disabled == std::set<std::string>{"NP010"});
  CHECK(lint.severity == std::map<std::string, LintSeverity>{{"NP011", LintSeverity::kInfo}});
}

TEST_CASE("config: FindConfig reads .netpol.yaml only when present, --config must exist",
          "[config]") {
  const LintRegistry registry = Builtin();
  Result<std::optional<NetpolConfig>> none = FindConfig("", registry, "/nonexistent-netpol-dir");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  Result<std::optional<NetpolConfig>> missing =
      FindConfig("missing.yaml", registry, "/nonexistent-netpol-dir");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == "missing.yaml: cannot read the configuration file");
}

}  // namespace
}  // namespace netpol
