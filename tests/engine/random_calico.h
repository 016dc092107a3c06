// Seeded random Calico policies for the differential test: Tier objects (some
// with `defaultAction: Pass`, one tier named by policies only), namespaced and
// global policies (some staged) in those tiers with colliding orders,
// selectors in Calico's language, and rules with every action, protocol,
// selector, nets and ports form netpol models; pods run under ServiceAccounts
// (some with labels in the inputs), Services select them, and policies
// select by serviceAccountSelector and rules by serviceAccounts and services;
// now and then AdminNetworkPolicies and the BaselineAdminNetworkPolicy next
// to them.
#ifndef NETPOL_TESTS_ENGINE_RANDOM_CALICO_H_
#define NETPOL_TESTS_ENGINE_RANDOM_CALICO_H_

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/random_cluster.h"
#include "netpol/netpol.h"
#include "select/calico_selector_parser.h"

namespace netpol::testing {

inline CalicoSelector ParsedCalicoSelector(const std::string& text) {
  auto parsed = ParseCalicoSelector(text);
  REQUIRE(std::holds_alternative<CalicoSelector>(parsed));
  return std::get<CalicoSelector>(std::move(parsed));
}

// One term of Calico's selector language over the random clusters' keys.
inline std::string RandomCalicoTerm(Random& rng) {
  const std::string key = rng.Pick(kKeys);
  const std::string value = "'" + rng.Pick(kValues) + "'";
  switch (rng.Below(9)) {
    case 0: return key + " == " + value;
    case 1: return key + " != " + value;
    case 2: return "has(" + key + ")";
    case 3: return "!has(" + key + ")";
    case 4: return key + " in {" + value + ", '" + rng.Pick(kValues) + "'}";
    case 5: return key + " not in {" + value + "}";
    case 6: return "projectcalico.org/namespace == 'ns" + std::to_string(rng.Below(3)) + "'";
    case 7: return key + " starts with '" + rng.Pick(kValues) + "'";
    default: return "all()";
  }
}

inline std::string RandomCalicoSelectorText(Random& rng) {
  if (rng.Chance(20)) return rng.Chance(50) ? "" : "all()";
  std::string text = RandomCalicoTerm(rng);
  for (int i = rng.Below(3); i > 0; --i) {
    const std::string term = RandomCalicoTerm(rng);
    switch (rng.Below(3)) {
      case 0: text = text + " && " + term; break;
      case 1: text = "(" + text + ") || " + term; break;
      default: text = "!(" + text + ") && " + term; break;
    }
  }
  return text;
}

// A namespaceSelector: over the namespaces' labels or their names.
inline CalicoSelector RandomCalicoNamespaceSelector(Random& rng) {
  if (rng.Chance(40)) {
    return ParsedCalicoSelector("projectcalico.org/name == 'ns" + std::to_string(rng.Below(3)) + "'");
  }
  return ParsedCalicoSelector(RandomCalicoSelectorText(rng));
}

inline std::vector<CalicoPort> RandomCalicoPorts(Random& rng) {
  std::vector<CalicoPort> ports;
  for (int i = 1 + rng.Below(2); i > 0; --i) {
    CalicoPort port;
    const int kind = rng.Below(10);
    if (kind < 4) {
      port.first = port.last = 1 + rng.Below(8) * 1000 + rng.Below(3);
    } else if (kind < 7) {
      port.first = 1 + rng.Below(8) * 1000;
      port.last = port.first + rng.Below(2500);
    } else {
      port.name = rng.Pick(kPortNames);
    }
    ports.push_back(std::move(port));
  }
  return ports;
}

inline const std::vector<std::string> kAccountNames = {"default", "api", "batch"};

// "projectcalico.org/name == 'NAME'", the name label of a ServiceAccount.
inline std::string AccountNameIs(const std::string& name) {
  std::string text = "projectcalico.org/name == '";
  text += name;
  text += "'";
  return text;
}

// A serviceAccounts match: names, a selector over the accounts' labels (or
// their projectcalico.org/name), or both.
inline CalicoServiceAccountMatch RandomCalicoAccountMatch(Random& rng) {
  CalicoServiceAccountMatch match;
  const int kind = rng.Below(3);
  if (kind != 1) {
    for (int i = 1 + rng.Below(2); i > 0; --i) match.names.push_back(rng.Pick(kAccountNames));
  }
  if (kind != 0) {
    match.selector = ParsedCalicoSelector(
        rng.Chance(25) ? AccountNameIs(rng.Pick(kAccountNames)) : RandomCalicoSelectorText(rng));
  }
  return match;
}

// Pods run under random ServiceAccounts (`default` most often), some of which
// are in the inputs with labels; 0-2 Services select pods by one label, with
// numeric and named targetPorts.
inline void AddRandomAccountsAndServices(Random& rng, Cluster& cluster) {
  for (Pod& pod : cluster.pods) {
    if (rng.Chance(50)) pod.service_account = rng.Pick(kAccountNames);
  }
  for (const Namespace& ns : cluster.namespaces) {
    for (const std::string& name : kAccountNames) {
      if (!rng.Chance(60)) continue;
      cluster.service_accounts.push_back({name, ns.name, RandomLabels(rng, 2), {}});
    }
  }
  for (int i = rng.Below(3); i > 0; --i) {
    Service service;
    service.name = "s" + std::to_string(i);
    service.namespace_name = rng.Pick(cluster.namespaces).name;
    if (rng.Chance(85)) service.selector = Labels{{rng.Pick(kKeys), rng.Pick(kValues)}};
    for (int p = 1 + rng.Below(2); p > 0; --p) {
      ServicePort port;
      port.port = 1 + rng.Below(8) * 1000 + rng.Below(3);
      port.protocol = rng.Chance(70) ? Protocol::kTCP : Protocol::kUDP;
      if (rng.Chance(30)) port.target_port_name = rng.Pick(kPortNames);
      else if (rng.Chance(50)) port.target_port = 1 + rng.Below(8) * 1000 + rng.Below(3);
      service.ports.push_back(std::move(port));
    }
    cluster.services.push_back(std::move(service));
  }
}

// A `services` match: one of the cluster's Services, now and then one the
// inputs lack; the namespace now and then left to default.
inline CalicoServiceMatch RandomCalicoServiceMatch(Random& rng) {
  CalicoServiceMatch match;
  match.name = "s" + std::to_string(1 + rng.Below(3));
  if (rng.Chance(70)) match.namespace_name = "ns" + std::to_string(rng.Below(3));
  return match;
}

inline CalicoEntityRule RandomCalicoEntity(Random& rng, bool destination, bool ports) {
  CalicoEntityRule entity;
  if (rng.Chance(30)) entity.selector = ParsedCalicoSelector(RandomCalicoSelectorText(rng));
  if (rng.Chance(12)) entity.not_selector = ParsedCalicoSelector(RandomCalicoSelectorText(rng));
  if (rng.Chance(15)) entity.namespace_selector = RandomCalicoNamespaceSelector(rng);
  if (rng.Chance(20)) {
    for (int i = 1 + rng.Below(2); i > 0; --i) entity.nets.push_back(*Cidr::Parse(rng.Pick(kCidrs)));
  }
  if (rng.Chance(10)) entity.not_nets.push_back(*Cidr::Parse(rng.Pick(kCidrs)));
  if (destination && ports) {
    if (rng.Chance(50)) entity.ports = RandomCalicoPorts(rng);
    if (rng.Chance(15)) entity.not_ports = RandomCalicoPorts(rng);
  }
  if (rng.Chance(12)) entity.service_accounts = RandomCalicoAccountMatch(rng);
  if (rng.Chance(8)) {
    // Calico's validation: a destination with services sets nothing else, a
    // source only ports.
    CalicoEntityRule alone;
    alone.service = RandomCalicoServiceMatch(rng);
    entity = std::move(alone);
  }
  entity.unmodelled = rng.Chance(3);  // source ports: match nothing
  return entity;
}

inline CalicoRule RandomCalicoRule(Random& rng) {
  CalicoRule rule;
  const int action = rng.Below(20);
  rule.action = action < 8    ? CalicoAction::kAllow
                : action < 13 ? CalicoAction::kDeny
                : action < 17 ? CalicoAction::kPass
                              : CalicoAction::kLog;
  const int protocol = rng.Below(20);
  if (protocol < 6) rule.protocol = 6;
  else if (protocol < 10) rule.protocol = 17;
  else if (protocol < 11) rule.protocol = 132;
  else if (protocol < 12) rule.protocol = 1;  // ICMP: no ports, matches none of them
  if (rng.Chance(10)) rule.not_protocol = rng.Chance(50) ? 6 : 17;
  const bool ports = rule.protocol && *rule.protocol != 1;
  rule.source = RandomCalicoEntity(rng, false, false);
  rule.destination = RandomCalicoEntity(rng, true, ports);
  return rule;
}

/// Now and then 1-2 AdminNetworkPolicies (colliding priorities) and the
/// BaselineAdminNetworkPolicy, and Calico policies in their tiers
/// (adminnetworkpolicy at order 1000, baselineadminnetworkpolicy at
/// 10,000,000) and in a tier ordered between or after them.
inline void AddRandomAdminPolicies(Random& rng, Cluster& cluster) {
  if (!rng.Chance(50)) return;
  for (int i = 1 + rng.Below(2); i > 0; --i) {
    cluster.cluster_policies.push_back(RandomClusterPolicy(
        rng, ClusterPolicyKind::kAdminNetworkPolicy, PolicyTier::kAdmin, "anp" + std::to_string(i)));
  }
  if (rng.Chance(50)) {
    cluster.cluster_policies.push_back(RandomClusterPolicy(
        rng, ClusterPolicyKind::kBaselineAdminNetworkPolicy, PolicyTier::kBaseline, "default"));
  }
  const std::vector<std::optional<double>> tier_orders = {1000, 5000000, 20000000};
  CalicoTier tier;
  tier.name = "zone";
  tier.order = rng.Pick(tier_orders);
  tier.default_pass = rng.Chance(50);
  cluster.calico_tiers.push_back(std::move(tier));
  const std::vector<std::string> tiers = {"adminnetworkpolicy", "baselineadminnetworkpolicy", "zone"};
  for (CalicoPolicy& policy : cluster.calico_policies) {
    if (!rng.Chance(40)) continue;
    policy.tier = rng.Pick(tiers);
    policy.name = policy.tier + "." + policy.name;
  }
  cluster.Finalize();
}

/// Adds 0-2 Tier objects and 1-5 Calico policies to a finalized cluster of
/// RandomCluster (namespaces ns0..).
inline void AddRandomCalicoPolicies(Random& rng, Cluster& cluster) {
  const std::vector<std::optional<double>> tier_orders = {std::nullopt, 10, 100, 100, 2000000};
  for (const char* name : {"security", "platform"}) {
    if (!rng.Chance(50)) continue;
    CalicoTier tier;
    tier.name = name;
    tier.order = rng.Pick(tier_orders);
    tier.default_pass = rng.Chance(25);
    cluster.calico_tiers.push_back(std::move(tier));
  }
  // "orphan" has no Tier object: no order, after every ordered tier.
  const std::vector<std::string> tiers = {"default", "default", "security", "platform", "orphan"};
  const std::vector<std::optional<double>> orders = {std::nullopt, 10, 100, 100, 100, 1000, 1000, 1000.5};
  AddRandomAccountsAndServices(rng, cluster);
  const int namespaces = static_cast<int>(cluster.namespaces.size());
  for (int i = 1 + rng.Below(5); i > 0; --i) {
    CalicoPolicy policy;
    const bool global = rng.Chance(50);
    policy.kind = global ? CalicoPolicyKind::kGlobalNetworkPolicy : CalicoPolicyKind::kNetworkPolicy;
    if (rng.Chance(8)) {
      policy.kind = global ? CalicoPolicyKind::kStagedGlobalNetworkPolicy
                           : CalicoPolicyKind::kStagedNetworkPolicy;
    }
    if (!global) policy.namespace_name = "ns" + std::to_string(rng.Below(namespaces));
    policy.tier = rng.Pick(tiers);
    policy.name = (policy.tier == "default" ? "" : policy.tier + ".") + "c" + std::to_string(i);
    policy.order = rng.Pick(orders);
    policy.selector = ParsedCalicoSelector(RandomCalicoSelectorText(rng));
    if (global && rng.Chance(30)) policy.namespace_selector = RandomCalicoNamespaceSelector(rng);
    if (rng.Chance(15)) {
      policy.service_account_selector = ParsedCalicoSelector(
          rng.Chance(30) ? AccountNameIs(rng.Pick(kAccountNames)) : RandomCalicoSelectorText(rng));
    }
    const int types = rng.Below(3);
    policy.applies_ingress = types != 1;
    policy.applies_egress = types != 0;
    for (int r = rng.Below(4); r > 0; --r) policy.ingress.push_back(RandomCalicoRule(rng));
    for (int r = rng.Below(4); r > 0; --r) policy.egress.push_back(RandomCalicoRule(rng));
    cluster.calico_policies.push_back(std::move(policy));
  }
  AddRandomAdminPolicies(rng, cluster);
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_ENGINE_RANDOM_CALICO_H_
