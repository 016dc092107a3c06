// NP017 tier-rule-shadowed: an AdminNetworkPolicy / ClusterNetworkPolicy /
// BaselineAdminNetworkPolicy rule that never decides anything, because rules
// of higher precedence already decide every connection it matches.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
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
  // What a rule's subjects of one profile tell.
  struct Judged {
    bool alive = false;    // the rule decides something for them
    bool reached = false;  // some of their traffic gets to the rule
    std::optional<ClusterRuleRef> shadow;  // the first rule deciding before it
  };

  static void CheckRule(const LintContext& context, const Evaluator& evaluator,
                        ClusterPolicyId id, Direction direction, std::size_t index,
                        LintReporter& reporter) {
    const Cluster& cluster = context.cluster();
    const ClusterPolicy& policy = cluster.cluster_policies[id];
    const ClusterPolicyRule& rule = policy.Rules(direction)[index];
    const ClusterRuleRef self{id, direction, static_cast<int>(index)};
    bool reached = false;
    std::optional<ClusterRuleRef> shadow;
    // On classes: pods of a class are selected, matched and decided alike,
    // and so are classes of one tier profile (LintIndex::Profile): each
    // profile is judged once. Classes run in the order of their first
    // members and peer classes likewise (blocks last), so the first subject
    // class with a decision, and its first peer class with one, hold the
    // first such pod pair.
    const LintIndex& classes = context.index();
    const LintIndex::SideScope scope = LintIndex::SideScope::kTiers;
    std::optional<std::vector<LintClass>> peers;
    std::map<std::uint32_t, Judged> judged;  // by profile
    for (LintClass subject_class = 0; subject_class < classes.PodClassCount(); ++subject_class) {
      const PodId pod = classes.Members(subject_class).front();
      const auto& selecting = evaluator.ClusterPoliciesOf(pod);
      if (std::find(selecting.begin(), selecting.end(), id) == selecting.end()) continue;
      if (policy.tier == PolicyTier::kBaseline &&
          !evaluator.IsolatingPolicies(pod, direction).empty()) {
        continue;  // the NetworkPolicy tier decides for this pod
      }
      const std::uint32_t profile = classes.Profile(direction, subject_class, scope);
      auto [it, inserted] = judged.try_emplace(profile);
      Judged& result = it->second;
      if (inserted) {
        if (!peers) peers = classes.ClusterRuleClasses(rule);
        // Ingress: the subject is the destination, so its ports are the same
        // for every peer.
        std::optional<PortSet> subject_ports;
        if (direction == Direction::kIngress) {
          subject_ports = evaluator.ClusterRulePorts(rule, Endpoint::ForPod(pod));
        }
        for (LintClass peer_class : *peers) {
          const PortSet ports = subject_ports ? *subject_ports
                                              : evaluator.ClusterRulePorts(
                                                    rule, classes.Representative(peer_class));
          if (ports.IsEmpty()) continue;
          const SideVerdict& verdict = classes.Side(direction, subject_class, peer_class, scope);
          const auto& decisions = policy.tier == PolicyTier::kAdmin ? verdict.admin_decisions
                                                                    : verdict.baseline_decisions;
          if (policy.tier == PolicyTier::kBaseline &&
              verdict.after_admin.Intersect(ports).IsEmpty()) {
            continue;  // the Admin tier decided these before the Baseline tier could
          }
          result.reached = true;
          for (const TierDecision& decision : decisions) {
            if (decision.rule == self) {
              result.alive = true;
              break;
            }
            if (!result.shadow && !decision.ports.Intersect(ports).IsEmpty()) {
              result.shadow = decision.rule;
            }
          }
          if (result.alive) break;
        }
      }
      if (result.alive) return;  // it decides something
      reached = reached || result.reached;
      if (!shadow) shadow = result.shadow;
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

}  // namespace lint
NETPOL_NAMESPACE_END
