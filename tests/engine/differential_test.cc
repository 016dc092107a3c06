// Differential test: the class engine (through BuildAllowGraph) against the
// plain reference evaluator and netpol::Evaluator, on thousands of seeded
// random clusters, for every ordered pair of endpoints and every port; then
// the same on clusters with cluster-scoped tiers (ANP, BANP, CNP).
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/random_cluster.h"
#include "engine/reference_evaluator.h"
#include "netpol/netpol.h"

namespace netpol {
namespace {

using testing::Random;
using testing::RandomCluster;

// Compares every ordered pair; returns the first disagreement, or "".
std::string FirstDisagreement(const Cluster& cluster, bool ip_blocks_match_pods) {
  EvalOptions options;
  options.ip_blocks_match_pods = ip_blocks_match_pods;
  const Evaluator evaluator(cluster, options);
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster, options), cluster);
  for (NodeId from : graph.NodeIds()) {
    for (NodeId to : graph.NodeIds()) {
      const GraphNode& a = graph.Node(from);
      const GraphNode& b = graph.Node(to);
      if (from == to || (!a.endpoint.IsPod() && !b.endpoint.IsPod())) continue;
      const PortSet expected =
          testing::ReferenceAllowedPorts(cluster, a.endpoint, b.endpoint, ip_blocks_match_pods);
      const PortSet engine = graph.PortsBetween(from, to);
      const PortSet evaluated = evaluator.Evaluate(a.endpoint, b.endpoint).allowed;
      if (engine != expected || evaluated != expected) {
        return a.id + " -> " + b.id + ": reference " + expected.ToString() + ", engine " +
               engine.ToString() + ", evaluator " + evaluated.ToString();
      }
    }
  }
  return "";
}

TEST_CASE("class engine agrees with the reference evaluator on random clusters",
          "[engine][differential]") {
  constexpr std::uint32_t kClusters = 3000;
  for (std::uint32_t seed = 1; seed <= kClusters; ++seed) {
    Random rng(seed);
    const Cluster cluster = RandomCluster(rng, /*tiered=*/false, /*cilium=*/true);
    for (bool ip_blocks_match_pods : {true, false}) {
      const std::string diff = FirstDisagreement(cluster, ip_blocks_match_pods);
      if (!diff.empty()) {
        FAIL("seed " << seed << " ip_blocks_match_pods=" << ip_blocks_match_pods << ": " << diff);
      }
    }
  }
  SUCCEED(kClusters << " clusters agree");
}

std::optional<std::pair<Protocol, int>> FirstPort(const PortSet& set) {
  for (Protocol p : kAllProtocols) {
    if (!set.Ranges(p).empty()) return std::make_pair(p, set.Ranges(p).front().first);
  }
  return std::nullopt;
}

PortSet Minus(const PortSet& a, const PortSet& b) { return a.Intersect(b.Complement()); }

// Compares every ordered pair of a tiered cluster; returns the first
// disagreement, naming the pair and a port, or "". Where the API leaves the
// order of equal-priority policies open, the library may answer either way.
std::string FirstTieredDisagreement(const Cluster& cluster, bool ip_blocks_match_pods) {
  EvalOptions options;
  options.ip_blocks_match_pods = ip_blocks_match_pods;
  // The API checks cluster traffic against `networks` peers whatever the
  // ipBlock setting; netpol's --no-ipblock-pods (ip_blocks_match_pods =
  // false) deliberately turns that off too (README, tiers section).
  testing::ReferenceOptions reference_options;
  reference_options.ip_blocks_match_pods = ip_blocks_match_pods;
  reference_options.networks_match_pods = ip_blocks_match_pods;
  const Evaluator evaluator(cluster, options);
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster, options), cluster);
  for (NodeId from : graph.NodeIds()) {
    for (NodeId to : graph.NodeIds()) {
      const GraphNode& a = graph.Node(from);
      const GraphNode& b = graph.Node(to);
      if (from == to || (!a.endpoint.IsPod() && !b.endpoint.IsPod())) continue;
      const testing::PossiblePorts expected =
          testing::ReferenceTieredPorts(cluster, a.endpoint, b.endpoint, reference_options);
      const PortSet engine = graph.PortsBetween(from, to);
      const PortSet evaluated = evaluator.Evaluate(a.endpoint, b.endpoint).allowed;
      std::optional<std::pair<Protocol, int>> port;
      std::string what;
      if (engine != evaluated) {
        port = FirstPort(Minus(engine, evaluated).Union(Minus(evaluated, engine)));
        what = "engine and evaluator differ";
      } else if ((port = FirstPort(Minus(expected.certain, evaluated)))) {
        what = "the reference allows it under every admissible order, the library denies it";
      } else if ((port = FirstPort(Minus(evaluated, expected.possible)))) {
        what = "the reference denies it under every admissible order, the library allows it";
      }
      if (!port) continue;
      auto says = [&](const PortSet& set) {
        return set.Contains(port->first, port->second) ? "allows" : "denies";
      };
      std::ostringstream out;
      out << a.id << " -> " << b.id << " on " << ProtocolName(port->first) << " " << port->second
          << ": " << what << " (engine " << says(engine) << ", evaluator " << says(evaluated)
          << "); reference certain " << expected.certain.ToString() << ", possible "
          << expected.possible.ToString() << ", engine " << engine.ToString() << ", evaluator "
          << evaluated.ToString();
      return out.str();
    }
  }
  return "";
}

TEST_CASE("class engine and evaluator agree with the reference evaluator on random tiered clusters",
          "[engine][differential][tiers]") {
  // A seed range of its own, apart from the untiered test's.
  constexpr std::uint32_t kFirstSeed = 1'000'001;
  constexpr std::uint32_t kClusters = 5000;
  for (std::uint32_t seed = kFirstSeed; seed < kFirstSeed + kClusters; ++seed) {
    Random rng(seed);
    const Cluster cluster = RandomCluster(rng, /*tiered=*/true, /*cilium=*/true);
    for (bool ip_blocks_match_pods : {true, false}) {
      const std::string diff = FirstTieredDisagreement(cluster, ip_blocks_match_pods);
      if (!diff.empty()) {
        FAIL("seed " << seed << " ip_blocks_match_pods=" << ip_blocks_match_pods << ": " << diff);
      }
    }
  }
  SUCCEED(kClusters << " tiered clusters agree");
}

TEST_CASE("two pods of one class reach each other, never themselves", "[engine]") {
  Cluster cluster;
  for (const char* name : {"a", "b"}) {
    Pod pod;
    pod.name = name;
    pod.namespace_name = "ns";
    pod.labels = {{"app", "x"}};
    cluster.pods.push_back(pod);
  }
  cluster.Finalize();
  const ClassGraph classes = ComputeClassGraph(cluster);
  REQUIRE(classes.PodClassCount() == 1);
  REQUIRE(classes.EndpointPairCount() == 2 + 2 * 2);  // a<->b, each pod <-> 0.0.0.0/0
  const AllowGraph graph = BuildAllowGraph(classes, cluster);
  CHECK(graph.EdgeCount() == classes.EndpointPairCount());
  CHECK(graph.PortsBetween(NodeId{0}, NodeId{0}).IsEmpty());
  CHECK(graph.PortsBetween(NodeId{0}, NodeId{1}).IsAll());
}

TEST_CASE("port sets are interned: equal sets share one id", "[engine]") {
  PortSetTable table;
  const PortSetId web = table.Intern(PortSet::Range(Protocol::kTCP, 80, 81));
  CHECK(table.Intern(PortSet::Single(Protocol::kTCP, 80).Union(PortSet::Single(Protocol::kTCP, 81))) ==
        web);
  CHECK(table.Intern(PortSet::All()) == PortSetTable::kAll);
  CHECK(table.Intersect(web, PortSetTable::kAll) == web);
  CHECK(table.Union(web, PortSetTable::kEmpty) == web);
  CHECK(table.Get(table.Intersect(web, table.Intern(PortSet::Single(Protocol::kTCP, 81)))) ==
        PortSet::Single(Protocol::kTCP, 81));
}

}  // namespace
}  // namespace netpol
