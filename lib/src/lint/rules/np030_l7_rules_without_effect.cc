// NP030 l7-rules-without-effect: a Cilium rule's L7 `rules` never filter
// anything, because a plain rule allows the same ports to the same peers.
#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class L7RulesWithoutEffect : public BasicRule {
 public:
  L7RulesWithoutEffect()
      : BasicRule({"NP030", "l7-rules-without-effect", LintSeverity::kWarning,
                   "A Cilium rule's L7 rules filter nothing: a plain rule allows the same ports "
                   "to the same peers",
                   R"(Cilium documents that when a layer 4 rule and a similar layer 4 rule with layer 7 rules
both apply, the layer 7 part has no effect: the port is open to every request. A plain allow
(a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy rule without `rules`, or a Kubernetes
NetworkPolicy) for the same pods, peers and ports silently turns off the HTTP, Kafka or DNS
filtering someone wrote. Reported on the L7 rule when, for every peer it matches, the same
ports are allowed plainly.

Bad (the second rule opens port 80 to every request from app: web):
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts:
    - ports: [{port: "80", protocol: TCP}]
      rules: {http: [{method: GET, path: /public}]}
  - fromEndpoints: [{}]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]

Good: drop the plain rule, or narrow it to other peers or ports.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const LintIndex& index = context.index();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      if (policy.kind == PolicyKind::kNetworkPolicy) continue;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        const std::vector<LintClass> subjects =
            index.ClassesOfPods(index.Isolated(id, direction));
        for (std::size_t i = 0; i < rules.size(); ++i) {
          const Rule& rule = rules[i];
          std::string protocol;
          for (const PolicyPort& port : rule.ports) {
            if (!port.l7.empty()) protocol = port.l7;
          }
          if (protocol.empty()) continue;
          const RuleRef ref{id, direction, static_cast<int>(i)};
          bool applies = false;
          bool filters = false;
          for (LintClass s : subjects) {
            for (LintClass p = 0; p < index.ClassCount() && !filters; ++p) {
              const auto pair = index.DistinctPair(s, p);
              if (!pair) continue;
              const Endpoint& subject = pair->first;
              const Endpoint& peer = pair->second;
              if (!evaluator.RulePeersMatch(policy, rule, peer)) continue;
              const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
              bool has_l7_ports = false;
              for (const PolicyPort& port : rule.ports) {
                if (!port.l7.empty() && !evaluator.PolicyPortSet(port, destination).IsEmpty()) {
                  has_l7_ports = true;
                }
              }
              if (!has_l7_ports) continue;
              applies = true;
              const SideVerdict side = evaluator.EvaluateSide(direction, subject, peer);
              for (const SideVerdict::L7Contribution& c : side.l7_by) {
                if (c.rule == ref) filters = true;
              }
            }
            if (filters) break;
          }
          if (!applies || filters) continue;
          reporter.Diag(KnownOr(rule.loc, policy.loc),
                        fmt::format("{} {} {}: its L7 rules ({}) filter nothing: for every peer "
                                    "it matches, a plain rule allows the same ports",
                                    PolicyKindName(policy.kind), policy.Id(),
                                    RuleLabel(direction, i), protocol),
                        "remove the plain allow of these ports for these peers, or drop the L7 "
                        "rules if the port is meant to be open");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeL7RulesWithoutEffectRule() {
  return std::make_unique<L7RulesWithoutEffect>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
