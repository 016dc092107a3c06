// NP040 calico-dns-egress-denied: a Calico policy's Deny (a Deny rule, or its
// tier's end) keeps the pods it selects from cluster DNS. The Calico form of
// NP005, which blames Kubernetes NetworkPolicies only.
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"
#include "netpol/cluster_dns.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

constexpr int kDnsPort = 53;

class CalicoDnsEgressDenied : public BasicRule {
 public:
  CalicoDnsEgressDenied()
      : BasicRule({"NP040", "calico-dns-egress-denied", LintSeverity::kError,
                   "A Calico policy denies the egress of the pods it selects to cluster DNS",
                   R"(A Calico NetworkPolicy or GlobalNetworkPolicy that selects a pod for Egress ends its
tier with a Deny: once the pod is selected, whatever no rule of the tier allows is dropped,
DNS included. A global default deny (`selector: all()`, `types: [Egress]`, no rules) without
an Allow for 53/UDP and 53/TCP to cluster DNS breaks name resolution for every pod it selects.
netpol asks the tier walk itself: for each selected pod, the Calico step that denies UDP 53
or TCP 53 towards the DNS pods (kube-system, k8s-app=kube-dns, or `--dns`; modelled when the
inputs have none) is blamed: a Deny rule, or the end of a tier (then the first policy of that
tier selecting the pod, reported at the policy). Kubernetes NetworkPolicies are NP005's.

Bad:
  apiVersion: projectcalico.org/v3
  kind: GlobalNetworkPolicy
  metadata: {name: default-deny}
  spec: {selector: all(), types: [Ingress, Egress]}

Good (the same policy, with DNS allowed first):
  spec:
    selector: all()
    types: [Ingress, Egress]
    egress:
    - action: Allow
      protocol: UDP
      destination:
        namespaceSelector: projectcalico.org/name == 'kube-system'
        selector: k8s-app == 'kube-dns'
        ports: [53]
    - action: Allow
      protocol: TCP
      destination: {namespaceSelector: projectcalico.org/name == 'kube-system',
                    selector: k8s-app == 'kube-dns', ports: [53]})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    if (cluster.calico_policies.empty()) return;
    const ClusterDnsOptions& dns_options = context.options().dns;
    std::vector<PodId> dns;
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      if (IsClusterDnsPod(cluster.pods[id], dns_options)) dns.push_back(id);
    }
    if (dns.empty()) return;
    // Pods of a class reach the DNS pods alike: judge each class once.
    const LintIndex& index = context.index();
    std::vector<std::optional<std::optional<Key>>> judged(index.PodClassCount());
    std::map<Key, std::vector<PodId>> groups;
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      auto& verdict = judged[index.ClassOf(id)];
      if (!verdict) verdict = Judge(context, id, dns);
      if (*verdict) groups[**verdict].push_back(id);
    }
    const std::string servers = JoinLimited(PodNames(cluster, dns));
    for (const auto& [key, pods] : groups) {
      const auto& [policy_id, rule_index, what] = key;
      const CalicoPolicy& policy = cluster.calico_policies[policy_id];
      const std::string pod_list = JoinLimited(PodNames(cluster, pods));
      if (rule_index >= 0) {
        const CalicoRule& rule = policy.egress[static_cast<std::size_t>(rule_index)];
        reporter.Diag(KnownOr(rule.loc, policy.loc),
                      fmt::format("{} {} denies the egress of {} to cluster DNS ({}) on {}: "
                                  "name resolution fails",
                                  policy.Id(), RuleLabel(Direction::kEgress, rule_index),
                                  pod_list, servers, what),
                      Fix(dns_options, "before this rule"));
      } else {
        reporter.Diag(policy.loc,
                      fmt::format("{} selects {} for Egress and no rule of tier {} allows DNS "
                                  "to {} on {}: the tier ends in Deny, name resolution fails",
                                  policy.Id(), pod_list, policy.tier, servers, what),
                      Fix(dns_options, "in this policy (or one ordered before it in the tier)"));
      }
    }
  }

 private:
  // (Calico policy blamed, its egress rule or -1 for the tier's end, "UDP 53 and TCP 53").
  using Key = std::tuple<std::size_t, int, std::string>;

  static std::string Fix(const ClusterDnsOptions& dns, const char* where) {
    std::string selector;
    for (const auto& [key, value] : dns.labels) {
      if (!selector.empty()) selector += " && ";
      selector += fmt::format("{} == '{}'", key, value);
    }
    return fmt::format("add egress rules {}: `action: Allow`, `protocol: UDP` and `protocol: "
                       "TCP`, `destination: {{namespaceSelector: projectcalico.org/name == '{}', "
                       "selector: {}, ports: [53]}}`",
                       where, dns.namespace_name, selector);
  }

  // The Calico step that denies DNS to pod `id`, or nullopt when it reaches
  // DNS, no Calico policy selects it for Egress, or something else denies.
  static std::optional<Key> Judge(const LintContext& context, PodId id,
                                  const std::vector<PodId>& dns) {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const Pod& pod = cluster.pods[id];
    if (pod.host_network || context.IsModelled(id) || IsClusterDnsPod(pod, context.options().dns)) {
      return std::nullopt;
    }
    const auto& walk = evaluator.CalicoWalk(id, Direction::kEgress);
    if (walk.empty()) return std::nullopt;
    std::optional<std::pair<std::size_t, int>> blamed;
    std::vector<std::string> missing;
    for (Protocol protocol : {Protocol::kUDP, Protocol::kTCP}) {
      bool allowed = false;
      std::optional<std::pair<std::size_t, int>> denier;
      for (PodId server : dns) {
        const SideVerdict side =
            evaluator.EvaluateSide(Direction::kEgress, Endpoint::ForPod(id), Endpoint::ForPod(server));
        if (side.allowed.Contains(protocol, kDnsPort)) {
          allowed = true;
          break;
        }
        if (!denier) denier = Denier(evaluator, walk, side, protocol);
      }
      if (allowed || !denier) continue;
      missing.push_back(fmt::format("{} {}", ProtocolName(protocol), kDnsPort));
      if (!blamed) blamed = denier;
    }
    if (!blamed) return std::nullopt;
    std::string what = missing.front();
    if (missing.size() > 1) what += " and " + missing.back();
    return Key{blamed->first, blamed->second, what};
  }

  // The Calico Deny that decided `protocol` 53 in `side`: (policy, rule), or
  // (first policy of the tier selecting the pod, -1) for a tier's end.
  static std::optional<std::pair<std::size_t, int>> Denier(
      const Evaluator& evaluator, const std::vector<Evaluator::CalicoStep>& walk,
      const SideVerdict& side, Protocol protocol) {
    for (const CalicoDecision& decision : side.calico_decisions) {
      if (!decision.ports.Contains(protocol, kDnsPort)) continue;
      if (decision.action != CalicoAction::kDeny) return std::nullopt;
      if (decision.cluster_rule) return std::nullopt;  // an ANP's Deny: not a Calico mistake
      if (decision.calico_policy) return std::pair{*decision.calico_policy, decision.rule_index};
      for (const Evaluator::CalicoStep& step : walk) {
        if (step.calico_policy &&
            evaluator.CalicoTierOrder()[step.tier].name == decision.tier) {
          return std::pair{*step.calico_policy, -1};
        }
      }
      return std::nullopt;  // a tier of Kubernetes NetworkPolicies only: NP005's
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeCalicoDnsEgressDeniedRule() {
  return std::make_unique<CalicoDnsEgressDenied>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
