// Helpers shared by the lint rules.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "lint/rules.h"

namespace netpol::lint {

std::string RuleLabel(Direction direction, std::size_t index) {
  return fmt::format("{}[{}]", DirectionKey(direction), index);
}

std::string JoinLimited(const std::vector<std::string>& names, std::size_t max) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) {
    if (i > 0) text += ", ";
    text += names[i];
  }
  if (names.size() > max) text += fmt::format(" and {} more", names.size() - max);
  return text;
}

const SourceLoc& KnownOr(const SourceLoc& loc, const SourceLoc& fallback) {
  return loc.IsKnown() ? loc : fallback;
}

bool LocBefore(const SourceLoc& a, const SourceLoc& b) {
  return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

std::vector<std::string> PodNames(const Cluster& cluster, const std::vector<PodId>& ids) {
  std::vector<std::string> names;
  for (PodId id : ids) names.push_back(cluster.pods[id].Id());
  return names;
}

std::vector<PolicyId> PoliciesInSourceOrder(const Cluster& cluster) {
  std::vector<PolicyId> ids(cluster.policies.size());
  for (PolicyId id = 0; id < ids.size(); ++id) ids[id] = id;
  std::stable_sort(ids.begin(), ids.end(), [&](PolicyId a, PolicyId b) {
    return LocBefore(cluster.policies[a].loc, cluster.policies[b].loc);
  });
  return ids;
}

namespace {
void Clear(LabelSelector& selector) {
  selector.loc = {};
  selector.match_label_locs.clear();
  for (LabelRequirement& requirement : selector.match_expressions) requirement.loc = {};
}
}  // namespace

Rule WithoutLocations(Rule rule) {
  rule.loc = {};
  for (Peer& peer : rule.peers) {
    peer.loc = {};
    if (peer.pod_selector) Clear(*peer.pod_selector);
    if (peer.namespace_selector) Clear(*peer.namespace_selector);
    if (peer.ip_block) peer.ip_block->loc = {};
  }
  for (PolicyPort& port : rule.ports) port.loc = {};
  return rule;
}

bool PolicedByClusterPolicies(const LintContext& context, PodId pod, Direction direction) {
  for (ClusterPolicyId id : context.evaluator().ClusterPoliciesOf(pod)) {
    if (!context.cluster().cluster_policies[id].Rules(direction).empty()) return true;
  }
  return false;
}

void CheckDefaultDeny(const LintContext& context, LintReporter& reporter, Direction direction) {
  const Cluster& cluster = context.cluster();
  const char* type = DirectionName(direction);
  for (const Namespace& ns : cluster.namespaces) {
    if (context.options().system_namespaces.count(ns.name)) continue;
    std::vector<PodId> pods;
    for (PodId id : context.PodsOf(ns.name)) {
      if (!cluster.pods[id].host_network) pods.push_back(id);
    }
    if (pods.empty()) continue;
    std::vector<PodId> open;
    for (PodId id : pods) {
      if (context.evaluator().IsolatingPolicies(id, direction).empty() &&
          !PolicedByClusterPolicies(context, id, direction)) {
        open.push_back(id);
      }
    }
    if (open.empty()) continue;
    SourceLoc loc = ns.loc;
    if (!ns.declared || !loc.IsKnown()) {
      loc = cluster.pods[open.front()].loc;
      for (PodId id : open) {
        if (LocBefore(cluster.pods[id].loc, loc)) loc = cluster.pods[id].loc;
      }
    }
    const bool ingress = direction == Direction::kIngress;
    reporter.Diag(
        loc,
        fmt::format("namespace {} has no default-deny for {}: {} of its {} pod{} {} not isolated "
                    "for {} ({}), so {} {} anything",
                    ns.name, type, open.size(), pods.size(), pods.size() == 1 ? "" : "s",
                    open.size() == 1 ? "is" : "are", type, JoinLimited(PodNames(cluster, open)),
                    open.size() == 1 ? "it" : "they",
                    ingress ? (open.size() == 1 ? "accepts connections from" : "accept connections from")
                            : "may connect to"),
        fmt::format("add a policy in {} with `podSelector: {{}}`, `policyTypes: [{}]` and no {} "
                    "rules, then allow what is needed",
                    ns.name, type, DirectionKey(direction)));
  }
}

}  // namespace netpol::lint
