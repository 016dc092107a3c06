// The Evaluator's Calico tiers (projectcalico.org/v3): which pods a policy
// selects, rule matching, and the tier walk (see netpol/calico_policy.h).
#include <algorithm>
#include <map>
#include <tuple>

#include "eval/peer_semantics.h"
#include "netpol/evaluator.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

constexpr std::string_view kNamespaceKey = "projectcalico.org/namespace";
constexpr std::string_view kNamespaceNameKey = "projectcalico.org/name";

// Sort key of a policy within its tier: order (unset last), then name. A
// namespaced policy's name is "<namespace>/<name>"; a Kubernetes
// NetworkPolicy's is "<namespace>/knp.default.<name>" at order 1000.
using OrderKey = std::tuple<bool, double, std::string>;

OrderKey KeyOf(std::optional<double> order, std::string name) {
  return {!order.has_value(), order.value_or(0), std::move(name)};
}

// Where Calico puts a cluster-scoped policy: its tier, and its order and
// name there (an ANP's priority is its order; the BANP is at 1000).
struct Placement {
  const char* tier;
  double order;
  std::string name;
};

Placement PlacementOf(const ClusterPolicy& policy) {
  switch (policy.kind) {
    case ClusterPolicyKind::kAdminNetworkPolicy:
      return {kCalicoAdminTier, static_cast<double>(policy.priority),
              std::string("kanp.adminnetworkpolicy.") + policy.name};
    case ClusterPolicyKind::kBaselineAdminNetworkPolicy:
      return {kCalicoBaselineTier, kCalicoBaselinePolicyOrder,
              std::string("kbanp.baselineadminnetworkpolicy.") + policy.name};
    case ClusterPolicyKind::kClusterNetworkPolicy: {
      const bool admin = policy.tier == PolicyTier::kAdmin;
      const char* tier = admin ? kCalicoKubeAdminTier : kCalicoKubeBaselineTier;
      return {tier, static_cast<double>(policy.priority), std::string("kcnp.") + tier + "." + policy.name};
    }
    default:
      // Cilium deny rules (priority -1) next to Calico policies: not a real
      // cluster; they keep deciding first, in the admin tier.
      return {kCalicoAdminTier, static_cast<double>(policy.priority), policy.name};
  }
}

CalicoAction CalicoActionOf(TierAction action) {
  switch (action) {
    case TierAction::kAllow: return CalicoAction::kAllow;
    case TierAction::kDeny: return CalicoAction::kDeny;
    case TierAction::kPass: return CalicoAction::kPass;
  }
  return CalicoAction::kDeny;
}

}  // namespace

bool Evaluator::CalicoPolicySelects(const CalicoPolicy& policy, PodId pod_id) const {
  if (policy.IsStaged() || policy.skipped) return false;
  const Pod& pod = cluster_.pods[pod_id];
  if (!peer_semantics::SelectorsSeePod(pod.host_network)) return false;
  if (policy.IsGlobal()) {
    if (policy.namespace_selector &&
        !policy.namespace_selector->Matches(NamespaceLabels(pod.namespace_name), kNamespaceNameKey,
                                            pod.namespace_name)) {
      return false;
    }
  } else if (pod.namespace_name != policy.namespace_name) {
    return false;
  }
  if (!policy.selector.Matches(pod.labels, kNamespaceKey, pod.namespace_name)) return false;
  // serviceAccountSelector: both it and `selector` must hold.
  return !policy.service_account_selector ||
         policy.service_account_selector->Matches(ServiceAccountLabels(pod_id), kCalicoNameLabel,
                                                  pod.service_account);
}

const Service* Evaluator::CalicoService(const CalicoPolicy& policy,
                                        const CalicoServiceMatch& match) const {
  const std::string& ns = match.namespace_name.empty() ? policy.namespace_name : match.namespace_name;
  auto it = services_.find({ns, match.name});
  return it == services_.end() ? nullptr : it->second;
}

bool Evaluator::ServiceSelectsPod(const Service& service, PodId pod_id) const {
  const Pod& pod = cluster_.pods[pod_id];
  if (!service.selector || service.selector->empty() || pod.namespace_name != service.namespace_name) {
    return false;
  }
  for (const auto& [key, value] : *service.selector) {
    auto it = pod.labels.find(key);
    if (it == pod.labels.end() || it->second != value) return false;
  }
  return true;
}

const Labels& Evaluator::ServiceAccountLabels(PodId pod) const {
  static const Labels kNone;
  return pod < account_labels_.size() && account_labels_[pod] ? *account_labels_[pod] : kNone;
}

bool Evaluator::CalicoAccountMatches(const CalicoServiceAccountMatch& match, PodId pod_id) const {
  const Pod& pod = cluster_.pods[pod_id];
  if (!match.names.empty() &&
      std::find(match.names.begin(), match.names.end(), pod.service_account) == match.names.end()) {
    return false;
  }
  return !match.selector ||
         match.selector->Matches(ServiceAccountLabels(pod_id), kCalicoNameLabel, pod.service_account);
}

bool Evaluator::CalicoEntityMatches(const CalicoPolicy& policy, const CalicoEntityRule& entity,
                                    const Endpoint& target, FamilySet families) const {
  if (entity.unmodelled) return false;
  const Pod* pod = target.pod ? &cluster_.pods[*target.pod] : nullptr;
  const bool selectable = pod && peer_semantics::SelectorsSeePod(pod->host_network);
  // Namespace scope of selector and notSelector: namespaceSelector, else the
  // policy's namespace (a namespaced policy) or every namespace (global).
  auto in_scope = [&] {
    if (!selectable) return false;
    if (entity.namespace_selector) {
      return entity.namespace_selector->Matches(NamespaceLabels(pod->namespace_name),
                                                kNamespaceNameKey, pod->namespace_name);
    }
    return policy.IsGlobal() || pod->namespace_name == policy.namespace_name;
  };
  if (entity.service) {
    // The Service's endpoints: its own namespace is the scope.
    const Service* service = CalicoService(policy, *entity.service);
    if (!selectable || !service || !ServiceSelectsPod(*service, *target.pod)) return false;
  }
  if (entity.service_accounts) {
    if (!in_scope() || !CalicoAccountMatches(*entity.service_accounts, *target.pod)) return false;
  }
  if (entity.selector || entity.namespace_selector) {
    if (!in_scope()) return false;
    if (entity.selector && !entity.selector->Matches(pod->labels, kNamespaceKey, pod->namespace_name)) {
      return false;
    }
  }
  if (entity.not_selector && in_scope() &&
      entity.not_selector->Matches(pod->labels, kNamespaceKey, pod->namespace_name)) {
    return false;
  }
  if (!entity.nets.empty() || !entity.not_nets.empty()) {
    std::vector<IpAddress> addresses;
    if (pod) {
      if (options_.ip_blocks_match_pods) addresses = pod->ips;
    } else if (target.address) {
      addresses.push_back(*target.address);
    }
    auto in = [&](const std::vector<Cidr>& nets) {
      return std::any_of(addresses.begin(), addresses.end(), [&](const IpAddress& ip) {
        return peer_semantics::AddressUsable(ip, families) &&
               std::any_of(nets.begin(), nets.end(), [&](const Cidr& c) { return c.Contains(ip); });
      });
    };
    if (!entity.nets.empty() && !in(entity.nets)) return false;
    if (!entity.not_nets.empty() && in(entity.not_nets)) return false;
  }
  return true;
}

PortSet Evaluator::CalicoRulePorts(const CalicoPolicy& policy, const CalicoRule& rule,
                                   const Endpoint& destination) const {
  const PortSet mask = rule.ProtocolMask();
  auto ports_of = [&](const std::vector<CalicoPort>& ports) {
    PortSet set;
    for (const CalicoPort& port : ports) {
      for (Protocol protocol : {Protocol::kTCP, Protocol::kUDP, Protocol::kSCTP}) {
        if (!mask.Contains(protocol, kMinPort)) continue;
        if (port.name.empty()) {
          set.Add(protocol, port.first, port.last);
        } else if (destination.pod) {  // external addresses have no named ports
          for (const ContainerPort& cp : cluster_.pods[*destination.pod].ports) {
            if (cp.name == port.name && cp.protocol == protocol) set.Add(protocol, cp.port, cp.port);
          }
        }
      }
    }
    return set;
  };
  PortSet set = rule.destination.ports.empty() ? mask : ports_of(rule.destination.ports);
  if (rule.destination.service) {
    // "Endpoint addresses and ports to allow will be automatically detected
    // from the service": the Service's ports, as they land on the pod.
    const Service* service = CalicoService(policy, *rule.destination.service);
    if (!service || !destination.pod) return PortSet();
    set = set.Intersect(service->TargetPorts(PortSet::All(), cluster_.pods[*destination.pod]));
  }
  if (!rule.destination.not_ports.empty()) {
    set = set.Intersect(ports_of(rule.destination.not_ports).Complement());
  }
  return set;
}

const std::vector<Evaluator::CalicoStep>& Evaluator::CalicoWalk(PodId pod,
                                                                Direction direction) const {
  return calico_walks_[direction == Direction::kIngress ? 0 : 1][pod];
}

void Evaluator::IndexCalico() {
  for (auto& walks : calico_walks_) walks.assign(cluster_.pods.size(), {});
  if (cluster_.calico_policies.empty()) return;
  for (const Service& service : cluster_.services) {
    services_.emplace(std::make_pair(service.namespace_name, service.name), &service);
  }
  std::map<std::pair<std::string, std::string>, const Labels*> accounts;
  for (const ServiceAccount& account : cluster_.service_accounts) {
    accounts[{account.namespace_name, account.name}] = &account.labels;
  }
  account_labels_.assign(cluster_.pods.size(), nullptr);
  for (PodId pod = 0; pod < cluster_.pods.size(); ++pod) {
    auto it = accounts.find({cluster_.pods[pod].namespace_name, cluster_.pods[pod].service_account});
    if (it != accounts.end()) account_labels_[pod] = it->second;
  }
  // Tiers: the Tier objects, and `default` (order fixed at 1,000,000) and
  // any tier a policy names without a Tier object (no order: last).
  std::map<std::string, CalicoTier> tiers;
  for (const CalicoTier& tier : cluster_.calico_tiers) tiers[tier.name] = tier;
  tiers["default"].name = "default";
  tiers["default"].order = kCalicoDefaultTierOrder;
  // The tiers Calico creates for the cluster-scoped kinds: fixed orders,
  // defaultAction Pass.
  for (auto [name, order] : {std::pair{kCalicoAdminTier, kCalicoAdminTierOrder},
                             std::pair{kCalicoKubeAdminTier, kCalicoAdminTierOrder},
                             std::pair{kCalicoBaselineTier, kCalicoBaselineTierOrder},
                             std::pair{kCalicoKubeBaselineTier, kCalicoBaselineTierOrder}}) {
    CalicoTier& tier = tiers[name];
    tier.name = name;
    tier.order = order;
    tier.default_pass = true;
  }
  for (const CalicoPolicy& policy : cluster_.calico_policies) {
    if (!tiers.count(policy.tier)) tiers[policy.tier].name = policy.tier;
  }
  for (const auto& [name, tier] : tiers) calico_tiers_.push_back(tier);
  std::sort(calico_tiers_.begin(), calico_tiers_.end(), [](const CalicoTier& a, const CalicoTier& b) {
    return KeyOf(a.order, a.name) < KeyOf(b.order, b.name);
  });
  std::map<std::string, std::size_t> tier_index;
  for (std::size_t i = 0; i < calico_tiers_.size(); ++i) tier_index[calico_tiers_[i].name] = i;
  const std::size_t default_tier = tier_index["default"];

  for (PodId pod = 0; pod < cluster_.pods.size(); ++pod) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      const bool ingress = direction == Direction::kIngress;
      std::vector<std::pair<std::tuple<std::size_t, OrderKey>, CalicoStep>> steps;
      for (std::size_t id = 0; id < cluster_.calico_policies.size(); ++id) {
        const CalicoPolicy& policy = cluster_.calico_policies[id];
        if (!(ingress ? policy.applies_ingress : policy.applies_egress)) continue;
        if (!CalicoPolicySelects(policy, pod)) continue;
        const std::size_t tier = tier_index[policy.tier];
        const std::string name =
            policy.IsGlobal() ? policy.name : policy.namespace_name + "/" + policy.name;
        steps.push_back({{tier, KeyOf(policy.order, name)}, CalicoStep{tier, id, 0, std::nullopt}});
      }
      if (steps.empty()) continue;  // Kubernetes semantics, unchanged
      for (PolicyId id : IsolatingPolicies(pod, direction)) {
        const NetworkPolicy& policy = cluster_.policies[id];
        steps.push_back({{default_tier,
                          KeyOf(kCalicoKubernetesPolicyOrder,
                                policy.namespace_name + "/knp.default." + policy.name)},
                         CalicoStep{default_tier, std::nullopt, id, std::nullopt}});
      }
      // Cluster-scoped policies in their tiers. Those tiers pass what they
      // do not decide, so one without rules for the direction changes
      // nothing and is left out.
      for (ClusterPolicyId id : cluster_policies_[pod]) {
        const ClusterPolicy& policy = cluster_.cluster_policies[id];
        if (policy.Rules(direction).empty()) continue;
        Placement placement = PlacementOf(policy);
        const std::size_t tier = tier_index[placement.tier];
        steps.push_back({{tier, KeyOf(placement.order, std::move(placement.name))},
                         CalicoStep{tier, std::nullopt, 0, id}});
      }
      std::stable_sort(steps.begin(), steps.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      auto& walk = calico_walks_[ingress ? 0 : 1][pod];
      for (auto& [key, step] : steps) walk.push_back(step);
    }
  }
}

void Evaluator::RunCalicoTiers(Direction direction, PodId subject, const Endpoint& peer,
                               const Endpoint& destination, FamilySet families, PortSet& pending,
                               SideVerdict& side) const {
  const std::vector<CalicoStep>& walk = CalicoWalk(subject, direction);
  const Endpoint self = Endpoint::ForPod(subject);
  const bool ingress = direction == Direction::kIngress;
  const Endpoint& source = ingress ? peer : self;
  // after_admin: what reaches the first tier ordered after adminnetworkpolicy.
  const OrderKey admin_key = KeyOf(kCalicoAdminTierOrder, kCalicoAdminTier);
  bool after_admin_known = false;
  for (std::size_t begin = 0; begin < walk.size();) {
    const std::size_t tier = walk[begin].tier;
    if (!after_admin_known && KeyOf(calico_tiers_[tier].order, calico_tiers_[tier].name) > admin_key) {
      side.after_admin = pending;
      after_admin_known = true;
    }
    std::size_t end = begin;
    while (end < walk.size() && walk[end].tier == tier) ++end;
    PortSet passed;
    for (std::size_t s = begin; s < end; ++s) {
      const CalicoStep& step = walk[s];
      if (step.cluster_policy) {  // an ANP, BANP or CNP: first match, Pass to the next tier
        const ClusterPolicyId id = *step.cluster_policy;
        const ClusterPolicy& policy = cluster_.cluster_policies[id];
        const std::vector<ClusterPolicyRule>& rules = policy.Rules(direction);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (pending.IsEmpty()) break;
          if (!ClusterRulePeersMatch(rules[i], peer, families)) continue;
          PortSet decided = ClusterRulePorts(rules[i], destination).Intersect(pending);
          if (decided.IsEmpty()) continue;
          pending = pending.Intersect(decided.Complement());
          if (rules[i].action == TierAction::kAllow) side.allowed.Merge(decided);
          if (rules[i].action == TierAction::kPass) passed.Merge(decided);
          const ClusterRuleRef ref{id, direction, static_cast<int>(i)};
          (policy.tier == PolicyTier::kAdmin ? side.admin_decisions : side.baseline_decisions)
              .push_back({ref, rules[i].action, decided});
          side.calico_decisions.push_back({calico_tiers_[tier].name, std::nullopt, 0,
                                           static_cast<int>(i), CalicoActionOf(rules[i].action),
                                           std::move(decided), ref});
        }
        continue;
      }
      if (!step.calico_policy) {  // a Kubernetes NetworkPolicy: allow rules
        const NetworkPolicy& policy = cluster_.policies[step.network_policy];
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          if (pending.IsEmpty()) break;
          if (!RulePeersMatch(policy, rules[i], peer, families)) continue;
          PortSet decided = RulePorts(rules[i], destination).Intersect(pending);
          if (decided.IsEmpty()) continue;
          pending = pending.Intersect(decided.Complement());
          side.allowed.Merge(decided);
          side.allowed_by.push_back({RuleRef{step.network_policy, direction, static_cast<int>(i)}, decided});
          side.calico_decisions.push_back({calico_tiers_[tier].name, std::nullopt,
                                           step.network_policy, static_cast<int>(i),
                                           CalicoAction::kAllow, std::move(decided), std::nullopt});
        }
        continue;
      }
      const CalicoPolicy& policy = cluster_.calico_policies[*step.calico_policy];
      const std::vector<CalicoRule>& rules = policy.Rules(ingress);
      for (std::size_t i = 0; i < rules.size(); ++i) {
        if (pending.IsEmpty()) break;
        const CalicoRule& rule = rules[i];
        if (rule.action == CalicoAction::kLog) continue;  // records, decides nothing
        if (!CalicoEntityMatches(policy, rule.source, source, families)) continue;
        if (!CalicoEntityMatches(policy, rule.destination, ingress ? self : peer, families)) continue;
        PortSet decided = CalicoRulePorts(policy, rule, destination).Intersect(pending);
        if (decided.IsEmpty()) continue;
        pending = pending.Intersect(decided.Complement());
        if (rule.action == CalicoAction::kAllow) side.allowed.Merge(decided);
        if (rule.action == CalicoAction::kPass) passed.Merge(decided);
        side.calico_decisions.push_back({calico_tiers_[tier].name, step.calico_policy, 0,
                                         static_cast<int>(i), rule.action, std::move(decided),
                                         std::nullopt});
      }
    }
    // The tier selects the pod: what no rule decided ends here (dropped, or
    // passed on when the tier's defaultAction is Pass).
    if (!pending.IsEmpty()) {
      const bool pass = calico_tiers_[tier].default_pass;
      if (pass) passed.Merge(pending);
      side.calico_decisions.push_back({calico_tiers_[tier].name, std::nullopt, 0, -1,
                                       pass ? CalicoAction::kPass : CalicoAction::kDeny, pending,
                                       std::nullopt});
    }
    pending = std::move(passed);
    begin = end;
  }
  if (!after_admin_known) side.after_admin = pending;
}

NETPOL_NAMESPACE_END
