// Differential test: DiffGraphs on classes against the pod-pair diff it
// replaced (graph/pairwise_diff.h), on thousands of seeded random clusters
// and a mutated copy of each: the whole GraphDiff (objects, connections,
// their order, causes and their order) must be identical.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "engine/random_cluster.h"
#include "graph/class_diff.h"
#include "graph/pairwise_diff.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::Random;
using testing::RandomCluster;

NetworkPolicy RandomPolicy(Random& rng, const Cluster& cluster, std::string name) {
  NetworkPolicy policy;
  policy.name = std::move(name);
  policy.namespace_name = rng.Pick(cluster.namespaces).name;
  policy.pod_selector = testing::RandomSelector(rng);
  if (rng.Chance(30)) {
    policy.policy_types = std::vector<Direction>{Direction::kIngress, Direction::kEgress};
  }
  for (int r = rng.Below(3); r > 0; --r) policy.ingress.push_back(testing::RandomRule(rng));
  for (int r = rng.Below(3); r > 0; --r) policy.egress.push_back(testing::RandomRule(rng));
  return policy;
}

// The ipBlock peers of a cluster's policies.
std::vector<Peer*> IpBlockPeers(Cluster& cluster) {
  std::vector<Peer*> peers;
  for (NetworkPolicy& policy : cluster.policies) {
    for (auto* rules : {&policy.ingress, &policy.egress}) {
      for (Rule& rule : *rules) {
        for (Peer& peer : rule.peers) {
          if (peer.ip_block) peers.push_back(&peer);
        }
      }
    }
  }
  return peers;
}

// A random index into `items`.
template <typename T>
int AnyOf(Random& rng, const std::vector<T>& items) {
  return rng.Below(static_cast<int>(items.size()));
}

// Applies one random change to `cluster`; returns what it did.
std::string Mutate(Random& rng, Cluster& cluster) {
  switch (rng.Below(11)) {
    case 0:
      if (cluster.policies.empty()) break;
      cluster.policies.erase(cluster.policies.begin() + AnyOf(rng, cluster.policies));
      return "remove a policy";
    case 1:
      cluster.policies.push_back(
          RandomPolicy(rng, cluster, "new" + std::to_string(cluster.policies.size())));
      return "add a policy";
    case 2: {
      if (cluster.policies.empty()) break;
      NetworkPolicy& policy = cluster.policies[AnyOf(rng, cluster.policies)];
      if (rng.Chance(50)) {
        policy.pod_selector = testing::RandomSelector(rng);
      } else {
        (rng.Chance(50) ? policy.ingress : policy.egress).push_back(testing::RandomRule(rng));
      }
      return "modify a policy";
    }
    case 3:
      if (cluster.pods.empty()) break;
      cluster.pods[AnyOf(rng, cluster.pods)].labels = testing::RandomLabels(rng, 2);
      return "relabel a pod";
    case 4:
      cluster.namespaces[AnyOf(rng, cluster.namespaces)].labels = testing::RandomLabels(rng, 2);
      return "relabel a namespace";
    case 5: {
      if (cluster.pods.empty()) break;
      Pod pod = rng.Pick(cluster.pods);
      pod.name = "added" + std::to_string(cluster.pods.size());
      if (rng.Chance(50)) pod.labels = testing::RandomLabels(rng, 2);
      cluster.pods.push_back(std::move(pod));
      return "add a pod";
    }
    case 6:
      if (cluster.pods.empty()) break;
      cluster.pods.erase(cluster.pods.begin() + AnyOf(rng, cluster.pods));
      return "remove a pod";
    case 7: {
      std::vector<Peer*> peers = IpBlockPeers(cluster);
      if (peers.empty()) break;
      IpBlock& block = *rng.Pick(peers)->ip_block;
      block.cidr = *Cidr::Parse(rng.Pick(testing::kCidrs));
      block.except.clear();
      const Cidr except = *Cidr::Parse(rng.Pick(testing::kCidrs));
      if (block.cidr.Contains(except) && !(except == block.cidr)) block.except.push_back(except);
      return "change an ipBlock";
    }
    case 8: {
      // A replica split off its workload on this side only: on the other
      // side it stands for the workload's pod.
      if (cluster.pods.empty()) break;
      Pod pod = rng.Pick(cluster.pods);
      pod.replica_of = pod.Id();
      pod.name += "-replica";
      if (rng.Chance(50)) pod.labels = testing::RandomLabels(rng, 2);
      cluster.pods.push_back(std::move(pod));
      return "split a replica";
    }
    case 9:
      if (cluster.cluster_policies.empty()) break;
      if (rng.Chance(50)) {
        cluster.cluster_policies.erase(cluster.cluster_policies.begin() +
                                       AnyOf(rng, cluster.cluster_policies));
        return "remove a cluster policy";
      } else {
        ClusterPolicy& policy = cluster.cluster_policies[AnyOf(rng, cluster.cluster_policies)];
        policy = testing::RandomClusterPolicy(rng, policy.kind, policy.tier, policy.name);
        return "modify a cluster policy";
      }
    default: {
      if (cluster.pods.empty()) break;
      Pod& pod = cluster.pods[AnyOf(rng, cluster.pods)];
      pod.ips = {*IpAddress::Parse(rng.Chance(70) ? rng.Pick(testing::kPodV4)
                                                  : rng.Pick(testing::kPodV6))};
      return "move a pod's IP";
    }
  }
  return "nothing";
}

std::string Text(const GraphDiff& diff) {
  std::ostringstream out;
  WriteGraphDiffText(diff, out);
  return out.str();
}

// Runs `clusters` seeds from `first_seed`: before, after = 1-3 mutations of a
// copy (now and then the other way round, so pods and replicas appear on
// either side only). Fails on the first pair where the diffs differ.
void CheckRandomPairs(std::uint32_t first_seed, std::uint32_t clusters, bool tiered) {
  std::size_t changed = 0;
  for (std::uint32_t seed = first_seed; seed < first_seed + clusters; ++seed) {
    Random rng(seed);
    const Cluster original = RandomCluster(rng, tiered);
    Cluster mutated = original;
    std::string what;
    for (int i = 1 + rng.Below(3); i > 0; --i) what += Mutate(rng, mutated) + "; ";
    mutated.Finalize();
    const bool swap = rng.Chance(30);
    const Cluster& before = swap ? mutated : original;
    const Cluster& after = swap ? original : mutated;
    for (bool ip_blocks_match_pods : {true, false}) {
      EvalOptions options;
      options.ip_blocks_match_pods = ip_blocks_match_pods;
      const GraphDiff expected = testing::PairwiseDiffGraphs(before, after, options);
      const GraphDiff classes = DiffGraphs(before, after, options);
      // Also with each side's own class graph (as Analysis::Diff passes
      // them), which may not cover the common external partition.
      const Evaluator before_eval(before, options);
      const Evaluator after_eval(after, options);
      const ClassGraph before_graph = ComputeClassGraph(before, options);
      const ClassGraph after_graph = ComputeClassGraph(after, options);
      const GraphDiff cached =
          DiffOnClasses({&before_eval, &before_graph}, {&after_eval, &after_graph});
      if (classes != expected || cached != expected) {
        FAIL("seed " << seed << (tiered ? " tiered" : "") << (swap ? " swapped" : "")
                     << " ip_blocks_match_pods=" << ip_blocks_match_pods << " (" << what
                     << ")\npairwise:\n"
                     << Text(expected) << "classes:\n"
                     << Text(classes) << "classes, own graphs:\n"
                     << Text(cached));
      }
      changed += expected.connections.size();
    }
  }
  // The mutations must change connections, or the test proves little.
  CHECK(changed > clusters);
}

TEST_CASE("diff on classes equals the pod-pair diff on random cluster changes",
          "[graph][diff][differential]") {
  CheckRandomPairs(1, 3000, /*tiered=*/false);
}

TEST_CASE("diff on classes equals the pod-pair diff on random tiered cluster changes",
          "[graph][diff][differential]") {
  CheckRandomPairs(100001, 1000, /*tiered=*/true);
}

TEST_CASE("a split replica compared with its own workload pod keeps its self verdict",
          "[graph][diff]") {
  // x/web-1 exists after only, split off x/web: before, it stands for the
  // one pod of x/web, which its ingress policy denies to itself.
  const Cluster before = testing::LoadOrFail(R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: x, labels: {app: web}}
status: {podIP: 10.0.0.1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Ingress]
)");
  Cluster after = before;
  Pod replica = after.pods[0];
  replica.name = "web-1";
  replica.replica_of = "x/web";
  after.pods.push_back(replica);
  after.policies.clear();
  after.Finalize();
  const GraphDiff diff = DiffGraphs(before, after);
  CHECK(diff == testing::PairwiseDiffGraphs(before, after));
  std::vector<std::string> pairs;
  for (const ConnectionChange& change : diff.connections) {
    pairs.push_back(change.from + " -> " + change.to);
  }
  // x/web -> x/web-1 was x/web -> x/web before: denied, now allowed.
  CHECK(std::find(pairs.begin(), pairs.end(), "x/web -> x/web-1") != pairs.end());
  CHECK(std::find(pairs.begin(), pairs.end(), "x/web-1 -> x/web") != pairs.end());
}

TEST_CASE("netpol diff on the exercise and the rollout stages equals the pod-pair diff",
          "[graph][diff][differential]") {
  struct Case {
    std::vector<std::string> before;
    std::vector<std::string> after;
  };
  const std::string root = NETPOL_SOURCE_DIR;
  const std::vector<Case> cases = {
      {{root + "/examples/netpol-demo"}, {root + "/examples/netpol-demo-fixed"}},
      {{root + "/examples/netpol-demo-fixed"}, {root + "/examples/netpol-demo"}},
      {{root + "/tests/data/rollout/1-app.yaml"},
       {root + "/tests/data/rollout/1-app.yaml", root + "/tests/data/rollout/2-default-deny.yaml"}},
      {{root + "/tests/data/rollout/1-app.yaml", root + "/tests/data/rollout/2-default-deny.yaml"},
       {root + "/tests/data/rollout/1-app.yaml", root + "/tests/data/rollout/2-default-deny.yaml",
        root + "/tests/data/rollout/3-allow.yaml"}},
  };
  for (const Case& c : cases) {
    std::istringstream no_stdin;
    Result<Analysis> before = Analysis::Load(c.before, no_stdin);
    Result<Analysis> after = Analysis::Load(c.after, no_stdin);
    REQUIRE(before.ok());
    REQUIRE(after.ok());
    const GraphDiff diff = before->Diff(*after);
    CHECK(!diff.Empty());
    CHECK(diff == testing::PairwiseDiffGraphs(before->cluster(), after->cluster()));
  }
}

}  // namespace
}  // namespace netpol
