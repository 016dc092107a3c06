// Grouping the class graph into workloads, namespaces and classes: the
// all/some/none semantics, the workload rule, the order, and a differential
// test against the pod-level allow-graph on random clusters.
#include <map>
#include <tuple>

#include <catch2/catch.hpp>

#include "engine/random_cluster.h"
#include "test_support.h"

namespace netpol {
namespace {

// a: web (2 replicas as bare pods), db; b: client, other. In a, ingress is
// denied except to web from b's client on TCP 80.
constexpr const char* kCluster = R"(
apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: a, labels: {app.kubernetes.io/name: db, app: ignored}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: b, labels: {app: client}}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: b}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: a}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {team: b}}
      podSelector: {matchLabels: {app: client}}
    ports: [{port: 80}]
)";

AnalysisOptions NoDns() {
  AnalysisOptions options;
  options.dns.model_when_missing = false;
  return options;
}

struct Cell {
  std::string from;
  std::string to;
  std::string coverage;  // "all", "some", "none", "-" (no pair)
  std::uint64_t allowed;
  std::uint64_t pairs;
};

std::vector<std::string> Ids(const GroupGraph& graph) {
  std::vector<std::string> ids;
  for (const EndpointGroup& g : graph.groups) ids.push_back(g.id);
  return ids;
}

Cell CellOf(const GroupGraph& graph, const std::string& from, const std::string& to) {
  const std::vector<std::string> ids = Ids(graph);
  const auto f = static_cast<std::uint32_t>(std::find(ids.begin(), ids.end(), from) - ids.begin());
  const auto t = static_cast<std::uint32_t>(std::find(ids.begin(), ids.end(), to) - ids.begin());
  REQUIRE(f < ids.size());
  REQUIRE(t < ids.size());
  const GroupEdge* edge = graph.Find(f, t);
  const std::uint64_t pairs = graph.PairCount(f, t);
  const std::string coverage = pairs == 0 ? "-" : CoverageName(graph.CoverageBetween(f, t));
  return {from, to, coverage, edge ? edge->allowed : 0, pairs};
}

TEST_CASE("a group cell says whether all, some or none of its pod pairs are allowed", "[group]") {
  const Analysis analysis = Analysis::FromCluster(testing::LoadOrFail(kCluster),
                                                  NoDns());
  const GroupGraph ns = BuildGroupGraph(analysis.class_graph(), analysis.cluster(), GroupBy::kNamespace);
  const GroupGraph wl = BuildGroupGraph(analysis.class_graph(), analysis.cluster(), GroupBy::kWorkload);
  const GroupGraph on443 = BuildGroupGraph(analysis.class_graph(), analysis.cluster(),
                                           GroupBy::kNamespace, PortQuery{Protocol::kTCP, 443});
  const std::vector<std::tuple<const GroupGraph*, Cell>> table = {
      {&ns, {"b", "a", "some", 2, 6}},  // client -> web-1, web-2 of 2 x 3 pairs
      {&ns, {"a", "b", "all", 6, 6}},   // nothing restricts b's ingress or a's egress
      {&ns, {"a", "a", "none", 0, 6}},  // a denies ingress from itself
      {&ns, {"b", "b", "all", 2, 2}},
      {&wl, {"b/app=client", "a/app=web", "all", 2, 2}},
      {&wl, {"b/other", "a/app=web", "none", 0, 2}},
      {&wl, {"a/app=web", "a/app=web", "none", 0, 2}},
      {&wl, {"b/app=client", "b/app=client", "-", 0, 0}},  // one pod with itself
      {&wl, {"b/other", "b/app=client", "all", 1, 1}},
      {&on443, {"b", "a", "none", 0, 6}},  // web allows TCP 80 only
      {&on443, {"a", "b", "all", 6, 6}},
  };
  for (const auto& [graph, expected] : table) {
    INFO(GroupByName(graph->by) << " " << expected.from << " -> " << expected.to);
    const Cell got = CellOf(*graph, expected.from, expected.to);
    CHECK(got.coverage == expected.coverage);
    CHECK(got.allowed == expected.allowed);
    CHECK(got.pairs == expected.pairs);
  }
  // The ports of a "some" edge are those of the allowed pairs.
  CHECK(ns.Find(1, 0)->ports.ToString() == "TCP 80");
}

TEST_CASE("groups come in a deterministic order: namespace, then id, then external blocks",
          "[group]") {
  const Analysis analysis = Analysis::FromCluster(testing::LoadOrFail(kCluster),
                                                  NoDns());
  const ClassGraph& classes = analysis.class_graph();
  const Cluster& cluster = analysis.cluster();
  using V = std::vector<std::string>;
  CHECK(Ids(BuildGroupGraph(classes, cluster, GroupBy::kNamespace)) == V{"a", "b", "0.0.0.0/0"});
  CHECK(Ids(BuildGroupGraph(classes, cluster, GroupBy::kWorkload)) ==
        V{"a/app.kubernetes.io/name=db", "a/app=web", "b/app=client", "b/other", "0.0.0.0/0"});
  CHECK(Ids(BuildGroupGraph(classes, cluster, GroupBy::kPod)) ==
        V{"a/db", "a/web-1", "a/web-2", "b/client", "b/other", "0.0.0.0/0"});
  CHECK(Ids(BuildGroupGraph(classes, cluster, GroupBy::kClass)) ==
        V{"a/db", "a/web-1 +1", "b/client", "b/other", "0.0.0.0/0"});
  CHECK(CountPodGroups(classes, cluster, GroupBy::kWorkload) == 4);
  CHECK(CountPodGroups(classes, cluster, GroupBy::kNamespace) == 2);
  // Pods and the block fit in 6 nodes; workloads in 5; else namespaces.
  CHECK(ChooseDrawingLevel(classes, cluster, 6) == GroupBy::kPod);
  CHECK(ChooseDrawingLevel(classes, cluster, 5) == GroupBy::kWorkload);
  CHECK(ChooseDrawingLevel(classes, cluster, 4) == GroupBy::kNamespace);
  CHECK(ChooseDrawingLevel(classes, cluster, 1) == GroupBy::kNamespace);
}

TEST_CASE("a pod's workload is its workload, its owner, its app label or the pod", "[group]") {
  auto pod = [](std::string kind, std::string replica_of, std::optional<OwnerRef> owner, Labels labels) {
    Pod p;
    p.name = "p-1";
    p.namespace_name = "ns";
    p.kind = std::move(kind);
    p.replica_of = std::move(replica_of);
    p.owner = std::move(owner);
    p.labels = std::move(labels);
    return p;
  };
  const std::vector<std::pair<Pod, std::string>> table = {
      {pod("Deployment", "", std::nullopt, {{"app", "x"}}), "ns/p-1[Deployment]"},
      {pod("Pod", "ns/web[Deployment]", OwnerRef{"ReplicaSet", "web-5d"}, {{"app", "x"}}),
       "ns/web[Deployment]"},
      {pod("Pod", "", OwnerRef{"ReplicaSet", "web-5d"}, {{"app", "x"}}), "ns/web-5d[ReplicaSet]"},
      {pod("Pod", "", OwnerRef{"", "web"}, {}), "ns/web[Pod]"},
      {pod("Pod", "", std::nullopt, {{"app", "x"}, {"app.kubernetes.io/name", "y"}}),
       "ns/app.kubernetes.io/name=y"},
      {pod("Pod", "", std::nullopt, {{"app", "x"}, {"k8s-app", "z"}}), "ns/app=x"},
      {pod("Pod", "", std::nullopt, {{"k8s-app", "z"}}), "ns/k8s-app=z"},
      {pod("Pod", "", std::nullopt, {{"tier", "web"}}), "ns/p-1"},
  };
  for (const auto& [p, expected] : table) CHECK(WorkloadName(p) == expected);
}

TEST_CASE("the names of the --by levels parse and print the same", "[group]") {
  for (GroupBy by : {GroupBy::kPod, GroupBy::kWorkload, GroupBy::kClass, GroupBy::kNamespace}) {
    CHECK(ParseGroupBy(GroupByName(by)) == by);
  }
  CHECK_FALSE(ParseGroupBy("pods"));
  CHECK_FALSE(ParseGroupBy(""));
}

// Expands the pod-level allow-graph into the same group cells.
struct BruteCell {
  std::uint64_t allowed = 0;
  PortSet ports;
};

TEST_CASE("grouping the class graph agrees with grouping the pod pairs on random clusters",
          "[group][differential]") {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    testing::Random rng(seed);
    const Analysis analysis = Analysis::FromCluster(testing::RandomCluster(rng, seed % 3 == 0));
    const ClassGraph& classes = analysis.class_graph();
    const AllowGraph& pods = analysis.allow_graph();
    const std::optional<PortQuery> port =
        seed % 2 ? std::nullopt : std::optional<PortQuery>(PortQuery{Protocol::kTCP, 1001});
    for (GroupBy by : {GroupBy::kPod, GroupBy::kWorkload, GroupBy::kClass, GroupBy::kNamespace}) {
      INFO("seed " << seed << " by " << GroupByName(by));
      const GroupGraph graph = BuildGroupGraph(classes, analysis.cluster(), by, port);
      // Node -> group.
      std::vector<std::uint32_t> group_of(pods.NodeCount());
      std::uint64_t members = 0;
      for (std::uint32_t g = 0; g < graph.groups.size(); ++g) {
        const EndpointGroup& group = graph.groups[g];
        members += group.Size();
        if (group.external) {
          group_of[Index(*pods.FindNode(group.id))] = g;
        } else {
          for (PodId p : group.pods) group_of[p] = g;
        }
      }
      REQUIRE(members == pods.NodeCount());
      std::map<std::pair<std::uint32_t, std::uint32_t>, BruteCell> expected;
      for (const GraphEdge& e : pods.Edges()) {
        if (port && !e.ports.Contains(port->protocol, port->port)) continue;
        BruteCell& cell = expected[{group_of[Index(e.from)], group_of[Index(e.to)]}];
        ++cell.allowed;
        cell.ports.Merge(e.ports);
      }
      REQUIRE(graph.edges.size() == expected.size());
      for (const GroupEdge& e : graph.edges) {
        const auto it = expected.find({e.from, e.to});
        REQUIRE(it != expected.end());
        CHECK(e.allowed == it->second.allowed);
        CHECK(e.ports == it->second.ports);
        CHECK(e.pairs == graph.PairCount(e.from, e.to));
        CHECK(e.allowed <= e.pairs);
      }
    }
  }
}

}  // namespace
}  // namespace netpol
