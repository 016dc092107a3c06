// The tier rules of AdminNetworkPolicy, BaselineAdminNetworkPolicy and
// ClusterNetworkPolicy, one small case each, on a fixed set of pods:
//   a/client (app=client), a/server (app=server, port http TCP 80,
//   dns UDP 53), b/other (app=other, 10.0.2.10), a/host (hostNetwork).
#include <catch2/catch.hpp>
#include <string>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

const char* kPods = R"(
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: a, labels: {app: client}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: a, labels: {app: server}}
spec:
  containers:
  - name: s
    image: x
    ports:
    - {name: http, containerPort: 80}
    - {name: dns, containerPort: 53, protocol: UDP}
status: {podIP: 10.0.1.11}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: b, labels: {app: other}}
spec: {containers: [{name: o, image: x}]}
status: {podIP: 10.0.2.10}
---
apiVersion: v1
kind: Pod
metadata: {name: host, namespace: a, labels: {app: host}}
spec: {hostNetwork: true, containers: [{name: h, image: x}]}
status: {podIP: 192.168.0.5}
)";

Cluster With(const std::string& policies) { return LoadOrFail(std::string(kPods) + "\n---\n" + policies); }

std::string Anp(const std::string& name, int priority, const std::string& body) {
  return "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: " +
         name + "}\nspec:\n  priority: " + std::to_string(priority) + "\n" + body + "\n---\n";
}

std::string Banp(const std::string& body) {
  return "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\n"
         "metadata: {name: default}\nspec:\n" + body + "\n---\n";
}

std::string Cnp(const std::string& name, const std::string& tier, int priority,
                const std::string& body) {
  return "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: " +
         name + "}\nspec:\n  tier: " + tier + "\n  priority: " + std::to_string(priority) + "\n" +
         body + "\n---\n";
}

const char* kServerSubject = "  subject:\n    pods:\n      namespaceSelector: {}\n      podSelector: {matchLabels: {app: server}}\n";
const char* kClientSubject = "  subject:\n    pods:\n      namespaceSelector: {}\n      podSelector: {matchLabels: {app: client}}\n";

std::string IngressFromAll(const std::string& action, const std::string& ports = "") {
  return std::string("  ingress:\n  - action: ") + action + "\n    from:\n    - namespaces: {}\n" + ports;
}

TEST_CASE("without cluster-scoped policies nothing changes: not isolated allows all") {
  const Cluster c = With("");
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
}

TEST_CASE("ANP Deny drops matching ingress even where nothing else isolates") {
  const Cluster c = With(Anp("deny", 10, std::string(kServerSubject) + IngressFromAll("Deny")));
  CHECK(AllowedPorts(c, "a/client", "a/server").IsEmpty());
  CHECK(AllowedPorts(c, "a/server", "a/client").IsAll());  // only the subject's ingress
}

TEST_CASE("ANP Allow overrides a NetworkPolicy default-deny") {
  const Cluster c = With(Anp("allow", 10, std::string(kServerSubject) + IngressFromAll("Allow")) + R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}
)");
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
  CHECK(AllowedPorts(c, "a/server", "a/client").IsEmpty());
}

TEST_CASE("ANP Deny overrides a NetworkPolicy allow") {
  const Cluster c = With(Anp("deny", 10, std::string(kServerSubject) + IngressFromAll("Deny")) + R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: a}
spec: {podSelector: {}, ingress: [{}]}
)");
  CHECK(AllowedPorts(c, "a/client", "a/server").IsEmpty());
}

TEST_CASE("ANP Pass hands the decision to the NetworkPolicy tier") {
  const std::string pass = Anp("pass", 10, std::string(kServerSubject) + IngressFromAll("Pass"));
  SECTION("no NetworkPolicy and no BANP: allowed") {
    CHECK(AllowedPorts(With(pass), "a/client", "a/server").IsAll());
  }
  SECTION("a NetworkPolicy default-deny decides: denied") {
    const Cluster c = With(pass + R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}
)");
    CHECK(AllowedPorts(c, "a/client", "a/server").IsEmpty());
  }
  SECTION("a Pass skips lower-priority Admin rules") {
    const Cluster c = With(pass + Anp("deny", 20, std::string(kServerSubject) + IngressFromAll("Deny")));
    CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
  }
}

TEST_CASE("lower priority number is evaluated first") {
  const std::string allow = std::string(kServerSubject) + IngressFromAll("Allow");
  const std::string deny = std::string(kServerSubject) + IngressFromAll("Deny");
  CHECK(AllowedPorts(With(Anp("one", 5, allow) + Anp("two", 6, deny)), "a/client", "a/server").IsAll());
  CHECK(AllowedPorts(With(Anp("one", 6, allow) + Anp("two", 5, deny)), "a/client", "a/server").IsEmpty());
}

TEST_CASE("rules within one ANP apply in the order written") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Allow
    from: [{namespaces: {}}]
    ports: [{portNumber: {protocol: TCP, port: 80}}]
  - action: Deny
    from: [{namespaces: {}}])";
  const PortSet ports = AllowedPorts(With(Anp("x", 1, body)), "a/client", "a/server");
  CHECK(ports == PortSet::Single(Protocol::kTCP, 80));
}

TEST_CASE("first match is per port: a Deny on one port leaves the others to later rules") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{portRange: {protocol: TCP, start: 80, end: 90}}]
  - action: Allow
    from: [{namespaces: {}}])";
  const PortSet ports = AllowedPorts(With(Anp("x", 1, body) + R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}
)"), "a/client", "a/server");
  CHECK_FALSE(ports.Contains(Protocol::kTCP, 80));
  CHECK_FALSE(ports.Contains(Protocol::kTCP, 90));
  CHECK(ports.Contains(Protocol::kTCP, 91));
  CHECK(ports.Contains(Protocol::kUDP, 80));
}

TEST_CASE("ANP namedPort matches the destination's container port by name, whatever its protocol") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{namedPort: dns}])";
  const PortSet ports = AllowedPorts(With(Anp("x", 1, body)), "a/client", "a/server");
  CHECK_FALSE(ports.Contains(Protocol::kUDP, 53));
  CHECK(ports.Contains(Protocol::kTCP, 53));
}

TEST_CASE("ANP egress networks peer matches external addresses and pod IPs in the CIDR") {
  const std::string body = std::string(kClientSubject) + R"(  egress:
  - action: Deny
    to: [{networks: [10.0.2.0/24, 203.0.113.0/24]}])";
  const Cluster c = With(Anp("x", 1, body));
  CHECK(AllowedPorts(c, "a/client", "b/other").IsEmpty());
  CHECK(AllowedPorts(c, "a/client", "203.0.113.7").IsEmpty());
  CHECK(AllowedPorts(c, "a/client", "198.51.100.1").IsAll());
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
  SECTION("and pod IPs only while ipBlocks match pods") {
    EvalOptions options;
    options.ip_blocks_match_pods = false;
    CHECK(AllowedPorts(c, "a/client", "b/other", options).IsAll());
  }
}

TEST_CASE("namespaces and pods peers never match external addresses") {
  const Cluster c = With(Anp("x", 1, std::string(kServerSubject) + IngressFromAll("Deny")));
  CHECK(AllowedPorts(c, "198.51.100.1", "a/server").IsAll());
}

TEST_CASE("pods peer needs both the namespace and the pod labels") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Deny
    from:
    - pods:
        namespaceSelector: {matchLabels: {team: b}}
        podSelector: {matchLabels: {app: client}})";
  const Cluster c = With(Anp("x", 1, body));
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());  // client is in a, not b
  CHECK(AllowedPorts(c, "b/other", "a/server").IsAll());   // other is not app=client
}

TEST_CASE("subject namespaces selects every pod of the matching namespaces") {
  const std::string body = R"(  subject:
    namespaces: {matchLabels: {team: b}}
)" + IngressFromAll("Deny");
  const Cluster c = With(Anp("x", 1, body));
  CHECK(AllowedPorts(c, "a/client", "b/other").IsEmpty());
  CHECK(AllowedPorts(c, "b/other", "a/client").IsAll());
}

TEST_CASE("hostNetwork pods are neither subjects nor namespace/pod peers") {
  const std::string subject_all = "  subject:\n    namespaces: {}\n";
  const Cluster c = With(Anp("x", 1, subject_all + IngressFromAll("Deny")));
  CHECK(AllowedPorts(c, "a/client", "a/host").IsAll());   // host is no subject
  CHECK(AllowedPorts(c, "a/host", "a/client").IsAll());   // host matches no peer
  CHECK(AllowedPorts(c, "b/other", "a/client").IsEmpty());
}

TEST_CASE("BANP applies only where no NetworkPolicy isolates the pod") {
  const std::string banp = Banp(std::string(kServerSubject) + IngressFromAll("Deny"));
  CHECK(AllowedPorts(With(banp), "a/client", "a/server").IsEmpty());
  const Cluster c = With(banp + R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client, namespace: a}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]
)");
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
  CHECK(AllowedPorts(c, "b/other", "a/server").IsEmpty());  // NetworkPolicy decides: no rule
}

TEST_CASE("BANP is isolated per direction: an egress NetworkPolicy does not shield ingress") {
  const std::string banp = Banp(std::string(kServerSubject) + IngressFromAll("Deny"));
  const Cluster c = With(banp + R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-only, namespace: a}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{}]}
)");
  CHECK(AllowedPorts(c, "a/client", "a/server").IsEmpty());
}

TEST_CASE("BANP Allow before Deny: the first matching rule wins") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Allow
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]
  - action: Deny
    from: [{namespaces: {}}])";
  const Cluster c = With(Banp(body));
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
  CHECK(AllowedPorts(c, "b/other", "a/server").IsEmpty());
}

TEST_CASE("ANP Pass with no NetworkPolicy falls through to the BANP") {
  const Cluster c = With(Anp("pass", 1, std::string(kServerSubject) + IngressFromAll("Pass")) +
                         Banp(std::string(kServerSubject) + IngressFromAll("Deny")));
  CHECK(AllowedPorts(c, "a/client", "a/server").IsEmpty());
}

TEST_CASE("both directions go through the tiers independently") {
  const std::string egress_deny = std::string(kClientSubject) + R"(  egress:
  - action: Deny
    to: [{namespaces: {}}])";
  const std::string ingress_allow = std::string(kServerSubject) + IngressFromAll("Allow");
  const Cluster c = With(Anp("a", 1, egress_deny) + Anp("b", 2, ingress_allow));
  CHECK(AllowedPorts(c, "a/client", "a/server").IsEmpty());  // the client's egress denies
  CHECK(AllowedPorts(c, "b/other", "a/server").IsAll());
}

TEST_CASE("an ANP without rules for a direction does not affect it") {
  const Cluster c = With(Anp("x", 1, std::string(kServerSubject) + IngressFromAll("Deny")));
  CHECK(AllowedPorts(c, "a/server", "b/other").IsAll());
}

TEST_CASE("CNP Admin tier Accept behaves as ANP Allow, Baseline tier as the BANP") {
  const std::string accept = std::string(kServerSubject) + R"(  ingress:
  - action: Accept
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]
    protocols: [{tcp: {destinationPort: {number: 80}}}])";
  const std::string deny = std::string(kServerSubject) + IngressFromAll("Deny");
  const Cluster c = With(Cnp("admin-accept", "Admin", 1, accept) + Cnp("base-deny", "Baseline", 1, deny));
  CHECK(AllowedPorts(c, "a/client", "a/server") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(AllowedPorts(c, "b/other", "a/server").IsEmpty());
}

TEST_CASE("CNP protocols: destinationPort numbers and ranges, per protocol") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols:
    - udp: {destinationPort: {range: {start: 1, end: 65535}}}
    - tcp: {destinationPort: {range: {start: 8000, end: 8080}}})";
  const PortSet ports = AllowedPorts(With(Cnp("x", "Admin", 1, body)), "a/client", "a/server");
  CHECK_FALSE(ports.Contains(Protocol::kUDP, 1));
  CHECK_FALSE(ports.Contains(Protocol::kTCP, 8080));
  CHECK(ports.Contains(Protocol::kTCP, 8081));
  CHECK(ports.Contains(Protocol::kSCTP, 8000));
}

TEST_CASE("CNP Pass in the Baseline tier goes to the default: allowed") {
  const std::string body = std::string(kServerSubject) + R"(  ingress:
  - action: Pass
    from: [{namespaces: {}}]
  - action: Deny
    from: [{namespaces: {}}])";
  CHECK(AllowedPorts(With(Cnp("x", "Baseline", 1, body)), "a/client", "a/server").IsAll());
}

TEST_CASE("every Admin-tier policy outranks every Baseline-tier one, whatever the priorities") {
  const std::string allow = std::string(kServerSubject) + IngressFromAll("Accept");
  const std::string deny = std::string(kServerSubject) + IngressFromAll("Deny");
  const Cluster c = With(Cnp("base", "Baseline", 0, deny) + Cnp("admin", "Admin", 1000, allow));
  CHECK(AllowedPorts(c, "a/client", "a/server").IsAll());
}

TEST_CASE("equal priorities: netpol evaluates by kind then name (the API leaves it undefined)") {
  const std::string allow = std::string(kServerSubject) + IngressFromAll("Allow");
  const std::string deny = std::string(kServerSubject) + IngressFromAll("Deny");
  CHECK(AllowedPorts(With(Anp("a-allow", 7, allow) + Anp("b-deny", 7, deny)), "a/client", "a/server").IsAll());
  CHECK(AllowedPorts(With(Anp("a-deny", 7, deny) + Anp("b-allow", 7, allow)), "a/client", "a/server").IsEmpty());
}

TEST_CASE("nodes and domainNames peers match nothing offline") {
  const std::string body = std::string(kClientSubject) + R"(  egress:
  - action: Deny
    to: [{nodes: {}}])";
  CHECK(AllowedPorts(With(Anp("x", 1, body)), "a/client", "a/server").IsAll());
}

TEST_CASE("the allow-graph (class engine) agrees with the evaluator on tiered clusters") {
  const Cluster c = With(Anp("pass", 1, std::string(kServerSubject) + IngressFromAll("Pass")) +
                         Anp("deny", 2, std::string(kClientSubject) +
                                            "  egress:\n  - action: Deny\n    to: [{networks: [10.0.2.0/24]}]\n") +
                         Banp(std::string(kServerSubject) + IngressFromAll("Deny")));
  const Evaluator evaluator(c);
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(c), c);
  std::size_t pairs = 0;
  for (NodeId from : graph.NodeIds()) {
    for (NodeId to : graph.NodeIds()) {
      if (from == to) continue;
      const GraphNode& a = graph.Node(from);
      const GraphNode& b = graph.Node(to);
      if (a.kind == NodeKind::kIpBlock && b.kind == NodeKind::kIpBlock) continue;
      INFO(a.id << " -> " << b.id);
      CHECK(graph.PortsBetween(from, to) == evaluator.Evaluate(a.endpoint, b.endpoint).allowed);
      ++pairs;
    }
  }
  CHECK(pairs > 12);
  // The cases the policies were written for.
  CHECK(AllowedPorts(c, "a/client", "b/other").IsEmpty());
  CHECK(AllowedPorts(c, "b/other", "a/server").IsEmpty());
  CHECK(AllowedPorts(c, "a/server", "b/other").IsAll());
}

}  // namespace
}  // namespace netpol::testing
