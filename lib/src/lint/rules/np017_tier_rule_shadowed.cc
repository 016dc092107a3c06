// NP017 tier-rule-shadowed: an AdminNetworkPolicy / ClusterNetworkPolicy /
// BaselineAdminNetworkPolicy rule that never decides anything, because rules
// of higher precedence already decide every connection it matches.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "lint/lint_index.h"
#include "lint/rules.h"

namespace netpol::lint {
namespace {

class TierRuleShadowedRule : public BasicRule {
 public:
  TierRuleShadowedRule()
      : BasicRule({"NP017", "tier-rule-shadowed", LintSeverity::kWarning,
                   "A cluster-scoped policy rule is shadowed by rules of higher precedence",
                   R"(Cluster-scoped tiers are first-match: within a tier, policies run by ascending `priority`
and, inside a policy, rules run in order; the first rule matching a connection decides it.
A rule all of whose connections (subject pods x matching peers x ports) are already decided
by earlier rules never takes effect: usually a priority or an order that is the wrong way
round. Reported on the dead rule, naming a rule that shadows it. Baseline-tier rules are
judged only for pods no NetworkPolicy isolates (for the others the NetworkPolicy decides).

Bad (the Deny can never apply: priority 10 allows the same traffic first):
  kind: AdminNetworkPolicy   # priority: 10, action: Allow, from: namespaces {}
  kind: AdminNetworkPolicy   # priority: 20, action: Deny,  from: namespaces {team: x}

Good: give the more specific rule the lower priority number (evaluated first):
  kind: AdminNetworkPolicy   # priority: 5,  action: Deny,  from: namespaces {team: x}
  kind: AdminNetworkPolicy   # priority: 10, action: Allow, from: namespaces {}
)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    for (ClusterPolicyId id = 0; id < cluster.cluster_policies.size(); ++id) {
      const ClusterPolicy& policy = cluster.cluster_policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const auto& rules = policy.Rules(direction);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          CheckRule(context, evaluator, id, direction, i, reporter);
        }
      }
    }
  }

 private:
  static void CheckRule(const LintContext& context, const Evaluator& evaluator,
                        ClusterPolicyId id, Direction direction, std::size_t index,
                        LintReporter& reporter) {
    const Cluster& cluster = context.cluster();
    const ClusterPolicy& policy = cluster.cluster_policies[id];
    const ClusterPolicyRule& rule = policy.Rules(direction)[index];
    const ClusterRuleRef self{id, direction, static_cast<int>(index)};
    bool reached = false;
    std::optional<ClusterRuleRef> shadow;
    // On classes: pods of a class are selected, matched and decided alike.
    // Classes run in the order of their first members and blocks come last,
    // so the first class pair with a decision holds the first such pod pair.
    const LintIndex& classes = context.index();
    std::optional<std::vector<LintClass>> peers;
    for (LintClass subject_class = 0; subject_class < classes.PodClassCount(); ++subject_class) {
      const PodId pod = classes.Members(subject_class).front();
      const auto& selecting = evaluator.ClusterPoliciesOf(pod);
      if (std::find(selecting.begin(), selecting.end(), id) == selecting.end()) continue;
      if (policy.tier == PolicyTier::kBaseline &&
          !evaluator.IsolatingPolicies(pod, direction).empty()) {
        continue;  // the NetworkPolicy tier decides for this pod
      }
      if (!peers) peers = classes.ClusterRuleClasses(rule);
      const Endpoint subject = Endpoint::ForPod(pod);
      for (LintClass peer_class : *peers) {
        const Endpoint peer = classes.Representative(peer_class);
        const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
        const PortSet ports = evaluator.ClusterRulePorts(rule, destination);
        if (ports.IsEmpty()) continue;
        const SideVerdict& verdict = classes.Side(direction, subject_class, peer_class);
        const auto& decisions = policy.tier == PolicyTier::kAdmin ? verdict.admin_decisions
                                                                  : verdict.baseline_decisions;
        if (policy.tier == PolicyTier::kBaseline && verdict.after_admin.Intersect(ports).IsEmpty()) {
          continue;  // the Admin tier decided these before the Baseline tier could
        }
        reached = true;
        for (const TierDecision& decision : decisions) {
          if (decision.rule == self) return;  // it decides something: alive
          if (!shadow && !decision.ports.Intersect(ports).IsEmpty()) shadow = decision.rule;
        }
      }
    }
    if (!reached) return;
    std::string by = "rules of higher precedence";
    if (shadow) {
      const ClusterPolicy& other = cluster.cluster_policies[shadow->policy];
      by = fmt::format("{} {}[{}] ({})", other.Id(), DirectionKey(direction),
                       shadow->rule_index, TierActionName(other.Rules(direction)[shadow->rule_index].action));
    }
    reporter.Diag(KnownOr(rule.loc, policy.loc),
                  fmt::format("{} {}{} ({}) never decides anything: every connection it matches is "
                              "decided first by {}",
                              policy.Id(), RuleLabel(direction, index),
                              rule.name.empty() ? "" : " \"" + rule.name + "\"",
                              TierActionName(rule.action), by),
                  "move the rule before the one that shadows it (a lower priority number, or "
                  "earlier in the list), or delete it");
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeTierRuleShadowedRule() {
  return std::make_unique<TierRuleShadowedRule>();
}

}  // namespace netpol::lint
