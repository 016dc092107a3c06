// The allow-graph's accessors (CSR storage, lookups, preconditions) and the
// promise that no public header needs Boost.
#include "netpol/allow_graph.h"


#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ranges>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

// x/b takes TCP 80 from x/a only; x/c is isolated both ways and may only
// open TCP 443 to 10.0.0.0/8 minus 10.1.0.0/16, which splits the external
// addresses into several blocks. z/d is not isolated.
constexpr const char* kCluster = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: x, labels: {app: c}}
---
apiVersion: v1
kind: Pod
metadata: {name: d, namespace: z, labels: {app: d}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b-from-a, namespace: x}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: a}}}]
    ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: c-to-ten, namespace: x}
spec:
  podSelector: {matchLabels: {app: c}}
  policyTypes: [Ingress, Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 443}]
)";

AllowGraph Build(const Cluster& cluster) {
  return BuildAllowGraph(ComputeClassGraph(cluster), cluster);
}

std::vector<std::pair<NodeId, NodeId>> Ends(const std::vector<GraphEdge>& edges) {
  std::vector<std::pair<NodeId, NodeId>> ends;
  for (const GraphEdge& e : edges) ends.emplace_back(e.from, e.to);
  return ends;
}

TEST_CASE("no public header includes a Boost header", "[graph][api]") {
  const std::filesystem::path dir =
      std::filesystem::path(testing::SourceDir()) / "lib" / "include" / "netpol";
  std::vector<std::string> scanned;
  std::vector<std::string> offending;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(".h") == std::string::npos) continue;
    scanned.push_back(name);
    std::ifstream in(entry.path());
    REQUIRE(in);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      const std::size_t hash = line.find_first_not_of(" \t");
      if (hash == std::string::npos || line[hash] != '#') continue;
      const std::size_t directive = line.find_first_not_of(" \t", hash + 1);
      if (directive == std::string::npos || line.compare(directive, 7, "include") != 0) continue;
      if (line.find("boost/") != std::string::npos || line.find("boost\\") != std::string::npos) {
        offending.push_back(name + ":" + std::to_string(number) + ": " + line);
      }
    }
  }
  // Not vacuous: the headers that used to include Boost.Graph are scanned.
  CHECK(std::count(scanned.begin(), scanned.end(), "allow_graph.h") == 1);
  CHECK(std::count(scanned.begin(), scanned.end(), "reachability.h") == 1);
  CHECK(std::count(scanned.begin(), scanned.end(), "netpol.h") == 1);
  CHECK(offending == std::vector<std::string>{});
}

TEST_CASE("AllowGraph nodes are the pods in PodId order, then the external blocks",
          "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  const std::vector<ExternalBlock> blocks = PartitionExternalAddresses(cluster);
  REQUIRE(blocks.size() > 1);
  REQUIRE(graph.NodeCount() == cluster.pods.size() + blocks.size());
  std::vector<std::string> ids;
  for (NodeId n : graph.NodeIds()) ids.push_back(graph.Node(n).id);
  std::vector<std::string> expected;
  for (const Pod& pod : cluster.pods) expected.push_back(pod.Id());
  for (const ExternalBlock& block : blocks) expected.push_back(block.Id());
  CHECK(ids == expected);
  for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
    const GraphNode& node = graph.Node(NodeId{static_cast<std::uint32_t>(pod)});
    CHECK(node.kind == NodeKind::kPod);
    CHECK(node.endpoint.pod == pod);
  }
  const GraphNode& first_block = graph.Node(NodeId{static_cast<std::uint32_t>(cluster.pods.size())});
  CHECK(first_block.kind == NodeKind::kIpBlock);
  CHECK(first_block.block == blocks.front());
}

TEST_CASE("AllowGraph FindNode finds every node by id and nothing else", "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  for (NodeId n : graph.NodeIds()) CHECK(graph.FindNode(graph.Node(n).id) == n);
  CHECK(graph.FindNode("x/nope") == std::nullopt);
  CHECK(graph.FindNode("") == std::nullopt);
  CHECK(graph.FindNode("x/a ") == std::nullopt);
  CHECK(AllowGraph().FindNode("x/a") == std::nullopt);
}

TEST_CASE("AllowGraph out-edges leave their node and are sorted by target", "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  for (NodeId n : graph.NodeIds()) {
    INFO(graph.Node(n).id);
    const auto out = graph.OutEdges(n);
    for (std::size_t i = 0; i < out.size(); ++i) {
      CHECK(out[i].from == n);
      CHECK(out[i].to != n);
      CHECK_FALSE(out[i].ports.IsEmpty());
      if (i > 0) CHECK(out[i - 1].to < out[i].to);
    }
  }
  // x/c may only open 443 to its blocks; x/b has no edge from x/c.
  const NodeId c = *graph.FindNode("x/c");
  for (const GraphEdge& e : graph.OutEdges(c)) {
    CHECK(graph.Node(e.to).kind == NodeKind::kIpBlock);
    CHECK(e.ports == PortSet::Single(Protocol::kTCP, 443));
  }
  CHECK_FALSE(graph.OutEdges(c).empty());
}

TEST_CASE("AllowGraph in-edges list exactly the out-edges that end at the node", "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  std::size_t in_total = 0;
  for (NodeId n : graph.NodeIds()) {
    INFO(graph.Node(n).id);
    std::vector<GraphEdge> expected;
    for (NodeId m : graph.NodeIds()) {
      for (const GraphEdge& e : graph.OutEdges(m)) {
        if (e.to == n) expected.push_back(e);
      }
    }
    const AllowGraph::InEdgeRange in = graph.InEdges(n);
    const std::vector<GraphEdge> actual(in.begin(), in.end());
    CHECK(Ends(actual) == Ends(expected));  // in source order, as collected above
    for (std::size_t i = 0; i < actual.size(); ++i) CHECK(actual[i].ports == expected[i].ports);
    CHECK(in.size() == expected.size());
    CHECK(in.empty() == expected.empty());
    in_total += in.size();
  }
  CHECK(in_total == graph.EdgeCount());
  // x/c is isolated for ingress with no rule: nothing reaches it.
  CHECK(graph.InEdges(*graph.FindNode("x/c")).empty());
}

// The ranges' iterators are C++20 forward iterators without naming a tag
// (allow_graph.h needs no <iterator>): std::ranges algorithms and the
// iterator-pair constructors of the containers take them.
static_assert(std::forward_iterator<AllowGraph::NodeIdRange::Iterator>);
static_assert(std::forward_iterator<AllowGraph::InEdgeRange::Iterator>);
static_assert(std::ranges::forward_range<AllowGraph::NodeIdRange>);
static_assert(std::ranges::forward_range<AllowGraph::InEdgeRange>);

TEST_CASE("AllowGraph's ranges work with std algorithms and std::ranges", "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  const AllowGraph::NodeIdRange ids = graph.NodeIds();
  CHECK(static_cast<std::size_t>(std::distance(ids.begin(), ids.end())) == graph.NodeCount());
  CHECK(std::ranges::count_if(ids, [](NodeId) { return true; }) ==
        static_cast<std::ptrdiff_t>(graph.NodeCount()));
  std::size_t in_total = 0;
  for (NodeId n : ids) {
    const AllowGraph::InEdgeRange in = graph.InEdges(n);
    in_total += static_cast<std::size_t>(std::distance(in.begin(), in.end()));
    CHECK(std::ranges::all_of(in, [n](const GraphEdge& e) { return e.to == n; }));
  }
  CHECK(in_total == graph.EdgeCount());
}

TEST_CASE("AllowGraph EdgeCount equals the sum of out-degrees and the edge list's size",
          "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  std::size_t out_total = 0;
  std::vector<GraphEdge> rows;
  for (NodeId n : graph.NodeIds()) {
    out_total += graph.OutEdges(n).size();
    for (const GraphEdge& e : graph.OutEdges(n)) rows.push_back(e);
  }
  CHECK(graph.EdgeCount() == out_total);
  CHECK(graph.Edges().size() == graph.EdgeCount());
  // Edges() is the rows one after another: sorted by (from, to).
  CHECK(Ends(std::vector<GraphEdge>(graph.Edges().begin(), graph.Edges().end())) == Ends(rows));
  CHECK(graph.EdgeCount() == ComputeClassGraph(cluster).EndpointPairCount());
  CHECK(AllowGraph().EdgeCount() == 0);
  CHECK(AllowGraph().NodeCount() == 0);
}

TEST_CASE("AllowGraph PortsBetween is the edge's ports, and empty without an edge",
          "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  const NodeId a = *graph.FindNode("x/a");
  const NodeId b = *graph.FindNode("x/b");
  const NodeId c = *graph.FindNode("x/c");
  const NodeId d = *graph.FindNode("z/d");
  CHECK(graph.PortsBetween(a, b) == PortSet::Single(Protocol::kTCP, 80));
  CHECK(graph.PortsBetween(d, b).IsEmpty());  // not a's label
  CHECK(graph.PortsBetween(c, b).IsEmpty());  // c's egress is only to 10/8
  CHECK(graph.PortsBetween(a, c).IsEmpty());  // c's ingress is closed
  CHECK(graph.PortsBetween(a, a).IsEmpty());  // never a self edge
  CHECK(graph.PortsBetween(a, d).IsAll());
  for (const GraphEdge& e : graph.Edges()) CHECK(graph.PortsBetween(e.from, e.to) == e.ports);
}

TEST_CASE("AllowGraph accessors abort with a message on a node id out of range",
          "[graph][api]") {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  const AllowGraph graph = Build(cluster);
  const std::string range =
      "out of range (the graph has " + std::to_string(graph.NodeCount()) + " nodes)";
  static constexpr NodeId kBad{1000};
  const std::vector<std::tuple<std::string, void (*)(const AllowGraph&)>> calls = {
      {"Node", [](const AllowGraph& g) { g.Node(kBad); }},
      {"OutEdges", [](const AllowGraph& g) { g.OutEdges(kBad); }},
      {"InEdges", [](const AllowGraph& g) { g.InEdges(kBad); }},
      {"PortsBetween", [](const AllowGraph& g) { g.PortsBetween(NodeId{0}, kBad); }},
  };
  for (const auto& [accessor, call] : calls) {
    INFO(accessor);
    const auto [aborted, err] = testing::RunInChild([&] { call(graph); });
    CHECK(aborted);
    CHECK(err == "netpol: AllowGraph::" + accessor + ": node 1000 " + range + "\n");
  }
}

}  // namespace
}  // namespace netpol
