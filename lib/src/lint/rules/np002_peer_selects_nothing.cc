// NP002 peer-selects-nothing: a from/to entry whose selectors match no pod.
#include <algorithm>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class PeerSelectsNothing : public BasicRule {
 public:
  PeerSelectsNothing()
      : BasicRule({"NP002", "peer-selects-nothing", LintSeverity::kWarning,
                   "A from/to entry's podSelector or namespaceSelector matches no pod in the inputs",
                   R"(A peer with a podSelector and/or a namespaceSelector admits only the pods they match.
When they match no pod in the inputs the entry allows nothing: a label typo, a namespace
selected by a label it does not carry (every namespace carries kubernetes.io/metadata.name, not
`name`), or a podSelector-only peer that looks in the policy's own namespace while the pods live
elsewhere. Runs only when the inputs contain pods. ipBlock peers are not checked.

Bad (namespace `monitoring` has no label `name`):
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {name: monitoring}

Good:
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: monitoring})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t p = 0; p < rules[r].peers.size(); ++p) {
            const Peer& peer = rules[r].peers[p];
            if (peer.ip_block) continue;
            if (MatchesSomePod(context, policy, peer)) continue;
            reporter.Diag(KnownOr(peer.loc, rules[r].loc),
                          fmt::format("{}.{}[{}] of {} matches no pod: {}{}", RuleLabel(direction, r),
                                      PeerListKey(direction), p, policy.Id(),
                                      Why(context, policy, peer), TypoHint(context, id, direction, r, p)),
                          "fix the selector labels (namespaces carry kubernetes.io/metadata.name), "
                          "or remove the entry");
          }
        }
      }
    }
  }

 private:
  // The likely typo (likely-label-typo) in either selector of the peer.
  static std::string TypoHint(const LintContext& context, PolicyId policy, Direction direction,
                              std::size_t rule, std::size_t peer) {
    for (bool namespace_selector : {true, false}) {
      SelectorSite site{policy, direction, rule, peer, namespace_selector, {}};
      if (const LabelTypo* typo = context.TypoAt(site)) {
        return fmt::format(" (likely a typo: {} [NP022])", DescribeLabelTypo(*typo, context.cluster()));
      }
    }
    return "";
  }

  // Whether some pod class (so some pod) matches: the peer is a selector.
  static bool MatchesSomePod(const LintContext& context, const NetworkPolicy& policy,
                             const Peer& peer) {
    const LintIndex& index = context.index();
    const std::vector<LintClass>& classes = index.PeerClasses(policy, peer);
    return std::any_of(classes.begin(), classes.end(),
                       [&](LintClass c) { return !index.IsExternal(c); });
  }

  static std::string Why(const LintContext& context, const NetworkPolicy& policy, const Peer& peer) {
    const Cluster& cluster = context.cluster();
    std::vector<std::string> namespaces;
    if (peer.namespace_selector) {
      for (const Namespace& ns : cluster.namespaces) {
        if (peer.namespace_selector->Matches(ns.labels)) namespaces.push_back(ns.name);
      }
      if (namespaces.empty()) {
        return fmt::format("namespaceSelector {} matches no namespace in the inputs",
                           peer.namespace_selector->ToString());
      }
    } else {
      namespaces.push_back(policy.namespace_name);
    }
    const std::string where = peer.namespace_selector
                                  ? "namespace" + std::string(namespaces.size() == 1 ? " " : "s ") +
                                        JoinLimited(namespaces)
                                  : "the policy's namespace " + policy.namespace_name;
    if (!peer.pod_selector) return fmt::format("{} {} no pods", where, namespaces.size() == 1 ? "has" : "have");
    return fmt::format("podSelector {} matches no pod of {}", peer.pod_selector->ToString(), where);
  }
};

}  // namespace

std::unique_ptr<LintRule> MakePeerSelectsNothingRule() {
  return std::make_unique<PeerSelectsNothing>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
