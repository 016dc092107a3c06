// NP001 policy-selects-nothing: a policy whose podSelector matches no pod.
#include <set>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class PolicySelectsNothing : public BasicRule {
 public:
  PolicySelectsNothing()
      : BasicRule({"NP001", "policy-selects-nothing", LintSeverity::kWarning,
                   "The policy's podSelector matches no pod of its namespace in the inputs",
                   R"(A policy applies only to the pods its spec.podSelector matches in the policy's own
namespace. When it matches none of the namespace's pods, the policy does nothing: usually a
label typo, a label that lives on the Deployment instead of its pod template, or a policy
copied from another namespace. Runs only when the inputs contain pods, and only for namespaces
that have some (policy-in-empty-namespace covers the others).

Bad (the pods are labelled app: web):
  spec:
    podSelector:
      matchLabels: {app: webapp}

Good:
  spec:
    podSelector:
      matchLabels: {app: web})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      const std::vector<PodId> pods = context.PodsOf(policy.namespace_name);
      if (pods.empty() || !context.SelectedByLabels(policy).empty()) continue;
      // Show what the selector's keys look like on the pods: the likely typo.
      std::set<std::string> seen;
      for (PodId id : pods) {
        for (const auto& [key, value] : cluster.pods[id].labels) {
          if (policy.pod_selector.match_labels.count(key)) seen.insert(key + "=" + value);
        }
      }
      std::string hint;
      SelectorSite site;
      site.policy = id;
      if (const LabelTypo* typo = context.TypoAt(site)) {
        // The root cause, from likely-label-typo.
        hint = fmt::format(" (likely a typo: {} [NP022])", DescribeLabelTypo(*typo, cluster));
      } else if (!seen.empty()) {
        hint = fmt::format(" (its pods have {})",
                           JoinLimited(std::vector<std::string>(seen.begin(), seen.end()), 6));
      }
      reporter.Diag(KnownOr(policy.pod_selector.loc, policy.loc),
                    fmt::format("policy {} selects no pod: podSelector {} matches none of the {} "
                                "pod{} of namespace {}{}",
                                policy.Id(), policy.pod_selector.ToString(), pods.size(),
                                pods.size() == 1 ? "" : "s", policy.namespace_name, hint),
                    "fix the podSelector to match the labels of the pods (their pod template's "
                    "labels for workloads), or delete the policy");
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakePolicySelectsNothingRule() {
  return std::make_unique<PolicySelectsNothing>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
