// The lint rules that run on endpoint classes give exactly the findings (rule,
// location, message, fix, order) of their pod-level versions
// (tests/lint/pairwise_rules.h), and the LintContext helpers built on the
// lint index give the pod-level answers, on thousands of seeded random
// clusters, with and without cluster-scoped tiers.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/random_cluster.h"
#include "lint/pairwise_rules.h"
#include "netpol/netpol.h"

namespace netpol {
namespace {

using testing::Random;
using testing::RandomCluster;

const std::set<std::string> kClassRules = {"NP002", "NP004", "NP005", "NP006", "NP007", "NP013",
                                           "NP017", "NP020"};

std::string Show(const std::vector<LintFinding>& findings) {
  std::string text;
  for (const LintFinding& f : findings) {
    text += f.rule_id + " " + f.loc.ToString() + ": " + f.message + " [fix: " + f.fix + "]\n";
  }
  return text;
}

// A random cluster and the options to lint it with: now and then ipBlocks
// that ignore pod IPs, and cluster DNS in one of the random namespaces
// (random pods may be DNS pods; otherwise a modelled one is added), so that
// dns-egress-blocked has something to judge.
struct Case {
  Cluster cluster;
  LintOptions options;
};

Case RandomCase(std::uint32_t seed, bool tiered) {
  Random rng(seed);
  Case c{RandomCluster(rng, tiered), {}};
  c.options.eval.ip_blocks_match_pods = !rng.Chance(20);
  if (rng.Chance(60)) {
    c.options.dns.namespace_name = "ns0";
    c.options.dns.labels = {{"app", "a"}};
    ModelClusterDnsIfMissing(c.cluster, c.options.dns);
  }
  c.options.duplicates = {};
  return c;
}

TEST_CASE("lint rules on classes report exactly what the pod-level rules report",
          "[lint][differential]") {
  LintRegistry builtin;
  RegisterBuiltinRules(builtin);
  LintRegistry pairwise;
  testing::pairwise::RegisterPairwiseRules(pairwise);
  constexpr std::uint32_t kClusters = 3000;
  std::size_t findings = 0;
  std::size_t np020 = 0;  // the newest rule must be exercised too
  for (std::uint32_t seed = 1; seed <= kClusters; ++seed) {
    for (bool tiered : {false, true}) {
      Case c = RandomCase(seed, tiered);
      LintOptions class_options = c.options;
      class_options.enabled = kClassRules;
      const std::vector<LintFinding> expected = RunLint(pairwise, c.cluster, c.options);
      const std::vector<LintFinding> actual = RunLint(builtin, c.cluster, class_options);
      if (expected != actual) {
        FAIL("seed " << seed << (tiered ? " (tiered)" : "") << "\npod-level:\n"
                     << Show(expected) << "classes:\n"
                     << Show(actual));
      }
      findings += actual.size();
      for (const LintFinding& f : actual) np020 += f.rule_id == "NP020" ? 1 : 0;
    }
  }
  // The random clusters must exercise the rules, or the comparison says little.
  CHECK(findings > kClusters);
  CHECK(np020 > 20);
}

TEST_CASE("LintContext helpers on the lint index give the pod-level answers",
          "[lint][differential]") {
  using namespace testing::pairwise;
  for (std::uint32_t seed = 1; seed <= 1500; ++seed) {
    Case c = RandomCase(seed, seed % 2 == 0);
    const Evaluator evaluator(c.cluster, c.options.eval);
    const LintContext context(c.cluster, evaluator, c.options);
    INFO("seed " << seed);
    for (const Namespace& ns : c.cluster.namespaces) {
      REQUIRE(context.PodsOf(ns.name) == PodLevelPodsOf(context, ns.name));
    }
    REQUIRE(context.PodsOf("no-such-namespace").empty());
    for (PolicyId id = 0; id < c.cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = c.cluster.policies[id];
      REQUIRE(context.SelectedByLabels(policy) == PodLevelSelectedByLabels(context, policy));
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        REQUIRE(context.Isolated(id, direction) == PodLevelIsolated(context, id, direction));
        for (const Rule& rule : policy.Rules(direction)) {
          for (const Peer& peer : rule.peers) {
            for (bool external : {false, true}) {
              const auto actual = context.PeerEndpoints(policy, peer, external);
              const auto expected = PodLevelPeerEndpoints(context, policy, peer, external);
              REQUIRE(actual.size() == expected.size());
              for (std::size_t i = 0; i < actual.size(); ++i) {
                REQUIRE(context.Name(actual[i]) == context.Name(expected[i]));
              }
            }
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace netpol
