// Blast radius (BFS) and simple paths over the allow-graph.
#include "netpol/reachability.h"

#include <catch2/catch.hpp>

#include "conformance/conformance_support.h"
#include "test_support.h"

namespace netpol {
namespace {

std::vector<std::string> Ids(const AllowGraph& graph, const std::vector<Reached>& reached) {
  std::vector<std::string> ids;
  for (const Reached& r : reached) {
    ids.push_back(graph.Node(r.node).id + "@" + std::to_string(r.hops));
  }
  return ids;
}

AllowGraph Build(const Cluster& cluster) {
  return BuildAllowGraph(ComputeClassGraph(cluster), cluster);
}

LoadResult Load(const std::string& dir) {
  return testing::LoadExample(dir);
}

TEST_CASE("a compromised frontend reaches the backend, and the database once fixed", "[graph][reach]") {
  const LoadResult demo = Load("netpol-demo");
  const AllowGraph graph = Build(demo.cluster);
  const NodeId frontend = *graph.FindNode("netpol-demo/frontend");
  // allow-dns-egress has no `to`: port 53 towards every destination, the
  // internet included, is one hop away.
  CHECK(Ids(graph, ReachableFrom(graph, frontend)) ==
        std::vector<std::string>{"kube-system/kube-dns[Modelled]@1", "netpol-demo/backend@1",
                                 "0.0.0.0/0@1"});

  const LoadResult fixed = Load("netpol-demo-fixed");
  const AllowGraph fixed_graph = Build(fixed.cluster);
  const auto reached = ReachableFrom(fixed_graph, *fixed_graph.FindNode("netpol-demo/frontend"));
  REQUIRE(reached.size() == 4);
  CHECK(fixed_graph.Node(reached[3].node).id == "netpol-demo/database");
  CHECK(reached[3].hops == 2);
  CHECK(reached[3].path.nodes ==
        std::vector<NodeId>{*fixed_graph.FindNode("netpol-demo/frontend"),
                            *fixed_graph.FindNode("netpol-demo/backend"),
                            *fixed_graph.FindNode("netpol-demo/database")});
  // allow-frontend-ingress has no `from`: whatever can send to the frontend
  // on TCP 80 (the client, the DNS pod, the internet) is a step from the database.
  CHECK(Ids(fixed_graph, ReachableTo(fixed_graph, *fixed_graph.FindNode("netpol-demo/database"))) ==
        std::vector<std::string>{"netpol-demo/backend@1", "netpol-demo/frontend@2",
                                 "kube-system/kube-dns[Modelled]@3",
                                 "netpol-demo/external-client@3", "0.0.0.0/0@3"});
}

TEST_CASE("external blocks are endpoints, not stepping stones", "[graph][reach]") {
  // Nothing is isolated: everything reaches everything, but 0.0.0.0/0 never
  // appears in the middle of a path.
  const Cluster cluster = testing::LoadOrFail(R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: x}
)");
  const AllowGraph graph = Build(cluster);
  const NodeId a = *graph.FindNode("x/a");
  const NodeId c = *graph.FindNode("x/c");
  const auto paths = SimplePaths(graph, a, c, 10);
  std::vector<std::size_t> hops;
  for (const GraphPath& p : paths) hops.push_back(p.Hops());
  CHECK(hops == std::vector<std::size_t>{1, 2});  // a->c, a->b->c; not a->0.0.0.0/0->c
  CHECK(SimplePaths(graph, a, c, 1).size() == 1);
  CHECK(SimplePaths(graph, a, c, 10, 1).size() == 1);
  // From the internet, everything is one hop away.
  const auto from_internet = ReachableFrom(graph, *graph.FindNode("0.0.0.0/0"));
  CHECK(Ids(graph, from_internet) == std::vector<std::string>{"x/a@1", "x/b@1", "x/c@1"});
}

TEST_CASE("NodeFor maps an address to the block containing it", "[graph][reach]") {
  const LoadResult demo = Load("netpol-demo");
  const AllowGraph graph = Build(demo.cluster);
  auto v = NodeFor(graph, Endpoint::ForAddress(*IpAddress::Parse("8.8.8.8")), demo.cluster);
  REQUIRE(v);
  CHECK(graph.Node(*v).id == "0.0.0.0/0");
}

}  // namespace
}  // namespace netpol
