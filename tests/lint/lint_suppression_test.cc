// The reasoned ignore annotation ("NP011: public endpoint"), findings kept
// as suppressed, and severity overrides in RunLint.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "netpol/lint.h"
#include "netpol/lint_output.h"
#include "netpol/loader.h"
#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("the ignore annotation: ids or names, then an optional reason after a colon", "[lint]") {
  const LintRuleInfo info{"NP011", "broad-ingress", LintSeverity::kWarning, "", ""};
  struct Case {
    std::string value;
    std::optional<std::string> reason;
  };
  const std::vector<Case> cases = {
      {"NP011", ""},
      {"NP011: public endpoint", "public endpoint"},
      {"broad-ingress:public endpoint ", "public endpoint"},
      {"NP003, np011 : meant to be public: see ADR-7", "meant to be public: see ADR-7"},
      {"all: generated", "generated"},
      {"NP011:", ""},
      {"NP003: NP011 is fine", std::nullopt},
      {"NP0110: x", std::nullopt},
      {": NP011", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.value);
    const Annotations annotations = {{kLintIgnoreAnnotation, c.value}};
    CHECK(LintSuppression(annotations, info) == c.reason);
    CHECK(LintSuppressedBy(annotations, info) == c.reason.has_value());
  }
  CHECK(LintSuppression({}, info) == std::nullopt);
}

constexpr const char* kPolicies = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: public
  namespace: shop
  annotations: {netpol.lint/ignore: "NP011: public endpoint"}
spec:
  podSelector: {matchLabels: {app: public}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {}}]}]
)";

std::vector<LintFinding> Lint(const LintOptions& options) {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  const Cluster cluster = testing::LoadOrFail(kPolicies);
  return RunLint(registry, cluster, options);
}

TEST_CASE("RunLint drops suppressed findings unless keep_suppressed marks them with the reason",
          "[lint]") {
  LintOptions options;
  options.enabled = {"NP011"};
  const std::vector<LintFinding> dropped = Lint(options);
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].message.find("shop/web") != std::string::npos);
  CHECK_FALSE(dropped[0].suppressed);

  options.keep_suppressed = true;
  const std::vector<LintFinding> kept = Lint(options);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].message.find("shop/public") != std::string::npos);
  CHECK(kept[0].suppressed == std::optional<std::string>("public endpoint"));
  CHECK_FALSE(kept[1].suppressed);

  // The writers other than SARIF show what RunLint would have kept without it.
  std::ostringstream text_kept, text_dropped;
  WriteLintText(kept, text_kept);
  WriteLintText(dropped, text_dropped);
  CHECK(text_kept.str() == text_dropped.str());
}

TEST_CASE("LintOptions::severity overrides any registered rule's severity, by id or name",
          "[lint]") {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  for (const auto& rule : registry.rules()) {
    const LintRuleInfo& info = rule->Info();
    for (const std::string& key : {info.id, info.name}) {
      CAPTURE(key);
      LintOptions options;
      options.enabled = {"NP011"};
      options.severity[key] = LintSeverity::kInfo;
      const std::vector<LintFinding> findings = Lint(options);
      REQUIRE(findings.size() == 1);
      CHECK(findings[0].severity ==
            (info.id == "NP011" ? LintSeverity::kInfo : LintSeverity::kWarning));
    }
  }
}

}  // namespace
}  // namespace netpol
