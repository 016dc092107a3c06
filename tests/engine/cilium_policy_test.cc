// cilium.io/v2 CiliumNetworkPolicy (CNP) and CiliumClusterwideNetworkPolicy
// (CCNP), one documented behaviour a case, checked on the class engine and
// on the Evaluator. Pods:
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

// A CNP in namespace `ns` whose spec is `spec` (indented by two spaces).
std::string Cnp(const std::string& name, const std::string& spec, const std::string& ns = "a") {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec + "\n---\n";
}

std::string Ccnp(const std::string& name, const std::string& spec) {
  return "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: " +
         name + "}\nspec:\n" + spec + "\n---\n";
}

PortSet Tcp(int first, int last) { return PortSet::Range(Protocol::kTCP, first, last); }

// Both engines agree on from -> to (pods only: the class graph names pods).
void CheckPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                const PortSet& expected) {
  INFO(from << " -> " << to << ", expected " << expected.ToString());
  CHECK(EnginePorts(cluster, from, to).ToString() == expected.ToString());
  CHECK(AllowedPorts(cluster, from, to).ToString() == expected.ToString());
}

void CheckEvaluator(const Cluster& cluster, const std::string& from, const std::string& to,
                    const PortSet& expected) {
  INFO(from << " -> " << to << ", expected " << expected.ToString());
  CHECK(AllowedPorts(cluster, from, to).ToString() == expected.ToString());
}

std::vector<std::string> Warnings(const std::string& text) {
  LoadResult result = LoadText(std::string(kTwoNamespacePods) + "\n---\n" + text, "test.yaml");
  std::vector<std::string> warnings;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kWarning) warnings.push_back(d.ToString());
  }
  return warnings;
}

const std::string kServerSelector = "  endpointSelector: {matchLabels: {app: server}}\n";

TEST_CASE("a CiliumNetworkPolicy endpointSelector selects pods of the policy's namespace only",
          "[cilium]") {
  // app: web lives in b; the policy is in a: it selects nothing.
  const Cluster c = With(Cnp("deny-web", "  endpointSelector: {matchLabels: {app: web}}\n"
                                         "  ingress:\n  - {}"));
  CheckPorts(c, "a/client", "b/web", PortSet::All());
  const Cluster d = With(Cnp("deny-server", kServerSelector + "  ingress:\n  - {}"));
  CheckPorts(d, "a/client", "a/server", PortSet());
}

TEST_CASE("an empty ingress rule puts the endpoint in default deny and allows nothing",
          "[cilium]") {
  const Cluster c = With(Cnp("deny", kServerSelector + "  ingress:\n  - {}"));
  CheckPorts(c, "a/client", "a/server", PortSet());
  CheckPorts(c, "b/other", "a/server", PortSet());
  CheckPorts(c, "a/server", "a/client", PortSet::All());  // egress untouched
}

TEST_CASE("an empty ingress list does not apply at ingress (no default deny)", "[cilium]") {
  const Cluster c = With(Cnp("none", kServerSelector + "  ingress: []"));
  CheckPorts(c, "a/client", "a/server", PortSet::All());
}

TEST_CASE("a CNP fromEndpoints selector without a namespace label selects the policy's namespace",
          "[cilium]") {
  const Cluster c = With(Cnp("same-ns", kServerSelector + "  ingress:\n  - fromEndpoints: [{}]"));
  CheckPorts(c, "a/client", "a/server", PortSet::All());
  CheckPorts(c, "b/other", "a/server", PortSet());
}

TEST_CASE("k8s:io.kubernetes.pod.namespace in a peer selects pods of that namespace",
          "[cilium]") {
  const Cluster c = With(Cnp(
      "from-b", kServerSelector +
                    "  ingress:\n  - fromEndpoints:\n    - matchLabels:\n"
                    "        k8s:io.kubernetes.pod.namespace: b\n        k8s:app: other"));
  CheckPorts(c, "b/other", "a/server", PortSet::All());
  CheckPorts(c, "b/web", "a/server", PortSet());
  CheckPorts(c, "a/client", "a/server", PortSet());
}

TEST_CASE("io.cilium.k8s.namespace.labels.* in a peer selects namespaces by their labels",
          "[cilium]") {
  const Cluster c = With(Cnp(
      "from-team-b", kServerSelector +
                         "  ingress:\n  - fromEndpoints:\n    - matchLabels:\n"
                         "        io.cilium.k8s.namespace.labels.team: b"));
  CheckPorts(c, "b/other", "a/server", PortSet::All());
  CheckPorts(c, "b/web", "a/server", PortSet::All());
  CheckPorts(c, "a/client", "a/server", PortSet());
}

TEST_CASE("a CiliumClusterwideNetworkPolicy selects matching pods of every namespace",
          "[cilium]") {
  const Cluster c = With(Ccnp("deny-all", "  endpointSelector: {}\n  ingress:\n  - {}"));
  CheckPorts(c, "a/client", "a/server", PortSet());
  CheckPorts(c, "a/client", "b/web", PortSet());
}

TEST_CASE("a CCNP endpointSelector namespace label limits its subjects to that namespace",
          "[cilium]") {
  const Cluster c = With(Ccnp(
      "deny-b", "  endpointSelector:\n    matchLabels: {io.kubernetes.pod.namespace: b}\n"
                "  ingress:\n  - {}"));
  CheckPorts(c, "a/client", "a/server", PortSet::All());
  CheckPorts(c, "a/client", "b/web", PortSet());
}

TEST_CASE("a CCNP fromEndpoints selector without a namespace label selects every namespace",
          "[cilium]") {
  const Cluster c = With(Ccnp("from-other", kServerSelector +
                                                "  ingress:\n  - fromEndpoints: "
                                                "[{matchLabels: {app: other}}]"));
  CheckPorts(c, "b/other", "a/server", PortSet::All());
  CheckPorts(c, "a/client", "a/server", PortSet());
}

TEST_CASE("fromEntities world matches addresses outside the cluster, never pods", "[cilium]") {
  const Cluster c = With(Cnp("world", kServerSelector + "  ingress:\n  - fromEntities: [world]"));
  CheckEvaluator(c, "203.0.113.5", "a/server", PortSet::All());
  CheckPorts(c, "a/client", "a/server", PortSet());
}

TEST_CASE("fromEntities cluster matches every pod and no outside address", "[cilium]") {
  const Cluster c =
      With(Cnp("cluster", kServerSelector + "  ingress:\n  - fromEntities: [cluster]"));
  CheckPorts(c, "b/other", "a/server", PortSet::All());
  CheckEvaluator(c, "203.0.113.5", "a/server", PortSet());
}

TEST_CASE("fromEntities all matches every pod and every outside address", "[cilium]") {
  const Cluster c = With(Cnp("all", kServerSelector + "  ingress:\n  - fromEntities: [all]"));
  CheckPorts(c, "b/other", "a/server", PortSet::All());
  CheckEvaluator(c, "203.0.113.5", "a/server", PortSet::All());
}

TEST_CASE("a CIDR peer matches addresses outside the cluster, not pods by their IP", "[cilium]") {
  const Cluster c =
      With(Cnp("cidr", kServerSelector + "  ingress:\n  - fromCIDR: [10.0.0.0/8]"));
  CheckEvaluator(c, "10.9.9.9", "a/server", PortSet::All());
  CheckPorts(c, "a/client", "a/server", PortSet());  // 10.0.1.10, matched by identity only
}

TEST_CASE("fromCIDRSet except carves addresses out of the block", "[cilium]") {
  const Cluster c = With(Cnp("cidr-set", kServerSelector +
                                             "  ingress:\n  - fromCIDRSet:\n"
                                             "    - {cidr: 10.0.0.0/8, except: [10.9.0.0/16]}"));
  CheckEvaluator(c, "10.8.0.1", "a/server", PortSet::All());
  CheckEvaluator(c, "10.9.0.1", "a/server", PortSet());
}

TEST_CASE("toPorts without a protocol opens the port on TCP, UDP and SCTP", "[cilium]") {
  const Cluster c = With(Cnp("any", kServerSelector +
                                        "  ingress:\n  - fromEndpoints: [{}]\n"
                                        "    toPorts: [{ports: [{port: \"80\"}]}]"));
  PortSet expected = Tcp(80, 80);
  expected.Add(Protocol::kUDP, 80, 80);
  expected.Add(Protocol::kSCTP, 80, 80);
  CheckPorts(c, "a/client", "a/server", expected);
}

TEST_CASE("toPorts endPort opens a range and a port name resolves on the destination",
          "[cilium]") {
  const Cluster c = With(Cnp("range", kServerSelector +
                                          "  ingress:\n  - fromEndpoints: [{}]\n"
                                          "    toPorts:\n    - ports:\n"
                                          "      - {port: \"8000\", endPort: 8080, protocol: TCP}\n"
                                          "      - {port: dns, protocol: UDP}"));
  PortSet expected = Tcp(8000, 8080);
  expected.Add(Protocol::kUDP, 53, 53);
  CheckPorts(c, "a/client", "a/server", expected);
}

TEST_CASE("a rule with toPorts only allows every peer on those ports", "[cilium]") {
  const Cluster c = With(Cnp("l4-only", kServerSelector +
                                            "  ingress:\n  - toPorts: [{ports: [{port: \"80\", "
                                            "protocol: TCP}]}]"));
  CheckPorts(c, "b/other", "a/server", Tcp(80, 80));
  CheckEvaluator(c, "203.0.113.5", "a/server", Tcp(80, 80));
}

TEST_CASE("allows of CiliumNetworkPolicies and NetworkPolicies selecting a pod are a union",
          "[cilium]") {
  const Cluster c =
      With(Cnp("cnp-80", kServerSelector +
                             "  ingress:\n  - fromEndpoints: [{}]\n"
                             "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]") +
           "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np-443, "
           "namespace: a}\nspec:\n  podSelector: {matchLabels: {app: server}}\n  ingress:\n"
           "  - ports: [{port: 443}]\n");
  PortSet expected = Tcp(80, 80);
  expected.Merge(Tcp(443, 443));
  CheckPorts(c, "a/client", "a/server", expected);
}

TEST_CASE("ingressDeny takes precedence over every allow, whatever its kind", "[cilium]") {
  const Cluster c =
      With(Cnp("deny-80", kServerSelector +
                              "  ingressDeny:\n  - fromEndpoints: [{}]\n"
                              "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]") +
           "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-all, "
           "namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n  - {}\n");
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80).Complement());
  CheckPorts(c, "b/other", "a/server", PortSet::All());  // not in the deny's namespace
}

TEST_CASE("a deny rule alone puts the endpoint in default deny", "[cilium]") {
  const Cluster c = With(Cnp("deny-other", kServerSelector +
                                               "  ingressDeny:\n  - fromEndpoints:\n"
                                               "    - {matchLabels: {app: nothing}}"));
  CheckPorts(c, "a/client", "a/server", PortSet());
}

TEST_CASE("egressDeny to a CIDR set denies its addresses but not the except", "[cilium]") {
  const Cluster c = With(Cnp("egress", "  endpointSelector: {matchLabels: {app: client}}\n"
                                       "  egress:\n  - toEntities: [world]\n"
                                       "  egressDeny:\n  - toCIDRSet:\n"
                                       "    - {cidr: 192.0.2.0/24, except: [192.0.2.128/25]}"));
  CheckEvaluator(c, "a/client", "192.0.2.1", PortSet());
  CheckEvaluator(c, "a/client", "192.0.2.200", PortSet::All());
  CheckEvaluator(c, "a/client", "198.51.100.1", PortSet::All());
}

TEST_CASE("enableDefaultDeny false adds allows without putting the endpoint in default deny",
          "[cilium]") {
  const std::string allow_80 =
      Cnp("allow-80", kServerSelector +
                          "  enableDefaultDeny: {ingress: false}\n"
                          "  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n"
                          "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]");
  CheckPorts(With(allow_80), "b/other", "a/server", PortSet::All());
  // Once another policy isolates the pod, its allows join the union.
  const Cluster c = With(allow_80 + Cnp("deny", kServerSelector + "  ingress:\n  - {}"));
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80));
  CheckPorts(c, "b/other", "a/server", PortSet());
}

TEST_CASE("specs holds several rules, each with its own endpointSelector", "[cilium]") {
  const std::string text =
      "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: two, namespace: a}\n"
      "specs:\n- endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - {}\n"
      "- endpointSelector: {matchLabels: {app: client}}\n  egress:\n  - {}\n";
  const Cluster c = With(text);
  CheckPorts(c, "b/other", "a/server", PortSet());
  CheckPorts(c, "a/client", "b/other", PortSet());
  CheckPorts(c, "b/other", "b/web", PortSet::All());
}

TEST_CASE("a host policy (nodeSelector) is skipped with a warning", "[cilium]") {
  const std::string text =
      Cnp("host", "  nodeSelector: {}\n  ingress:\n  - {}");
  CHECK(Warnings(text) ==
        std::vector<std::string>{"test.yaml:50:17: warning: CiliumNetworkPolicy a/host: "
                                 "spec.nodeSelector: host policy (nodeSelector) skipped: netpol "
                                 "does not model nodes"});
  CheckPorts(With(text), "a/client", "a/server", PortSet::All());
}

TEST_CASE("entities netpol does not model are reported and match nothing; toFQDNs allows only "
          "its FQDN endpoint",
          "[cilium]") {
  const std::string text =
      Cnp("egress", "  endpointSelector: {matchLabels: {app: client}}\n"
                    "  egress:\n  - toFQDNs: [{matchName: example.com}]\n"
                    "  - toEntities: [kube-apiserver]");
  CHECK(Warnings(text).size() == 1);  // kube-apiserver; toFQDNs is modelled
  CheckEvaluator(With(text), "a/client", "203.0.113.5", PortSet());
}

TEST_CASE("Cilium policies the API server rejects are input errors at FILE:LINE:COL",
          "[cilium]") {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {Cnp("none", "  description: nothing"),
       "test.yaml:50:3: error: CiliumNetworkPolicy a/none: spec: must specify "
       "exactly one of endpointSelector or nodeSelector"},
      {Cnp("entity", kServerSelector + "  ingress:\n  - fromEntities: [everything]"),
       "test.yaml:52:20: error: CiliumNetworkPolicy a/entity: spec.ingress[0].fromEntities[0]: "
       "unsupported value \"everything\": supported values: all, world, cluster, host, init, "
       "ingress, unmanaged, remote-node, health, none, kube-apiserver, world-ipv4, world-ipv6"},
      {Cnp("port", kServerSelector +
                       "  ingress:\n  - toPorts: [{ports: [{port: \"70000\"}]}]"),
       "test.yaml:52:31: error: CiliumNetworkPolicy a/port: spec.ingress[0].toPorts[0].ports[0]"
       ".port: must be 0-65535, got 70000"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(LoadErrors(std::string(kTwoNamespacePods) + "\n---\n" + c.text) == std::vector<std::string>{c.error});
  }
}

}  // namespace
}  // namespace netpol::testing
