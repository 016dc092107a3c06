// A deliberately plain NetworkPolicy evaluator for differential testing.
//
// Written straight from the networking.k8s.io/v1 API documentation and, for
// the cluster-scoped tiers, the policy.networking.k8s.io documentation
// (AdminNetworkPolicy, BaselineAdminNetworkPolicy v1alpha1,
// ClusterNetworkPolicy v1alpha2), one ordered pair at a time, sharing nothing
// with the library's engines except the model types, label-selector matching
// and PortSet arithmetic. Slow and obvious on purpose.
// Header-only: the test binary compiles only *_test.cc files.
//
// Tiers, per side and per port, as the API documents them:
//  * Admin tier (ANP, CNP tier Admin): lower priority first, rules in the
//    order written; the first rule whose peers match and whose ports hold the
//    port decides: Allow/Accept admits, Deny drops, Pass skips the rest of the
//    tier. Computed backwards, painter's style: rules are laid down from the
//    lowest precedence to the highest, each overwriting what it matches.
//  * NetworkPolicy tier, when a NetworkPolicy isolates the pod: it decides
//    what the Admin tier did not.
//  * Otherwise the Baseline tier (BANP, CNP tier Baseline) the same way;
//    its Pass, like no match, goes to the default.
//  * Default: allowed.
// The API leaves the order of two policies of one tier with the same priority
// undefined ("the implementation can apply any of the matching policies").
// It does not order the BANP (which has no priority) against Baseline CNPs
// either. So the reference tries every admissible order and answers with
// the ports allowed under all of them and those allowed under some.
//
// Address families (dual-stack Kubernetes): a pod has the IPs of
// status.podIPs, at most one per family; a packet between two endpoints
// carries addresses of one family, so it exists only in a family both have.
// A pod whose IPs are unknown is taken to have whichever family the other
// end uses. So an ipBlock or `networks` CIDR sees only those IPs of the
// other end that the subject could exchange packets with, and two endpoints
// with known addresses in disjoint families exchange nothing.
#ifndef NETPOL_TESTS_ENGINE_REFERENCE_EVALUATOR_H_
#define NETPOL_TESTS_ENGINE_REFERENCE_EVALUATOR_H_

#include "netpol/endpoint.h"
#include "netpol/model.h"
#include "netpol/port_set.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace netpol::testing {

/// Ports allowed whatever order an implementation picks for policies the API
/// leaves unordered (`certain`), and ports allowed under some order
/// (`possible`). Equal when no tie matters.
struct PossiblePorts {
  PortSet certain;
  PortSet possible;
};

namespace reference_detail {

// policyTypes: when absent or empty, Ingress always, Egress iff there are
// egress rules.
inline bool PolicyCovers(const NetworkPolicy& policy, bool egress) {
  if (!policy.policy_types || policy.policy_types->empty()) {
    return egress ? !policy.egress.empty() : true;
  }
  for (Direction d : *policy.policy_types) {
    if ((d == Direction::kEgress) == egress) return true;
  }
  return false;
}

inline const Labels* LabelsOfNamespace(const Cluster& cluster, const std::string& name) {
  for (const Namespace& ns : cluster.namespaces) {
    if (ns.name == name) return &ns.labels;
  }
  return nullptr;
}

inline bool CidrHas(const Cidr& cidr, const IpAddress& ip) {
  if (cidr.network.family != ip.family) return false;
  const int bits = ip.family == IpFamily::kV4 ? 32 : 128;
  if (cidr.prefix == 0) return true;
  const int shift = bits - cidr.prefix;
  return (cidr.network.value >> shift) == (ip.value >> shift);
}

inline bool BlockHas(const IpBlock& block, const IpAddress& ip) {
  if (!CidrHas(block.cidr, ip)) return false;
  for (const Cidr& except : block.except) {
    if (CidrHas(except, ip)) return false;
  }
  return true;
}

// The IP stack of one end: which families it has, when its IPs are known.
struct Stack {
  bool known = false;
  bool v4 = false;
  bool v6 = false;
};

inline Stack StackOfAddresses(const std::vector<IpAddress>& ips) {
  Stack stack;
  for (const IpAddress& ip : ips) {
    stack.known = true;
    (ip.family == IpFamily::kV4 ? stack.v4 : stack.v6) = true;
  }
  return stack;
}

inline Stack StackOf(const Cluster& cluster, const Endpoint& endpoint) {
  if (endpoint.address) return StackOfAddresses({*endpoint.address});
  return StackOfAddresses(cluster.pods[*endpoint.pod].ips);
}

// Can a packet from or to `ip` be exchanged with an end of stack `other`?
inline bool Exchangeable(const IpAddress& ip, const Stack& other) {
  if (!other.known) return true;
  return ip.family == IpFamily::kV4 ? other.v4 : other.v6;
}

// Can the two ends exchange any packet at all?
inline bool Connectable(const Stack& a, const Stack& b) {
  if (!a.known || !b.known) return true;
  return (a.v4 && b.v4) || (a.v6 && b.v6);
}

// Does one `from`/`to` entry of `policy`, a policy of a pod with IP stack
// `subject`, describe endpoint `other`?
inline bool PeerDescribes(const Cluster& cluster, const NetworkPolicy& policy, const Peer& peer,
                          const Endpoint& other, bool ip_blocks_match_pods, const Stack& subject) {
  if (peer.ip_block) {
    if (other.address) {
      return Exchangeable(*other.address, subject) && BlockHas(*peer.ip_block, *other.address);
    }
    // Cilium CIDRs never match pods: Cilium matches pods by identity.
    if (!ip_blocks_match_pods || peer.ip_block->outside_cluster) return false;
    for (const IpAddress& ip : cluster.pods[*other.pod].ips) {
      if (Exchangeable(ip, subject) && BlockHas(*peer.ip_block, ip)) return true;
    }
    return false;
  }
  if (!other.pod) return false;  // selectors select pods only
  const Pod& pod = cluster.pods[*other.pod];
  if (pod.host_network) return false;  // node traffic, not pod traffic
  if (peer.namespace_selector) {
    const Labels* labels = LabelsOfNamespace(cluster, pod.namespace_name);
    const Labels none;
    if (!peer.namespace_selector->Matches(labels ? *labels : none)) return false;
  } else if (pod.namespace_name != policy.namespace_name) {
    return false;
  }
  if (peer.pod_selector && !peer.pod_selector->Matches(pod.labels)) return false;
  return true;
}

// The ports one rule opens towards `destination`.
inline PortSet PortsOfRule(const Cluster& cluster, const Rule& rule, const Endpoint& destination) {
  PortSet result;
  if (rule.ports.empty()) {
    for (Protocol p : kAllProtocols) result.Add(p, 1, 65535);
    return result;
  }
  for (const PolicyPort& port : rule.ports) {
    if (!port.port_name.empty()) {
      if (!destination.pod) continue;
      for (const ContainerPort& cp : cluster.pods[*destination.pod].ports) {
        if (cp.name == port.port_name && cp.protocol == port.protocol) {
          result.Add(cp.protocol, cp.port, cp.port);
        }
      }
    } else if (!port.port) {
      result.Add(port.protocol, 1, 65535);
    } else {
      const int last = port.end_port ? *port.end_port : *port.port;
      result.Add(port.protocol, *port.port, last);
    }
  }
  return result;
}

inline std::vector<std::string> FqdnLookups(const Cluster& cluster, const Pod& pod,
                                            bool ip_blocks_match_pods);
inline PortSet SideAllows(const Cluster& cluster, const Endpoint& subject, const Endpoint& other,
                          bool egress, const Endpoint& destination, bool ip_blocks_match_pods);

// The NetworkPolicy tier of `subject`'s side (egress when it is the source)
// towards `other`: what it allows, or nothing when no policy isolates the pod.
// A toFQDNs peer counts only for a source whose DNS lookups of its name
// Cilium's DNS proxy sees (FqdnLookups).
inline std::optional<PortSet> NetworkPolicyTier(const Cluster& cluster, const Pod& pod,
                                                const Endpoint& other, bool egress,
                                                const Endpoint& destination,
                                                bool ip_blocks_match_pods) {
  bool isolated = false;
  PortSet allowed;
  for (const NetworkPolicy& policy : cluster.policies) {
    if (policy.namespace_name != pod.namespace_name) continue;
    if (!policy.pod_selector.Matches(pod.labels)) continue;
    if (!PolicyCovers(policy, egress)) continue;
    // A Cilium rule with enableDefaultDeny off adds allows but does not
    // isolate; a side nothing isolates allows everything.
    if (egress ? policy.default_deny_egress : policy.default_deny_ingress) isolated = true;
    for (const Rule& rule : egress ? policy.egress : policy.ingress) {
      bool matches = rule.peers.empty();
      for (const Peer& peer : rule.peers) {
        if (matches) break;
        matches = PeerDescribes(cluster, policy, peer, other, ip_blocks_match_pods,
                                StackOfAddresses(pod.ips));
        // A toFQDNs peer matches only an external address, so this never
        // recurses: visibility is read from verdicts towards pods.
        if (matches && egress && !peer.fqdn.empty()) {
          const std::vector<std::string> lookups = FqdnLookups(cluster, pod, ip_blocks_match_pods);
          matches = std::any_of(lookups.begin(), lookups.end(), [&](const std::string& name) {
            return FqdnSelectorsOverlap(name, peer.fqdn);
          });
        }
      }
      if (matches) allowed.Merge(PortsOfRule(cluster, rule, destination));
    }
  }
  if (!isolated) return std::nullopt;
  return allowed;
}

inline PortSet Everything() {
  PortSet everything;
  for (Protocol p : kAllProtocols) everything.Add(p, 1, 65535);
  return everything;
}

// Cilium's DNS proxy sees `pod`'s lookups (docs.cilium.io, "DNS based": an
// L7 policy allowing DNS requests is required) when, for some other pod of
// the cluster DNS (kube-system, k8s-app=kube-dns), a port of 53/UDP or
// 53/TCP is allowed both ways and the pod's isolated egress allows it only
// through `rules: {dns: ...}` entries (a plain allow of the port turns the
// L7 rules off). Only the names of the `dns` rules on those ports go
// through ("*" for an entry without names); the result gathers them over
// every DNS pod (empty: no lookup is seen). The Admin tier is not read:
// random clusters with tiers carry no L7 rules.
inline std::vector<std::string> FqdnLookups(const Cluster& cluster, const Pod& pod,
                                            bool ip_blocks_match_pods) {
  std::set<std::string> names;
  PortSet dns_ports;
  dns_ports.Add(Protocol::kUDP, 53, 53);
  dns_ports.Add(Protocol::kTCP, 53, 53);
  const Endpoint source = Endpoint::ForPod(static_cast<PodId>(&pod - cluster.pods.data()));
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    const Pod& dns = cluster.pods[id];
    if (&dns == &pod || dns.namespace_name != "kube-system") continue;
    auto app = dns.labels.find("k8s-app");
    if (app == dns.labels.end() || app->second != "kube-dns") continue;
    const Endpoint target = Endpoint::ForPod(id);
    if (!Connectable(StackOf(cluster, source), StackOf(cluster, target))) continue;
    const PortSet in = SideAllows(cluster, target, source, false, target, ip_blocks_match_pods);
    bool isolated = false;
    PortSet plain;
    PortSet filtered;
    std::vector<std::pair<PortSet, const PolicyPort*>> dns_entries;
    for (const NetworkPolicy& policy : cluster.policies) {
      if (pod.host_network || policy.namespace_name != pod.namespace_name) continue;
      if (!policy.pod_selector.Matches(pod.labels) || !PolicyCovers(policy, true)) continue;
      if (policy.default_deny_egress) isolated = true;
      for (const Rule& rule : policy.egress) {
        bool matches = rule.peers.empty();
        for (const Peer& peer : rule.peers) {
          matches = matches || PeerDescribes(cluster, policy, peer, target, ip_blocks_match_pods,
                                             StackOfAddresses(pod.ips));
        }
        if (!matches) continue;
        if (rule.ports.empty()) plain.Merge(Everything());
        for (const PolicyPort& port : rule.ports) {
          Rule one;
          one.ports = {port};
          const PortSet ports = PortsOfRule(cluster, one, target);
          if (port.l7.empty()) plain.Merge(ports);
          else if (port.l7 == "dns") {
            filtered.Merge(ports);
            dns_entries.emplace_back(ports, &port);
          }
        }
      }
    }
    if (!isolated) continue;
    const PortSet visible = filtered.Intersect(plain.Complement()).Intersect(in).Intersect(dns_ports);
    for (const auto& [ports, port] : dns_entries) {
      if (ports.Intersect(visible).IsEmpty()) continue;
      if (port->dns_names.empty()) names.insert("*");
      names.insert(port->dns_names.begin(), port->dns_names.end());
    }
  }
  return {names.begin(), names.end()};
}

// What `subject`'s side (egress when it is the source) allows for `other`.
inline PortSet SideAllows(const Cluster& cluster, const Endpoint& subject, const Endpoint& other,
                   bool egress, const Endpoint& destination, bool ip_blocks_match_pods) {
  if (!subject.pod) return Everything();
  const Pod& pod = cluster.pods[*subject.pod];
  if (pod.host_network) return Everything();
  const std::optional<PortSet> allowed =
      NetworkPolicyTier(cluster, pod, other, egress, destination, ip_blocks_match_pods);
  return allowed ? *allowed : Everything();
}

// ---- Cluster-scoped tiers ----

// subject: `namespaces` selects every pod of the matching namespaces, `pods`
// the pods matching both selectors. Host-networked pods are never subjects.
inline bool SubjectSelects(const Cluster& cluster, const ClusterPolicy& policy, const Pod& pod) {
  if (pod.host_network) return false;
  const Labels none;
  const Labels* found = LabelsOfNamespace(cluster, pod.namespace_name);
  const Labels& ns_labels = found ? *found : none;
  if (policy.subject.namespaces) return policy.subject.namespaces->Matches(ns_labels);
  if (policy.subject.pods) {
    return policy.subject.pods->namespace_selector.Matches(ns_labels) &&
           policy.subject.pods->pod_selector.Matches(pod.labels);
  }
  return false;
}

// Does one `from`/`to` entry describe endpoint `other`? `namespaces` and
// `pods` select pods, never host-networked ones; `networks` select addresses
// and, because "cluster-internal traffic will be checked against the rule as
// well", pod IPs. `nodes` and `domainNames` cannot be resolved offline: the
// model has no Node objects and no DNS.
inline bool TierPeerDescribes(const Cluster& cluster, const ClusterPolicyPeer& peer,
                              const Endpoint& other, bool networks_match_pods,
                              const Stack& subject) {
  using Kind = ClusterPolicyPeer::Kind;
  if (peer.kind == Kind::kNetworks) {
    for (const Cidr& cidr : peer.networks) {
      if (other.address && Exchangeable(*other.address, subject) && CidrHas(cidr, *other.address)) {
        return true;
      }
      if (other.pod && networks_match_pods && !peer.outside_cluster) {
        for (const IpAddress& ip : cluster.pods[*other.pod].ips) {
          if (Exchangeable(ip, subject) && CidrHas(cidr, ip)) return true;
        }
      }
    }
    return false;
  }
  if (peer.kind != Kind::kNamespaces && peer.kind != Kind::kPods) return false;
  if (!other.pod) return false;
  const Pod& pod = cluster.pods[*other.pod];
  if (pod.host_network) return false;
  const Labels none;
  const Labels* found = LabelsOfNamespace(cluster, pod.namespace_name);
  const Labels& ns_labels = found ? *found : none;
  if (peer.kind == Kind::kNamespaces) return peer.namespaces.Matches(ns_labels);
  return peer.pods.namespace_selector.Matches(ns_labels) &&
         peer.pods.pod_selector.Matches(pod.labels);
}

// The ports a tier rule covers towards `destination`: none listed means every
// port of every protocol; a named port is the destination pod's container
// port of that name, whatever its protocol.
inline PortSet PortsOfTierRule(const Cluster& cluster, const ClusterPolicyRule& rule,
                               const Endpoint& destination) {
  if (rule.ports.empty()) return Everything();
  PortSet result;
  for (const ClusterPolicyPort& port : rule.ports) {
    switch (port.kind) {
      case ClusterPolicyPort::Kind::kRange: result.Add(port.protocol, port.first, port.last); break;
      case ClusterPolicyPort::Kind::kAllOf: result.Add(port.protocol, 1, 65535); break;
      case ClusterPolicyPort::Kind::kNamed:
        if (!destination.pod) break;
        for (const ContainerPort& cp : cluster.pods[*destination.pod].ports) {
          if (cp.name == port.name) result.Add(cp.protocol, cp.port, cp.port);
        }
        break;
    }
  }
  return result;
}

// What one tier decides, port by port: the ports of each action.
struct TierOutcome {
  PortSet allow, deny, pass;
};

// The first-match rules of `policies` (in precedence order), computed from the
// last rule to the first so that a rule of higher precedence overwrites what
// a lower one said about the same port.
inline TierOutcome RunTierBackwards(const Cluster& cluster,
                                    const std::vector<const ClusterPolicy*>& policies,
                                    const Endpoint& other, bool egress,
                                    const Endpoint& destination, bool networks_match_pods,
                                    const Stack& subject) {
  TierOutcome outcome;
  for (auto policy = policies.rbegin(); policy != policies.rend(); ++policy) {
    const std::vector<ClusterPolicyRule>& rules = egress ? (*policy)->egress : (*policy)->ingress;
    for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) {
      bool matches = false;
      for (const ClusterPolicyPeer& peer : rule->peers) {
        matches = matches || TierPeerDescribes(cluster, peer, other, networks_match_pods, subject);
      }
      if (!matches) continue;
      const PortSet ports = PortsOfTierRule(cluster, *rule, destination);
      const PortSet others = ports.Complement();
      outcome.allow = outcome.allow.Intersect(others);
      outcome.deny = outcome.deny.Intersect(others);
      outcome.pass = outcome.pass.Intersect(others);
      switch (rule->action) {
        case TierAction::kAllow: outcome.allow.Merge(ports); break;
        case TierAction::kDeny: outcome.deny.Merge(ports); break;
        case TierAction::kPass: outcome.pass.Merge(ports); break;
      }
    }
  }
  return outcome;
}

// Must `a` be evaluated before `b` (same tier)? Only a lower priority says
// so. The BANP has no priority: nothing orders it against Baseline CNPs.
inline bool MustPrecede(const ClusterPolicy& a, const ClusterPolicy& b) {
  if (a.kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy ||
      b.kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy) {
    return false;
  }
  return a.priority < b.priority;
}

// Every order of `policies` that the priorities admit.
inline std::vector<std::vector<const ClusterPolicy*>> AdmissibleOrders(
    std::vector<const ClusterPolicy*> policies) {
  std::sort(policies.begin(), policies.end());  // by address: next_permutation visits every order
  std::vector<std::vector<const ClusterPolicy*>> orders;
  do {
    bool admissible = true;
    for (std::size_t i = 0; i < policies.size(); ++i) {
      for (std::size_t j = i + 1; j < policies.size(); ++j) {
        if (MustPrecede(*policies[j], *policies[i])) admissible = false;
      }
    }
    if (admissible) orders.push_back(policies);
  } while (std::next_permutation(policies.begin(), policies.end()));
  return orders;
}

inline PossiblePorts TieredSideAllows(const Cluster& cluster, const Endpoint& subject,
                                      const Endpoint& other, bool egress,
                                      const Endpoint& destination, bool ip_blocks_match_pods,
                                      bool networks_match_pods) {
  if (!subject.pod) return {Everything(), Everything()};
  const Pod& pod = cluster.pods[*subject.pod];
  std::vector<const ClusterPolicy*> admin, baseline;
  for (const ClusterPolicy& policy : cluster.cluster_policies) {
    if (!SubjectSelects(cluster, policy, pod)) continue;
    (policy.tier == PolicyTier::kAdmin ? admin : baseline).push_back(&policy);
  }
  // hostNetwork pods: no NetworkPolicy and no cluster-scoped policy applies.
  const std::optional<PortSet> network_policy =
      pod.host_network
          ? std::nullopt
          : NetworkPolicyTier(cluster, pod, other, egress, destination, ip_blocks_match_pods);

  PossiblePorts result{Everything(), PortSet()};
  for (const auto& admin_order : AdmissibleOrders(admin)) {
    const TierOutcome a = RunTierBackwards(cluster, admin_order, other, egress, destination,
                                           networks_match_pods, StackOfAddresses(pod.ips));
    // Pass, and what no Admin rule matched, go on to the next tier.
    const PortSet onward = a.allow.Union(a.deny).Complement();
    for (const auto& baseline_order : AdmissibleOrders(baseline)) {
      PortSet allowed = a.allow;
      if (network_policy) {
        allowed.Merge(onward.Intersect(*network_policy));
      } else {
        const TierOutcome b =
            RunTierBackwards(cluster, baseline_order, other, egress, destination,
                             networks_match_pods, StackOfAddresses(pod.ips));
        // Baseline Allow, Pass and no match all end allowed; only Deny drops.
        allowed.Merge(onward.Intersect(b.deny.Complement()));
      }
      result.certain = result.certain.Intersect(allowed);
      result.possible.Merge(allowed);
    }
  }
  return result;
}

}  // namespace reference_detail

inline PortSet ReferenceAllowedPorts(const Cluster& cluster, const Endpoint& source,
                              const Endpoint& destination, bool ip_blocks_match_pods) {
  using namespace reference_detail;
  if (!Connectable(StackOf(cluster, source), StackOf(cluster, destination))) return PortSet();
  const PortSet out =
      SideAllows(cluster, source, destination, true, destination, ip_blocks_match_pods);
  const PortSet in =
      SideAllows(cluster, destination, source, false, destination, ip_blocks_match_pods);
  return out.Intersect(in);
}

struct ReferenceOptions {
  /// NetworkPolicy ipBlocks match pod IPs (EvalOptions::ip_blocks_match_pods).
  bool ip_blocks_match_pods = true;
  /// Cluster-scoped `networks` peers match pod IPs. The API says they always
  /// do; netpol's --no-ipblock-pods also turns this off (README), which a
  /// caller states explicitly by clearing it.
  bool networks_match_pods = true;
};

/// The ports from `source` to `destination` through every tier: those
/// allowed whatever order is given to policies the API leaves unordered, and
/// those allowed under some order. Without cluster-scoped policies both equal
/// ReferenceAllowedPorts().
inline PossiblePorts ReferenceTieredPorts(const Cluster& cluster, const Endpoint& source,
                                          const Endpoint& destination,
                                          const ReferenceOptions& options) {
  using namespace reference_detail;
  if (!Connectable(StackOf(cluster, source), StackOf(cluster, destination))) return {};
  const PossiblePorts out =
      TieredSideAllows(cluster, source, destination, true, destination,
                       options.ip_blocks_match_pods, options.networks_match_pods);
  const PossiblePorts in =
      TieredSideAllows(cluster, destination, source, false, destination,
                       options.ip_blocks_match_pods, options.networks_match_pods);
  // Each side may resolve its own ties: any combination can happen.
  return {out.certain.Intersect(in.certain), out.possible.Intersect(in.possible)};
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_ENGINE_REFERENCE_EVALUATOR_H_
