// NP016 policy-in-empty-namespace: a policy in a namespace without pods.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class PolicyInEmptyNamespace : public BasicRule {
 public:
  PolicyInEmptyNamespace()
      : BasicRule({"NP016", "policy-in-empty-namespace", LintSeverity::kWarning,
                   "A policy lives in a namespace that has no pods in the inputs",
                   R"(A policy only selects pods of its own namespace. When that namespace has no pods in the
inputs, the namespace is likely wrong: a typo, or a manifest without `metadata.namespace`,
which lands in `default` (with `kubectl apply`, in the current context's namespace). Runs only
when the inputs contain pods.

Bad:
  metadata:
    name: allow-web        # no namespace: lands in default, the pods are in shop

Good:
  metadata:
    name: allow-web
    namespace: shop)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    for (const NetworkPolicy& policy : context.cluster().policies) {
      if (!context.PodsOf(policy.namespace_name).empty()) continue;
      reporter.Diag(policy.loc,
                    fmt::format("policy {} is in namespace {}, which has no pods in the inputs{}",
                                policy.Id(), policy.namespace_name,
                                policy.namespace_name == kDefaultNamespace
                                    ? " (a manifest without metadata.namespace lands in default)"
                                    : ""),
                    "set metadata.namespace to the namespace of the pods it is meant for");
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakePolicyInEmptyNamespaceRule() {
  return std::make_unique<PolicyInEmptyNamespace>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
