// A deliberately naive reference for Calico's tier walk, for the differential
// test: one side, one protocol and one port at a time, written from Calico's
// documentation (docs/calico.md cites each sentence) and sharing nothing with
// the library's Calico evaluation except the model types, Calico selector
// matching (CalicoSelector::Matches, as the NetworkPolicy reference shares
// LabelSelector::Matches) and the NetworkPolicy reference of
// reference_evaluator.h for sides no Calico policy selects.
//
// The walk of one side of a pod, for one port:
//  * the Calico policies (not staged, not skipped) that select the pod and
//    apply to the direction, and, when there is at least one, the Kubernetes
//    NetworkPolicies isolating the pod, as policies of the `default` tier at
//    order 1000 named `<namespace>/knp.default.<name>`;
//  * tiers by order (the `default` tier at 1,000,000; a tier without a Tier
//    object or without order last), ties by name; in a tier, policies by
//    order (unset last), ties by name (`<namespace>/<name>` when namespaced);
//  * in a policy, rules in order: the first rule matching the connection
//    decides: Allow admits, Deny drops, Pass goes to the next tier; Log goes
//    on. A Kubernetes NetworkPolicy's rules allow;
//  * a tier that decides nothing drops (passes, with defaultAction Pass);
//  * what every tier passed reaches the profile, which allows.
//  * AdminNetworkPolicies in tier `adminnetworkpolicy` (order 1,000, their
//    priority as order, named `kanp.adminnetworkpolicy.<name>`), the
//    BaselineAdminNetworkPolicy in `baselineadminnetworkpolicy` (order
//    10,000,000; order 1,000 in it), both tiers with defaultAction Pass. On a
//    cluster with them every pod is walked so (the Calico walk of a pod no
//    Calico policy selects is ANP, NetworkPolicy, BANP, profile).
// ClusterNetworkPolicies are not covered here.
#ifndef NETPOL_TESTS_ENGINE_CALICO_REFERENCE_H_
#define NETPOL_TESTS_ENGINE_CALICO_REFERENCE_H_

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/reference_evaluator.h"
#include "netpol/netpol.h"

namespace netpol::testing {
namespace calico_reference {

using reference_detail::Exchangeable;
using reference_detail::Stack;
using reference_detail::StackOf;

inline const Labels& NamespaceLabelsOf(const Cluster& cluster, const std::string& name) {
  static const Labels kNone;
  const Labels* labels = reference_detail::LabelsOfNamespace(cluster, name);
  return labels ? *labels : kNone;
}

inline bool PodMatches(const CalicoSelector& selector, const Pod& pod) {
  return selector.Matches(pod.labels, "projectcalico.org/namespace", pod.namespace_name);
}

inline bool NamespaceMatches(const Cluster& cluster, const CalicoSelector& selector,
                             const std::string& name) {
  return selector.Matches(NamespaceLabelsOf(cluster, name), "projectcalico.org/name", name);
}

// The labels of the ServiceAccount `pod` runs under; none when the inputs
// lack it. Service accounts carry their name as projectcalico.org/name.
inline Labels AccountLabelsOf(const Cluster& cluster, const Pod& pod) {
  for (const ServiceAccount& account : cluster.service_accounts) {
    if (account.namespace_name == pod.namespace_name && account.name == pod.service_account) {
      return account.labels;
    }
  }
  return {};
}

inline bool AccountMatches(const Cluster& cluster, const CalicoSelector& selector, const Pod& pod) {
  return selector.Matches(AccountLabelsOf(cluster, pod), "projectcalico.org/name",
                          pod.service_account);
}

// The Service a `services` match of `policy` names: the policy's namespace
// when the match names none.
inline const Service* ServiceOf(const Cluster& cluster, const CalicoPolicy& policy,
                                const CalicoServiceMatch& match) {
  const std::string ns = match.namespace_name.empty() ? policy.namespace_name : match.namespace_name;
  for (const Service& service : cluster.services) {
    if (service.namespace_name == ns && service.name == match.name) return &service;
  }
  return nullptr;
}

// Whether `pod` is an endpoint of `service`: a non-empty selector, all of
// whose labels the pod carries, in the Service's namespace.
inline bool EndpointOf(const Service* service, const Pod& pod) {
  if (!service || !service->selector || service->selector->empty() || pod.host_network ||
      pod.namespace_name != service->namespace_name) {
    return false;
  }
  for (const auto& [key, value] : *service->selector) {
    if (!pod.labels.count(key) || pod.labels.at(key) != value) return false;
  }
  return true;
}

inline bool Selects(const Cluster& cluster, const CalicoPolicy& policy, const Pod& pod) {
  if (policy.service_account_selector &&
      !AccountMatches(cluster, *policy.service_account_selector, pod)) {
    return false;
  }
  if (policy.IsStaged() || policy.skipped || pod.host_network) return false;
  if (policy.IsGlobal()) {
    if (policy.namespace_selector &&
        !NamespaceMatches(cluster, *policy.namespace_selector, pod.namespace_name)) {
      return false;
    }
  } else if (policy.namespace_name != pod.namespace_name) {
    return false;
  }
  return PodMatches(policy.selector, pod);
}

inline int ProtocolNumber(Protocol protocol) {
  switch (protocol) {
    case Protocol::kTCP: return 6;
    case Protocol::kUDP: return 17;
    case Protocol::kSCTP: return 132;
  }
  return 0;
}

// Does `entity` of `policy` describe endpoint `target`, whose packets go to
// or come from an end of stack `other`?
inline bool EntityMatches(const Cluster& cluster, const CalicoPolicy& policy,
                          const CalicoEntityRule& entity, const Endpoint& target,
                          const Stack& other, bool ip_blocks_match_pods) {
  if (entity.unmodelled) return false;
  const Pod* pod = target.pod ? &cluster.pods[*target.pod] : nullptr;
  const bool endpoint = pod && !pod->host_network;
  // selector / notSelector look at pods of the namespaceSelector's
  // namespaces, else of the policy's namespace (every namespace: global).
  bool in_scope = false;
  if (endpoint) {
    in_scope = entity.namespace_selector
                   ? NamespaceMatches(cluster, *entity.namespace_selector, pod->namespace_name)
                   : (policy.IsGlobal() || pod->namespace_name == policy.namespace_name);
  }
  if (entity.selector || entity.namespace_selector) {
    if (!in_scope) return false;
    if (entity.selector && !PodMatches(*entity.selector, *pod)) return false;
  }
  if (entity.service_accounts) {
    // names (any one) and selector, both when present, in the same scope.
    if (!in_scope) return false;
    const auto& names = entity.service_accounts->names;
    if (!names.empty() && std::find(names.begin(), names.end(), pod->service_account) == names.end()) {
      return false;
    }
    if (entity.service_accounts->selector &&
        !AccountMatches(cluster, *entity.service_accounts->selector, *pod)) {
      return false;
    }
  }
  if (entity.service && !(endpoint && EndpointOf(ServiceOf(cluster, policy, *entity.service), *pod))) {
    return false;
  }
  if (entity.not_selector && in_scope && PodMatches(*entity.not_selector, *pod)) return false;
  std::vector<IpAddress> addresses;
  if (target.address) addresses.push_back(*target.address);
  if (pod && ip_blocks_match_pods) addresses = pod->ips;
  auto in = [&](const std::vector<Cidr>& nets) {
    for (const IpAddress& ip : addresses) {
      if (!Exchangeable(ip, other)) continue;
      for (const Cidr& net : nets) {
        if (reference_detail::CidrHas(net, ip)) return true;
      }
    }
    return false;
  };
  if (!entity.nets.empty() && !in(entity.nets)) return false;
  if (!entity.not_nets.empty() && in(entity.not_nets)) return false;
  return true;
}

inline bool PortListHas(const Cluster& cluster, const std::vector<CalicoPort>& ports,
                        Protocol protocol, int port, const Endpoint& destination) {
  for (const CalicoPort& p : ports) {
    if (p.name.empty()) {
      if (p.first <= port && port <= p.last) return true;
    } else if (destination.pod) {
      for (const ContainerPort& cp : cluster.pods[*destination.pod].ports) {
        if (cp.name == p.name && cp.protocol == protocol && cp.port == port) return true;
      }
    }
  }
  return false;
}

inline bool RuleMatches(const Cluster& cluster, const CalicoPolicy& policy, const CalicoRule& rule,
                        const Endpoint& source, const Endpoint& destination, Protocol protocol,
                        int port, bool ip_blocks_match_pods) {
  const int number = ProtocolNumber(protocol);
  if (rule.protocol && *rule.protocol != number) return false;
  if (rule.not_protocol && *rule.not_protocol == number) return false;
  if (!rule.destination.ports.empty() &&
      !PortListHas(cluster, rule.destination.ports, protocol, port, destination)) {
    return false;
  }
  if (!rule.destination.not_ports.empty() &&
      PortListHas(cluster, rule.destination.not_ports, protocol, port, destination)) {
    return false;
  }
  if (rule.destination.service) {
    // The Service's ports, as each lands on the destination pod.
    const Service* service = ServiceOf(cluster, policy, *rule.destination.service);
    if (!service || !destination.pod) return false;
    bool lands = false;
    for (const ServicePort& sp : service->ports) {
      if (sp.protocol != protocol) continue;
      if (sp.target_port_name.empty()) {
        lands = lands || sp.target_port.value_or(sp.port) == port;
        continue;
      }
      for (const ContainerPort& cp : cluster.pods[*destination.pod].ports) {
        lands = lands || (cp.name == sp.target_port_name && cp.protocol == protocol && cp.port == port);
      }
    }
    if (!lands) return false;
  }
  const Stack source_stack = StackOf(cluster, source);
  const Stack destination_stack = StackOf(cluster, destination);
  return EntityMatches(cluster, policy, rule.source, source, destination_stack,
                       ip_blocks_match_pods) &&
         EntityMatches(cluster, policy, rule.destination, destination, source_stack,
                       ip_blocks_match_pods);
}

// One entry of the walk: a Calico policy or a Kubernetes NetworkPolicy.
struct Entry {
  std::tuple<bool, double, std::string> tier_key;  // (no order, order, tier name)
  std::string tier;
  std::tuple<bool, double, std::string> policy_key;  // (no order, order, name)
  const CalicoPolicy* calico = nullptr;
  const NetworkPolicy* kubernetes = nullptr;
  const ClusterPolicy* admin = nullptr;  // an ANP or the BANP
};

enum class Outcome { kAllow, kDeny, kUnselected };

// The Calico walk of `subject`'s side for one port: kUnselected when no
// Calico policy selects the pod for the direction.
inline Outcome Walk(const Cluster& cluster, PodId subject, const Endpoint& peer, bool egress,
                    Protocol protocol, int port, bool ip_blocks_match_pods) {
  const Pod& pod = cluster.pods[subject];
  auto tier_key = [&](const std::string& name) {
    if (name == "default") return std::make_tuple(false, 1000000.0, name);
    if (name == "adminnetworkpolicy") return std::make_tuple(false, 1000.0, name);
    if (name == "baselineadminnetworkpolicy") return std::make_tuple(false, 10000000.0, name);
    for (const CalicoTier& tier : cluster.calico_tiers) {
      if (tier.name == name) return std::make_tuple(!tier.order, tier.order.value_or(0), name);
    }
    return std::make_tuple(true, 0.0, name);
  };
  std::vector<Entry> entries;
  for (const CalicoPolicy& policy : cluster.calico_policies) {
    if (!(egress ? policy.applies_egress : policy.applies_ingress)) continue;
    if (!Selects(cluster, policy, pod)) continue;
    const std::string name =
        policy.IsGlobal() ? policy.name : policy.namespace_name + "/" + policy.name;
    entries.push_back({tier_key(policy.tier), policy.tier,
                       {!policy.order, policy.order.value_or(0), name}, &policy, nullptr});
  }
  if (entries.empty() && cluster.cluster_policies.empty()) return Outcome::kUnselected;
  for (const ClusterPolicy& policy : cluster.cluster_policies) {
    if (!reference_detail::SubjectSelects(cluster, policy, pod)) continue;
    const bool anp = policy.kind == ClusterPolicyKind::kAdminNetworkPolicy;
    const std::string tier = anp ? "adminnetworkpolicy" : "baselineadminnetworkpolicy";
    entries.push_back({tier_key(tier), tier,
                       {false, anp ? policy.priority : 1000.0,
                        (anp ? "kanp.adminnetworkpolicy." : "kbanp.baselineadminnetworkpolicy.") +
                            policy.name},
                       nullptr, nullptr, &policy});
  }
  for (const NetworkPolicy& policy : cluster.policies) {
    if (policy.namespace_name != pod.namespace_name || !policy.pod_selector.Matches(pod.labels) ||
        !reference_detail::PolicyCovers(policy, egress) || pod.host_network) {
      continue;
    }
    entries.push_back({tier_key("default"), "default",
                       {false, 1000.0, policy.namespace_name + "/knp.default." + policy.name},
                       nullptr, &policy});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.tier_key, a.policy_key) < std::tie(b.tier_key, b.policy_key);
  });
  const Endpoint self = Endpoint::ForPod(subject);
  const Endpoint& source = egress ? self : peer;
  const Endpoint& destination = egress ? peer : self;
  const Endpoint& other = egress ? destination : source;
  std::size_t i = 0;
  while (i < entries.size()) {
    const std::string tier = entries[i].tier;
    bool passed = false;
    for (; i < entries.size() && entries[i].tier == tier && !passed; ++i) {
      if (entries[i].kubernetes) {
        const NetworkPolicy& policy = *entries[i].kubernetes;
        for (const Rule& rule : egress ? policy.egress : policy.ingress) {
          bool peers = rule.peers.empty();
          for (const Peer& p : rule.peers) {
            peers = peers || reference_detail::PeerDescribes(cluster, policy, p, other,
                                                             ip_blocks_match_pods,
                                                             reference_detail::StackOfAddresses(pod.ips));
          }
          if (peers && reference_detail::PortsOfRule(cluster, rule, destination).Contains(protocol, port)) {
            return Outcome::kAllow;
          }
        }
        continue;
      }
      if (entries[i].admin) {
        bool decided = false;
        for (const ClusterPolicyRule& rule : egress ? entries[i].admin->egress : entries[i].admin->ingress) {
          bool peers = false;
          for (const ClusterPolicyPeer& p : rule.peers) {
            peers = peers || reference_detail::TierPeerDescribes(
                                 cluster, p, other, ip_blocks_match_pods,
                                 reference_detail::StackOfAddresses(pod.ips));
          }
          if (!peers || !reference_detail::PortsOfTierRule(cluster, rule, destination).Contains(protocol, port)) {
            continue;
          }
          if (rule.action == TierAction::kAllow) return Outcome::kAllow;
          if (rule.action == TierAction::kDeny) return Outcome::kDeny;
          decided = true;  // Pass: on to the next tier
          break;
        }
        passed = decided;
        continue;
      }
      const CalicoPolicy& policy = *entries[i].calico;
      for (const CalicoRule& rule : egress ? policy.egress : policy.ingress) {
        if (rule.action == CalicoAction::kLog) continue;
        if (!RuleMatches(cluster, policy, rule, source, destination, protocol, port,
                         ip_blocks_match_pods)) {
          continue;
        }
        if (rule.action == CalicoAction::kAllow) return Outcome::kAllow;
        if (rule.action == CalicoAction::kDeny) return Outcome::kDeny;
        passed = true;  // Pass: on to the next tier
        break;
      }
    }
    while (i < entries.size() && entries[i].tier == tier) ++i;  // skipped by a Pass
    if (passed) continue;
    // The tier applied and decided nothing: its default action.
    // The tiers of ANPs and the BANP pass by default.
    bool default_pass = tier == "adminnetworkpolicy" || tier == "baselineadminnetworkpolicy";
    for (const CalicoTier& t : cluster.calico_tiers) {
      if (t.name == tier) default_pass = t.default_pass;
    }
    if (!default_pass) return Outcome::kDeny;
  }
  return Outcome::kAllow;  // the profile
}

/// Whether `source` may send to `destination` on (protocol, port).
inline bool Allows(const Cluster& cluster, const Endpoint& source, const Endpoint& destination,
                   Protocol protocol, int port, bool ip_blocks_match_pods) {
  if (!reference_detail::Connectable(StackOf(cluster, source), StackOf(cluster, destination))) {
    return false;
  }
  auto side = [&](const Endpoint& subject, const Endpoint& peer, bool egress) {
    if (subject.pod) {
      const Outcome outcome =
          Walk(cluster, *subject.pod, peer, egress, protocol, port, ip_blocks_match_pods);
      if (outcome != Outcome::kUnselected) return outcome == Outcome::kAllow;
    }
    return reference_detail::SideAllows(cluster, subject, peer, egress, destination,
                                        ip_blocks_match_pods)
        .Contains(protocol, port);
  };
  return side(source, destination, true) && side(destination, source, false);
}

/// The ports worth probing: every boundary of a port range any rule names,
/// each container port, 1, 53 and 65535.
inline std::vector<int> ProbePorts(const Cluster& cluster) {
  std::set<int> ports = {1, 53, 65535};
  auto add = [&](int first, int last) {
    for (int p : {first - 1, first, last, last + 1}) {
      if (p >= 1 && p <= 65535) ports.insert(p);
    }
  };
  for (const CalicoPolicy& policy : cluster.calico_policies) {
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const CalicoRule& rule : *rules) {
        for (const auto* list : {&rule.destination.ports, &rule.destination.not_ports}) {
          for (const CalicoPort& port : *list) {
            if (port.name.empty()) add(port.first, port.last);
          }
        }
      }
    }
  }
  for (const NetworkPolicy& policy : cluster.policies) {
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const Rule& rule : *rules) {
        for (const PolicyPort& port : rule.ports) {
          if (port.port) add(*port.port, port.end_port ? *port.end_port : *port.port);
        }
      }
    }
  }
  for (const ClusterPolicy& policy : cluster.cluster_policies) {
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const ClusterPolicyRule& rule : *rules) {
        for (const ClusterPolicyPort& port : rule.ports) {
          if (port.kind == ClusterPolicyPort::Kind::kRange) add(port.first, port.last);
        }
      }
    }
  }
  for (const Pod& pod : cluster.pods) {
    for (const ContainerPort& cp : pod.ports) add(cp.port, cp.port);
  }
  for (const Service& service : cluster.services) {
    for (const ServicePort& sp : service.ports) {
      add(sp.port, sp.port);
      if (sp.target_port) add(*sp.target_port, *sp.target_port);
    }
  }
  return {ports.begin(), ports.end()};
}

}  // namespace calico_reference
}  // namespace netpol::testing

#endif  // NETPOL_TESTS_ENGINE_CALICO_REFERENCE_H_
