// NP043 calico-order-collision: two policies of one Calico tier with the same
// `order` select the same pods, so their names decide which goes first.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

// A step of a walk as a comparable id: a Calico policy's index, or -(id + 1)
// for a Kubernetes NetworkPolicy.
long StepId(const Evaluator::CalicoStep& step) {
  return step.calico_policy ? static_cast<long>(*step.calico_policy)
                            : -static_cast<long>(step.network_policy) - 1;
}

class CalicoOrderCollision : public BasicRule {
 public:
  CalicoOrderCollision()
      : BasicRule({"NP043", "calico-order-collision", LintSeverity::kWarning,
                   "Two policies of one Calico tier share an order and select the same pods",
                   R"(Within a tier Calico applies the policy with the lowest `order` first. Two policies with
the same order that select the same endpoint for the same direction are then taken by name
(a namespaced policy's name is `namespace/name`), so renaming one silently changes which
decides. That matters when one of them can Deny or Pass: then the first one's answer hides
the other's. Kubernetes NetworkPolicies count as policies of the `default` tier at order
1000 (named `knp.default.<name>`), so a Calico policy at order 1000 in the default tier
collides with them. Reported on the policy evaluated second (the Calico one of a Calico and
Kubernetes pair), naming both and the pods (only when the inputs hold pods). Policies
without `order` also tie, but that is the usual default and is not reported.

Bad:
  kind: GlobalNetworkPolicy
  metadata: {name: deny-legacy}
  spec: {order: 100, selector: app == 'api', ingress: [{action: Deny, source: {selector: legacy == 'true'}}]}
  ---
  kind: GlobalNetworkPolicy
  metadata: {name: allow-monitoring}
  spec: {order: 100, selector: all(), ingress: [{action: Allow, source: {selector: app == 'prometheus'}}]}

Good: give them distinct orders, the one that must decide first the lower.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    if (cluster.calico_policies.empty()) return;
    // (first, second) in walk order -> direction -> pods.
    std::map<std::pair<long, long>, std::map<Direction, std::vector<PodId>>> collisions;
    for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
      if (context.IsModelled(pod)) continue;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        // Cluster-scoped policies in Calico's tiers (ANP priorities,
        // the BANP) are not Calico's to reorder: NP043 leaves them out.
        std::vector<Evaluator::CalicoStep> walk;
        for (const Evaluator::CalicoStep& step : evaluator.CalicoWalk(pod, direction)) {
          if (!step.cluster_policy) walk.push_back(step);
        }
        for (std::size_t a = 0; a < walk.size(); ++a) {
          const std::optional<double> order_a = OrderOf(cluster, walk[a]);
          if (!order_a) continue;
          for (std::size_t b = a + 1; b < walk.size() && walk[b].tier == walk[a].tier; ++b) {
            if (OrderOf(cluster, walk[b]) != order_a) break;  // sorted by order
            if (!walk[a].calico_policy && !walk[b].calico_policy) continue;  // both Kubernetes
            if (!CanHide(cluster, walk[a], direction) && !CanHide(cluster, walk[b], direction)) {
              continue;
            }
            collisions[{StepId(walk[a]), StepId(walk[b])}][direction].push_back(pod);
          }
        }
      }
    }
    for (const auto& [pair, by_direction] : collisions) {
      const auto& [first, second] = pair;
      std::vector<std::string> parts;
      for (const auto& [direction, pods] : by_direction) {
        parts.push_back(fmt::format("{} for {}", JoinLimited(PodNames(cluster, pods)),
                                    DirectionName(direction)));
      }
      std::string pods_text = parts.front();
      if (parts.size() > 1) pods_text += " and " + parts.back();
      const long reported = second >= 0 ? second : first;
      const CalicoPolicy& at = cluster.calico_policies[static_cast<std::size_t>(reported)];
      const double order = *OrderOfId(cluster, first);
      reporter.Diag(at.loc,
                    fmt::format("{} and {} are both at order {} in tier {} and both select {}: "
                                "Calico then goes by name, so {} decides first",
                                Name(cluster, first), Name(cluster, second), order, at.tier,
                                pods_text, Name(cluster, first)),
                    "give the two policies distinct orders, lower for the one that must decide "
                    "first");
    }
  }

 private:
  static std::optional<double> OrderOfId(const Cluster& cluster, long id) {
    if (id < 0) return kCalicoKubernetesPolicyOrder;
    return cluster.calico_policies[static_cast<std::size_t>(id)].order;
  }
  static std::optional<double> OrderOf(const Cluster& cluster, const Evaluator::CalicoStep& step) {
    return OrderOfId(cluster, StepId(step));
  }
  static std::string Name(const Cluster& cluster, long id) {
    if (id >= 0) return cluster.calico_policies[static_cast<std::size_t>(id)].Id();
    return "Kubernetes NetworkPolicy " + cluster.policies[static_cast<std::size_t>(-id - 1)].Id();
  }
  // Whether the step's policy has a Deny or Pass rule for `direction`: then
  // going first can hide what the other policy says.
  static bool CanHide(const Cluster& cluster, const Evaluator::CalicoStep& step,
                      Direction direction) {
    if (!step.calico_policy) return false;  // Kubernetes rules only allow
    const auto& rules = cluster.calico_policies[*step.calico_policy].Rules(direction == Direction::kIngress);
    return std::any_of(rules.begin(), rules.end(), [](const CalicoRule& rule) {
      return rule.action == CalicoAction::kDeny || rule.action == CalicoAction::kPass;
    });
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCalicoOrderCollisionRule() {
  return std::make_unique<CalicoOrderCollision>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
