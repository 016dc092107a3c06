// Intent files and `CheckIntent`: every verdict kind, closed and open modes,
// chains, selector and CIDR endpoints, the DNS requirement, and the errors.
#include <catch2/catch.hpp>

#include "netpol/check.h"
#include "netpol/check_output.h"
#include "netpol/intent.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadOrFail;

// Namespace app: web (app=web, 80/TCP) -> api (app=api, 8080/TCP) -> db (app=db, 5432/TCP).
// Policies: everything in `app` is ingress-isolated; web->api 8080 and api->db 5432 allowed,
// and api is also open to db on 9090 (a port nobody meant).
const char* const kCluster = R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: app, labels: {app: api}}
spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: app, labels: {app: db}}
spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all-ingress, namespace: app}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: app}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-api, namespace: app}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-db, namespace: app}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: db}}}]
    ports: [{port: 9090}]
)";

std::string IntentText(const std::string& spec) {
  return "apiVersion: netpol.dev/v1alpha1\nkind: Intent\nmetadata: {name: t}\nspec:\n" + spec;
}

struct Checked {
  Cluster cluster;
  CheckResult result;
  std::vector<std::string> errors;
};

Checked Check(const std::string& intent_spec, const std::string& extra_manifests = "") {
  Checked checked;
  checked.cluster = LoadOrFail(std::string(kCluster) + extra_manifests);
  DiagnosticSink sink;
  auto intent = ParseIntent(IntentText(intent_spec), "intent.yaml", sink);
  if (intent) {
    const bool modelled = intent->require_dns && ModelClusterDnsIfMissing(checked.cluster);
    if (modelled) checked.cluster.Finalize();  // sorted in, as Analysis does
    Evaluator evaluator(checked.cluster);
    checked.result = CheckIntent(evaluator, *intent, sink);
    checked.result.dns_modelled = modelled;
  }
  for (const Diagnostic& d : sink.diagnostics()) checked.errors.push_back(d.ToString());
  return checked;
}

std::vector<std::string> Lines(const Checked& checked) {
  std::vector<std::string> lines;
  for (const CheckFinding& f : checked.result.findings) {
    lines.push_back(std::string(CheckVerdictName(f.verdict)) + " " +
                    EndpointName(f.from, checked.cluster) + " -> " +
                    EndpointName(f.to, checked.cluster) + " " + f.offending.ToString());
  }
  return lines;
}

TEST_CASE("check: a declared and allowed connection is ok", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/web, to: app/api, ports: [8080/TCP]}\n");
  REQUIRE(checked.errors.empty());
  CHECK(Lines(checked) == std::vector<std::string>{"ok app/web -> app/api none"});
  CHECK(checked.result.Holds());
}

TEST_CASE("check: a declared but denied connection is MISSING with the blocking side", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/web, to: app/db, ports: [5432/TCP]}\n");
  REQUIRE(checked.result.findings.size() == 1);
  const CheckFinding& f = checked.result.findings[0];
  CHECK(f.verdict == CheckVerdict::kMissing);
  CHECK(f.offending == PortSet::Single(Protocol::kTCP, 5432));
  REQUIRE(f.blocked_by.size() == 1);
  CHECK(f.blocked_by[0].direction == Direction::kIngress);
  std::vector<std::string> policies;
  for (PolicyId id : f.blocked_by[0].isolating_policies) policies.push_back(checked.cluster.policies[id].name);
  CHECK(policies == std::vector<std::string>{"db-from-api", "deny-all-ingress"});
  CHECK_FALSE(checked.result.Holds());
}

TEST_CASE("check: the closest rule of a MISSING connection names a wrong port", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/web, to: app/api, ports: [80/TCP]}\n");
  const CheckFinding& f = checked.result.findings.at(0);
  REQUIRE(f.verdict == CheckVerdict::kMissing);
  REQUIRE(f.blocked_by.at(0).closest.has_value());
  const NearMiss& near = *f.blocked_by[0].closest;
  CHECK(checked.cluster.policies[near.rule.policy].name == "api-from-web");
  CHECK(near.reason == "peer matches, but the rule allows TCP 8080 only");
}

TEST_CASE("check: the closest rule of a MISSING connection names wrong labels", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/web, to: app/db, ports: [5432/TCP]}\n");
  const auto& closest = checked.result.findings.at(0).blocked_by.at(0).closest;
  REQUIRE(closest.has_value());
  CHECK(checked.cluster.policies[closest->rule.policy].name == "db-from-api");
  CHECK(closest->reason == "ports match, but its peers (pods app=api of the policy's namespace) do not match app/web");
}

TEST_CASE("check: closed mode reports undeclared allowed connections as UNEXPECTED", "[check]") {
  auto checked = Check("  scope: {namespaces: [app]}\n  allow:\n  - {from: app/web, to: app/api, ports: [8080/TCP]}\n  - {from: app/api, to: app/db, ports: [5432/TCP]}\n");
  CHECK(Lines(checked) == std::vector<std::string>{
                              "ok app/web -> app/api none",
                              "ok app/api -> app/db none",
                              "UNEXPECTED app/db -> app/api TCP 9090",
                          });
  const CheckFinding& unexpected = checked.result.findings.back();
  REQUIRE(unexpected.verdict_detail.ingress.allowed_by.size() == 1);
  CHECK(checked.cluster.policies[unexpected.verdict_detail.ingress.allowed_by[0].rule.policy].name ==
        "api-from-db");
}

TEST_CASE("check: extra ports on a declared pair are UNEXPECTED in closed mode", "[check]") {
  auto checked = Check("  scope: {namespaces: [app]}\n  allow:\n  - {from: app/web, to: app/api, ports: [8080/TCP]}\n  - {from: app/api, to: app/db, ports: [5432/TCP]}\n  - {from: app/db, to: app/api, ports: [1/TCP]}\n");
  CHECK(Lines(checked).back() == "UNEXPECTED app/db -> app/api TCP 9090");
}

TEST_CASE("check: open mode checks only what is listed", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/web, to: app/api, ports: [8080/TCP]}\n");
  CHECK(checked.result.findings.size() == 1);
  CHECK(checked.result.Holds());
}

TEST_CASE("check: a path checks every hop", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  paths:\n  - through: [app/web, app/api, app/db]\n    ports: [8080/TCP]\n");
  CHECK(Lines(checked) == std::vector<std::string>{"ok app/web -> app/api none",
                                                   "MISSING app/api -> app/db TCP 8080"});
}

TEST_CASE("check: deny assertions are ok when denied and UNEXPECTED when allowed", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  deny:\n  - {from: app/web, to: app/db}\n  - {from: app/db, to: app/api}\n");
  CHECK(Lines(checked) == std::vector<std::string>{"ok app/web -> app/db none",
                                                   "UNEXPECTED app/db -> app/api TCP 9090"});
}

TEST_CASE("check: in closed mode a declared deny covers its pair and ports once", "[check]") {
  struct Case {
    const char* deny;
    std::vector<std::string> lines;
    std::vector<std::string> origins;
  };
  const Case cases[] = {
      {"{from: app/db, to: app/api}", {"UNEXPECTED app/db -> app/api TCP 9090"}, {"deny"}},
      {"{from: app/db, to: app/api, ports: [9090/TCP]}", {"UNEXPECTED app/db -> app/api TCP 9090"}, {"deny"}},
      // A deny of other ports covers only those: the allowed 9090 is still undeclared.
      {"{from: app/db, to: app/api, ports: [22/TCP]}",
       {"ok app/db -> app/api none", "UNEXPECTED app/db -> app/api TCP 9090"},
       {"deny", "undeclared"}},
  };
  for (const Case& c : cases) {
    INFO(c.deny);
    auto checked = Check(std::string("  scope: {namespaces: [app]}\n  allow:\n"
                                     "  - {from: app/web, to: app/api, ports: [8080/TCP]}\n"
                                     "  - {from: app/api, to: app/db, ports: [5432/TCP]}\n  deny:\n  - ") +
                         c.deny + "\n");
    REQUIRE(checked.errors.empty());
    std::vector<std::string> lines = Lines(checked);
    lines.erase(lines.begin(), lines.begin() + 2);  // the two allowed ones
    CHECK(lines == c.lines);
    std::vector<std::string> origins;
    for (std::size_t i = 2; i < checked.result.findings.size(); ++i) {
      origins.push_back(checked.result.findings[i].origin);
    }
    CHECK(origins == c.origins);
    CHECK(checked.result.Count(CheckVerdict::kUnexpected) == 1);
  }
}

TEST_CASE("check: selector endpoints expand to every matching pod", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: \"app/app in (web,db)\", to: app=api, ports: [8080/TCP]}\n");
  // Pods in cluster order: app/db before app/web.
  CHECK(Lines(checked) == std::vector<std::string>{"MISSING app/db -> app/api TCP 8080",
                                                   "ok app/web -> app/api none"});
}

TEST_CASE("check: CIDR endpoints are external addresses", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: 203.0.113.0/24, to: app/web, ports: [80/TCP]}\n  - {from: app/web, to: 203.0.113.0/24, ports: [443/TCP]}\n");
  CHECK(Lines(checked) == std::vector<std::string>{"MISSING 203.0.113.0 -> app/web TCP 80",
                                                   "ok app/web -> 203.0.113.0 none"});
}

TEST_CASE("check: requireDNS checks every pod in scope against kube-dns", "[check]") {
  const std::string dns = R"(
---
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: app}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}]
)";
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  requireDNS: true\n", dns);
  REQUIRE(checked.errors.empty());
  CHECK_FALSE(checked.result.dns_modelled);
  CHECK(Lines(checked) == std::vector<std::string>{
                              "ok app/api -> kube-system/coredns none",
                              "ok app/db -> kube-system/coredns none",
                              "MISSING app/web -> kube-system/coredns TCP 53",
                          });
}

TEST_CASE("check: without a kube-dns pod in the inputs a standard one is modelled", "[check]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  requireDNS: true\n");
  CHECK(checked.result.dns_modelled);
  CHECK(checked.result.findings.size() == 3);
  CHECK(checked.result.Holds());
}

TEST_CASE("check: suggested policies make MISSING connections pass and add nothing else", "[check]") {
  const std::string spec = "  scope: {namespaces: [app]}\n  allow:\n  - {from: app/web, to: app/api, ports: [8080/TCP]}\n  - {from: app/api, to: app/db, ports: [5432/TCP]}\n  - {from: app/db, to: app/api, ports: [9090/TCP]}\n  - {from: app/web, to: app/db, ports: [5432/TCP, 53/UDP]}\n";
  auto before = Check(spec);
  REQUIRE(before.result.Count(CheckVerdict::kMissing) == 1);
  const std::string fix = SuggestFixes(before.result, before.cluster);
  auto after = Check(spec, "\n---\n" + fix);
  CHECK(after.errors.empty());
  CHECK(after.result.Holds());
  CHECK(after.result.Count(CheckVerdict::kUnexpected) == 0);
}

TEST_CASE("check: a suggestion that would open more than the missing connection is not printed", "[check]") {
  // web2 has web's labels, so a policy admitting web to db admits web2 too,
  // which nobody declared: --suggest must say so instead of printing it.
  const std::string twin = R"(
---
apiVersion: v1
kind: Pod
metadata: {name: web2, namespace: app, labels: {app: web}}
)";
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/web, to: app/db, ports: [5432/TCP]}\n",
                       twin);
  REQUIRE(checked.result.Count(CheckVerdict::kMissing) == 1);
  const std::string fix = SuggestFixes(checked.result, checked.cluster);
  CHECK(fix.find("kind: NetworkPolicy") == std::string::npos);
  CHECK(fix.find("# MISSING app/web -> app/db TCP 5432: not suggested: applied to the inputs, the policy "
                 "allow-web-to-db-ingress fails:\n#   it would also newly allow app/web2 -> app/db TCP 5432\n") !=
        std::string::npos);
  // Declared for both, the same policy opens exactly what is missing.
  auto both = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/app=web, to: app/db, ports: [5432/TCP]}\n",
                    twin);
  REQUIRE(both.result.Count(CheckVerdict::kMissing) == 2);
  const std::string both_fix = SuggestFixes(both.result, both.cluster);
  CHECK(both_fix.find("  name: allow-web-to-db-ingress\n") != std::string::npos);
  CHECK(both_fix.find("# allow-web-to-db-ingress above allows it already.\n") != std::string::npos);
  CHECK(both_fix.find("not suggested") == std::string::npos);
}

TEST_CASE("check: an endpoint that matches nothing is an error at the declaration", "[check][errors]") {
  auto checked = Check("  scope: {namespaces: [app], mode: open}\n  allow:\n  - {from: app/nope, to: app/api}\n");
  CHECK(checked.errors == std::vector<std::string>{
                              "intent.yaml:7:5: error: from: \"app/nope\" matches no pod in the inputs"});
}

TEST_CASE("intent: unknown fields are errors", "[check][errors]") {
  DiagnosticSink sink;
  CHECK_FALSE(ParseIntent(IntentText("  scope: {namespaces: [a]}\n  allows: []\n"), "i.yaml", sink).has_value());
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].ToString() ==
        "i.yaml:6:3: error: spec.allows: unknown field (expected one of: scope, requireDNS, allow, paths, deny)");
}

TEST_CASE("intent: malformed ports are errors", "[check][errors]") {
  DiagnosticSink sink;
  CHECK_FALSE(ParseIntent(IntentText("  scope: {namespaces: [a]}\n  allow:\n  - {from: a/b, to: a/c, ports: [80/ICMP]}\n"), "i.yaml", sink));
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].ToString() ==
        "i.yaml:7:34: error: spec.allow[0].ports[0]: expected a port such as 80/TCP, 53/UDP, "
        "8000-8080/TCP, TCP or all; unknown protocol in \"80/ICMP\"");
  DiagnosticSink sink2;
  CHECK_FALSE(ParseIntent(IntentText("  scope: {namespaces: [a]}\n  allow:\n  - {from: a/b, to: a/c, ports: [70000]}\n"), "i.yaml", sink2));
  CHECK(sink2.HasErrors());
}

TEST_CASE("intent: malformed endpoints, wrong apiVersion and a closed scope without namespaces are errors", "[check][errors]") {
  DiagnosticSink sink;
  CHECK_FALSE(ParseIntent(IntentText("  scope: {namespaces: [a]}\n  allow:\n  - {from: justaname, to: a/c}\n"), "i.yaml", sink));
  CHECK(sink.diagnostics().at(0).ToString().find("spec.allow[0].from: expected namespace/name") != std::string::npos);
  DiagnosticSink sink2;
  CHECK_FALSE(ParseIntent("apiVersion: v1\nkind: Intent\nspec: {scope: {namespaces: [a]}}\n", "i.yaml", sink2));
  CHECK(sink2.diagnostics().at(0).ToString() == "i.yaml:1:13: error: apiVersion: expected netpol.dev/v1alpha1");
  DiagnosticSink sink3;
  CHECK_FALSE(ParseIntent(IntentText("  allow: []\n"), "i.yaml", sink3));
  CHECK(sink3.diagnostics().at(0).ToString() ==
        "i.yaml:5:3: error: spec.scope.namespaces: closed mode needs at least one namespace in scope");
}

TEST_CASE("intent: port specs", "[check]") {
  CHECK(ParsePortSpec("80").value() == PortSet::Single(Protocol::kTCP, 80));
  CHECK(ParsePortSpec("53/UDP").value() == PortSet::Single(Protocol::kUDP, 53));
  CHECK(ParsePortSpec("8000-8080/TCP").value() == PortSet::Range(Protocol::kTCP, 8000, 8080));
  CHECK(ParsePortSpec("SCTP").value() == PortSet::AllOf(Protocol::kSCTP));
  CHECK(ParsePortSpec("all").value() == PortSet::All());
  for (const char* bad : {"0", "90-80", "http", "70000", "80/ICMP"}) {
    CAPTURE(bad);
    const Result<PortSet> spec = ParsePortSpec(bad);
    CHECK(spec.status().code() == StatusCode::kInvalidArgument);
    CHECK(spec.status().message().find(bad) != std::string::npos);
  }
}

}  // namespace
}  // namespace netpol
