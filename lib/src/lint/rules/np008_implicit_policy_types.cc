// NP008 implicit-policy-types: policyTypes whose meaning differs from the shape.
#include <algorithm>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class ImplicitPolicyTypes : public BasicRule {
 public:
  ImplicitPolicyTypes()
      : BasicRule({"NP008", "implicit-policy-types", LintSeverity::kWarning,
                   "policyTypes (written or defaulted) mean something other than the policy's "
                   "shape suggests",
                   R"(Without `policyTypes` a policy is an Ingress policy, and an Egress policy too only when
`egress` has at least one rule. So `egress: []` without policyTypes does NOT deny egress (and,
since the policy is an Ingress policy with no ingress rules, denies all ingress instead); a
policy with only egress rules and no policyTypes also isolates ingress and denies all of it.
Conversely, rules of a direction that `policyTypes` does not list are ignored.

Bad (meant: deny all egress; actually: deny all ingress, egress untouched):
  spec:
    podSelector: {}
    egress: []

Good:
  spec:
    podSelector: {}
    policyTypes: [Egress])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    for (const NetworkPolicy& policy : context.cluster().policies) {
      const bool implicit = !policy.policy_types || policy.policy_types->empty();
      if (implicit) {
        if (policy.egress.empty() && policy.egress_loc.IsKnown()) {
          reporter.Diag(
              policy.egress_loc,
              fmt::format("policy {} has `egress: []` but no policyTypes, so it does not isolate "
                          "egress (policyTypes defaults to [Ingress] unless egress has rules){}",
                          policy.Id(),
                          policy.ingress.empty() ? "; as an Ingress policy without ingress rules it "
                                                   "denies all ingress to the pods it selects"
                                                 : ""),
              "to deny egress, write `policyTypes: [Egress]` (or [Ingress, Egress])");
        } else if (!policy.egress.empty() && policy.ingress.empty() &&
                   !policy.ingress_loc.IsKnown()) {
          reporter.Diag(policy.loc,
                        fmt::format("policy {} has only egress rules and no policyTypes, so it is an "
                                    "Ingress policy too (policyTypes defaults to [Ingress, Egress]) "
                                    "and, without ingress rules, denies all ingress to the pods it "
                                    "selects",
                                    policy.Id()),
                        "write `policyTypes: [Egress]` if the policy is meant for egress only");
        }
        continue;
      }
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const bool listed = std::find(policy.policy_types->begin(), policy.policy_types->end(),
                                      direction) != policy.policy_types->end();
        if (listed || policy.Rules(direction).empty()) continue;
        const SourceLoc& where = direction == Direction::kIngress ? policy.ingress_loc : policy.egress_loc;
        reporter.Diag(KnownOr(where, policy.loc),
                      fmt::format("policy {} has {} rules but policyTypes does not list {}, so they "
                                  "are ignored",
                                  policy.Id(), DirectionKey(direction),
                                  DirectionName(direction)),
                      fmt::format("add {} to policyTypes, or delete the rules", DirectionName(direction)));
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeImplicitPolicyTypesRule() {
  return std::make_unique<ImplicitPolicyTypes>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
