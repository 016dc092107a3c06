// NP003 or-instead-of-and: namespaceSelector and podSelector as two peers.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

// The verb for what an ORed rule does with its peers, in the message below.
const char* WhatTheRuleDoes(Direction direction) {
  switch (direction) {
    case Direction::kIngress: return "admits";
    case Direction::kEgress: return "allows traffic to";
  }
  return "";
}

class OrInsteadOfAnd : public BasicRule {
 public:
  OrInsteadOfAnd()
      : BasicRule({"NP003", "or-instead-of-and", LintSeverity::kWarning,
                   "A rule lists a namespaceSelector-only peer and a podSelector-only peer: they are "
                   "ORed, not ANDed",
                   R"(Entries of `from`/`to` are alternatives (OR); the selectors inside one entry must all match
(AND). A `-` before `podSelector` starts a new entry, so a namespaceSelector-only entry next to
a podSelector-only entry admits EVERY pod of the selected namespaces plus the selected pods of
the policy's own namespace, where almost always "these pods in those namespaces" was meant.
Reported on the podSelector-only entry.

Bad (two entries: every pod of team=a, or app=web pods of this namespace):
  - from:
    - namespaceSelector:
        matchLabels: {team: a}
    - podSelector:
        matchLabels: {app: web}

Good (one entry: app=web pods in team=a namespaces):
  - from:
    - namespaceSelector:
        matchLabels: {team: a}
      podSelector:
        matchLabels: {app: web})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    for (const NetworkPolicy& policy : context.cluster().policies) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          const std::vector<Peer>& peers = rules[r].peers;
          std::optional<std::size_t> ns_only;
          std::optional<std::size_t> pod_only;
          for (std::size_t p = 0; p < peers.size(); ++p) {
            if (peers[p].ip_block) continue;
            if (peers[p].namespace_selector && !peers[p].pod_selector && !ns_only) ns_only = p;
            if (peers[p].pod_selector && !peers[p].namespace_selector && !pod_only) pod_only = p;
          }
          if (!ns_only || !pod_only) continue;
          const Peer& ns_peer = peers[*ns_only];
          const Peer& pod_peer = peers[*pod_only];
          const char* field = PeerListKey(direction);
          reporter.Diag(
              KnownOr(pod_peer.loc, rules[r].loc),
              fmt::format("{} of {}: {}[{}] (namespaceSelector {}) and {}[{}] (podSelector {}) are "
                          "two peers, so they are ORed: the rule {} every pod of the namespaces "
                          "{} and the pods {} of namespace {}",
                          RuleLabel(direction, r), policy.Id(), field, *ns_only,
                          ns_peer.namespace_selector->ToString(), field, *pod_only,
                          pod_peer.pod_selector->ToString(),
                          WhatTheRuleDoes(direction),
                          ns_peer.namespace_selector->ToString(), pod_peer.pod_selector->ToString(),
                          policy.namespace_name),
              fmt::format("if you meant pods {} in namespaces {}, make them one entry: remove the "
                          "`-` before `podSelector` so both selectors sit in the same {} item",
                          pod_peer.pod_selector->ToString(), ns_peer.namespace_selector->ToString(),
                          field));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeOrInsteadOfAndRule() { return std::make_unique<OrInsteadOfAnd>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
