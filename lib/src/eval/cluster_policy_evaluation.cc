// The Evaluator's cluster-scoped tiers (AdminNetworkPolicy,
// BaselineAdminNetworkPolicy, ClusterNetworkPolicy): subject and peer
// matching, rule ports, and first-match evaluation of one tier.
#include <algorithm>

#include "eval/peer_semantics.h"
#include "netpol/evaluator.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

bool Evaluator::ClusterPolicySelects(const ClusterPolicy& policy, PodId pod_id) const {
  const Pod& pod = cluster_.pods[pod_id];
  // Host-networked pods are never subjects.
  if (pod.host_network) return false;
  const ClusterPolicySubject& subject = policy.subject;
  if (subject.namespaces) return subject.namespaces->Matches(NamespaceLabels(pod.namespace_name));
  if (subject.pods) {
    return subject.pods->namespace_selector.Matches(NamespaceLabels(pod.namespace_name)) &&
           subject.pods->pod_selector.Matches(pod.labels);
  }
  return false;
}

bool Evaluator::ClusterPeerMatches(const ClusterPolicyPeer& peer, const Endpoint& target,
                                   FamilySet families) const {
  using Kind = ClusterPolicyPeer::Kind;
  switch (peer.kind) {
    case Kind::kNamespaces:
    case Kind::kPods: {
      // Namespace and pod peers select pods only, never host-networked ones.
      if (!target.pod) return false;
      const Pod& pod = cluster_.pods[*target.pod];
      if (pod.host_network) return false;
      const Labels& ns_labels = NamespaceLabels(pod.namespace_name);
      if (peer.kind == Kind::kNamespaces) return peer.namespaces.Matches(ns_labels);
      return peer.pods.namespace_selector.Matches(ns_labels) &&
             peer.pods.pod_selector.Matches(pod.labels);
    }
    case Kind::kNetworks: {
      auto in_networks = [&](const IpAddress& ip) {
        if (!peer_semantics::AddressUsable(ip, families)) return false;
        return std::any_of(peer.networks.begin(), peer.networks.end(),
                           [&](const Cidr& cidr) { return cidr.Contains(ip); });
      };
      if (!target.pod) return target.address && in_networks(*target.address);
      if (!options_.ip_blocks_match_pods || peer.outside_cluster) return false;
      const Pod& pod = cluster_.pods[*target.pod];
      return std::any_of(pod.ips.begin(), pod.ips.end(), in_networks);
    }
    case Kind::kNodes:        // netpol has no Node objects
    case Kind::kDomainNames:  // names cannot be resolved offline
      return false;
  }
  return false;
}

bool Evaluator::ClusterRulePeersMatch(const ClusterPolicyRule& rule, const Endpoint& target,
                                      FamilySet families) const {
  return std::any_of(rule.peers.begin(), rule.peers.end(), [&](const ClusterPolicyPeer& peer) {
    return ClusterPeerMatches(peer, target, families);
  });
}

PortSet Evaluator::ClusterRulePorts(const ClusterPolicyRule& rule, const Endpoint& destination) const {
  if (rule.ports.empty()) return PortSet::All();
  PortSet set;
  for (const ClusterPolicyPort& port : rule.ports) {
    switch (port.kind) {
      case ClusterPolicyPort::Kind::kAllOf: set.AddAll(port.protocol); break;
      case ClusterPolicyPort::Kind::kRange: set.Add(port.protocol, port.first, port.last); break;
      case ClusterPolicyPort::Kind::kNamed:
        if (!destination.pod) break;  // external addresses have no named ports
        for (const ContainerPort& cp : cluster_.pods[*destination.pod].ports) {
          if (cp.name == port.name) set.Add(cp.protocol, cp.port, cp.port);
        }
        break;
    }
  }
  return set;
}

void Evaluator::RunTier(PolicyTier tier, Direction direction, PodId subject, const Endpoint& peer,
                        const Endpoint& destination, FamilySet families, PortSet& pending,
                        PortSet& allowed, PortSet& passed,
                        std::vector<TierDecision>& decisions) const {
  for (ClusterPolicyId id : cluster_policies_[subject]) {
    const ClusterPolicy& policy = cluster_.cluster_policies[id];
    if (policy.tier != tier) continue;
    const std::vector<ClusterPolicyRule>& rules = policy.Rules(direction);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (pending.IsEmpty()) return;
      if (!ClusterRulePeersMatch(rules[i], peer, families)) continue;
      PortSet decided = ClusterRulePorts(rules[i], destination).Intersect(pending);
      if (decided.IsEmpty()) continue;
      pending = pending.Intersect(decided.Complement());
      if (rules[i].action == TierAction::kAllow) allowed.Merge(decided);
      if (rules[i].action == TierAction::kPass) passed.Merge(decided);
      decisions.push_back({ClusterRuleRef{id, direction, static_cast<int>(i)}, rules[i].action,
                           std::move(decided)});
    }
  }
}

NETPOL_NAMESPACE_END
