// Filtering results on classes gives what filtering the full pod-level
// results gives: the allow-graph, the pair counts, diffs and blast radii.
#include <set>
#include <tuple>

#include <catch2/catch.hpp>

#include "engine/random_cluster.h"
#include "netpol/netpol.h"

namespace netpol {
namespace {

using testing::Random;
using testing::RandomCluster;

// A random filter over `cluster`: namespaces, a selector, focus pods and
// focus address ranges, each part present or not.
EndpointFilter RandomFilter(Random& rng, const Cluster& cluster) {
  std::vector<std::string> namespaces;
  if (rng.Chance(40)) {
    for (int i = 1 + rng.Below(2); i > 0; --i) namespaces.push_back("ns" + std::to_string(rng.Below(4)));
  }
  std::string selector;
  if (rng.Chance(40)) {
    const std::vector<std::string> forms = {"{k}={v}", "{k}!={v}", "{k}", "!{k}", "{k} in ({v},c)",
                                            "{k} notin ({v})"};
    selector = rng.Pick(forms);
    const std::string key = rng.Pick(testing::kKeys);
    const std::string value = rng.Pick(testing::kValues);
    selector.replace(selector.find("{k}"), 3, key);
    if (auto at = selector.find("{v}"); at != std::string::npos) selector.replace(at, 3, value);
  }
  Result<EndpointFilter> made = EndpointFilter::Make(namespaces, selector);
  REQUIRE(made.ok());
  EndpointFilter filter = *made;
  if (rng.Chance(40) && !cluster.pods.empty()) {
    for (int i = 1 + rng.Below(3); i > 0; --i) {
      filter.AddFocusPod(cluster.pods[rng.Below(static_cast<int>(cluster.pods.size()))].Id());
    }
  }
  if (rng.Chance(20)) {
    const Cidr cidr = *Cidr::Parse(rng.Pick(testing::kCidrs));
    filter.AddFocusRange(cidr.Range());
  }
  return filter;
}

using EdgeKey = std::tuple<std::string, std::string, std::string>;

TEST_CASE("the allow-graph filtered on classes equals the full graph filtered pair by pair on "
          "random clusters",
          "[graph][filter][differential]") {
  constexpr std::uint32_t kClusters = 1500;
  for (std::uint32_t seed = 1; seed <= kClusters; ++seed) {
    Random rng(seed);
    const Cluster cluster = RandomCluster(rng);
    const EndpointFilter filter = RandomFilter(rng, cluster);
    const ClassGraph classes = ComputeClassGraph(cluster);
    const AllowGraph full = BuildAllowGraph(classes, cluster);
    const AllowGraph shown = BuildAllowGraph(classes, cluster, filter);

    std::set<EdgeKey> expected_edges;
    std::set<std::string> expected_nodes;
    std::set<std::string> expected_selected;
    for (NodeId v : full.NodeIds()) {
      if (SelectsNode(filter, full.Node(v), cluster)) {
        expected_nodes.insert(full.Node(v).id);
        expected_selected.insert(full.Node(v).id);
      }
    }
    for (const GraphEdge& e : full.Edges()) {
      const GraphNode& from = full.Node(e.from);
      const GraphNode& to = full.Node(e.to);
      if (!SelectsNode(filter, from, cluster) && !SelectsNode(filter, to, cluster)) continue;
      expected_edges.insert({from.id, to.id, e.ports.ToString()});
      expected_nodes.insert(from.id);
      expected_nodes.insert(to.id);
    }
    std::set<EdgeKey> got_edges;
    for (const GraphEdge& e : shown.Edges()) {
      got_edges.insert({shown.Node(e.from).id, shown.Node(e.to).id, e.ports.ToString()});
      // The CSR rows and the in-edge index agree with the edge list.
      REQUIRE(shown.PortsBetween(e.from, e.to) == e.ports);
    }
    std::set<std::string> got_nodes;
    std::set<std::string> got_selected;
    for (NodeId v : shown.NodeIds()) {
      got_nodes.insert(shown.Node(v).id);
      if (shown.Node(v).selected) got_selected.insert(shown.Node(v).id);
      REQUIRE(shown.FindNode(shown.Node(v).id) == v);
    }
    std::size_t in_edges = 0;
    for (NodeId v : shown.NodeIds()) in_edges += shown.InEdges(v).size();
    CAPTURE(seed, expected_selected, filter.HasFocus(), filter.RestrictsToPods());
    REQUIRE(in_edges == shown.EdgeCount());
    REQUIRE(got_edges == expected_edges);
    REQUIRE(got_nodes == expected_nodes);
    REQUIRE(got_selected == expected_selected);
    REQUIRE(CountShownPairs(classes, SelectClasses(classes, cluster, filter)) ==
            expected_edges.size());
    REQUIRE(SelectClasses(classes, cluster, filter).endpoints == expected_selected.size());
    REQUIRE(SelectsAnyEndpoint(filter, cluster) == !expected_selected.empty());
  }
  SUCCEED(kClusters << " clusters agree");
}

TEST_CASE("a filter that selects everything keeps the whole allow-graph", "[graph][filter]") {
  Random rng(7);
  const Cluster cluster = RandomCluster(rng);
  const ClassGraph classes = ComputeClassGraph(cluster);
  const AllowGraph full = BuildAllowGraph(classes, cluster);
  const AllowGraph shown = BuildAllowGraph(classes, cluster, EndpointFilter());
  REQUIRE(shown.NodeCount() == full.NodeCount());
  REQUIRE(shown.EdgeCount() == full.EdgeCount());
  CHECK(CountShownPairs(classes, SelectClasses(classes, cluster, EndpointFilter())) ==
        classes.EndpointPairCount());
}

TEST_CASE("a filtered diff keeps the connection changes with a selected end, pods selected on "
          "either side",
          "[graph][filter]") {
  auto pod = [](std::string ns, std::string name, Labels labels) {
    Pod p;
    p.namespace_name = std::move(ns);
    p.name = std::move(name);
    p.labels = std::move(labels);
    return p;
  };
  Cluster before;
  before.pods = {pod("a", "x", {{"app", "old"}}), pod("b", "y", {})};
  Cluster after;
  after.pods = {pod("a", "x", {{"app", "new"}}), pod("b", "y", {})};
  GraphDiff diff;
  diff.objects.push_back(ObjectChange{ChangeKind::kModified, "Pod", "a", "x", {}, {}});
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"a/x", "b/y"},
           {"b/y", "a/x"},
           {"b/y", "0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255"},
           {"10.0.0.0/8", "b/y"}}) {
    ConnectionChange change;
    change.from = from;
    change.to = to;
    diff.connections.push_back(change);
  }
  struct Case {
    std::vector<std::string> namespaces;
    std::string selector;
    std::vector<IpRange> focus;
    std::vector<std::string> expected;  // "from>to"
  };
  const IpRange one = {*IpAddress::Parse("10.1.1.1"), *IpAddress::Parse("10.1.1.1")};
  const IpRange eight = {*IpAddress::Parse("8.8.8.8"), *IpAddress::Parse("8.8.8.8")};
  const std::vector<Case> cases = {
      {{"a"}, "", {}, {"a/x>b/y", "b/y>a/x"}},
      {{}, "app=old", {}, {"a/x>b/y", "b/y>a/x"}},
      {{}, "app=new", {}, {"a/x>b/y", "b/y>a/x"}},
      {{}, "app=none", {}, {}},
      {{"b"}, "", {}, {"a/x>b/y", "b/y>a/x", "b/y>0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255",
                       "10.0.0.0/8>b/y"}},
      {{}, "", {one}, {"10.0.0.0/8>b/y"}},
      {{}, "", {eight}, {"b/y>0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255"}},
  };
  for (const Case& c : cases) {
    EndpointFilter filter = *EndpointFilter::Make(c.namespaces, c.selector);
    for (const IpRange& range : c.focus) filter.AddFocusRange(range);
    const GraphDiff kept = FilterGraphDiff(diff, filter, before, after);
    std::vector<std::string> got;
    for (const ConnectionChange& change : kept.connections) got.push_back(change.from + ">" + change.to);
    CAPTURE(c.namespaces, c.selector);
    CHECK(got == c.expected);
    CHECK(kept.objects.size() == 1);
  }
}

}  // namespace
}  // namespace netpol
