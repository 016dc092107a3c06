// Helpers shared by the lint rules.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/explain.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {

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

bool CountsAsCover(const Cluster& cluster, const RuleRef& self, const RuleRef& other) {
  if (other.policy == self.policy) return true;
  const auto rule = [&](const RuleRef& ref) -> const Rule& {
    return cluster.policies[ref.policy].Rules(ref.direction)[static_cast<std::size_t>(ref.rule_index)];
  };
  return other.direction == self.direction &&
         WithoutLocations(rule(other)) == WithoutLocations(rule(self));
}

namespace {

// "ingress[0] (deny-shop) of AdminNetworkPolicy protect-vault (anp.yaml:27:5)".
std::string TierRuleName(const Cluster& cluster, const TierTrace& trace) {
  const ClusterPolicy& policy = cluster.cluster_policies[trace.rule.policy];
  std::string text = RuleLabel(trace.rule.direction, static_cast<std::size_t>(trace.rule.rule_index));
  if (!trace.rule_name.empty()) text += " (" + trace.rule_name + ")";
  text += fmt::format(" of {} {}", ClusterPolicyKindName(policy.kind), policy.name);
  if (policy.kind == ClusterPolicyKind::kClusterNetworkPolicy) {
    text += fmt::format(" (tier {})", PolicyTierName(policy.tier));
  }
  if (trace.loc.IsKnown()) text += " (" + trace.loc.ToString() + ")";
  return text;
}

// The Deny decisions of `decisions` on some of `ports`, one per rule.
std::vector<const TierTrace*> Denials(const std::vector<TierTrace>& decisions, const PortSet& ports) {
  std::vector<const TierTrace*> denials;
  for (const TierTrace& decision : decisions) {
    if (decision.action != TierAction::kDeny || decision.ports.Intersect(ports).IsEmpty()) continue;
    const bool seen = std::any_of(denials.begin(), denials.end(), [&](const TierTrace* d) {
      return d->rule == decision.rule;
    });
    if (!seen) denials.push_back(&decision);
  }
  return denials;
}

}  // namespace

BlockedSide DescribeBlockedSide(const LintContext& context, Direction side, PodId blocker,
                                PodId peer, const PortSet& ports) {
  const Cluster& cluster = context.cluster();
  const std::string blocker_name = cluster.pods[blocker].Id();
  const std::string peer_name = cluster.pods[peer].Id();
  const SideTrace trace = ExplainSide(context.evaluator(), side, Endpoint::ForPod(blocker),
                                      Endpoint::ForPod(peer));
  const char* preposition = PeerPreposition(side);
  const std::string allow_it =
      fmt::format("allow {} {} {} on {}", DirectionKey(side), PeerListKey(side), peer_name,
                  ports.ToString());
  std::vector<std::string> why;
  std::vector<std::string> fix;
  // The Admin tier decides first, and no NetworkPolicy overrides its Deny.
  for (const TierTrace* denial : Denials(trace.admin, ports)) {
    const ClusterPolicy& policy = cluster.cluster_policies[denial->rule.policy];
    const char* kind = ClusterPolicyKindName(policy.kind);
    why.push_back(fmt::format("{} denies {} {} {}, and no NetworkPolicy can override an "
                              "Admin-tier Deny",
                              TierRuleName(cluster, *denial), denial->ports.Intersect(ports).ToString(),
                              preposition, peer_name));
    std::string text = fmt::format("change or remove {}", TierRuleName(cluster, *denial));
    if (policy.priority > 0) {
      text += fmt::format(", or {} in an {} rule of an {} with a lower priority than {}", allow_it,
                          policy.kind == ClusterPolicyKind::kClusterNetworkPolicy ? "Accept" : "Allow",
                          policy.kind == ClusterPolicyKind::kClusterNetworkPolicy
                              ? "Admin-tier ClusterNetworkPolicy"
                              : kind,
                          policy.priority);
    }
    fix.push_back(text + " (a NetworkPolicy cannot override it)");
  }
  const PortSet handed_on = trace.after_admin.Intersect(ports);
  if (!handed_on.IsEmpty() && !trace.policies.empty()) {
    std::vector<std::string> isolating;
    for (const PolicyTrace& policy_trace : trace.policies) isolating.push_back(policy_trace.id);
    why.push_back(fmt::format("isolated by {}, whose rules allow {} {} {}", JoinLimited(isolating),
                              trace.allowed.IsEmpty() ? "nothing" : "only " + trace.allowed.ToString(),
                              preposition, peer_name));
    fix.push_back(fmt::format("{} in a policy selecting {} (see `netpol check --suggest`)",
                              allow_it, blocker_name));
  } else if (!handed_on.IsEmpty()) {
    // No NetworkPolicy isolates the pod, so the Baseline tier decides; a
    // NetworkPolicy selecting the pod takes the decision from it.
    for (const TierTrace* denial : Denials(trace.baseline, handed_on)) {
      why.push_back(fmt::format("{} denies {} {} {} and no NetworkPolicy selects {} for {}",
                                TierRuleName(cluster, *denial),
                                denial->ports.Intersect(handed_on).ToString(), preposition,
                                peer_name, blocker_name, DirectionKey(side)));
      fix.push_back(fmt::format("{} in a NetworkPolicy selecting {}: a NetworkPolicy overrides "
                                "the Baseline tier (see `netpol check --suggest`); or change or "
                                "remove {}",
                                allow_it, blocker_name, TierRuleName(cluster, *denial)));
    }
  }
  if (why.empty()) {  // not expected: a blocked side is denied by a tier or isolated
    why.push_back(fmt::format("it allows nothing {} {}", preposition, peer_name));
    fix.push_back(fmt::format("{} in a policy selecting {} (see `netpol check --suggest`)",
                              allow_it, blocker_name));
  }
  BlockedSide result;
  for (std::size_t i = 0; i < why.size(); ++i) {
    result.why += (i == 0 ? "" : "; ") + why[i];
    result.fix += (i == 0 ? "" : "; or ") + fix[i];
  }
  return result;
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
      // A pod some Calico policy selects for the direction is policed too:
      // its tier ends in Deny for what no rule allows.
      if (context.evaluator().IsolatingPolicies(id, direction).empty() &&
          !PolicedByClusterPolicies(context, id, direction) &&
          context.evaluator().CalicoWalk(id, direction).empty()) {
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

}  // namespace lint
NETPOL_NAMESPACE_END
