// NP010 no-default-deny-egress: a namespace whose pods may connect anywhere.
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class NoDefaultDenyEgress : public BasicRule {
 public:
  NoDefaultDenyEgress()
      : BasicRule({"NP010", "no-default-deny-egress", LintSeverity::kInfo,
                   "A namespace has pods that no policy isolates for egress",
                   R"(A pod that no policy selects for Egress may connect anywhere, which is what an attacker in
that pod wants. Egress default-deny is less common than ingress (it needs a DNS allowance, see
dns-egress-blocked), hence info. Same scope and exemptions as no-default-deny-ingress.

Bad: namespace shop with pods and no Egress policy.

Good:
  kind: NetworkPolicy
  metadata: {name: default-deny-egress, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Egress]}
  # plus an allow-dns-egress policy)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    CheckDefaultDeny(context, reporter, Direction::kEgress);
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeNoDefaultDenyEgressRule() {
  return std::make_unique<NoDefaultDenyEgress>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
