// Seeded random Calico policies for the differential test: Tier objects (some
// with `defaultAction: Pass`, one tier named by policies only), namespaced and
// global policies (some staged) in those tiers with colliding orders,
// selectors in Calico's language, and rules with every action, protocol,
// selector, nets and ports form netpol models; now and then
// AdminNetworkPolicies and the BaselineAdminNetworkPolicy next to them.
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
  entity.unmodelled = rng.Chance(3);  // serviceAccounts, services: match nothing
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
