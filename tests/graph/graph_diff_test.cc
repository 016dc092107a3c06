// DiffGraphs: changed connections and the object changes that caused them.
#include "netpol/graph_diff.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "conformance/conformance_support.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadOrFail;

const char* const kPods = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
)";

const char* const kDenyB = R"(
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec:
  podSelector: {matchLabels: {app: b}}
)";

const char* const kAllowAToB = R"(
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: x}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress: [{from: [{podSelector: {matchLabels: {app: a}}}], ports: [{port: 80}]}]
)";

LoadResult Example() {
  return testing::LoadExample("netpol-demo");
}

TEST_CASE("identical inputs from different files do not differ", "[graph][diff]") {
  const Cluster before = LoadOrFail(std::string(kPods) + kDenyB, "before.yaml");
  const Cluster after = LoadOrFail("\n\n" + std::string(kPods) + kDenyB, "after.yaml");
  const GraphDiff diff = DiffGraphs(before, after);
  CHECK(diff.Empty());
  CHECK(diff.objects.empty());
}

TEST_CASE("a new default deny newly denies, naming the policy and why", "[graph][diff]") {
  const Cluster before = LoadOrFail(kPods);
  const Cluster after = LoadOrFail(std::string(kPods) + kDenyB, "after.yaml");
  const GraphDiff diff = DiffGraphs(before, after);
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].Id() == "NetworkPolicy/x/deny");
  CHECK(diff.objects[0].change == ChangeKind::kAdded);
  CHECK(diff.objects[0].after_loc.file == "after.yaml");
  // x/a -> x/b and both external blocks... only pods and 0.0.0.0/0 -> x/b.
  REQUIRE(diff.connections.size() == 2);
  CHECK(diff.connections[0].from == "x/a");
  CHECK(diff.connections[0].to == "x/b");
  CHECK(diff.connections[0].kind == ConnectionChange::Kind::kNewlyDenied);
  CHECK(diff.connections[0].before == PortSet::All());
  CHECK(diff.connections[0].after.IsEmpty());
  REQUIRE(diff.connections[0].causes.size() == 1);
  CHECK(diff.connections[0].causes[0].object == 0);
  CHECK(diff.connections[0].causes[0].relation == "selects the destination for Ingress");
  CHECK(diff.connections[1].from == "0.0.0.0/0");
}

TEST_CASE("adding an allow is additive: only the allowed port changes", "[graph][diff]") {
  const Cluster before = LoadOrFail(std::string(kPods) + kDenyB);
  const Cluster after = AddObjects(before, LoadOrFail(kAllowAToB, "05-allow-egress-fixes.yaml"));
  const GraphDiff diff = DiffGraphs(before, after);
  REQUIRE(diff.connections.size() == 1);
  CHECK(diff.connections[0].kind == ConnectionChange::Kind::kNewlyAllowed);
  CHECK(diff.connections[0].after == PortSet::Single(Protocol::kTCP, 80));
  CHECK(diff.objects[diff.connections[0].causes[0].object].Id() == "NetworkPolicy/x/allow");
}

TEST_CASE("a modified policy changes the port set", "[graph][diff]") {
  const Cluster before = LoadOrFail(std::string(kPods) + kAllowAToB);
  std::string changed = std::string(kPods) + kAllowAToB;
  changed.replace(changed.find("{port: 80}"), 10, "{port: 80}, {port: 443}");
  const GraphDiff diff = DiffGraphs(before, LoadOrFail(changed));
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].change == ChangeKind::kModified);
  REQUIRE(diff.connections.size() == 1);
  CHECK(diff.connections[0].kind == ConnectionChange::Kind::kPortsChanged);
  CHECK(diff.connections[0].after.ToString() == "TCP 80,443");
}

TEST_CASE("an ipBlock added on one side splits the external blocks of both", "[graph][diff]") {
  const Cluster before = LoadOrFail(kPods);
  const Cluster after = LoadOrFail(std::string(kPods) + R"(
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ext, namespace: x}
spec:
  podSelector: {matchLabels: {app: a}}
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
)");
  const GraphDiff diff = DiffGraphs(before, after);
  std::vector<std::string> changed;
  for (const ConnectionChange& c : diff.connections) changed.push_back(c.from + " -> " + c.to);
  CHECK(changed == std::vector<std::string>{"x/b -> x/a",
                                            "0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255 -> x/a"});
}

TEST_CASE("the exercise's fix newly allows exactly the two missing connections", "[graph][diff]") {
  const LoadResult before = Example();
  const Cluster after = AddObjects(
      before.cluster,
      LoadOrFail(testing::ReadFileOrFail(testing::SourceDir() + "/examples/netpol-demo-fixed/05-allow-egress-fixes.yaml"),
                 "05-allow-egress-fixes.yaml"));
  const GraphDiff diff = DiffGraphs(before.cluster, after);
  REQUIRE(diff.connections.size() == 2);
  CHECK(diff.connections[0].from == "netpol-demo/backend");
  CHECK(diff.connections[0].to == "netpol-demo/database");
  CHECK(diff.connections[1].from == "netpol-demo/external-client");
  CHECK(diff.connections[1].to == "netpol-demo/frontend");
}

TEST_CASE("RemoveObject removes by KIND/NAMESPACE/NAME and says why not", "[graph][diff]") {
  Cluster cluster = Example().cluster;
  CHECK(RemoveObject(&cluster, "NetworkPolicy/netpol-demo/default-deny-egress").ok());
  CHECK_FALSE(cluster.FindPolicy("netpol-demo", "default-deny-egress"));
  const Status again = RemoveObject(&cluster, "NetworkPolicy/netpol-demo/default-deny-egress");
  CHECK(again.code() == StatusCode::kNotFound);
  CHECK(again.message() == "no NetworkPolicy netpol-demo/default-deny-egress in the input");
  CHECK(RemoveObject(&cluster, "Pod/netpol-demo/frontend").ok());
  const Status no_deployment = RemoveObject(&cluster, "Deployment/x/y");
  CHECK(no_deployment.code() == StatusCode::kNotFound);
  CHECK(no_deployment.message() == "no Deployment x/y in the input");
  const Status unknown_kind = RemoveObject(&cluster, "Frobnicator/x/y");
  CHECK(unknown_kind.code() == StatusCode::kInvalidArgument);
  CHECK(unknown_kind.message().starts_with(
      "expected NetworkPolicy/NAMESPACE/NAME, Pod/NAMESPACE/NAME, "));
  CHECK(unknown_kind.message().ends_with("got \"Frobnicator/x/y\""));
  // A namespaced kind needs NAMESPACE/NAME.
  const Status no_namespace = RemoveObject(&cluster, "netpol/x");
  CHECK(no_namespace.code() == StatusCode::kInvalidArgument);
  CHECK(no_namespace.message().ends_with("got \"netpol/x\""));
}

TEST_CASE("RemoveObject accepts kubectl's names and short names for the kind", "[graph][diff]") {
  for (const char* reference :
       {"netpol/netpol-demo/default-deny-egress", "networkpolicy/netpol-demo/default-deny-egress",
        "NetworkPolicies/netpol-demo/default-deny-egress",
        "networkpolicies.networking.k8s.io/netpol-demo/default-deny-egress"}) {
    CAPTURE(reference);
    Cluster cluster = Example().cluster;
    CHECK(RemoveObject(&cluster, reference).ok());
    CHECK_FALSE(cluster.FindPolicy("netpol-demo", "default-deny-egress"));
  }
  for (const char* reference : {"po/netpol-demo/frontend", "PODS/netpol-demo/frontend"}) {
    CAPTURE(reference);
    Cluster cluster = Example().cluster;
    CHECK(RemoveObject(&cluster, reference).ok());
    CHECK_FALSE(cluster.FindPod("netpol-demo", "frontend"));
  }
  Cluster cluster = Example().cluster;
  CHECK(RemoveObject(&cluster, "ns/netpol-demo").ok());
}

TEST_CASE("RemoveObject removes a workload by its kind, and only that kind", "[graph][diff]") {
  const std::string text = R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}}
)";
  for (const char* reference : {"deploy/shop/web", "Deployment/shop/web", "deployments.apps/shop/web"}) {
    CAPTURE(reference);
    Cluster cluster = testing::LoadOrFail(text);
    CHECK(RemoveObject(&cluster, reference).ok());
    CHECK_FALSE(cluster.FindPod("shop", "web"));
    CHECK(cluster.FindPod("shop", "db"));
  }
  Cluster cluster = testing::LoadOrFail(text);
  const Status wrong_kind = RemoveObject(&cluster, "sts/shop/web");
  CHECK(wrong_kind.code() == StatusCode::kNotFound);
  CHECK(wrong_kind.message() == "no StatefulSet shop/web in the input");
  CHECK(RemoveObject(&cluster, "STS/shop/db").ok());
  CHECK_FALSE(cluster.FindPod("shop", "db"));
}

Cluster TieredExample() {
  return testing::LoadFilesOrFail(testing::SourceDir() + "/examples/tiered",
                                  {"admin-policies.yaml", "cluster.yaml", "kube-dns.yaml",
                                   "restricted-policies.yaml", "shop-policies.yaml"})
      .cluster;
}

TEST_CASE("RemoveObject removes cluster-scoped policies by KIND/NAME", "[graph][diff]") {
  Cluster cluster = TieredExample();
  REQUIRE(cluster.cluster_policies.size() == 3);
  CHECK(RemoveObject(&cluster, "BaselineAdminNetworkPolicy/default").ok());
  CHECK(cluster.cluster_policies.size() == 2);
  const Status nope = RemoveObject(&cluster, "AdminNetworkPolicy/nope");
  CHECK(nope.code() == StatusCode::kNotFound);
  CHECK(nope.message() == "no AdminNetworkPolicy nope in the input");
  CHECK_FALSE(RemoveObject(&cluster, "ClusterNetworkPolicy/restricted-namespace").ok());
  CHECK(RemoveObject(&cluster, "anp/" + cluster.cluster_policies.front().name).ok());
  CHECK(cluster.cluster_policies.size() == 1);
}

// A CNP with both spec forms and a deny, a CCNP copied into two namespaces,
// and a NetworkPolicy sharing the CNP's name.
const char* const kCiliumObjects = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: w, labels: {app: b}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same, namespace: x}
spec: {podSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: same, namespace: x}
specs:
- endpointSelector: {}
  ingress: [{fromEntities: [cluster]}]
- endpointSelector: {}
  egressDeny: [{toEntities: [world]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: everywhere}
spec:
  endpointSelector: {}
  egress: [{toEntities: [cluster]}]
  ingressDeny: [{fromEntities: [world]}]
)";

std::size_t CountKind(const Cluster& cluster, PolicyKind kind) {
  return static_cast<std::size_t>(std::count_if(
      cluster.policies.begin(), cluster.policies.end(),
      [&](const NetworkPolicy& p) { return p.kind == kind; }));
}

TEST_CASE("RemoveObject removes a CiliumNetworkPolicy whole: every spec rule and its deny rules, "
          "not a NetworkPolicy of the same name",
          "[graph][diff][cilium]") {
  for (const char* reference : {"CiliumNetworkPolicy/x/same", "ciliumnp/x/same",
                                "ciliumnetworkpolicies.cilium.io/x/same"}) {
    CAPTURE(reference);
    Cluster cluster = LoadOrFail(kCiliumObjects);
    // One allow policy per `specs` rule (the second isolates for egress).
    REQUIRE(CountKind(cluster, PolicyKind::kCiliumNetworkPolicy) == 2);
    const Status removed = RemoveObject(&cluster, reference);
    INFO(removed.message());
    CHECK(removed.ok());
    CHECK(CountKind(cluster, PolicyKind::kCiliumNetworkPolicy) == 0);
    CHECK(CountKind(cluster, PolicyKind::kNetworkPolicy) == 1);
    CHECK(std::none_of(cluster.cluster_policies.begin(), cluster.cluster_policies.end(),
                       [](const ClusterPolicy& p) {
                         return p.kind == ClusterPolicyKind::kCiliumNetworkPolicy;
                       }));
    // The CCNP's deny stays.
    CHECK(cluster.cluster_policies.size() == 1);
  }
  Cluster cluster = LoadOrFail(kCiliumObjects);
  CHECK(RemoveObject(&cluster, "NetworkPolicy/x/same").ok());
  CHECK(CountKind(cluster, PolicyKind::kNetworkPolicy) == 0);
  CHECK(CountKind(cluster, PolicyKind::kCiliumNetworkPolicy) == 2);
  const Status missing = RemoveObject(&cluster, "CiliumNetworkPolicy/w/same");
  CHECK(missing.code() == StatusCode::kNotFound);
  CHECK(missing.message() ==
        "no CiliumNetworkPolicy w/same in the input (or none with a rule netpol models)");
}

TEST_CASE("RemoveObject removes a CiliumClusterwideNetworkPolicy from every namespace it was "
          "copied into, with its deny rules",
          "[graph][diff][cilium]") {
  Cluster cluster = LoadOrFail(kCiliumObjects);
  REQUIRE(CountKind(cluster, PolicyKind::kCiliumClusterwideNetworkPolicy) == 2);  // x and w
  CHECK(RemoveObject(&cluster, "ccnp/everywhere").ok());
  CHECK(CountKind(cluster, PolicyKind::kCiliumClusterwideNetworkPolicy) == 0);
  CHECK(cluster.clusterwide_policies.empty());
  CHECK(cluster.cluster_policies.size() == 1);  // the CNP's deny
  cluster.Finalize();  // nothing brings the copies back
  CHECK(CountKind(cluster, PolicyKind::kCiliumClusterwideNetworkPolicy) == 0);
  CHECK(RemoveObject(&cluster, "CiliumClusterwideNetworkPolicy/everywhere").code() ==
        StatusCode::kNotFound);
}

TEST_CASE("RemoveObject removes Calico policies by networkpolicies.projectcalico.org/NS/NAME "
          "and GlobalNetworkPolicy/NAME",
          "[graph][diff][calico]") {
  const std::string text = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec: {selector: all(), types: [Ingress]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: g}
spec: {selector: all(), types: [Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec: {podSelector: {}}
)";
  Cluster cluster = LoadOrFail(text);
  REQUIRE(cluster.calico_policies.size() == 2);
  CHECK(RemoveObject(&cluster, "networkpolicies.projectcalico.org/x/p").ok());
  CHECK(cluster.calico_policies.size() == 1);
  CHECK(cluster.FindPolicy("x", "p"));  // the Kubernetes one stays
  CHECK(RemoveObject(&cluster, "gnp/g").ok());
  CHECK(cluster.calico_policies.empty());
  const Status missing = RemoveObject(&cluster, "GlobalNetworkPolicy/g");
  CHECK(missing.code() == StatusCode::kNotFound);
  CHECK(missing.message() == "no GlobalNetworkPolicy (projectcalico.org) g in the input");
}

TEST_CASE("diff names a removed BANP as the cause of what it denied", "[graph][diff]") {
  const Cluster before = TieredExample();
  Cluster after = before;
  REQUIRE(RemoveObject(&after, "BaselineAdminNetworkPolicy/default").ok());
  const GraphDiff diff = DiffGraphs(before, after);
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].Id() == "BaselineAdminNetworkPolicy/default");
  CHECK(diff.objects[0].change == ChangeKind::kRemoved);
  REQUIRE_FALSE(diff.connections.empty());
  for (const ConnectionChange& change : diff.connections) {
    INFO(change.from << " -> " << change.to);
    CHECK(change.kind == ConnectionChange::Kind::kNewlyAllowed);
    CHECK(change.to == "monitoring/prometheus");
    REQUIRE(change.causes.size() == 1);
    CHECK(change.causes[0].relation == "selects the destination for Ingress (Baseline tier)");
  }
}

TEST_CASE("AddObjects replaces a cluster-scoped policy of the same kind and name", "[graph][diff]") {
  const Cluster before = TieredExample();
  const Cluster patch = LoadOrFail(R"(
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: pass-monitoring}
spec:
  priority: 20
  subject: {namespaces: {matchLabels: {team: shop}}}
  ingress:
  - {name: allow-scrapes, action: Allow, from: [{namespaces: {matchLabels: {team: monitoring}}}]}
)");
  const Cluster after = AddObjects(before, patch);
  CHECK(after.cluster_policies.size() == 3);
  const GraphDiff diff = DiffGraphs(before, after);
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].Id() == "AdminNetworkPolicy/pass-monitoring");
  CHECK(diff.objects[0].change == ChangeKind::kModified);
  // Allow decides in the Admin tier: the shop's NetworkPolicies no longer limit scrapes.
  bool api_opened = false;
  for (const ConnectionChange& change : diff.connections) {
    if (change.from == "monitoring/prometheus" && change.to == "shop/api") {
      api_opened = change.after.IsAll() && change.before == PortSet::Single(Protocol::kTCP, 9100);
    }
  }
  CHECK(api_opened);
}

}  // namespace
}  // namespace netpol
