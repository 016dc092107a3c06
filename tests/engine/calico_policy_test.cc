// projectcalico.org/v3 NetworkPolicy, GlobalNetworkPolicy and Tier: one
// documented behaviour a case, checked on the class engine and on the
// Evaluator. Pods (tests/engine/two_namespace_pods.h):
//   a/client (app=client, 10.0.1.10), a/server (app=server, http TCP 80,
//   dns UDP 53, 10.0.1.11), b/other (app=other, 10.0.2.10),
//   b/web (app=web, http TCP 8080, 10.0.2.11). Namespace a has team=a, b team=b.
#include <catch2/catch.hpp>

#include <string>

#include "netpol/netpol.h"
#include "test_support.h"
#include "engine/two_namespace_pods.h"

namespace netpol::testing {
namespace {

Cluster With(const std::string& policies) { return WithTwoNamespacePods(policies); }

std::string Np(const std::string& name, const std::string& spec, const std::string& ns = "a") {
  return "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec + "\n---\n";
}

std::string Gnp(const std::string& name, const std::string& spec,
                const std::string& kind = "GlobalNetworkPolicy") {
  return "apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata: {name: " + name +
         "}\nspec:\n" + spec + "\n---\n";
}

std::string Tier(const std::string& name, int order) {
  return "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: " + name +
         "}\nspec: {order: " + std::to_string(order) + "}\n---\n";
}

PortSet Tcp(int first, int last) { return PortSet::Range(Protocol::kTCP, first, last); }

void CheckPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                const PortSet& expected) {
  INFO(from << " -> " << to << ", expected " << expected.ToString());
  CHECK(EnginePorts(cluster, from, to).ToString() == expected.ToString());
  CHECK(AllowedPorts(cluster, from, to).ToString() == expected.ToString());
}

std::vector<std::string> Diagnostics(const std::string& text) {
  LoadResult result = LoadText(std::string(kTwoNamespacePods) + "\n---\n" + text, "test.yaml");
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity != Severity::kNote) out.push_back(d.ToString());
  }
  return out;
}

TEST_CASE("a Calico NetworkPolicy selects pods of its own namespace by selector; what no rule "
          "decides in the tier is dropped",
          "[calico]") {
  const Cluster c = With(Np("only-80", "  selector: app == 'server'\n  ingress:\n"
                                       "  - action: Allow\n    protocol: TCP\n"
                                       "    destination: {ports: [80]}"));
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80));
  CheckPorts(c, "b/other", "a/server", Tcp(80, 80));
  CheckPorts(c, "a/server", "a/client", PortSet::All());  // types default to Ingress only
  const Cluster other_ns = With(Np("web", "  selector: app == 'web'\n  ingress: []"));
  CheckPorts(other_ns, "a/client", "b/web", PortSet::All());  // app=web is in b
}

TEST_CASE("a Calico Deny rule drops what a later Allow rule would admit: the first matching "
          "rule decides",
          "[calico]") {
  const Cluster c = With(Np("deny-then-allow", "  selector: app == 'server'\n  ingress:\n"
                                               "  - action: Deny\n    source: {selector: app == 'client'}\n"
                                               "  - action: Allow"));
  CheckPorts(c, "a/client", "a/server", PortSet());
  // A rule selector without namespaceSelector means the policy's namespace:
  // b/other is no match for the Deny, so the Allow decides.
  CheckPorts(c, "b/other", "a/server", PortSet::All());
}

TEST_CASE("Calico policies run by order, lower first, unset last, then by name", "[calico]") {
  const std::string deny = "  selector: app == 'server'\n  ingress:\n  - action: Deny\n";
  const std::string allow = "  selector: app == 'server'\n  ingress:\n  - action: Allow\n";
  CheckPorts(With(Np("x-deny", "  order: 10\n" + deny) + Np("y-allow", "  order: 20\n" + allow)),
             "a/client", "a/server", PortSet());
  CheckPorts(With(Np("x-deny", "  order: 30\n" + deny) + Np("y-allow", "  order: 20\n" + allow)),
             "a/client", "a/server", PortSet::All());
  CheckPorts(With(Np("x-deny", deny) + Np("y-allow", "  order: 2000\n" + allow)), "a/client",
             "a/server", PortSet::All());  // unset order is last
  CheckPorts(With(Np("a-allow", allow) + Np("b-deny", deny)), "a/client", "a/server",
             PortSet::All());  // same (unset) order: by name
}

TEST_CASE("Kubernetes NetworkPolicies sit in the default tier at order 1000 among Calico "
          "policies",
          "[calico]") {
  const std::string knp =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-client, "
      "namespace: a}\nspec:\n  podSelector: {matchLabels: {app: server}}\n  ingress:\n"
      "  - from: [{podSelector: {matchLabels: {app: client}}}]\n---\n";
  const std::string deny = "  selector: app == 'server'\n  ingress:\n  - action: Deny\n";
  CheckPorts(With(knp + Np("deny", "  order: 999\n" + deny)), "a/client", "a/server", PortSet());
  CheckPorts(With(knp + Np("deny", "  order: 1001\n" + deny)), "a/client", "a/server",
             PortSet::All());
  CheckPorts(With(knp + Np("deny", "  order: 1001\n" + deny)), "b/other", "a/server", PortSet());
}

TEST_CASE("a Calico Pass skips to the next tier; a tier selecting nothing is skipped; tiers run "
          "by order",
          "[calico]") {
  const std::string pass = "  tier: security\n  order: 1\n  selector: all()\n  ingress:\n"
                           "  - action: Pass\n    source: {selector: app == 'client'}\n"
                           "  - action: Deny\n";
  const Cluster c = With(Tier("security", 100) + Gnp("security.gate", pass));
  // Passed: the default tier selects no pod, so the profile allows.
  CheckPorts(c, "a/client", "a/server", PortSet::All());
  CheckPorts(c, "b/other", "a/server", PortSet());
  const Cluster d = With(Tier("security", 100) + Gnp("security.gate", pass) +
                         Np("deny-all", "  selector: all()\n  ingress:\n  - action: Deny"));
  CheckPorts(d, "a/client", "a/server", PortSet());  // the default tier decides what was passed
}

TEST_CASE("a Calico policy without types applies to Ingress, plus Egress when it has egress "
          "rules; egress rules alone make it Egress only",
          "[calico]") {
  const Cluster both = With(Np("both", "  selector: app == 'client'\n  ingress:\n  - action: Deny\n"
                                       "  egress:\n  - action: Deny"));
  CheckPorts(both, "a/client", "b/web", PortSet());
  CheckPorts(both, "b/web", "a/client", PortSet());
  const Cluster egress = With(Np("egress", "  selector: app == 'client'\n  egress:\n  - action: Deny"));
  CheckPorts(egress, "a/client", "b/web", PortSet());
  CheckPorts(egress, "b/web", "a/client", PortSet::All());
  const Cluster typed = With(Np("typed", "  selector: app == 'client'\n  types: [Egress]"));
  CheckPorts(typed, "a/client", "b/web", PortSet());
}

TEST_CASE("a GlobalNetworkPolicy selects pods of every namespace its namespaceSelector matches",
          "[calico]") {
  const Cluster c = With(Gnp("deny-b", "  namespaceSelector: team == 'b'\n  selector: all()\n"
                                       "  ingress:\n  - action: Deny"));
  CheckPorts(c, "a/client", "b/web", PortSet());
  CheckPorts(c, "a/client", "a/server", PortSet::All());
}

TEST_CASE("Calico rule selectors: namespaceSelector, notSelector, nets and notNets match the "
          "other end",
          "[calico]") {
  const std::string head = "  selector: app == 'server'\n  ingress:\n";
  CheckPorts(With(Np("ns", head + "  - action: Allow\n    source: {namespaceSelector: team == 'b'}")),
             "b/other", "a/server", PortSet::All());
  CheckPorts(With(Np("ns", head + "  - action: Allow\n    source: {namespaceSelector: team == 'b'}")),
             "a/client", "a/server", PortSet());
  CheckPorts(With(Gnp("not", head + "  - action: Allow\n    source: {notSelector: app == 'client'}")),
             "b/web", "a/server", PortSet::All());
  CheckPorts(With(Gnp("not", head + "  - action: Allow\n    source: {notSelector: app == 'client'}")),
             "a/client", "a/server", PortSet());
  CheckPorts(With(Np("nets", head + "  - action: Allow\n    source: {nets: [10.0.2.0/24]}")),
             "b/web", "a/server", PortSet::All());
  CheckPorts(With(Np("nets", head + "  - action: Allow\n    source: {notNets: [10.0.2.0/24]}")),
             "b/web", "a/server", PortSet());
  CheckPorts(With(Np("nets", head + "  - action: Allow\n    source: {notNets: [10.0.2.0/24]}")),
             "a/client", "a/server", PortSet::All());
}

TEST_CASE("Calico ports: numbers, first:last ranges, named ports and notPorts, per protocol",
          "[calico]") {
  const std::string head = "  selector: app == 'server'\n  ingress:\n";
  CheckPorts(With(Np("p", head + "  - action: Allow\n    protocol: TCP\n    destination: {ports: ['79:81']}")),
             "a/client", "a/server", Tcp(79, 81));
  CheckPorts(With(Np("p", head + "  - action: Allow\n    protocol: UDP\n    destination: {ports: [dns]}")),
             "a/client", "a/server", PortSet::Single(Protocol::kUDP, 53));
  CheckPorts(With(Np("p", head + "  - action: Allow\n    protocol: TCP\n    destination: {notPorts: [80]}")),
             "a/client", "a/server", Tcp(1, 79).Union(Tcp(81, 65535)));
  CheckPorts(With(Np("p", head + "  - action: Allow\n    notProtocol: TCP")), "a/client", "a/server",
             PortSet::AllOf(Protocol::kUDP).Union(PortSet::AllOf(Protocol::kSCTP)));
  // ICMP is not folded into TCP: the rule admits no port traffic.
  CheckPorts(With(Np("p", head + "  - action: Allow\n    protocol: ICMP")), "a/client", "a/server",
             PortSet());
}

TEST_CASE("a Calico Log rule records and goes on to the next rule", "[calico]") {
  CheckPorts(With(Np("log", "  selector: app == 'server'\n  ingress:\n  - action: Log\n  - action: Allow")),
             "a/client", "a/server", PortSet::All());
}

TEST_CASE("staged Calico policies are read but never enforced", "[calico]") {
  const Cluster c = With(Gnp("deny", "  selector: all()\n  ingress:\n  - action: Deny",
                             "StagedGlobalNetworkPolicy"));
  REQUIRE(c.calico_policies.size() == 1);
  CHECK(c.calico_policies[0].IsStaged());
  CheckPorts(c, "a/client", "a/server", PortSet::All());
}

TEST_CASE("Calico policies the API server rejects are input errors at FILE:LINE:COL", "[calico]") {
  const std::string prefix = "test.yaml:";
  auto first_error = [&](const std::string& text) {
    for (const std::string& d : Diagnostics(text)) {
      if (d.find(": error: ") != std::string::npos) return d;
    }
    return std::string("no error");
  };
  const int base = 65;  // the line of the policy's apiVersion in the fixture + separator
  (void)base;
  CHECK_THAT(first_error(Np("bad", "  selector: \"app = 'x'\"")),
             Catch::Contains("spec.selector: invalid selector \"app = 'x'\": expected an operator after 'app'"));
  CHECK_THAT(first_error(Np("bad", "  ingress:\n  - action: Maybe")),
             Catch::Contains("spec.ingress[0].action: expected Allow, Deny, Pass or Log, got \"Maybe\""));
  CHECK_THAT(first_error(Np("bad", "  ingress:\n  - action: Allow\n    destination: {ports: [80]}")),
             Catch::Contains("spec.ingress[0]: ports need protocol TCP, UDP or SCTP"));
  CHECK_THAT(first_error(Np("bad", "  ingress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: ['90:80']}")),
             Catch::Contains("port range \"90:80\" must be within 1-65535 and not reversed"));
  CHECK_THAT(first_error(Np("bad", "  types: [Sideways]")),
             Catch::Contains("spec.types[0]: expected Ingress or Egress, got \"Sideways\""));
}

TEST_CASE("a Calico selector error points at the column inside the selector string", "[calico]") {
  LoadResult result = LoadText(
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: x}\n"
      "spec:\n  selector: \"app == 'a' && &&\"\n",
      "gnp.yaml");
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(result.diagnostics[0].ToString() ==
        "gnp.yaml:5:28: error: GlobalNetworkPolicy x: spec.selector: invalid selector \"app == 'a' "
        "&& &&\": unexpected '&': expected a label key, '!', '(', all(), global() or has()");
}

TEST_CASE("doNotTrack and preDNAT host endpoint policies are skipped with a warning", "[calico]") {
  const std::vector<std::string> d =
      Diagnostics(Gnp("host", "  selector: all()\n  doNotTrack: true\n  ingress:\n  - action: Deny"));
  REQUIRE(d.size() == 1);
  CHECK_THAT(d[0], Catch::Contains("spec.doNotTrack: a host endpoint policy, not modelled; the "
                                   "policy is skipped"));
  CheckPorts(With(Gnp("host", "  selector: all()\n  doNotTrack: true\n  ingress:\n  - action: Deny")),
             "a/client", "a/server", PortSet::All());
}

TEST_CASE("explain shows the Calico tier walk: tier, policy, order, rule, action and FILE:LINE",
          "[calico][explain]") {
  const CliResult result = RunCli({"explain", "--from", "shop/web", "--to", "shop/api", "-p",
                                   "8080", "examples/calico-tiered/"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::Contains("  tier security: GlobalNetworkPolicy security.quarantine order 10 "
                             "ingress rule 1: Pass all ports (examples/calico-tiered/policies.yaml:38:5)\n"
                             "  tier default: NetworkPolicy shop/api-from-web order unset ingress "
                             "rule 0: Allow TCP 8080 (examples/calico-tiered/policies.yaml:46:5)\n"));
  CHECK_THAT(result.out, Catch::Contains("Verdict: ALLOWED on TCP 8080"));
  const CliResult denied = RunCli({"explain", "--from", "shop/web-old", "--to", "shop/api", "-p",
                                   "8080", "examples/calico-tiered/"});
  CHECK_THAT(denied.out, Catch::Contains("ingress rule 0: Deny all ports"));
  CHECK_THAT(denied.out, Catch::Contains("Verdict: DENIED on TCP 8080"));
}

}  // namespace
}  // namespace netpol::testing
