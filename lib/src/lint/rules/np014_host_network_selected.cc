// NP014 host-network-selected: a policy selecting hostNetwork pods.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class HostNetworkSelected : public BasicRule {
 public:
  HostNetworkSelected()
      : BasicRule({"NP014", "host-network-selected", LintSeverity::kWarning,
                   "A policy selects hostNetwork pods, to which NetworkPolicies do not apply",
                   R"(A pod with `hostNetwork: true` shares its node's network namespace: its traffic is node
traffic, so NetworkPolicies neither isolate it nor match it with pod selectors (only ipBlocks
containing the node's IP do). A policy whose podSelector matches such a pod gives a false sense
of protection. Reported on the policy's podSelector, naming the hostNetwork pods.

Bad:
  # pods app=node-exporter run with hostNetwork: true
  spec:
    podSelector: {matchLabels: {app: node-exporter}}
    policyTypes: [Ingress]

Good: protect the port on the node (host firewall), or run the pod without hostNetwork.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (const NetworkPolicy& policy : cluster.policies) {
      std::vector<PodId> host;
      for (PodId id : context.SelectedByLabels(policy)) {
        if (cluster.pods[id].host_network) host.push_back(id);
      }
      if (host.empty()) continue;
      reporter.Diag(KnownOr(policy.pod_selector.loc, policy.loc),
                    fmt::format("policy {} selects {} hostNetwork pod{} ({}): NetworkPolicies do not "
                                "apply to hostNetwork pods, so the policy neither isolates nor "
                                "protects {}",
                                policy.Id(), host.size(), host.size() == 1 ? "" : "s",
                                JoinLimited(PodNames(cluster, host)), host.size() == 1 ? "it" : "them"),
                    "protect these pods on the node (host firewall), or run them without "
                    "hostNetwork");
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeHostNetworkSelectedRule() {
  return std::make_unique<HostNetworkSelected>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
