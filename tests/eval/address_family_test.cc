// Address families: traffic between two endpoints uses a family both have,
// and ipBlocks (and cluster-scoped `networks`) of the other family do not
// match it. Every case asks the Evaluator and the class engine, which must
// agree.
#include <catch2/catch.hpp>
#include <string>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

// Namespace shop:
//   dual   app=dual   10.0.1.5, fd00::5   (dual-stack)
//   dual2  app=dual2  10.0.1.7, fd00::7   (dual-stack)
//   v4     app=v4     10.0.1.6            (IPv4 only)
//   v6     app=v6     fd00::9             (IPv6 only)
//   noip   app=noip   no known IP
constexpr const char* kPods = R"(apiVersion: v1
kind: Pod
metadata: {name: dual, namespace: shop, labels: {app: dual}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.5, podIPs: [{ip: 10.0.1.5}, {ip: "fd00::5"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: dual2, namespace: shop, labels: {app: dual2}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.7, podIPs: [{ip: 10.0.1.7}, {ip: "fd00::7"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: v4, namespace: shop, labels: {app: v4}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.6}
---
apiVersion: v1
kind: Pod
metadata: {name: v6, namespace: shop, labels: {app: v6}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: "fd00::9", podIPs: [{ip: "fd00::9"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: noip, namespace: shop, labels: {app: noip}}
spec: {containers: [{name: c, image: x}]}
)";

Cluster With(const std::string& documents = "") {
  return LoadOrFail(std::string(kPods) + documents);
}

// An ingress policy for the pod labelled app=`app`, admitting `peers`.
std::string IngressFrom(const std::string& app, const std::string& peers) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: in-" + app +
         ", namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: " + app +
         "}}\n  ingress:\n  - from: " + peers + "\n";
}

// An egress policy for the pod labelled app=`app`, reaching `peers`.
std::string EgressTo(const std::string& app, const std::string& peers) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out-" + app +
         ", namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: " + app +
         "}}\n  policyTypes: [Egress]\n  egress:\n  - to: " + peers + "\n";
}

// The class engine's node for "ns/name" or for the block holding an address.
NodeId NodeFor(const AllowGraph& graph, const std::string& id) {
  if (auto address = IpAddress::Parse(id)) {
    for (NodeId node : graph.NodeIds()) {
      const auto& block = graph.Node(node).block;
      if (!block) continue;
      for (const IpRange& range : block->ranges) {
        if (range.first <= *address && *address <= range.last) return node;
      }
    }
  }
  const std::optional<NodeId> node = graph.FindNode(id);
  INFO("node " << id);
  REQUIRE(node.has_value());
  return *node;
}

// Whether `from` reaches `to` at all; the Evaluator and the engine must agree.
bool Reaches(const Cluster& cluster, const std::string& from, const std::string& to,
             EvalOptions options = {}) {
  const PortSet evaluated = AllowedPorts(cluster, from, to, options);
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster, options), cluster);
  const PortSet engine = graph.PortsBetween(NodeFor(graph, from), NodeFor(graph, to));
  INFO(from << " -> " << to << ": evaluator " << evaluated.ToString() << ", engine "
            << engine.ToString());
  CHECK(evaluated == engine);
  return !evaluated.IsEmpty();
}

TEST_CASE("a dual-stack pod reaches an IPv6-only pod over IPv6: an IPv4 ipBlock does not match",
          "[eval][ip][family]") {
  const Cluster cluster = With(IngressFrom("v6", "[{ipBlock: {cidr: 10.0.0.0/16}}]"));
  CHECK_FALSE(Reaches(cluster, "shop/dual", "shop/v6"));
}

TEST_CASE("a dual-stack pod reaches an IPv6-only pod through an IPv6 ipBlock holding its IPv6 IP",
          "[eval][ip][family]") {
  const Cluster cluster = With(IngressFrom("v6", "[{ipBlock: {cidr: 'fd00::/120'}}]"));
  CHECK(Reaches(cluster, "shop/dual", "shop/v6"));
  const Cluster excepted =
      With(IngressFrom("v6", "[{ipBlock: {cidr: 'fd00::/120', except: ['fd00::5/128']}}]"));
  CHECK_FALSE(Reaches(excepted, "shop/dual", "shop/v6"));
}

TEST_CASE("an ipBlock matches an IPv4-only source only through its IPv4 address",
          "[eval][ip][family]") {
  // shop/dual admits IPv6 sources only: the IPv4-only pod talks to it over IPv4.
  const Cluster cluster = With(IngressFrom("dual", "[{ipBlock: {cidr: 'fd00::/8'}}]"));
  CHECK_FALSE(Reaches(cluster, "shop/v4", "shop/dual"));
  CHECK(Reaches(cluster, "shop/v6", "shop/dual"));
  CHECK(Reaches(cluster, "shop/dual2", "shop/dual"));
}

TEST_CASE("two dual-stack pods are matched by an ipBlock of either family", "[eval][ip][family]") {
  CHECK(Reaches(With(IngressFrom("dual", "[{ipBlock: {cidr: 10.0.1.7/32}}]")), "shop/dual2",
                "shop/dual"));
  CHECK(Reaches(With(IngressFrom("dual", "[{ipBlock: {cidr: 'fd00::7/128'}}]")), "shop/dual2",
                "shop/dual"));
}

TEST_CASE("an egress ipBlock matches the destination only through an IP of a family the source has",
          "[eval][ip][family]") {
  const Cluster v6_block = With(EgressTo("v4", "[{ipBlock: {cidr: 'fd00::/8'}}]"));
  CHECK_FALSE(Reaches(v6_block, "shop/v4", "shop/dual"));
  const Cluster v4_block = With(EgressTo("v4", "[{ipBlock: {cidr: 10.0.0.0/8}}]"));
  CHECK(Reaches(v4_block, "shop/v4", "shop/dual"));
  const Cluster from_v6 = With(EgressTo("v6", "[{ipBlock: {cidr: 10.0.0.0/8}}]"));
  CHECK_FALSE(Reaches(from_v6, "shop/v6", "shop/dual"));
}

TEST_CASE("an IPv4-only pod and an IPv6-only pod cannot reach each other, even without policies",
          "[eval][ip][family]") {
  const Cluster cluster = With();
  CHECK_FALSE(Reaches(cluster, "shop/v4", "shop/v6"));
  CHECK_FALSE(Reaches(cluster, "shop/v6", "shop/v4"));
  CHECK(Reaches(cluster, "shop/v4", "shop/dual"));
  CHECK(Reaches(cluster, "shop/v6", "shop/dual"));
  const Verdict verdict =
      Evaluator(cluster).Evaluate(EndpointFor(cluster, "shop/v4"), EndpointFor(cluster, "shop/v6"));
  CHECK(verdict.families.IsEmpty());
  CHECK(verdict.egress.allowed.IsAll());  // the sides still say what the policies allow
}

TEST_CASE("a pod without a known IP is taken to share a family with any peer",
          "[eval][ip][family]") {
  const Cluster cluster = With();
  for (const char* other : {"shop/v4", "shop/v6", "shop/dual"}) {
    CHECK(Reaches(cluster, "shop/noip", other));
    CHECK(Reaches(cluster, other, "shop/noip"));
  }
  // ... and is still matched by no ipBlock.
  const Cluster any = With(IngressFrom("v6", "[{ipBlock: {cidr: '::/0'}}, {ipBlock: {cidr: 0.0.0.0/0}}]"));
  CHECK_FALSE(Reaches(any, "shop/noip", "shop/v6"));
}

TEST_CASE("an external address has one family: pods without it cannot reach it",
          "[eval][ip][family]") {
  const Cluster cluster = With(EgressTo("dual", "[{ipBlock: {cidr: '2001:db8::/32'}}]"));
  CHECK_FALSE(Reaches(cluster, "shop/v4", "2001:db8::1"));
  CHECK_FALSE(Reaches(cluster, "2001:db8::1", "shop/v4"));
  CHECK(Reaches(cluster, "shop/v6", "2001:db8::1"));
  CHECK(Reaches(cluster, "shop/dual", "2001:db8::1"));
  CHECK(Reaches(cluster, "shop/noip", "2001:db8::1"));
  CHECK_FALSE(Reaches(cluster, "shop/v6", "198.51.100.1"));
  CHECK_FALSE(Reaches(cluster, "shop/dual", "198.51.100.1"));  // its egress allows IPv6 only
}

TEST_CASE("AdminNetworkPolicy networks peers see only IPs of a family both ends have",
          "[eval][ip][family][tiers]") {
  const std::string anp = R"(---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: no-v4-subnet}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: dual}}}}
  egress:
  - action: Deny
    to: [{networks: [10.0.1.0/24]}]
)";
  const Cluster cluster = With(anp);
  CHECK_FALSE(Reaches(cluster, "shop/dual", "shop/dual2"));  // IPv4 is usable: 10.0.1.7 denied
  CHECK_FALSE(Reaches(cluster, "shop/dual", "shop/v4"));
  CHECK(Reaches(cluster, "shop/dual", "shop/v6"));  // over IPv6, outside the denied network
}

TEST_CASE("with ip_blocks_match_pods=false families still decide whether two pods can talk",
          "[eval][ip][family]") {
  EvalOptions no_pods;
  no_pods.ip_blocks_match_pods = false;
  const Cluster cluster = With(IngressFrom("dual", "[{podSelector: {}}]"));
  CHECK_FALSE(Reaches(cluster, "shop/v4", "shop/v6", no_pods));
  CHECK(Reaches(cluster, "shop/v4", "shop/dual", no_pods));
}

TEST_CASE("pods that differ only in their address families are in different classes",
          "[engine][family]") {
  constexpr const char* kTwins = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: ns, labels: {app: x}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: ns, labels: {app: x}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: "fd00::1", podIPs: [{ip: "fd00::1"}]}
)";
  const Cluster cluster = LoadOrFail(kTwins);
  // Without any ipBlock the cells cannot tell them apart; the families do.
  for (bool ip_blocks_match_pods : {true, false}) {
    EvalOptions options;
    options.ip_blocks_match_pods = ip_blocks_match_pods;
    const ClassGraph classes = ComputeClassGraph(cluster, options);
    CHECK(classes.PodClassCount() == 2);
    // Each pod <-> the external block of its own family, both ways; a <-> b never.
    CHECK(classes.EndpointPairCount() == 4);
  }
}

TEST_CASE("FamilySet names and combines address families", "[model][ip][family]") {
  const FamilySet v4 = FamilySet::Of(IpFamily::kV4);
  const FamilySet v6 = FamilySet::Of(IpFamily::kV6);
  CHECK(v4.ToString() == "IPv4");
  CHECK(FamilySet::Both().ToString() == "IPv4 and IPv6");
  CHECK(v4.Intersect(v6).IsEmpty());
  CHECK(v4.Intersect(v6).ToString() == "no address family");
  CHECK(FamilySet::Both().Intersect(v6) == v6);
  CHECK(FamilySet::OfAddresses({*IpAddress::Parse("10.0.0.1"), *IpAddress::Parse("fd00::1")}) ==
        FamilySet::Both());
  CHECK(FamilySet::OfAddresses({}).IsEmpty());
}

}  // namespace
}  // namespace netpol::testing
