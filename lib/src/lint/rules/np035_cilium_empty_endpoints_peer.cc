// NP035 cilium-empty-endpoints-peer: `fromEndpoints: [{}]` (or toEndpoints)
// in a CiliumNetworkPolicy selects the policy's namespace, not the cluster.
#include <string>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/direction.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class CiliumEmptyEndpointsPeer : public BasicRule {
 public:
  CiliumEmptyEndpointsPeer()
      : BasicRule({"NP035", "cilium-empty-endpoints-peer", LintSeverity::kInfo,
                   "fromEndpoints: [{}] in a CiliumNetworkPolicy means every pod of the policy's "
                   "namespace, not of the cluster",
                   R"(In a CiliumNetworkPolicy an endpoint selector without a namespace label is confined to the
policy's namespace, so `fromEndpoints: [{}]` (or `toEndpoints: [{}]`) admits the pods of that
namespace only. It is often written meaning "any pod in the cluster", which is
`fromEntities: [cluster]`. (In a CiliumClusterwideNetworkPolicy `{}` is every pod.) Reported on
the rule, so the reader can check which was meant.

Bad (ambiguous):
  ingress:
  - fromEndpoints: [{}]

Good (explicit):
  ingress:
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: shop}}]   # the namespace
  - fromEntities: [cluster]                                                 # every pod)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (const NetworkPolicy& policy : cluster.policies) {
      if (policy.kind != PolicyKind::kCiliumNetworkPolicy) continue;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          for (const Peer& peer : rules[i].peers) {
            if (peer.ip_block || !peer.fqdn.empty() || peer.namespace_selector ||
                !peer.pod_selector || !peer.pod_selector->IsEmpty()) {
              continue;
            }
            reporter.Diag(KnownOr(peer.loc, rules[i].loc),
                          fmt::format("CiliumNetworkPolicy {} {}: {}: [{{}}] selects every pod "
                                      "of namespace {} only, not of the cluster",
                                      policy.Id(), RuleLabel(direction, i),
                                      std::string(PeerListKey(direction)) + "Endpoints",
                                      policy.namespace_name),
                          "write fromEntities/toEntities: [cluster] for every pod of the "
                          "cluster, or name the namespace with k8s:io.kubernetes.pod.namespace");
            break;
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCiliumEmptyEndpointsPeerRule() {
  return std::make_unique<CiliumEmptyEndpointsPeer>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
