// NP036 cilium-deny-shadows-allows: every allow of a Cilium policy, in one
// direction, is taken back by Cilium deny rules (ingressDeny/egressDeny),
// which take precedence over every allow: the policy's allows have no
// effect there.
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"
#include "netpol/direction.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

bool IsCiliumDeny(const ClusterPolicy& policy) {
  return policy.kind == ClusterPolicyKind::kCiliumNetworkPolicy ||
         policy.kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy;
}

// "CiliumNetworkPolicy shop/api ingressDeny[0] (policies.yaml:30:5)".
std::string DenyRuleName(const Cluster& cluster, const ClusterRuleRef& ref) {
  const ClusterPolicy& policy = cluster.cluster_policies[ref.policy];
  const ClusterPolicyRule& rule = policy.Rules(ref.direction)[static_cast<std::size_t>(ref.rule_index)];
  return fmt::format("{} {} {}Deny[{}] ({})", ClusterPolicyKindName(policy.kind), policy.name,
                     DirectionKey(ref.direction), ref.rule_index,
                     KnownOr(rule.loc, policy.loc).ToString());
}

// What the allow rules of one direction of a Cilium policy, written once,
// do over every copy of them (a CCNP rule is one NetworkPolicy per
// namespace it selects).
struct Outcome {
  const NetworkPolicy* policy = nullptr;  // the first copy, to name it
  Direction direction = Direction::kIngress;
  bool applies = false;   // they allow some port to some peer of some pod
  bool survives = false;  // some of that is not denied: no finding
  std::set<std::tuple<ClusterPolicyId, int, int>> denied_by;  // (policy, direction, rule)
};

class CiliumDenyShadowsAllows : public BasicRule {
 public:
  CiliumDenyShadowsAllows()
      : BasicRule({"NP036", "cilium-deny-shadows-allows", LintSeverity::kWarning,
                   "Cilium deny rules take back everything a Cilium policy allows in a "
                   "direction: its allow rules have no effect",
                   R"(Cilium evaluates `ingressDeny` and `egressDeny` before every allow, whatever policy or kind
the allow comes from: a denied connection stays denied. When, for every pod a
CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects, every peer and port its allow
rules of one direction admit is also matched by a deny rule, those allow rules do nothing. It
is usually a deny written wider than meant (an empty `fromEndpoints: [{}]`, a missing
`toPorts`), or an allow left behind when the deny replaced it. Reported on the policy's first
rule of that direction, naming the deny rules that take its allows back.

Bad (the deny takes back the only allow):
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
  ingressDeny:
  - fromEndpoints: [{}]

Good: narrow the deny to the peers or ports that must stay closed:
  ingressDeny:
  - fromEndpoints: [{matchLabels: {app: batch}}])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    bool any_deny = false;
    for (const ClusterPolicy& policy : cluster.cluster_policies) any_deny |= IsCiliumDeny(policy);
    if (!any_deny) return;
    const Evaluator& evaluator = context.evaluator();
    const LintIndex& index = context.index();
    // Keyed by where the policy's rules of a direction are written, so
    // that the copies of a CCNP are judged together.
    std::map<std::tuple<std::string, int, int, int>, Outcome> outcomes;
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      if (policy.kind == PolicyKind::kNetworkPolicy) continue;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        if (rules.empty()) continue;
        const SourceLoc& where = KnownOr(rules.front().loc, policy.loc);
        Outcome& outcome =
            outcomes[{where.file, where.line, where.column, static_cast<int>(direction)}];
        if (outcome.policy == nullptr) outcome.policy = &policy;
        outcome.direction = direction;
        // One allowed connection that no deny takes back ends the search.
        if (outcome.survives) continue;
        const std::vector<LintClass> subjects =
            index.ClassesOfPods(context.SelectedByLabels(policy));
        for (std::size_t i = 0; i < rules.size() && !outcome.survives; ++i) {
          for (std::size_t si = 0; si < subjects.size() && !outcome.survives; ++si) {
            for (LintClass p = 0; p < index.ClassCount() && !outcome.survives; ++p) {
              const auto pair = index.DistinctPair(subjects[si], p);
              if (!pair) continue;
              const Endpoint& subject = pair->first;
              const Endpoint& peer = pair->second;
              if (!evaluator.RulePeersMatch(policy, rules[i], peer)) continue;
              const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
              const PortSet ports = evaluator.RulePorts(rules[i], destination);
              if (ports.IsEmpty()) continue;
              outcome.applies = true;
              const SideVerdict side = evaluator.EvaluateSide(direction, subject, peer);
              PortSet denied;
              std::vector<ClusterRuleRef> deniers;
              for (const TierDecision& decision : side.admin_decisions) {
                if (decision.action != TierAction::kDeny) continue;
                if (!IsCiliumDeny(cluster.cluster_policies[decision.rule.policy])) continue;
                denied.Merge(decision.ports);
                deniers.push_back(decision.rule);
              }
              if (!ports.Intersect(denied.Complement()).IsEmpty()) {
                outcome.survives = true;
                break;
              }
              for (const ClusterRuleRef& r : deniers) {
                outcome.denied_by.emplace(r.policy, static_cast<int>(r.direction), r.rule_index);
              }
            }
          }
        }
      }
    }
    for (const auto& [where, outcome] : outcomes) {
      if (!outcome.applies || outcome.survives) continue;
      std::vector<std::string> names;
      for (const auto& [policy, direction, rule] : outcome.denied_by) {
        names.push_back(
            DenyRuleName(cluster, ClusterRuleRef{policy, static_cast<Direction>(direction), rule}));
      }
      const NetworkPolicy& policy = *outcome.policy;
      const char* key = DirectionKey(outcome.direction);
      const std::vector<Rule>& rules = policy.Rules(outcome.direction);
      reporter.Diag(KnownOr(rules.front().loc, policy.loc),
                    fmt::format("{} {}: everything its {} rules allow is denied by {}: deny "
                                "rules take precedence over every allow, so these {} rules have "
                                "no effect",
                                PolicyKindName(policy.kind), policy.Id(), key, JoinLimited(names),
                                key),
                    "narrow the deny rules to the peers and ports that must stay closed, or "
                    "remove the allow rules they take back");
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCiliumDenyShadowsAllowsRule() {
  return std::make_unique<CiliumDenyShadowsAllows>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
