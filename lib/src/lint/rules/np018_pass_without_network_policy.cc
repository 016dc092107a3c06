// NP018 pass-without-network-policy: an Admin-tier Pass rule for pods that
// no NetworkPolicy isolates, so the passed traffic skips the tier it was
// handed to.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class PassWithoutNetworkPolicyRule : public BasicRule {
 public:
  PassWithoutNetworkPolicyRule()
      : BasicRule({"NP018", "pass-without-network-policy", LintSeverity::kWarning,
                   "An Admin-tier Pass rule applies to pods no NetworkPolicy isolates",
                   R"(`action: Pass` hands a connection from the Admin tier to the namespace owners'
NetworkPolicies. For a pod that no NetworkPolicy isolates in that direction there is nobody to
hand it to: the connection falls through to the Baseline tier (BaselineAdminNetworkPolicy or
Baseline ClusterNetworkPolicies) or, if none decides, is allowed. Reported on the Pass rule,
naming the pods (only when the inputs hold pods).

Bad (monitoring is passed to the owners of `shop`, but shop has no NetworkPolicy):
  kind: AdminNetworkPolicy
  spec: {priority: 20, subject: {namespaces: {matchLabels: {team: shop}}},
         ingress: [{action: Pass, from: [{namespaces: {matchLabels: {team: monitoring}}}]}]}

Good: add the NetworkPolicies the Pass delegates to (in shop, selecting its pods), or use
Allow / Deny when the admins mean to decide themselves.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    for (ClusterPolicyId id = 0; id < cluster.cluster_policies.size(); ++id) {
      const ClusterPolicy& policy = cluster.cluster_policies[id];
      if (policy.tier != PolicyTier::kAdmin) continue;
      std::vector<PodId> subjects;
      for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
        if (!context.IsModelled(pod) && evaluator.ClusterPolicySelects(policy, pod)) {
          subjects.push_back(pod);
        }
      }
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        std::vector<PodId> open;
        for (PodId pod : subjects) {
          if (evaluator.IsolatingPolicies(pod, direction).empty()) open.push_back(pod);
        }
        if (open.empty()) continue;
        const auto& rules = policy.Rules(direction);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (rules[i].action != TierAction::kPass) continue;
          reporter.Diag(
              KnownOr(rules[i].loc, policy.loc),
              fmt::format("{} {} passes {} traffic to NetworkPolicies, but none isolates {} for "
                          "{}: it goes straight to the Baseline tier, or is allowed",
                          policy.Id(), RuleLabel(direction, i),
                          DirectionKey(direction),
                          JoinLimited(PodNames(cluster, open)), DirectionName(direction)),
              fmt::format("add a NetworkPolicy with policyTypes [{}] selecting those pods, or "
                          "decide here with Allow or Deny",
                          DirectionName(direction)));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakePassWithoutNetworkPolicyRule() {
  return std::make_unique<PassWithoutNetworkPolicyRule>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
