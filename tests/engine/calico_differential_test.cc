// Differential test for Calico kinds: the class engine and the Evaluator
// against the naive Calico reference walk (engine/calico_reference.h) on
// seeded random clusters with Calico policies, Tiers and Kubernetes
// NetworkPolicies mixed, half of them also with AdminNetworkPolicies and a
// BaselineAdminNetworkPolicy in their Calico tiers, for every ordered pair of
// endpoints, every protocol and every port where some rule's answer may
// change.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "engine/calico_reference.h"
#include "engine/random_calico.h"
#include "engine/random_cluster.h"
#include "netpol/netpol.h"

namespace netpol {
namespace {

using testing::Random;

std::string FirstCalicoDisagreement(const Cluster& cluster, bool ip_blocks_match_pods) {
  EvalOptions options;
  options.ip_blocks_match_pods = ip_blocks_match_pods;
  const Evaluator evaluator(cluster, options);
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster, options), cluster);
  const std::vector<int> ports = testing::calico_reference::ProbePorts(cluster);
  for (NodeId from : graph.NodeIds()) {
    for (NodeId to : graph.NodeIds()) {
      const GraphNode& a = graph.Node(from);
      const GraphNode& b = graph.Node(to);
      if (from == to || (!a.endpoint.IsPod() && !b.endpoint.IsPod())) continue;
      const PortSet engine = graph.PortsBetween(from, to);
      const PortSet evaluated = evaluator.Evaluate(a.endpoint, b.endpoint).allowed;
      for (Protocol protocol : kAllProtocols) {
        for (int port : ports) {
          const bool expected = testing::calico_reference::Allows(
              cluster, a.endpoint, b.endpoint, protocol, port, ip_blocks_match_pods);
          if (engine.Contains(protocol, port) == expected &&
              evaluated.Contains(protocol, port) == expected) {
            continue;
          }
          std::ostringstream out;
          out << a.id << " -> " << b.id << " on " << ProtocolName(protocol) << " " << port
              << ": reference " << (expected ? "allows" : "denies") << ", engine "
              << engine.ToString() << ", evaluator " << evaluated.ToString();
          return out.str();
        }
      }
    }
  }
  return "";
}

TEST_CASE("class engine and evaluator agree with the naive Calico tier walk on random clusters",
          "[engine][differential][calico]") {
  // A seed range of its own, apart from the other differential tests'.
  constexpr std::uint32_t kFirstSeed = 2'000'001;
  constexpr std::uint32_t kClusters = 400;
  for (std::uint32_t seed = kFirstSeed; seed < kFirstSeed + kClusters; ++seed) {
    Random rng(seed);
    Cluster cluster = testing::RandomCluster(rng);
    testing::AddRandomCalicoPolicies(rng, cluster);
    for (bool ip_blocks_match_pods : {true, false}) {
      const std::string diff = FirstCalicoDisagreement(cluster, ip_blocks_match_pods);
      if (!diff.empty()) {
        FAIL("seed " << seed << " ip_blocks_match_pods=" << ip_blocks_match_pods << ": " << diff);
      }
    }
  }
  SUCCEED(kClusters << " Calico clusters agree");
}

}  // namespace
}  // namespace netpol
