// NP034 cilium-reopens-default-deny: a CiliumNetworkPolicy selecting every
// pod of a namespace whose Kubernetes NetworkPolicies default-deny the same
// direction: Cilium unions the allows, so the CNP reopens what the default
// deny closed, for every pod.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/direction.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class CiliumReopensDefaultDeny : public BasicRule {
 public:
  CiliumReopensDefaultDeny()
      : BasicRule({"NP034", "cilium-reopens-default-deny", LintSeverity::kWarning,
                   "A CiliumNetworkPolicy with an empty endpointSelector allows, for every pod, "
                   "what a default-deny NetworkPolicy of its namespace closes",
                   R"(Cilium enforces Kubernetes NetworkPolicies and Cilium policies together, and their allows
are one union: nothing in a CiliumNetworkPolicy is narrowed by a NetworkPolicy. A namespace
whose NetworkPolicies start from a default deny (`podSelector: {}` with no rules for a
direction) and that also holds a CiliumNetworkPolicy with `endpointSelector: {}` and allow
rules for that direction has every pod opened by those rules, usually by someone who read
the CNP as one more restriction. Reported on the CNP's rule, naming the default deny.

Bad (in one namespace):
  kind: NetworkPolicy
  spec: {podSelector: {}, policyTypes: [Ingress]}
  ---
  kind: CiliumNetworkPolicy
  spec:
    endpointSelector: {}
    ingress:
    - fromEntities: [cluster]

Good: narrow the CNP's endpointSelector to the pods meant to accept that traffic.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (const NetworkPolicy& cnp : cluster.policies) {
      if (cnp.kind != PolicyKind::kCiliumNetworkPolicy || !cnp.pod_selector.IsEmpty()) continue;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = cnp.Rules(direction);
        if (rules.empty()) continue;
        const NetworkPolicy* deny = nullptr;
        for (const NetworkPolicy& np : cluster.policies) {
          if (np.kind == PolicyKind::kNetworkPolicy && np.namespace_name == cnp.namespace_name &&
              np.pod_selector.IsEmpty() && np.Isolates(direction) && np.Rules(direction).empty()) {
            deny = &np;
            break;
          }
        }
        if (deny == nullptr) continue;
        const char* key = DirectionKey(direction);
        reporter.Diag(rules.front().loc,
                      fmt::format("CiliumNetworkPolicy {} selects every pod of namespace {} and "
                                  "allows {} traffic that the default-deny NetworkPolicy {} ({}) "
                                  "closes: Cilium unions the allows, so its {} rules apply to "
                                  "every pod there",
                                  cnp.Id(), cnp.namespace_name, key, deny->Id(),
                                  deny->loc.ToString(), key),
                      "narrow the endpointSelector to the pods meant to get these allows");
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCiliumReopensDefaultDenyRule() {
  return std::make_unique<CiliumReopensDefaultDeny>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
