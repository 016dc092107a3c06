// The Calico lint rules NP040-NP043, each against the Calico documentation
// sentence it rests on (docs/calico.md cites them). Pods
// (tests/engine/two_namespace_pods.h): a/client, a/server, b/other, b/web;
// cluster DNS is the modelled kube-system/kube-dns[Modelled].
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/two_namespace_pods.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol {
namespace {

std::vector<LintFinding> Lint(const std::string& rule, const std::string& policies) {
  LoadResult loaded =
      LoadText(std::string(testing::kTwoNamespacePods) + "\n---\n" + policies, "test.yaml");
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.ToString());
  }
  REQUIRE_FALSE(loaded.HasErrors());
  if (ModelClusterDnsIfMissing(loaded.cluster)) loaded.cluster.Finalize();
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {rule};
  return RunLint(registry, loaded.cluster, options);
}

std::string Gnp(const std::string& name, const std::string& spec) {
  return "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: " + name +
         "}\nspec:\n" + spec + "\n---\n";
}

std::string Np(const std::string& name, const std::string& spec, const std::string& ns = "a") {
  return "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec + "\n---\n";
}

std::string Knp(const std::string& name, const std::string& spec, const std::string& ns = "a") {
  return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec + "\n---\n";
}

std::string Tier(const std::string& name, int order) {
  return "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: " + name +
         "}\nspec: {order: " + std::to_string(order) + "}\n---\n";
}

struct Case {
  const char* behaviour;
  std::string policies;
  std::vector<std::string> messages;  // the findings' messages, in report order
};

void Run(const std::string& rule, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.behaviour);
    std::vector<std::string> messages;
    for (const LintFinding& finding : Lint(rule, c.policies)) {
      CHECK(finding.rule_id == rule);
      messages.push_back(finding.message);
    }
    CHECK(messages == c.messages);
  }
}

const std::string kDnsUdp =
    "  - action: Allow\n    protocol: UDP\n    destination: {namespaceSelector: "
    "projectcalico.org/name == 'kube-system', selector: k8s-app == 'kube-dns', ports: [53]}\n";
const std::string kDnsTcp =
    "  - action: Allow\n    protocol: TCP\n    destination: {namespaceSelector: "
    "projectcalico.org/name == 'kube-system', selector: k8s-app == 'kube-dns', ports: [53]}\n";

TEST_CASE("NP040 flags a Calico egress default deny that lets no DNS through",
          "[lint][calico]") {
  Run("NP040",
      {
          {"a GlobalNetworkPolicy selecting every pod for Egress ends the default tier in Deny",
           Gnp("default-deny", "  selector: all()\n  types: [Ingress, Egress]"),
           {"GlobalNetworkPolicy default-deny selects a/client, a/server, b/other, b/web for "
            "Egress and no rule of tier default allows DNS to kube-system/kube-dns[Modelled] on "
            "UDP 53 and TCP 53: the tier ends in Deny, name resolution fails"}},
          {"a namespaced NetworkPolicy: only the pods it selects",
           Np("lock", "  selector: app == 'client'\n  types: [Egress]"),
           {"NetworkPolicy a/lock selects a/client for Egress and no rule of tier default "
            "allows DNS to kube-system/kube-dns[Modelled] on UDP 53 and TCP 53: the tier ends "
            "in Deny, name resolution fails"}},
          {"an explicit Deny rule is blamed, not the tier",
           Gnp("deny-all", "  selector: app == 'web'\n  egress:\n  - action: Deny"),
           {"GlobalNetworkPolicy deny-all egress[0] denies the egress of b/web to cluster DNS "
            "(kube-system/kube-dns[Modelled]) on UDP 53 and TCP 53: name resolution fails"}},
          {"UDP allowed, TCP not: only TCP is missing",
           Gnp("default-deny", "  selector: all()\n  types: [Egress]\n  egress:\n" + kDnsUdp),
           {"GlobalNetworkPolicy default-deny selects a/client, a/server, b/other, b/web for "
            "Egress and no rule of tier default allows DNS to kube-system/kube-dns[Modelled] on "
            "TCP 53: the tier ends in Deny, name resolution fails"}},
          {"both DNS protocols allowed: silent",
           Gnp("default-deny",
               "  selector: all()\n  types: [Egress]\n  egress:\n" + kDnsUdp + kDnsTcp),
           {}},
          {"DNS allowed by an earlier policy of the tier: silent",
           Gnp("a-dns", "  order: 10\n  selector: all()\n  types: [Egress]\n  egress:\n" +
                            kDnsUdp + kDnsTcp + "  - action: Pass\n") +
               Gnp("default-deny", "  order: 2000\n  selector: all()\n  types: [Egress]"),
           {}},
          {"an Ingress-only default deny leaves egress alone: silent",
           Gnp("default-deny", "  selector: all()\n  types: [Ingress]"), {}},
          {"a staged default deny is never enforced: silent",
           "apiVersion: projectcalico.org/v3\nkind: StagedGlobalNetworkPolicy\nmetadata: {name: "
           "staged}\nspec: {selector: all(), types: [Egress]}\n",
           {}},
      });
}

TEST_CASE("NP041 flags a Calico Pass in the last tier that applies (the profile allows)",
          "[lint][calico]") {
  const std::string security =
      Tier("security", 100) +
      Gnp("security.triage",
          "  tier: security\n  order: 10\n  selector: projectcalico.org/namespace == 'a'\n"
          "  ingress:\n  - action: Deny\n    source: {selector: app == 'other'}\n"
          "  - action: Pass");
  std::string security_then_anp = security;
  security_then_anp +=
      "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
      "metadata: {name: lockdown}\nspec:\n  priority: 10\n"
      "  subject: {namespaces: {matchLabels: {team: a}}}\n"
      "  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n---\n";
  Run("NP041",
      {
          {"nothing after the security tier selects a's pods",
           security,
           {"GlobalNetworkPolicy security.triage ingress[1] passes to the next tier, but no tier "
            "after security has a policy selecting a/client, a/server for Ingress: the passed "
            "traffic goes to the profile, which allows it"}},
          {"a Kubernetes NetworkPolicy isolating a/server sits in the default tier: only "
           "a/client is left",
           security + Knp("server", "  podSelector: {matchLabels: {app: server}}\n"
                                    "  policyTypes: [Ingress]"),
           {"GlobalNetworkPolicy security.triage ingress[1] passes to the next tier, but no tier "
            "after security has a policy selecting a/client for Ingress: the passed traffic goes "
            "to the profile, which allows it"}},
          {"a Calico policy in the default tier for every pod of a: silent",
           security + Np("deny-rest", "  selector: all()\n  types: [Ingress]"), {}},
          {"a Pass in the default tier, the last one",
           Np("p", "  selector: app == 'server'\n  egress:\n  - action: Pass"),
           {"NetworkPolicy a/p egress[0] passes to the next tier, but no tier after default has "
            "a policy selecting a/server for Egress: the passed traffic goes to the profile, "
            "which allows it"}},
          {"no Pass rule: silent", Np("p", "  selector: all()\n  ingress:\n  - action: Allow"),
           {}},
          {"an AdminNetworkPolicy selecting a's pods runs in tier adminnetworkpolicy (order "
           "1,000), after security (100): it takes the passed traffic, silent",
           security_then_anp,
           {}},
      });
}

TEST_CASE("NP042 flags Calico rules after an unconditional Allow, Deny or Pass",
          "[lint][calico]") {
  Run("NP042",
      {
          {"an Allow after a bare Deny never matches",
           Np("p", "  selector: all()\n  ingress:\n  - action: Deny\n  - action: Allow\n"
                   "    source: {selector: app == 'client'}"),
           {"NetworkPolicy a/p ingress[1] never matches: ingress[0] (Deny with no protocol, "
            "source or destination restriction) decides every connection before it"}},
          {"every rule after it, Log included; a bare Pass decides too",
           Gnp("g", "  selector: all()\n  types: [Egress]\n  egress:\n  - action: Pass\n"
                    "  - action: Log\n  - action: Deny\n    protocol: TCP"),
           {"GlobalNetworkPolicy g egress[1] never matches: egress[0] (Pass with no protocol, "
            "source or destination restriction) decides every connection before it",
            "GlobalNetworkPolicy g egress[2] never matches: egress[0] (Pass with no protocol, "
            "source or destination restriction) decides every connection before it"}},
          {"a bare Log records and goes on: silent",
           Np("p", "  selector: all()\n  ingress:\n  - action: Log\n  - action: Allow"), {}},
          {"a protocol restricts: silent",
           Np("p", "  selector: all()\n  ingress:\n  - action: Deny\n    protocol: UDP\n"
                   "  - action: Allow"),
           {}},
          {"a source selector restricts: silent",
           Np("p", "  selector: all()\n  ingress:\n  - action: Allow\n    source: {selector: "
                   "app == 'client'}\n  - action: Deny"),
           {}},
          {"destination nets restrict: silent",
           Gnp("g", "  selector: all()\n  types: [Egress]\n  egress:\n  - action: Allow\n"
                    "    destination: {nets: [10.0.0.0/8]}\n  - action: Deny"),
           {}},
          {"ingress and egress are separate lists: silent",
           Gnp("g", "  selector: all()\n  types: [Ingress, Egress]\n  ingress:\n"
                    "  - action: Deny\n  egress:\n  - action: Allow"),
           {}},
      });
}

TEST_CASE("NP043 flags equal orders in one Calico tier over the same pods (name decides)",
          "[lint][calico]") {
  Run("NP043",
      {
          {"two GlobalNetworkPolicies at order 100, one with a Deny",
           Gnp("zz-allow", "  order: 100\n  selector: app == 'server'\n  ingress:\n"
                           "  - action: Allow") +
               Gnp("aa-deny", "  order: 100\n  selector: all()\n  ingress:\n  - action: Deny\n"
                              "    source: {selector: app == 'other'}"),
           {"GlobalNetworkPolicy aa-deny and GlobalNetworkPolicy zz-allow are both at order 100 "
            "in tier default and both select a/server for Ingress: Calico then goes by name, so "
            "GlobalNetworkPolicy aa-deny decides first"}},
          {"a Calico policy at order 1000 in the default tier and a Kubernetes NetworkPolicy "
           "(knp.default.<name>, order 1000)",
           Np("zz-deny", "  order: 1000\n  selector: app == 'server'\n  ingress:\n"
                         "  - action: Deny\n    source: {selector: app == 'client'}") +
               Knp("server", "  podSelector: {matchLabels: {app: server}}\n"
                             "  policyTypes: [Ingress]\n  ingress: [{}]"),
           {"Kubernetes NetworkPolicy a/server and NetworkPolicy a/zz-deny are both at order "
            "1000 in tier default and both select a/server for Ingress: Calico then goes by "
            "name, so Kubernetes NetworkPolicy a/server decides first"}},
          {"distinct orders: silent",
           Gnp("zz-allow", "  order: 100\n  selector: all()\n  ingress:\n  - action: Allow") +
               Gnp("aa-deny", "  order: 101\n  selector: all()\n  ingress:\n  - action: Deny"),
           {}},
          {"both only allow, so the order changes nothing: silent",
           Gnp("zz-allow", "  order: 100\n  selector: all()\n  ingress:\n  - action: Allow") +
               Gnp("aa-allow", "  order: 100\n  selector: all()\n  ingress:\n  - action: Allow\n"
                               "    protocol: TCP"),
           {}},
          {"no pod selected by both: silent",
           Gnp("zz-allow", "  order: 100\n  selector: app == 'web'\n  ingress:\n"
                           "  - action: Allow") +
               Gnp("aa-deny", "  order: 100\n  selector: app == 'server'\n  ingress:\n"
                              "  - action: Deny"),
           {}},
          {"different tiers: silent",
           Tier("security", 10) +
               Gnp("security.deny", "  tier: security\n  order: 100\n  selector: all()\n"
                                    "  ingress:\n  - action: Deny") +
               Gnp("allow", "  order: 100\n  selector: all()\n  ingress:\n  - action: Allow"),
           {}},
      });
}

TEST_CASE("NP009 and NP010 count pods a Calico policy selects as policed (its tier ends in Deny)",
          "[lint][calico]") {
  const std::string deny_all = Gnp("default-deny", "  selector: all()\n  types: [Ingress, Egress]");
  for (const char* rule : {"NP009", "NP010"}) {
    INFO(rule);
    CHECK(Lint(rule, deny_all).empty());
    // Selecting namespace a only: b is still reported.
    const auto findings =
        Lint(rule, Gnp("a-only", "  selector: projectcalico.org/namespace == 'a'\n"
                                 "  types: [Ingress, Egress]"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.rfind("namespace b has no default-deny", 0) == 0);
  }
  // Ingress only: egress of every namespace is still open.
  CHECK(Lint("NP010", Gnp("in", "  selector: all()\n  types: [Ingress]")).size() == 2);
}

}  // namespace
}  // namespace netpol
