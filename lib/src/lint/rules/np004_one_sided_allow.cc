// NP004 one-sided-allow: a rule whose traffic the other side never allows.
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"
#include "netpol/explain.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class OneSidedAllow : public BasicRule {
 public:
  OneSidedAllow()
      : BasicRule({"NP004", "one-sided-allow", LintSeverity::kError,
                   "An ingress rule admits traffic that no egress side lets out, or an egress rule "
                   "allows traffic that no ingress side lets in",
                   R"(A connection needs BOTH sides: the source's egress and the destination's ingress. When the
source pods are isolated for egress (by a default-deny-egress, say), an ingress rule that
admits them is dead unless some policy selecting them also allows that egress; likewise an
egress rule is dead when every destination it allows is isolated for ingress and admits none of
it. Reported on the dead rule, with the side that blocks it and a fix that can work there:
when the blocker is an Admin-tier Deny (AdminNetworkPolicy, or ClusterNetworkPolicy of tier
Admin), no NetworkPolicy can override it, so the fix is to change that rule or to allow the
traffic in an Admin-tier rule of higher precedence (a lower priority); when it is a
Baseline-tier Deny (BaselineAdminNetworkPolicy, or ClusterNetworkPolicy of tier Baseline), a
NetworkPolicy selecting the pod overrides it. Rules with ipBlock peers or without
peers are not checked (external addresses are not policy-isolated); a rule that is alive for
some of its pods is not reported.

Bad (default-deny-egress isolates the client; nothing allows its egress):
  # policy allow-client-to-frontend, selecting app=frontend
  ingress:
  - from:
    - podSelector: {matchLabels: {app: client}}
    ports: [{port: 80}]

Good (add the other half):
  # policy allow-client-egress, selecting app=client
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector: {matchLabels: {app: frontend}}
    ports: [{port: 80}])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<PodId> subjects = context.Isolated(id, direction);
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          const Rule& rule = rules[r];
          if (rule.peers.empty()) continue;
          bool external = false;
          for (const Peer& peer : rule.peers) external = external || peer.ip_block.has_value();
          if (external) continue;
          CheckRule(context, reporter, policy, direction, r, subjects);
        }
      }
    }
  }

 private:
  struct Blocked {
    PodId subject;
    PodId other;
    PortSet ports;
  };

  // On classes: every pod of a class is isolated, matched and allowed alike,
  // so one pair per (subject class, other class) decides whether the rule is
  // alive; when it is dead, every pair it matches is blocked, and the first
  // one in (subject, other) pod order is named.
  static void CheckRule(const LintContext& context, LintReporter& reporter,
                        const NetworkPolicy& policy, Direction direction, std::size_t r,
                        const std::vector<PodId>& subjects) {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const LintIndex& index = context.index();
    const Rule& rule = policy.Rules(direction)[r];
    const Direction other_side = Opposite(direction);
    const std::vector<LintClass> others = index.RuleClasses(policy, rule);
    std::uint64_t blocked_pairs = 0;
    std::optional<Blocked> found;
    for (LintClass subject_class : index.ClassesOfPods(subjects)) {
      const PodId subject = index.Members(subject_class).front();
      for (LintClass other_class : others) {
        if (index.IsExternal(other_class)) continue;
        const auto pair = index.DistinctPair(subject_class, other_class);
        if (!pair) continue;
        const auto& [subject_end, other_end] = *pair;
        const Endpoint& destination = direction == Direction::kIngress ? subject_end : other_end;
        PortSet ports = evaluator.RulePorts(rule, destination);
        if (ports.IsEmpty()) continue;
        const SideVerdict& side = index.Side(other_side, other_class, subject_class);
        if (!side.allowed.Intersect(ports).IsEmpty()) return;  // alive for this pair
        blocked_pairs += index.DistinctPairCount(subject_class, other_class);
        const PodId other = *index.FirstMemberOtherThan(other_class, subject);
        if (!found || std::tie(subject, other) < std::tie(found->subject, found->other)) {
          found = Blocked{subject, other, std::move(ports)};
        }
      }
    }
    if (!found) return;
    const Blocked& first = *found;
    const std::string subject = cluster.pods[first.subject].Id();
    const std::string other = cluster.pods[first.other].Id();
    const BlockedSide blocked_side =
        DescribeBlockedSide(context, other_side, first.other, first.subject, first.ports);
    const std::string& why = blocked_side.why;
    const std::string more =
        blocked_pairs > 1 ? fmt::format(" (and {} more pod pair{}, all blocked the same way)",
                                       blocked_pairs - 1, blocked_pairs == 2 ? "" : "s")
                           : "";
    if (direction == Direction::kIngress) {
      reporter.Diag(
          KnownOr(rule.loc, policy.loc),
          fmt::format("{} of {} admits {} from {} to {}, but the egress of {} never allows it: {}; "
                      "both sides must allow a connection, so this rule is dead{}",
                      RuleLabel(direction, r), policy.Id(), first.ports.ToString(), other, subject,
                      other, why, more),
          blocked_side.fix);
    } else {
      reporter.Diag(
          KnownOr(rule.loc, policy.loc),
          fmt::format("{} of {} allows {} from {} to {}, but the ingress of {} never admits it: {}; "
                      "both sides must allow a connection, so this rule is dead{}",
                      RuleLabel(direction, r), policy.Id(), first.ports.ToString(), subject, other,
                      other, why, more),
          blocked_side.fix);
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeOneSidedAllowRule() { return std::make_unique<OneSidedAllow>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
