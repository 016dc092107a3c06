// Seeded random clusters for differential tests: a few namespaces, up to a
// dozen pods with few distinct label sets (so classes have several members),
// single- and dual-stack IPs, NetworkPolicies with every peer and port form,
// and optionally cluster-scoped tiers (ANP, BANP, CNP).
#ifndef NETPOL_TESTS_ENGINE_RANDOM_CLUSTER_H_
#define NETPOL_TESTS_ENGINE_RANDOM_CLUSTER_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "netpol/netpol.h"

namespace netpol::testing {

// std::mt19937's output is specified, so a seed gives the same cluster on
// every standard library (the distributions are not, so none is used).
class Random {
 public:
  explicit Random(std::uint32_t seed) : engine_(seed) {}
  int Below(int n) { return static_cast<int>(engine_() % static_cast<std::uint32_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) { return items[Below(static_cast<int>(items.size()))]; }

 private:
  std::mt19937 engine_;
};

inline const std::vector<std::string> kKeys = {"app", "tier", "env"};
inline const std::vector<std::string> kValues = {"a", "b", "c"};
inline const std::vector<std::string> kPortNames = {"http", "dns", "metrics"};
inline const std::vector<std::string> kCidrs = {
    "0.0.0.0/0",      "10.0.0.0/8", "10.0.1.0/24",   "10.0.1.0/25",   "10.0.1.7/32",
    "192.168.0.0/16", "10.0.2.0/23", "::/0",          "fd00::/8",      "fd00::1/128",
    "fd00::/120",     "fd00::100/120", "2001:db8::/32"};
inline const std::vector<std::string> kPodV4 = {"10.0.1.7", "10.0.1.8",    "10.0.1.200", "10.0.2.1",
                                         "10.0.3.9", "192.168.1.1", "172.16.0.1"};
inline const std::vector<std::string> kPodV6 = {"fd00::1", "fd00::7", "fd00::101", "2001:db8::5"};

inline Protocol RandomProtocol(Random& rng) {
  const int p = rng.Below(10);
  return p < 6 ? Protocol::kTCP : p < 9 ? Protocol::kUDP : Protocol::kSCTP;
}

inline Labels RandomLabels(Random& rng, int max) {
  Labels labels;
  for (int i = rng.Below(max + 1); i > 0; --i) labels[rng.Pick(kKeys)] = rng.Pick(kValues);
  return labels;
}

inline LabelSelector RandomSelector(Random& rng) {
  LabelSelector selector;
  if (rng.Chance(35)) return selector;  // {}
  if (rng.Chance(60)) selector.match_labels = RandomLabels(rng, 2);
  for (int i = rng.Below(3); i > 0; --i) {
    LabelRequirement r;
    r.key = rng.Pick(kKeys);
    r.op = static_cast<SelectorOperator>(rng.Below(4));
    if (r.op == SelectorOperator::kIn || r.op == SelectorOperator::kNotIn) {
      for (int v = 1 + rng.Below(2); v > 0; --v) r.values.push_back(rng.Pick(kValues));
    }
    selector.match_expressions.push_back(std::move(r));
  }
  return selector;
}

inline Peer RandomPeer(Random& rng, bool cilium = false) {
  Peer peer;
  // A Cilium toFQDNs peer: Finalize gives it its FQDN endpoint's address,
  // and a pattern the names it covers.
  if (cilium && rng.Chance(10)) {
    static const std::vector<std::string> kFqdns = {"api.example.com", "*.example.com", "*",
                                                    "a.b.example.com"};
    peer.fqdn = rng.Pick(kFqdns);
    return peer;
  }
  const int kind = rng.Below(10);
  if (kind < 3) {
    IpBlock block;
    block.cidr = *Cidr::Parse(rng.Pick(kCidrs));
    for (int i = rng.Below(3); i > 0; --i) {
      const Cidr except = *Cidr::Parse(rng.Pick(kCidrs));
      if (block.cidr.Contains(except) && !(except == block.cidr)) block.except.push_back(except);
    }
    if (cilium) block.outside_cluster = rng.Chance(20);  // a Cilium CIDR
    peer.ip_block = std::move(block);
    return peer;
  }
  if (kind < 6 || rng.Chance(50)) peer.pod_selector = RandomSelector(rng);
  if (kind >= 6) peer.namespace_selector = RandomSelector(rng);
  return peer;
}

inline PolicyPort RandomPort(Random& rng) {
  PolicyPort port;
  port.protocol = RandomProtocol(rng);
  const int kind = rng.Below(10);
  if (kind < 4) {
    port.port = 1 + rng.Below(8) * 1000 + rng.Below(3);
  } else if (kind < 6) {
    port.port = 1 + rng.Below(8) * 1000;
    port.end_port = *port.port + rng.Below(2500);
  } else if (kind < 9) {
    port.port_name = rng.Pick(kPortNames);
  }  // else: the whole protocol
  return port;
}

inline Rule RandomRule(Random& rng, bool cilium = false) {
  Rule rule;
  for (int i = rng.Below(4); i > 0; --i) rule.peers.push_back(RandomPeer(rng, cilium));
  for (int i = rng.Below(4); i > 0; --i) rule.ports.push_back(RandomPort(rng));
  return rule;
}

// ---- Cluster-scoped tiers ----

// Few values, so that two policies of one tier often share a priority.
inline const std::vector<int> kPriorities = {0, 1, 10, 10, 20, 1000};

inline ClusterPolicyPeer RandomTierPeer(Random& rng, bool egress, TierAction action) {
  using Kind = ClusterPolicyPeer::Kind;
  ClusterPolicyPeer peer;
  // Ingress peers are namespaces or pods only; networks, nodes and
  // domainNames exist on egress (domainNames only for Allow/Accept).
  const int kind = rng.Below(egress ? 10 : 6);
  if (kind < 3) {
    peer.kind = Kind::kNamespaces;
    peer.namespaces = RandomSelector(rng);
  } else if (kind < 6) {
    peer.kind = Kind::kPods;
    peer.pods.namespace_selector = RandomSelector(rng);
    peer.pods.pod_selector = RandomSelector(rng);
  } else if (kind < 9) {
    peer.kind = Kind::kNetworks;
    for (int i = 1 + rng.Below(2); i > 0; --i) {
      peer.networks.push_back(*Cidr::Parse(rng.Pick(kCidrs)));
    }
  } else if (action == TierAction::kAllow && rng.Chance(50)) {
    peer.kind = Kind::kDomainNames;
    peer.domain_names = {"example.com"};
  } else {
    peer.kind = Kind::kNodes;
    peer.nodes = RandomSelector(rng);
  }
  return peer;
}

inline ClusterPolicyPort RandomTierPort(Random& rng) {
  ClusterPolicyPort port;
  port.protocol = RandomProtocol(rng);
  const int kind = rng.Below(10);
  if (kind < 4) {
    port.kind = ClusterPolicyPort::Kind::kRange;
    port.first = port.last = 1 + rng.Below(8) * 1000 + rng.Below(3);
  } else if (kind < 6) {
    port.kind = ClusterPolicyPort::Kind::kRange;
    port.first = 1 + rng.Below(8) * 1000;
    port.last = port.first + 1 + rng.Below(2500);
  } else if (kind < 9) {
    port.kind = ClusterPolicyPort::Kind::kNamed;
    port.name = rng.Pick(kPortNames);
  } else {
    port.kind = ClusterPolicyPort::Kind::kAllOf;
  }
  return port;
}

inline ClusterPolicyRule RandomTierRule(Random& rng, ClusterPolicyKind kind, bool egress) {
  ClusterPolicyRule rule;
  // The BANP has no Pass.
  const int actions = kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy ? 2 : 3;
  rule.action = static_cast<TierAction>(rng.Below(actions));
  for (int i = 1 + rng.Below(3); i > 0; --i) {
    rule.peers.push_back(RandomTierPeer(rng, egress, rule.action));
  }
  if (rng.Chance(60)) {
    for (int i = 1 + rng.Below(3); i > 0; --i) rule.ports.push_back(RandomTierPort(rng));
  }
  return rule;
}

inline ClusterPolicy RandomClusterPolicy(Random& rng, ClusterPolicyKind kind, PolicyTier tier,
                                  std::string name) {
  ClusterPolicy policy;
  policy.kind = kind;
  policy.tier = tier;
  policy.name = std::move(name);
  const bool banp = kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy;
  policy.priority = banp ? 0 : rng.Pick(kPriorities);  // the BANP has none
  if (rng.Chance(50)) {
    policy.subject.namespaces = RandomSelector(rng);
  } else {
    policy.subject.pods = NamespacedPodSelector{RandomSelector(rng), RandomSelector(rng)};
  }
  for (int r = rng.Below(4); r > 0; --r) policy.ingress.push_back(RandomTierRule(rng, kind, false));
  for (int r = rng.Below(4); r > 0; --r) policy.egress.push_back(RandomTierRule(rng, kind, true));
  return policy;
}

// 0-3 Admin-tier policies (ANPs and Admin CNPs) and 0-1 Baseline-tier one
// (the BANP or a Baseline CNP), now and then a second Baseline CNP.
inline void AddRandomClusterPolicies(Random& rng, Cluster& cluster) {
  using Kind = ClusterPolicyKind;
  for (int i = rng.Below(4); i > 0; --i) {
    const bool anp = rng.Chance(50);
    cluster.cluster_policies.push_back(RandomClusterPolicy(
        rng, anp ? Kind::kAdminNetworkPolicy : Kind::kClusterNetworkPolicy, PolicyTier::kAdmin,
        (anp ? "anp" : "cnp") + std::to_string(i)));
  }
  const int baseline = rng.Below(2) + (rng.Chance(15) ? 1 : 0);
  bool banp = false;
  for (int i = baseline; i > 0; --i) {
    if (!banp && rng.Chance(50)) {
      banp = true;
      cluster.cluster_policies.push_back(RandomClusterPolicy(
          rng, Kind::kBaselineAdminNetworkPolicy, PolicyTier::kBaseline, "default"));
    } else {
      cluster.cluster_policies.push_back(RandomClusterPolicy(
          rng, Kind::kClusterNetworkPolicy, PolicyTier::kBaseline, "baseline" + std::to_string(i)));
    }
  }
}

/// With `cilium`, some policies are Cilium rules (CIDRs outside the cluster
/// only, default deny off, CCNP copies) and tiered clusters get Cilium denies.
inline Cluster RandomCluster(Random& rng, bool tiered = false, bool cilium = false) {
  Cluster cluster;
  const int namespaces = 1 + rng.Below(4);
  for (int i = 0; i < namespaces; ++i) {
    Namespace ns;
    ns.name = "ns" + std::to_string(i);
    ns.labels = RandomLabels(rng, 2);
    ns.declared = true;
    cluster.namespaces.push_back(std::move(ns));
  }
  const int pods = rng.Below(13);
  for (int i = 0; i < pods; ++i) {
    Pod pod;
    pod.name = "p" + std::to_string(i);
    pod.namespace_name = "ns" + std::to_string(rng.Below(namespaces));
    // Few distinct label sets, so that classes have several members.
    pod.labels = RandomLabels(rng, rng.Chance(50) ? 1 : 3);
    for (int p = rng.Below(4); p > 0; --p) {
      ContainerPort cp;
      cp.name = rng.Chance(80) ? rng.Pick(kPortNames) : "";
      cp.port = 1 + rng.Below(8) * 1000 + rng.Below(3);
      cp.protocol = RandomProtocol(rng);
      pod.ports.push_back(std::move(cp));
    }
    // No known IP, IPv4 only, IPv6 only or dual-stack; now and then two
    // IPs of one family (a workload that folded replicas).
    const int stack = rng.Below(10);
    const bool v4 = stack >= 2 && stack != 6 && stack != 7;
    const bool v6 = stack >= 6;
    for (int n = v4 ? 1 + rng.Chance(15) : 0; n > 0; --n) {
      pod.ips.push_back(*IpAddress::Parse(rng.Pick(kPodV4)));
    }
    for (int n = v6 ? 1 + rng.Chance(15) : 0; n > 0; --n) {
      pod.ips.push_back(*IpAddress::Parse(rng.Pick(kPodV6)));
    }
    pod.host_network = rng.Chance(5);
    cluster.pods.push_back(std::move(pod));
  }
  const int policies = rng.Below(7);
  for (int i = 0; i < policies; ++i) {
    NetworkPolicy policy;
    policy.name = "np" + std::to_string(i);
    policy.namespace_name = "ns" + std::to_string(rng.Below(namespaces));
    policy.pod_selector = RandomSelector(rng);
    switch (rng.Below(6)) {
      case 0: policy.policy_types = std::vector<Direction>{Direction::kIngress}; break;
      case 1: policy.policy_types = std::vector<Direction>{Direction::kEgress}; break;
      case 2:
        policy.policy_types = std::vector<Direction>{Direction::kIngress, Direction::kEgress};
        break;
      case 3: policy.policy_types = std::vector<Direction>{}; break;
      default: break;  // absent
    }
    for (int r = rng.Below(3); r > 0; --r) policy.ingress.push_back(RandomRule(rng, cilium));
    for (int r = rng.Below(3); r > 0; --r) policy.egress.push_back(RandomRule(rng, cilium));
    // Now and then the allows of a Cilium rule, with default deny off for a
    // direction (its allows only join a side another policy isolates), or a
    // CiliumClusterwideNetworkPolicy rule that Finalize copies into every
    // namespace it selects.
    if (cilium && rng.Chance(30)) {
      policy.kind = PolicyKind::kCiliumNetworkPolicy;
      policy.default_deny_ingress = rng.Chance(60);
      policy.default_deny_egress = rng.Chance(60);
      if (rng.Chance(40)) {
        policy.kind = PolicyKind::kCiliumClusterwideNetworkPolicy;
        policy.clusterwide_namespaces = RandomSelector(rng);
      }
    }
    cluster.policies.push_back(std::move(policy));
  }
  if (tiered) AddRandomClusterPolicies(rng, cluster);
  // Cilium deny rules: Admin tier before everything (priority -1), Deny only.
  if (cilium && tiered && rng.Chance(40)) {
    ClusterPolicy deny = RandomClusterPolicy(rng, ClusterPolicyKind::kCiliumNetworkPolicy,
                                             PolicyTier::kAdmin, "ns0/cilium-deny");
    deny.priority = -1;
    for (auto* rules : {&deny.ingress, &deny.egress}) {
      for (ClusterPolicyRule& rule : *rules) {
        rule.action = TierAction::kDeny;
        for (ClusterPolicyPeer& peer : rule.peers) {
          peer.outside_cluster = peer.kind == ClusterPolicyPeer::Kind::kNetworks;
        }
      }
    }
    cluster.cluster_policies.push_back(std::move(deny));
  }
  // The toFQDNs gate: now and then a cluster DNS pod and port 53 egress
  // rules, with L7 `dns` rules or plain, so that some sources see their
  // lookups through Cilium's DNS proxy and some do not. Drawn last, so the
  // clusters of every seed keep what they had before. Untiered only (the
  // reference reads no Admin tier for it).
  if (cilium && !tiered && rng.Chance(50)) {
    Namespace ns;
    ns.name = "kube-system";
    ns.declared = true;
    cluster.namespaces.push_back(std::move(ns));
    for (int i = 1 + rng.Below(2); i > 0; --i) {
      Pod dns;
      dns.name = "coredns" + std::to_string(i);
      dns.namespace_name = "kube-system";
      dns.labels = {{"k8s-app", "kube-dns"}};
      dns.ports = {ContainerPort{"dns", 53, Protocol::kUDP, {}},
                   ContainerPort{"dns-tcp", 53, Protocol::kTCP, {}}};
      if (rng.Chance(50)) dns.ips.push_back(*IpAddress::Parse(rng.Pick(kPodV4)));
      cluster.pods.push_back(std::move(dns));
    }
    for (NetworkPolicy& policy : cluster.policies) {
      if (!rng.Chance(60)) continue;
      Rule rule;
      if (rng.Chance(70)) {
        Peer peer;
        peer.namespace_selector = LabelSelector{};
        peer.namespace_selector->match_labels = {{"kubernetes.io/metadata.name", "kube-system"}};
        peer.pod_selector = LabelSelector{};
        peer.pod_selector->match_labels = {{"k8s-app", "kube-dns"}};
        rule.peers.push_back(std::move(peer));
      }
      for (int p = 1 + rng.Below(2); p > 0; --p) {
        PolicyPort port;
        port.protocol = rng.Chance(50) ? Protocol::kUDP : Protocol::kTCP;
        if (rng.Chance(20)) port.port_name = port.protocol == Protocol::kUDP ? "dns" : "dns-tcp";
        else port.port = 53;
        if (rng.Chance(75)) {
          port.l7 = "dns";
          // The names the dns rules let through (none: every name).
          static const std::vector<std::string> kLookups = {
              "*", "*.example.com", "api.example.com", "*.org", "b.example.com", "a.*.example.com"};
          for (int n = rng.Below(3); n > 0; --n) port.dns_names.push_back(rng.Pick(kLookups));
        }
        rule.ports.push_back(std::move(port));
      }
      policy.egress.push_back(std::move(rule));
    }
  }
  cluster.Finalize();
  return cluster;
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_ENGINE_RANDOM_CLUSTER_H_
