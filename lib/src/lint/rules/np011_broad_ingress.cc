// NP011 broad-ingress: wide-open ingress in a namespace that has a default-deny.
#include <map>
#include <string>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class BroadIngress : public BasicRule {
 public:
  BroadIngress()
      : BasicRule({"NP011", "broad-ingress", LintSeverity::kWarning,
                   "Ingress from 0.0.0.0/0, from every namespace or from everywhere, in a namespace "
                   "that has a default-deny",
                   R"(A namespace with a default-deny for ingress (a policy with `podSelector: {}`, type Ingress
and no ingress rules) says "closed unless stated". A rule there that admits ipBlock 0.0.0.0/0
(or ::/0), `namespaceSelector: {}` without a narrowing podSelector (every pod of every
namespace), or every source (a rule without `from`) undoes it for the pods it selects. Often
intended for an ingress controller or a public endpoint: then suppress it on the policy
(`netpol.lint/ignore: NP011`), which also documents the intent.

Bad:
  ingress:
  - from:
    - namespaceSelector: {}

Good:
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
      podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const std::map<std::string, const NetworkPolicy*> denies = DefaultDenies(cluster);
    for (const NetworkPolicy& policy : cluster.policies) {
      if (!policy.Affects(Direction::kIngress) || policy.ingress.empty()) continue;
      auto found = denies.find(policy.namespace_name);
      if (found == denies.end()) continue;
      const NetworkPolicy* deny = found->second;
      for (std::size_t r = 0; r < policy.ingress.size(); ++r) {
        const Rule& rule = policy.ingress[r];
        const std::string prefix = fmt::format("{} of {}", RuleLabel(Direction::kIngress, r), policy.Id());
        const std::string suffix =
            fmt::format(", although namespace {} has a default-deny ({})", policy.namespace_name,
                        deny->Id());
        if (rule.peers.empty()) {
          reporter.Diag(KnownOr(rule.loc, policy.loc),
                        prefix + " has no `from`: it admits every source, in and outside the "
                                 "cluster" + suffix,
                        "list the clients in `from`");
          continue;
        }
        for (std::size_t p = 0; p < rule.peers.size(); ++p) {
          const Peer& peer = rule.peers[p];
          std::string what;
          if (peer.ip_block && peer.ip_block->cidr.prefix == 0 && peer.ip_block->except.empty()) {
            what = fmt::format("from[{}] ipBlock {} admits every address", p, peer.ip_block->cidr.ToString());
          } else if (peer.namespace_selector && peer.namespace_selector->IsEmpty() &&
                     (!peer.pod_selector || peer.pod_selector->IsEmpty())) {
            what = fmt::format("from[{}] `namespaceSelector: {{}}` admits every pod of every namespace", p);
          }
          if (what.empty()) continue;
          reporter.Diag(KnownOr(peer.loc, rule.loc), prefix + ": " + what + suffix,
                        "narrow the peer to the clients that need access (namespace and pod "
                        "labels), or suppress with `netpol.lint/ignore: NP011` if it is meant to be "
                        "public");
        }
      }
    }
  }

 private:
  // The first default-deny-ingress policy of each namespace that has one.
  static std::map<std::string, const NetworkPolicy*> DefaultDenies(const Cluster& cluster) {
    std::map<std::string, const NetworkPolicy*> denies;
    for (const NetworkPolicy& policy : cluster.policies) {
      if (policy.pod_selector.IsEmpty() && policy.Affects(Direction::kIngress) &&
          policy.ingress.empty()) {
        denies.emplace(policy.namespace_name, &policy);
      }
    }
    return denies;
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeBroadIngressRule() { return std::make_unique<BroadIngress>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
