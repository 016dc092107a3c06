// The class engine's per-port merge of the cluster-scoped tiers with the
// NetworkPolicy rows (netpol/class_engine.h, step 4), one documented rule a
// case, checked on the class engine and on the Evaluator. Pods:
//   a/client (app=client), a/server (app=server, http TCP 80, dns UDP 53),
//   b/other (app=other, 10.0.2.10), b/web (app=web, http TCP 8080).
#include <catch2/catch.hpp>

#include <string>

#include "netpol/netpol.h"
#include "test_support.h"
#include "engine/two_namespace_pods.h"

namespace netpol::testing {
namespace {

Cluster With(const std::string& policies) { return WithTwoNamespacePods(policies); }

std::string Anp(const std::string& name, int priority, const std::string& app,
                const std::string& rules) {
  return "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
         "metadata: {name: " + name + "}\nspec:\n  priority: " + std::to_string(priority) +
         "\n  subject:\n    pods:\n      namespaceSelector: {}\n      podSelector: {matchLabels: {app: " +
         app + "}}\n" + rules + "\n---\n";
}

std::string Banp(const std::string& subject, const std::string& rules) {
  return "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\n"
         "metadata: {name: default}\nspec:\n  subject: " + subject + "\n" + rules + "\n---\n";
}

// A NetworkPolicy of namespace a selecting app=`app`.
std::string NetworkPolicy(const std::string& name, const std::string& app, const std::string& spec) {
  return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name +
         ", namespace: a}\nspec:\n  podSelector: {matchLabels: {app: " + app + "}}\n" + spec +
         "\n---\n";
}

PortSet Tcp(int first, int last) { return PortSet::Range(Protocol::kTCP, first, last); }
PortSet AllBut(const PortSet& ports) { return ports.Complement(); }

void CheckPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                const PortSet& expected) {
  INFO(from << " -> " << to << ", expected " << expected.ToString());
  CHECK(EnginePorts(cluster, from, to).ToString() == expected.ToString());
  CHECK(AllowedPorts(cluster, from, to).ToString() == expected.ToString());
}

const char* kFromAll = "    from: [{namespaces: {}}]\n";
const char* kToAll = "    to: [{namespaces: {}}]\n";

TEST_CASE("an Admin-tier Pass on one port leaves the other ports to the Admin rules below it",
          "[engine][tiers]") {
  const std::string tiers =
      Anp("pass-80", 1, "server",
          std::string("  ingress:\n  - action: Pass\n") + kFromAll +
              "    ports: [{portNumber: {protocol: TCP, port: 80}}]") +
      Anp("deny", 2, "server", std::string("  ingress:\n  - action: Deny\n") + kFromAll);
  // TCP 80 passes to the NetworkPolicy tier (nothing isolates: allowed).
  CheckPorts(With(tiers), "a/client", "a/server", Tcp(80, 80));
  // ... where a default-deny NetworkPolicy decides it.
  CheckPorts(With(tiers + NetworkPolicy("deny", "server", "  policyTypes: [Ingress]")), "a/client",
             "a/server", PortSet());
}

TEST_CASE("an Admin-tier Allow admits its ports past NetworkPolicies that admit none of them",
          "[engine][tiers]") {
  const Cluster c =
      With(Anp("allow-80", 1, "server",
               std::string("  ingress:\n  - action: Allow\n") + kFromAll +
                   "    ports: [{portNumber: {protocol: TCP, port: 80}}]") +
           NetworkPolicy("deny", "server", "  policyTypes: [Ingress]"));
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80));
  CheckPorts(c, "b/other", "a/server", Tcp(80, 80));
}

TEST_CASE("an isolated pod's NetworkPolicies decide only the ports the Admin tier handed on",
          "[engine][tiers]") {
  const Cluster c =
      With(Anp("deny-80-90", 1, "server",
               std::string("  ingress:\n  - action: Deny\n") + kFromAll +
                   "    ports: [{portRange: {protocol: TCP, start: 80, end: 90}}]") +
           NetworkPolicy("allow-80-100", "server",
                         "  ingress: [{ports: [{port: 80, endPort: 100}]}]"));
  CheckPorts(c, "a/client", "a/server", Tcp(91, 100));
}

TEST_CASE("the Baseline tier decides only for pods no NetworkPolicy isolates",
          "[engine][tiers]") {
  const Cluster c =
      With(Banp("{namespaces: {}}", std::string("  ingress:\n  - action: Deny\n") + kFromAll) +
           NetworkPolicy("allow-80", "server", "  ingress: [{ports: [{port: 80}]}]"));
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80));  // isolated: its NetworkPolicy decides
  CheckPorts(c, "a/server", "a/client", PortSet());    // not isolated: the Baseline Deny
  CheckPorts(c, "a/server", "b/other", PortSet());
}

TEST_CASE("a Baseline-tier Pass leaves its ports to the default, later Baseline rules the rest",
          "[engine][tiers]") {
  const Cluster c = With(
      "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
      "metadata: {name: baseline}\nspec:\n  tier: Baseline\n  priority: 1\n"
      "  subject: {namespaces: {}}\n"
      "  ingress:\n  - action: Pass\n    from: [{namespaces: {}}]\n"
      "    protocols: [{tcp: {destinationPort: {number: 80}}}]\n"
      "  - action: Deny\n    from: [{namespaces: {}}]\n");
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80));
  CheckPorts(c, "b/web", "b/other", Tcp(80, 80));
}

TEST_CASE("one tier rule decides differently for peers its peers match and peers they do not",
          "[engine][tiers]") {
  const Cluster c = With(
      Anp("deny-b", 1, "server",
          "  ingress:\n  - action: Deny\n    from: [{namespaces: {matchLabels: {team: b}}}]") +
      Anp("allow-client", 2, "server",
          "  ingress:\n  - action: Allow\n    from:\n    - pods:\n        namespaceSelector: {}\n"
          "        podSelector: {matchLabels: {app: client}}\n"
          "    ports: [{portNumber: {protocol: TCP, port: 80}}]") +
      NetworkPolicy("deny", "server", "  policyTypes: [Ingress]"));
  CheckPorts(c, "a/client", "a/server", Tcp(80, 80));  // Allow-tier match, then the NetworkPolicy
  CheckPorts(c, "b/other", "a/server", PortSet());     // the Deny
  CheckPorts(c, "b/web", "a/server", PortSet());
}

TEST_CASE("an egress tier namedPort resolves on each destination's own container ports",
          "[engine][tiers]") {
  const Cluster c = With(Anp("deny-http", 1, "client",
                             std::string("  egress:\n  - action: Deny\n") + kToAll +
                                 "    ports: [{namedPort: http}]"));
  CheckPorts(c, "a/client", "a/server", AllBut(Tcp(80, 80)));
  CheckPorts(c, "a/client", "b/web", AllBut(Tcp(8080, 8080)));
  CheckPorts(c, "a/client", "b/other", PortSet::All());
}

TEST_CASE("a connection needs both sides: egress and ingress tier decisions intersect per port",
          "[engine][tiers]") {
  const Cluster c =
      With(Anp("client-out", 1, "client",
               std::string("  egress:\n  - action: Deny\n") + kToAll +
                   "    ports: [{portNumber: {protocol: TCP, port: 80}}]") +
           Anp("server-in", 2, "server",
               std::string("  ingress:\n  - action: Deny\n") + kFromAll +
                   "    ports: [{portRange: {protocol: TCP, start: 81, end: 65535}}]"));
  CheckPorts(c, "a/client", "a/server", AllBut(Tcp(80, 65535)));
  CheckPorts(c, "b/other", "a/server", AllBut(Tcp(81, 65535)));
  CheckPorts(c, "a/client", "b/other", AllBut(Tcp(80, 80)));
}

TEST_CASE("an Admin-tier networks Deny takes its addresses from an egress NetworkPolicy's allows",
          "[engine][tiers]") {
  const Cluster c =
      With(Anp("deny-b-net", 1, "client",
               "  egress:\n  - action: Deny\n    to: [{networks: [10.0.2.0/24]}]") +
           NetworkPolicy("allow-443", "client",
                         "  policyTypes: [Egress]\n  egress: [{ports: [{port: 443}]}]"));
  CheckPorts(c, "a/client", "b/other", PortSet());
  CheckPorts(c, "a/client", "b/web", PortSet());
  CheckPorts(c, "a/client", "a/server", Tcp(443, 443));
}

}  // namespace
}  // namespace netpol::testing
