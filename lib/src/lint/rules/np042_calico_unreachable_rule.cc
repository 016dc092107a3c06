// NP042 calico-unreachable-rule: a Calico rule after an unconditional
// Allow, Deny or Pass of the same policy and direction, which therefore never
// matches.
#include <string>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

// Whether `entity` restricts nothing (matches every endpoint and port).
bool Unrestricted(const CalicoEntityRule& entity) {
  return !entity.SelectsEndpoints() && entity.nets.empty() && entity.not_nets.empty() &&
         entity.ports.empty() && entity.not_ports.empty() && !entity.unmodelled;
}

// Whether `rule` decides every connection that reaches it.
bool Unconditional(const CalicoRule& rule) {
  return rule.action != CalicoAction::kLog && !rule.protocol && !rule.not_protocol &&
         Unrestricted(rule.source) && Unrestricted(rule.destination);
}

class CalicoUnreachableRule : public BasicRule {
 public:
  CalicoUnreachableRule()
      : BasicRule({"NP042", "calico-unreachable-rule", LintSeverity::kWarning,
                   "A Calico rule follows an unconditional Allow, Deny or Pass and never matches",
                   R"(Calico evaluates a policy's rules in order and the first rule that matches decides (Log
excepted: it records and goes on). A rule with no `protocol`, `notProtocol`, `source` or
`destination` restriction matches every connection, so an `Allow`, `Deny` or `Pass` like it
ends the policy: every rule after it in the same direction is dead. Reported on each such
rule, naming the one that shadows it. Usually the rules were meant in the other order (the
narrow exception first), or the catch-all belongs in a later policy. (Fields netpol does not
model, such as `http` and `icmp`, are not seen as restrictions.)

Bad:
  ingress:
  - action: Deny
  - action: Allow
    source: {selector: app == 'frontend'}

Good (the exception first, then the catch-all):
  ingress:
  - action: Allow
    source: {selector: app == 'frontend'}
  - action: Deny)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    for (const CalicoPolicy& policy : context.cluster().calico_policies) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const auto& rules = policy.Rules(direction == Direction::kIngress);
        std::size_t first = rules.size();
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (first == rules.size()) {
            if (Unconditional(rules[i])) first = i;
            continue;
          }
          reporter.Diag(
              KnownOr(rules[i].loc, policy.loc),
              fmt::format("{} {} never matches: {} ({} with no protocol, source or destination "
                          "restriction) decides every connection before it",
                          policy.Id(), RuleLabel(direction, i), RuleLabel(direction, first),
                          CalicoActionName(rules[first].action)),
              fmt::format("move {} above {}, or delete it", RuleLabel(direction, i),
                          RuleLabel(direction, first)));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCalicoUnreachableRuleRule() {
  return std::make_unique<CalicoUnreachableRule>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
