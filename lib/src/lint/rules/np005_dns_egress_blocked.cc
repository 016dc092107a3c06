// NP005 dns-egress-blocked: an egress-isolated pod that cannot resolve names.
#include <map>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"
#include "netpol/cluster_dns.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

constexpr int kDnsPort = 53;

class DnsEgressBlocked : public BasicRule {
 public:
  DnsEgressBlocked()
      : BasicRule({"NP005", "dns-egress-blocked", LintSeverity::kError,
                   "An egress-isolated pod cannot reach cluster DNS on 53/UDP and 53/TCP",
                   R"(Once a policy isolates a pod for egress, everything it sends must be allowed, DNS included.
A default-deny-egress without a DNS allowance breaks name resolution for every pod it selects,
usually seen as timeouts rather than refused connections. Cluster DNS is the pods of
kube-system labelled k8s-app=kube-dns (`--dns` names others; when the inputs have none, the
standard one is modelled); both 53/UDP and 53/TCP are needed (large answers fall back to TCP).
Reported on the policy that isolates the pods (the first in the inputs when several do); when
their egress allows DNS but the DNS pods' ingress does not, on the DNS pods' isolating policy.

Bad:
  kind: NetworkPolicy
  metadata: {name: default-deny-egress}
  spec: {podSelector: {}, policyTypes: [Egress]}

Good (next to it):
  kind: NetworkPolicy
  metadata: {name: allow-dns-egress}
  spec:
    podSelector: {}
    policyTypes: [Egress]
    egress:
    - to:
      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
        podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const ClusterDnsOptions& dns_options = context.options().dns;
    std::vector<PodId> dns;
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      if (IsClusterDnsPod(cluster.pods[id], dns_options)) dns.push_back(id);
    }
    if (dns.empty()) return;
    // (blamed side, blamed policies, missing protocols) -> pods.
    std::map<Key, std::vector<PodId>> groups;
    // Pods of a class reach the DNS pods alike: judge each class once, by its
    // first pod, and list its pods.
    const LintIndex& index = context.index();
    std::vector<std::optional<std::optional<Key>>> judged(index.PodClassCount());
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      auto& verdict = judged[index.ClassOf(id)];
      if (!verdict) verdict = Judge(context, id, dns);
      if (*verdict) groups[**verdict].push_back(id);
    }
    const std::vector<std::string> servers = PodNames(cluster, dns);
    for (const auto& [key, pods] : groups) {
      const auto& [side, policies, what] = key;
      if (policies.empty()) continue;
      PolicyId blamed = policies.front();
      std::vector<std::string> names;
      for (PolicyId policy : policies) {
        names.push_back(cluster.policies[policy].Id());
        if (LocBefore(cluster.policies[policy].loc, cluster.policies[blamed].loc)) blamed = policy;
      }
      const std::string pod_list = JoinLimited(PodNames(cluster, pods));
      if (side == Direction::kEgress) {
        reporter.Diag(
            cluster.policies[blamed].loc,
            fmt::format("{} isolates the egress of {} and no policy isolating {} ({}) allows DNS "
                        "to {} on {}: name resolution fails",
                        cluster.policies[blamed].Id(), pod_list, pods.size() == 1 ? "it" : "them",
                        JoinLimited(names), JoinLimited(servers), what),
            fmt::format("add an egress rule to a policy selecting {}: `to: [{{namespaceSelector: "
                        "{{matchLabels: {{kubernetes.io/metadata.name: {}}}}}, podSelector: "
                        "{{matchLabels: {{{}}}}}}}]`, `ports: [{{protocol: UDP, port: 53}}, "
                        "{{protocol: TCP, port: 53}}]`",
                        pods.size() == 1 ? "the pod" : "these pods", dns_options.namespace_name,
                        LabelsText(dns_options.labels)));
      } else {
        reporter.Diag(
            cluster.policies[blamed].loc,
            fmt::format("{} isolates the ingress of cluster DNS ({}) and no rule admits {} on "
                        "{}: name resolution fails for {}",
                        cluster.policies[blamed].Id(), JoinLimited(servers), pod_list, what,
                        pods.size() == 1 ? "it" : "them"),
            "add an ingress rule admitting DNS (53/UDP, 53/TCP) from every namespace to the DNS "
            "pods");
      }
    }
  }

 private:
  // (blamed side, blamed policies, missing protocols).
  using Key = std::tuple<Direction, std::vector<PolicyId>, std::string>;

  // The finding's key for pod `id`, or nullopt when it reaches DNS (or is
  // not judged: hostNetwork, modelled, a DNS pod itself).
  static std::optional<Key> Judge(const LintContext& context, PodId id,
                                  const std::vector<PodId>& dns) {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const ClusterDnsOptions& dns_options = context.options().dns;
    const Pod& pod = cluster.pods[id];
    if (pod.host_network || context.IsModelled(id) || IsClusterDnsPod(pod, dns_options)) {
      return std::nullopt;
    }
    std::vector<std::string> missing;
    bool egress_blocks = false;
    std::vector<PolicyId> ingress_blockers;
    for (Protocol protocol : {Protocol::kUDP, Protocol::kTCP}) {
      bool reached = false;
      bool egress_allows = false;
      for (PodId server : dns) {
        const Verdict verdict = evaluator.Evaluate(Endpoint::ForPod(id), Endpoint::ForPod(server));
        reached = reached || verdict.Allows(protocol, kDnsPort);
        if (verdict.egress.allowed.Contains(protocol, kDnsPort)) {
          egress_allows = true;
          if (ingress_blockers.empty()) ingress_blockers = verdict.ingress.isolating_policies;
        }
      }
      if (reached) continue;
      missing.push_back(fmt::format("{} {}", ProtocolName(protocol), kDnsPort));
      if (!egress_allows) egress_blocks = true;
    }
    if (missing.empty()) return std::nullopt;
    std::string what = missing.front();
    if (missing.size() > 1) what += " and " + missing.back();
    if (egress_blocks) {
      return Key{Direction::kEgress, evaluator.IsolatingPolicies(id, Direction::kEgress), what};
    }
    return Key{Direction::kIngress, ingress_blockers, what};
  }

  static std::string LabelsText(const Labels& labels) {
    std::string text;
    for (const auto& [key, value] : labels) {
      if (!text.empty()) text += ", ";
      text += key + ": " + value;
    }
    return text;
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeDnsEgressBlockedRule() {
  return std::make_unique<DnsEgressBlocked>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
