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
    ids.push_back(graph.graph[r.vertex].id + "@" + std::to_string(r.hops));
  }
  return ids;
}

LoadResult Load(const std::string& dir) {
  return testing::LoadFilesOrFail(testing::SourceDir() + "/examples/" + dir,
                                  {"kube-dns.yaml", "namespace.yaml", "pods.yaml", "policies.yaml"});
}

TEST_CASE("a compromised frontend reaches the backend, and the database once fixed", "[graph][reach]") {
  const LoadResult demo = Load("netpol-demo");
  const Evaluator evaluator(demo.cluster);
  const AllowGraph graph = BuildAllowGraph(evaluator);
  const GraphVertex frontend = *graph.FindVertex("netpol-demo/frontend");
  CHECK(Ids(graph, ReachableFrom(graph, frontend)) ==
        std::vector<std::string>{"kube-system/coredns@1", "netpol-demo/backend@1", "0.0.0.0/0@2"});
  CHECK(Ids(graph, ReachableFrom(graph, frontend, 1)) ==
        std::vector<std::string>{"kube-system/coredns@1", "netpol-demo/backend@1"});

  const LoadResult fixed = Load("netpol-demo-fixed");
  const Evaluator fixed_evaluator(fixed.cluster);
  const AllowGraph fixed_graph = BuildAllowGraph(fixed_evaluator);
  const auto reached = ReachableFrom(fixed_graph, *fixed_graph.FindVertex("netpol-demo/frontend"));
  REQUIRE(reached.size() == 4);
  CHECK(fixed_graph.graph[reached[2].vertex].id == "netpol-demo/database");
  CHECK(reached[2].hops == 2);
  CHECK(reached[2].path.vertices ==
        std::vector<GraphVertex>{*fixed_graph.FindVertex("netpol-demo/frontend"),
                                 *fixed_graph.FindVertex("netpol-demo/backend"),
                                 *fixed_graph.FindVertex("netpol-demo/database")});
  CHECK(Ids(fixed_graph, ReachableTo(fixed_graph, *fixed_graph.FindVertex("netpol-demo/database"))) ==
        std::vector<std::string>{"netpol-demo/backend@1", "netpol-demo/frontend@2",
                                 "netpol-demo/external-client@3"});
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
  const Evaluator evaluator(cluster);
  const AllowGraph graph = BuildAllowGraph(evaluator);
  const GraphVertex a = *graph.FindVertex("x/a");
  const GraphVertex c = *graph.FindVertex("x/c");
  const auto paths = SimplePaths(graph, a, c, 10);
  std::vector<std::size_t> hops;
  for (const GraphPath& p : paths) hops.push_back(p.Hops());
  CHECK(hops == std::vector<std::size_t>{1, 2});  // a->c, a->b->c; not a->0.0.0.0/0->c
  CHECK(SimplePaths(graph, a, c, 1).size() == 1);
  CHECK(SimplePaths(graph, a, c, 10, 1).size() == 1);
  // From the internet, everything is one hop away.
  const auto from_internet = ReachableFrom(graph, *graph.FindVertex("0.0.0.0/0"));
  CHECK(Ids(graph, from_internet) == std::vector<std::string>{"x/a@1", "x/b@1", "x/c@1"});
}

TEST_CASE("VertexFor maps an address to the block containing it", "[graph][reach]") {
  const LoadResult demo = Load("netpol-demo");
  const Evaluator evaluator(demo.cluster);
  const AllowGraph graph = BuildAllowGraph(evaluator);
  auto v = VertexFor(graph, Endpoint::ForAddress(*IpAddress::Parse("8.8.8.8")), demo.cluster);
  REQUIRE(v);
  CHECK(graph.graph[*v].id == "0.0.0.0/0");
}

}  // namespace
}  // namespace netpol
