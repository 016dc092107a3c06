// NP041 calico-pass-to-no-tier: a Calico Pass rule for pods that no later
// tier has a policy for, so the passed traffic is decided by nobody the
// author had in mind: the Baseline tier, or the profile (allow).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class CalicoPassToNoTier : public BasicRule {
 public:
  CalicoPassToNoTier()
      : BasicRule({"NP041", "calico-pass-to-no-tier", LintSeverity::kWarning,
                   "A Calico Pass rule applies to pods no later tier has a policy for",
                   R"(`action: Pass` skips the rest of the tier and hands the connection to the next tier that
has a policy selecting the endpoint. When no later tier has one (the Pass is in the last tier
that applies), Calico evaluates the endpoint's profile, and the Kubernetes profile allows:
the Pass ends as an Allow. (Kubernetes NetworkPolicies selecting the pod count: they sit in
the `default` tier; a BaselineAdminNetworkPolicy selecting the pod decides before the
profile, and the message says so.) Reported on the Pass rule, naming the pods (only when
the inputs hold pods); a Tier's `defaultAction: Pass` is not a rule and is not reported.

Bad (the security tier passes ingress of shop to a default tier with no policy for it):
  kind: GlobalNetworkPolicy
  metadata: {name: security.triage}
  spec:
    tier: security
    selector: projectcalico.org/namespace == 'shop'
    ingress: [{action: Deny, source: {selector: quarantine == 'true'}}, {action: Pass}]

Good: add the policies the Pass delegates to (a NetworkPolicy in shop selecting its pods),
or end with `action: Allow` when allowing the rest is what the tier means.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    for (std::size_t id = 0; id < cluster.calico_policies.size(); ++id) {
      const CalicoPolicy& policy = cluster.calico_policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const auto& rules = policy.Rules(direction == Direction::kIngress);
        const bool has_pass = std::any_of(rules.begin(), rules.end(), [](const CalicoRule& r) {
          return r.action == CalicoAction::kPass;
        });
        if (!has_pass) continue;
        std::vector<PodId> open;
        bool baseline = false;
        for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
          if (context.IsModelled(pod)) continue;
          const auto& walk = evaluator.CalicoWalk(pod, direction);
          auto self = std::find_if(walk.begin(), walk.end(), [&](const Evaluator::CalicoStep& s) {
            return s.calico_policy == id;
          });
          if (self == walk.end()) continue;  // not selected for this direction
          // A later tier with a policy selecting the pod takes the passed
          // traffic: a Calico or Kubernetes policy, or an AdminNetworkPolicy
          // (its tier may follow a Calico tier ordered below 1,000). Only the
          // Baseline tier is left, as before: it is named in the message.
          const std::size_t tier = self->tier;
          if (std::any_of(self, walk.end(), [&](const Evaluator::CalicoStep& s) {
                return s.tier > tier &&
                       (!s.cluster_policy ||
                        cluster.cluster_policies[*s.cluster_policy].tier == PolicyTier::kAdmin);
              })) {
            continue;
          }
          open.push_back(pod);
          for (auto s = self; s != walk.end(); ++s) {
            if (s->tier > tier && s->cluster_policy &&
                cluster.cluster_policies[*s->cluster_policy].tier == PolicyTier::kBaseline) {
              baseline = true;
            }
          }
        }
        if (open.empty()) continue;
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (rules[i].action != CalicoAction::kPass) continue;
          reporter.Diag(
              KnownOr(rules[i].loc, policy.loc),
              fmt::format("{} {} passes to the next tier, but no tier after {} has a policy "
                          "selecting {} for {}: the passed traffic goes to {}",
                          policy.Id(), RuleLabel(direction, i), policy.tier,
                          JoinLimited(PodNames(cluster, open)), DirectionName(direction),
                          baseline ? "the Baseline tier, then the profile, which allows it"
                                   : "the profile, which allows it"),
              "add policies in a later tier (or Kubernetes NetworkPolicies) for these pods, or "
              "decide here with Allow or Deny");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCalicoPassToNoTierRule() {
  return std::make_unique<CalicoPassToNoTier>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
