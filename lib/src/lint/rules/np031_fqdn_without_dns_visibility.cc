// NP031 fqdn-without-dns-visibility: a Cilium toFQDNs rule whose pods' DNS
// lookups never reach Cilium's DNS proxy, so the rule allows nothing.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/cluster_dns.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class FqdnWithoutDnsVisibility : public BasicRule {
 public:
  FqdnWithoutDnsVisibility()
      : BasicRule({"NP031", "fqdn-without-dns-visibility", LintSeverity::kWarning,
                   "A Cilium toFQDNs rule allows nothing: the pod's DNS lookups do not go "
                   "through Cilium's DNS proxy",
                   R"(Cilium learns which addresses a DNS name stands for only from the lookups its DNS proxy
sees, and a lookup goes to the proxy only when an egress rule of the pod allows port 53 to the
cluster resolver with L7 `dns` rules. Without such a rule (DNS blocked, or allowed by a plain
port rule), a `toFQDNs` rule never learns an address and allows nothing, whatever it names.
netpol's verdicts apply this too (the rule's allows are absent from graph, check and
explain); this rule points at the cause. Reported on the toFQDNs rule, naming the pods it selects whose DNS is not
visible (cluster DNS as for NP005, `--dns` names other DNS pods).

Bad (DNS allowed at L4 only):
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
  - toFQDNs: [{matchName: api.example.com}]

Good:
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
  - toFQDNs: [{matchName: api.example.com}])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      if (policy.kind == PolicyKind::kNetworkPolicy) continue;
      for (std::size_t i = 0; i < policy.egress.size(); ++i) {
        const Rule& rule = policy.egress[i];
        std::vector<std::string> names;
        SourceLoc loc = rule.loc;
        bool first = true;
        for (const Peer& peer : rule.peers) {
          if (peer.fqdn.empty() || !peer.fqdn_pattern.empty()) continue;
          if (first) loc = KnownOr(peer.loc, rule.loc);
          first = false;
          names.push_back(peer.fqdn);
        }
        if (names.empty()) continue;
        std::vector<std::string> blocked;
        std::vector<std::string> invisible;
        std::string example;
        for (PodId pod : context.SelectedByLabels(policy)) {
          if (cluster.pods[pod].host_network || context.IsModelled(pod)) continue;
          const FqdnDnsStatus status =
              FqdnDnsOf(context.evaluator(), pod, context.options().dns);
          if (status.dns_visible) continue;
          (status.dns_allowed ? invisible : blocked).push_back(cluster.pods[pod].Id());
          if (example.empty()) example = FqdnDnsProblem(status, cluster.pods[pod].Id());
        }
        if (blocked.empty() && invisible.empty()) continue;
        std::vector<std::string> pods = blocked;
        pods.insert(pods.end(), invisible.begin(), invisible.end());
        reporter.Diag(loc,
                      fmt::format("{} {} {}: toFQDNs {} allows nothing in Cilium for {}: {}",
                                  PolicyKindName(policy.kind), policy.Id(),
                                  RuleLabel(Direction::kEgress, i), JoinLimited(names),
                                  JoinLimited(pods), example),
                      "allow egress to the cluster DNS on port 53 with L7 rules "
                      "{dns: [{matchPattern: \"*\"}]} for these pods");
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeFqdnWithoutDnsVisibilityRule() {
  return std::make_unique<FqdnWithoutDnsVisibility>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
