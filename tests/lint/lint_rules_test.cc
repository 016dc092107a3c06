// Every lint rule against its fixture in examples/lint/: the lines marked
// `expect: NPxxx` must carry exactly that rule's findings (positive cases),
// the unmarked good cases none (negative cases).
#include <algorithm>
#include <iostream>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>

#include "netpol/lint.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::ReadFileOrFail;
using testing::SourceDir;

struct Linted {
  std::vector<LintFinding> findings;
  std::vector<std::string> where;  // "line:col RULE" per finding
};

Linted LintText(const std::string& text, const std::string& name, const std::string& rule) {
  LoadResult loaded = LoadText(text, name);
  REQUIRE_FALSE(loaded.HasErrors());
  ModelClusterDnsIfMissing(loaded.cluster);
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  if (!rule.empty()) options.enabled = {rule};
  options.duplicates = loaded.duplicates;
  Linted linted;
  linted.findings = RunLint(registry, loaded.cluster, options);
  for (const LintFinding& f : linted.findings) {
    linted.where.push_back(std::to_string(f.loc.line) + " " + f.rule_id);
  }
  return linted;
}

// "line RULE" for every `expect: NPxxx[, NPyyy]` marker of `rule`.
std::vector<std::string> Expected(const std::string& text, const std::string& rule) {
  std::vector<std::string> expected;
  std::istringstream in(text);
  std::string line;
  const std::regex marker("expect: (NP[0-9]{3}(, NP[0-9]{3})*)");
  for (int number = 1; std::getline(in, line); ++number) {
    std::smatch match;
    if (!std::regex_search(line, match, marker)) continue;
    if (match[1].str().find(rule) != std::string::npos) {
      expected.push_back(std::to_string(number) + " " + rule);
    }
  }
  return expected;
}

void CheckFixture(const std::string& rule, const std::string& file) {
  const std::string name = "examples/lint/" + file;
  const std::string text = ReadFileOrFail(SourceDir() + "/" + name);
  const Linted linted = LintText(text, name, rule);
  const std::vector<std::string> expected = Expected(text, rule);
  REQUIRE_FALSE(expected.empty());
  for (const LintFinding& f : linted.findings) {
    INFO(f.loc.ToString() << ": " << f.message);
    CHECK(f.loc.file == name);
    CHECK(f.loc.column > 0);
    CHECK_FALSE(f.fix.empty());
  }
  CHECK(linted.where == expected);
}

TEST_CASE("NP001 policy-selects-nothing", "[lint]") {
  CheckFixture("NP001", "np001-policy-selects-nothing.yaml");
}
TEST_CASE("NP002 peer-selects-nothing", "[lint]") {
  CheckFixture("NP002", "np002-peer-selects-nothing.yaml");
}
TEST_CASE("NP003 or-instead-of-and", "[lint]") {
  CheckFixture("NP003", "np003-or-instead-of-and.yaml");
}
TEST_CASE("NP004 one-sided-allow", "[lint]") {
  CheckFixture("NP004", "np004-one-sided-allow.yaml");
}
TEST_CASE("NP005 dns-egress-blocked", "[lint]") {
  CheckFixture("NP005", "np005-dns-egress-blocked.yaml");
}
TEST_CASE("NP006 named-port-undefined", "[lint]") {
  CheckFixture("NP006", "np006-named-port-undefined.yaml");
}
TEST_CASE("NP007 redundant-rule", "[lint]") {
  CheckFixture("NP007", "np007-redundant-rule.yaml");
}
TEST_CASE("NP008 implicit-policy-types", "[lint]") {
  CheckFixture("NP008", "np008-implicit-policy-types.yaml");
}
TEST_CASE("NP009 no-default-deny-ingress", "[lint]") {
  CheckFixture("NP009", "np009-no-default-deny-ingress.yaml");
}
TEST_CASE("NP010 no-default-deny-egress", "[lint]") {
  CheckFixture("NP010", "np010-no-default-deny-egress.yaml");
}
TEST_CASE("NP011 broad-ingress", "[lint]") {
  CheckFixture("NP011", "np011-broad-ingress.yaml");
}
TEST_CASE("NP013 ipblock-covers-pod-range", "[lint]") {
  CheckFixture("NP013", "np013-ipblock-covers-pod-range.yaml");
}
TEST_CASE("NP014 host-network-selected", "[lint]") {
  CheckFixture("NP014", "np014-host-network-selected.yaml");
}
TEST_CASE("NP015 duplicate-object", "[lint]") {
  CheckFixture("NP015", "np015-duplicate-object.yaml");
}
TEST_CASE("NP016 policy-in-empty-namespace", "[lint]") {
  CheckFixture("NP016", "np016-policy-in-empty-namespace.yaml");
}
TEST_CASE("NP017 tier-rule-shadowed", "[lint]") {
  CheckFixture("NP017", "np017-tier-rule-shadowed.yaml");
}
TEST_CASE("NP018 pass-without-network-policy", "[lint]") {
  CheckFixture("NP018", "np018-pass-without-network-policy.yaml");
}
TEST_CASE("NP019 duplicate-tier-priority", "[lint]") {
  CheckFixture("NP019", "np019-duplicate-tier-priority.yaml");
}
TEST_CASE("NP020 allow-all-shadows", "[lint]") {
  CheckFixture("NP020", "np020-allow-all-shadows.yaml");
}
TEST_CASE("NP021 service-port-not-target-port", "[lint]") {
  CheckFixture("NP021", "np021-service-port-not-target-port.yaml");
}
TEST_CASE("NP022 likely-label-typo", "[lint]") {
  CheckFixture("NP022", "np022-likely-label-typo.yaml");
}
TEST_CASE("NP023 exposed-workload", "[lint]") {
  CheckFixture("NP023", "np023-exposed-workload.yaml");
}

// The loader rejects an except outside its cidr, so the rule only sees
// clusters built without it.
TEST_CASE("NP012 ipblock-except-outside-cidr on a cluster built by hand", "[lint]") {
  Cluster cluster;
  NetworkPolicy policy;
  policy.name = "egress";
  policy.namespace_name = "shop";
  policy.policy_types = std::vector<Direction>{Direction::kEgress};
  policy.loc = {"hand.yaml", 1, 1};
  Rule rule;
  rule.loc = {"hand.yaml", 8, 5};
  Peer bad;
  bad.loc = {"hand.yaml", 9, 7};
  bad.ip_block = IpBlock{*Cidr::Parse("10.0.0.0/16"), {*Cidr::Parse("10.1.0.0/24")}, {"hand.yaml", 10, 9}};
  Peer good;
  good.loc = {"hand.yaml", 12, 7};
  good.ip_block = IpBlock{*Cidr::Parse("10.0.0.0/16"), {*Cidr::Parse("10.0.1.0/24")}, {"hand.yaml", 13, 9}};
  rule.peers = {bad, good};
  policy.egress = {rule};
  cluster.policies.push_back(policy);
  cluster.Finalize();
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {"ipblock-except-outside-cidr"};
  const auto findings = RunLint(registry, cluster, options);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].loc.ToString() == "hand.yaml:10:9");
  CHECK(findings[0].severity == LintSeverity::kError);
  CHECK(findings[0].message == "egress[0] of shop/egress: except 10.1.0.0/24 is not inside cidr 10.0.0.0/16");
}

TEST_CASE("NP003 message names both peers and the fix", "[lint]") {
  const std::string name = "examples/lint/np003-or-instead-of-and.yaml";
  const Linted linted = LintText(ReadFileOrFail(SourceDir() + "/" + name), name, "NP003");
  REQUIRE(linted.findings.size() == 1);
  CHECK(linted.findings[0].loc.ToString() == name + ":13:7");
  CHECK(linted.findings[0].message ==
        "ingress[0] of shop/web: from[0] (namespaceSelector team=a) and from[1] (podSelector "
        "app=client) are two peers, so they are ORed: the rule admits every pod of the namespaces "
        "team=a and the pods app=client of namespace shop");
}

TEST_CASE("suppression by annotation: an id, a name, a list, all", "[lint]") {
  const std::string base = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
  annotations:
    netpol.lint/ignore: VALUE
spec:
  podSelector: {}
  egress: []
)";
  auto count = [&](const std::string& value) {
    std::string text = base;
    text.replace(text.find("VALUE"), 5, value);
    return LintText(text, "test.yaml", "NP008").findings.size();
  };
  CHECK(count("NP001") == 1);
  CHECK(count("NP008") == 0);
  CHECK(count("np008") == 0);
  CHECK(count("implicit-policy-types") == 0);
  CHECK(count("NP001, NP008") == 0);
  CHECK(count("all") == 0);
  LintRuleInfo info{"NP008", "implicit-policy-types", LintSeverity::kWarning, "", ""};
  CHECK(LintSuppressedBy({{kLintIgnoreAnnotation, " NP003 ,NP008"}}, info));
  CHECK_FALSE(LintSuppressedBy({{kLintIgnoreAnnotation, "NP0080"}}, info));
}

TEST_CASE("a non-string annotation value is an input error", "[lint][parse]") {
  const auto errors = testing::LoadErrors(R"(apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    netpol.lint/ignore: 3
spec: {containers: [{name: web, image: nginx}]}
)");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("test.yaml:6:25: error: Pod default/web: metadata.annotations.netpol.lint/ignore:") == 0);
}

TEST_CASE("duplicates are recorded in LoadResult", "[lint][parse]") {
  const std::string name = "examples/lint/np015-duplicate-object.yaml";
  LoadResult loaded = LoadText(ReadFileOrFail(SourceDir() + "/" + name), name);
  REQUIRE(loaded.duplicates.size() == 1);
  CHECK(loaded.duplicates[0].kind == "NetworkPolicy");
  CHECK(loaded.duplicates[0].id == "shop/allow-web");
  CHECK(loaded.duplicates[0].first.line == 2);
  CHECK(loaded.duplicates[0].second.line == 14);
}

TEST_CASE("the registry: ids, names, docs with examples, no duplicates", "[lint]") {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  const auto infos = registry.Infos();
  // NP001-NP023 in order, then the reserved ranges (NP030-NP039: Cilium,
  // NP040-NP049: Calico) in ascending order.
  CHECK(infos.size() == 34);
  const std::regex kebab("[a-z0-9]+(-[a-z0-9]+)*");
  const std::regex id_form("NP[0-9]{3}");
  for (std::size_t i = 0; i < infos.size(); ++i) {
    INFO(infos[i].id);
    CHECK(std::regex_match(infos[i].id, id_form));
    if (i < 23) {
      std::string id = std::to_string(i + 1);
      id = "NP" + std::string(3 - id.size(), '0') + id;
      CHECK(infos[i].id == id);
    } else {
      CHECK(infos[i - 1].id < infos[i].id);
    }
    CHECK(std::regex_match(infos[i].name, kebab));
    CHECK(infos[i].doc.find("Bad") != std::string::npos);
    CHECK(infos[i].doc.find("Good") != std::string::npos);
    CHECK(registry.Find(infos[i].name) == registry.Find(infos[i].id));
  }
  CHECK(registry.Find("np004") == registry.Find("one-sided-allow"));
  CHECK(registry.Find("nope") == nullptr);
}

// A rule written outside the library: one finding per policy.
class SawPolicyRule final : public LintRule {
 public:
  SawPolicyRule(std::string id, std::string name)
      : info_{std::move(id), std::move(name), LintSeverity::kInfo, "Names every policy.",
              "Bad: any policy. Good: none."} {}
  const LintRuleInfo& Info() const override { return info_; }
  void Check(const LintContext& context, LintReporter& reporter) const override {
    for (const NetworkPolicy& policy : context.cluster().policies) {
      reporter.Diag(policy.loc, "saw " + policy.Id());
    }
  }

 private:
  LintRuleInfo info_;
};

TEST_CASE("LintRegistry::Add<Rule>(args) registers a rule by type and refuses a taken id or name",
          "[lint][api]") {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  const std::size_t builtin = registry.rules().size();
  CHECK(registry.Add<SawPolicyRule>("NP900", "saw-policy"));
  CHECK_FALSE(registry.Add<SawPolicyRule>("np900", "another-name"));    // id taken, any case
  CHECK_FALSE(registry.Add<SawPolicyRule>("NP901", "one-sided-allow"));  // a builtin's name
  CHECK_FALSE(registry.Add<SawPolicyRule>("NP004", "fresh-name"));       // a builtin's id
  REQUIRE(registry.rules().size() == builtin + 1);
  CHECK(registry.rules().back() == registry.Find("saw-policy"));

  const LoadResult loaded = LoadText(R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
)",
                                     "policy.yaml");
  LintOptions options;
  options.enabled = {"NP900"};
  const std::vector<LintFinding> findings = RunLint(registry, loaded.cluster, options);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule_id == "NP900");
  CHECK(findings[0].rule_name == "saw-policy");
  CHECK(findings[0].severity == LintSeverity::kInfo);
  CHECK(findings[0].message == "saw shop/deny");
  CHECK(findings[0].loc.file == "policy.yaml");
}

TEST_CASE("a moved LintRegistry hands over its rules and leaves the source empty", "[lint][api]") {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  REQUIRE(registry.Add<SawPolicyRule>("NP900", "saw-policy"));
  const LintRule* custom = registry.Find("saw-policy");
  const std::size_t count = registry.rules().size();
  LintRegistry moved = std::move(registry);
  CHECK(registry.rules().empty());  // NOLINT(bugprone-use-after-move): the documented state
  CHECK(moved.rules().size() == count);
  CHECK(moved.Find("NP900") == custom);  // the same rule object, not a copy
  LintRegistry assigned;
  REQUIRE(assigned.Add<SawPolicyRule>("NP901", "other"));
  assigned = std::move(moved);  // frees "other"
  CHECK(assigned.Find("other") == nullptr);
  CHECK(assigned.Find("saw-policy") == custom);
}

TEST_CASE("lint on the exercise verbatim reports its broad frontend ingress and the dead database ingress", "[lint]") {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  const LoadResult loaded = testing::LoadExample("netpol-demo");
  const auto findings = RunLint(registry, loaded.cluster, LintOptions{});
  REQUIRE(findings.size() == 2);
  // allow-frontend-ingress has no `from`: every source, the client included.
  CHECK(findings[0].rule_id == "NP011");
  CHECK(findings[0].loc.file.ends_with("04-allow-paths.yaml"));
  CHECK(findings[0].loc.line == 16);
  CHECK(findings[0].message.find("netpol-demo/allow-frontend-ingress") != std::string::npos);
  // The database admits the backend, whose egress never allows it.
  CHECK(findings[1].rule_id == "NP004");
  CHECK(findings[1].loc.line == 52);
  CHECK(findings[1].message.find("netpol-demo/allow-backend-to-database") != std::string::npos);

  // The two egress fixes remove the dead rule; the broad ingress is the
  // exercise's own choice and stays reported.
  const LoadResult fixed = testing::LoadExample("netpol-demo-fixed");
  const auto fixed_findings = RunLint(registry, fixed.cluster, LintOptions{});
  REQUIRE(fixed_findings.size() == 1);
  CHECK(fixed_findings[0].rule_id == "NP011");
}

TEST_CASE("policies alone: selector rules stay silent without pods", "[lint]") {
  const Linted linted = LintText(R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
)", "test.yaml", "");
  CHECK(linted.findings.empty());
}

}  // namespace
}  // namespace netpol
