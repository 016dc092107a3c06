// NP009 no-default-deny-ingress: a namespace whose pods accept anything.
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class NoDefaultDenyIngress : public BasicRule {
 public:
  NoDefaultDenyIngress()
      : BasicRule({"NP009", "no-default-deny-ingress", LintSeverity::kWarning,
                   "A namespace has pods that no policy isolates for ingress",
                   R"(A pod that no policy selects for Ingress accepts connections from everywhere. The usual
baseline is a default-deny per namespace, then allow rules for what is needed. Reported on the
Namespace manifest (or the first such pod when there is none), listing the pods left open.
A pod that a Calico NetworkPolicy or GlobalNetworkPolicy selects for Ingress is policed (its
tier ends in Deny), as is one an AdminNetworkPolicy or BaselineAdminNetworkPolicy selects.
hostNetwork pods are not counted (policies do not apply to them); kube-system, kube-public and
kube-node-lease are exempt (system components; LintOptions::system_namespaces).

Bad: namespace shop with pods and only
  spec: {podSelector: {matchLabels: {app: web}}, ingress: [...]}

Good: in addition,
  kind: NetworkPolicy
  metadata: {name: default-deny-ingress, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Ingress]})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    CheckDefaultDeny(context, reporter, Direction::kIngress);
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeNoDefaultDenyIngressRule() {
  return std::make_unique<NoDefaultDenyIngress>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
