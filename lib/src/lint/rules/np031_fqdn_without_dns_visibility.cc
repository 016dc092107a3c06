// NP031 fqdn-without-dns-visibility: a Cilium toFQDNs rule whose pods' DNS
// lookups of its names never pass Cilium's DNS proxy, so it allows nothing
// for them.
#include <set>
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
                   "A Cilium toFQDNs rule allows nothing: the pod's DNS lookups of its names "
                   "do not go through Cilium's DNS proxy",
                   R"(Cilium learns which addresses a DNS name stands for only from the lookups its DNS proxy
sees, and a lookup goes to the proxy only when an egress rule of the pod allows port 53 to the
cluster resolver with L7 `dns` rules. Without such a rule (DNS blocked, or allowed by a plain
port rule), a `toFQDNs` rule never learns an address and allows nothing, whatever it names.
The proxy also refuses the lookup of a name the `dns` rules do not let through
(`matchName`/`matchPattern`): a `toFQDNs` name outside them allows nothing either.
netpol's verdicts apply this too (the rule's allows are absent from graph, check and
explain); this rule points at the cause. Reported on the toFQDNs rule, naming the pods it selects whose DNS is not
visible (cluster DNS as for NP005, `--dns` names other DNS pods).

Bad (DNS allowed at L4 only):
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
  - toFQDNs: [{matchName: api.example.com}]

Bad (the dns rules let through cluster names only):
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*.cluster.local"}]}}]
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
        // Pods whose lookups fail or bypass the proxy first, then those
        // whose dns rules refuse some of the names.
        std::vector<std::string> blocked;
        std::vector<std::string> refused_pods;
        std::set<std::string> refused;
        std::string example;
        bool any_invisible = false;
        for (PodId pod : context.SelectedByLabels(policy)) {
          if (cluster.pods[pod].host_network || context.IsModelled(pod)) continue;
          const FqdnDnsStatus status =
              FqdnDnsOf(context.evaluator(), pod, context.options().dns);
          std::vector<std::string> refused_here;
          for (const std::string& name : names) {
            if (!status.dns_visible || !status.LookupAllowed(name)) refused_here.push_back(name);
          }
          if (refused_here.empty()) continue;
          (status.dns_visible ? refused_pods : blocked).push_back(cluster.pods[pod].Id());
          any_invisible = any_invisible || !status.dns_visible;
          refused.insert(refused_here.begin(), refused_here.end());
          if (example.empty()) {
            example = FqdnLookupProblem(status, cluster.pods[pod].Id(), refused_here.front());
          }
        }
        if (refused.empty()) continue;
        std::vector<std::string> pods = blocked;
        pods.insert(pods.end(), refused_pods.begin(), refused_pods.end());
        reporter.Diag(loc,
                      fmt::format("{} {} {}: toFQDNs {} allows nothing in Cilium for {}: {}",
                                  PolicyKindName(policy.kind), policy.Id(),
                                  RuleLabel(Direction::kEgress, i),
                                  JoinLimited({refused.begin(), refused.end()}),
                                  JoinLimited(pods), example),
                      any_invisible
                          ? "allow egress to the cluster DNS on port 53 with L7 rules "
                            "{dns: [{matchPattern: \"*\"}]} for these pods"
                          : "let these names through the L7 dns rules towards the cluster DNS "
                            "(a matchName or matchPattern covering them)");
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
