// NP032 cilium-world-ingress: a Cilium ingress rule admits the world (the
// `world` or `all` entity, or a CIDR covering every address).
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class CiliumWorldIngress : public BasicRule {
 public:
  CiliumWorldIngress()
      : BasicRule({"NP032", "cilium-world-ingress", LintSeverity::kWarning,
                   "A Cilium ingress rule admits every address outside the cluster (world)",
                   R"(`fromEntities: [world]` (or `all`, or a `fromCIDR` of 0.0.0.0/0 or ::/0) admits the whole
internet to the selected pods, on the rule's ports. That is right for a public entry point
behind no load balancer, and a mistake almost everywhere else: `cluster` was usually meant.
Reported on the peer, naming the pods it opens.

Bad:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEntities: [all]

Good:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEntities: [cluster])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      if (policy.kind == PolicyKind::kNetworkPolicy) continue;
      std::vector<std::string> pods;
      for (PodId pod : context.SelectedByLabels(policy)) {
        if (!cluster.pods[pod].host_network) pods.push_back(cluster.pods[pod].Id());
      }
      if (pods.empty()) continue;
      for (std::size_t i = 0; i < policy.ingress.size(); ++i) {
        const Rule& rule = policy.ingress[i];
        for (const Peer& peer : rule.peers) {
          if (!peer.ip_block || !peer.ip_block->outside_cluster || peer.ip_block->cidr.prefix != 0 ||
              !peer.ip_block->except.empty()) {
            continue;
          }
          std::string ports;
          for (const PolicyPort& port : rule.ports) {
            ports += (ports.empty() ? "" : ", ") + port.ToString();
          }
          reporter.Diag(KnownOr(peer.loc, rule.loc),
                        fmt::format("{} {} {}: admits every address outside the cluster ({}) "
                                    "to {} on {}",
                                    PolicyKindName(policy.kind), policy.Id(),
                                    RuleLabel(Direction::kIngress, i), peer.ip_block->cidr.ToString(),
                                    JoinLimited(pods), ports.empty() ? "every port" : ports),
                        "use fromEntities: [cluster] for in-cluster clients, or name the "
                        "addresses (fromCIDRSet) that may connect");
          break;  // one finding a rule (world lowers to an IPv4 and an IPv6 block)
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCiliumWorldIngressRule() { return std::make_unique<CiliumWorldIngress>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
