// ComputeExposure: each workload's side, rule by rule, as descriptions of
// the potential peers it admits (see netpol/exposure.h for the semantics).
#include "netpol/exposure.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "netpol/analysis.h"
#include "netpol/endpoint.h"
#include "netpol/evaluator.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// "namespace/name" of a namespaceSelector that names exactly one namespace
// by its automatic label, else empty.
std::string NamedNamespace(const LabelSelector& selector) {
  if (selector.match_expressions.empty() && selector.match_labels.size() == 1 &&
      selector.match_labels.begin()->first == kNamespaceNameLabel) {
    return selector.match_labels.begin()->second;
  }
  if (selector.match_labels.empty() && selector.match_expressions.size() == 1) {
    const LabelRequirement& r = selector.match_expressions.front();
    if (r.key == kNamespaceNameLabel && r.op == SelectorOperator::kIn && r.values.size() == 1) {
      return r.values.front();
    }
  }
  return "";
}

LabelSelector WithoutLocations(LabelSelector selector) {
  selector.loc = {};
  selector.match_label_locs.clear();
  for (LabelRequirement& r : selector.match_expressions) r.loc = {};
  return selector;
}

// The pods of namespaces `namespaces` (absent: `own_namespace` only) that
// `pods` selects.
PotentialPeer PodsPeer(const std::optional<LabelSelector>& namespaces, const LabelSelector& pods,
                       const std::string& own_namespace) {
  PotentialPeer peer;
  // As written (netpol-analyzer prints values in their written order);
  // Key() compares them canonically.
  peer.pod_selector = WithoutLocations(pods);
  if (!namespaces) {
    peer.kind = PotentialPeer::Kind::kPods;
    peer.namespace_name = own_namespace;
    return peer;
  }
  if (namespaces->IsEmpty() && pods.IsEmpty()) return PotentialPeer{};  // entire-cluster
  peer.kind = PotentialPeer::Kind::kPods;
  peer.namespace_name = NamedNamespace(*namespaces);
  if (peer.namespace_name.empty()) peer.namespace_selector = WithoutLocations(*namespaces);
  return peer;
}

PotentialPeer ExternalPeer(std::optional<IpBlock> block) {
  PotentialPeer peer;
  peer.kind = PotentialPeer::Kind::kExternal;
  if (block) block->loc = {};
  peer.ip_block = std::move(block);
  return peer;
}

bool CoversEverything(const Cidr& cidr) { return cidr.prefix == 0; }

// What one rule opens: resolved ports, and (egress) unresolved port names.
struct RulePorts {
  PortSet ports;
  std::vector<std::string> named;
};

// What every workload of one ComputeExposure call shares: which existing
// namespaces would isolate a new pod with given labels (per direction), and
// the far-side rules of those namespaces' policies, with their peers
// interned so that a workload is matched once per distinct peer list
// instead of once per rule (on a 10k-pod cluster, thousands of policies
// repeat the same few peers).
class SharedIsolation {
 public:
  // A far-side rule of a policy that would isolate a new pod.
  struct FarRule {
    const NetworkPolicy* policy;
    const Rule* rule;
    std::size_t peers;  // interned peer list (equal lists match alike)
    bool fixed_ports;   // no named port: `ports` holds RulePorts(rule, *)
    PortSet ports;
  };
  // One existing namespace where a new pod would be isolated.
  struct Namespaced {
    std::size_t ns;                     // index in Cluster::namespaces
    std::vector<std::string> policies;  // "namespace/name", sorted
    bool every_new_pod = false;
    std::vector<FarRule> rules;
  };

  explicit SharedIsolation(const Analysis& analysis)
      : cluster_(analysis.cluster()), evaluator_(analysis.evaluator()) {
    for (PolicyId id = 0; id < cluster_.policies.size(); ++id) {
      by_namespace_[cluster_.policies[id].namespace_name].push_back(id);
    }
  }

  std::size_t PeerListCount() const { return peer_lists_.size(); }

  // The namespaces, in Cluster::namespaces order, whose policies would
  // select a new pod labelled `labels` for `direction`.
  const std::vector<Namespaced>& For(Direction direction, const Labels& labels) {
    std::string key(1, direction == Direction::kIngress ? 'i' : 'e');
    for (const auto& [k, v] : labels) key += k + '=' + v + '\0';
    auto [it, added] = isolation_.try_emplace(key);
    if (added) it->second = Compute(direction, labels);
    return it->second;
  }

 private:
  const Cluster& cluster_;
  const Evaluator& evaluator_;
  std::map<std::string, std::vector<PolicyId>> by_namespace_;
  std::map<std::string, std::vector<Namespaced>> isolation_;
  std::map<std::string, std::size_t> peer_lists_;

  std::vector<Namespaced> Compute(Direction direction, const Labels& labels) {
    std::vector<Namespaced> result;
    const Endpoint nowhere = Endpoint::ForAddress(*IpAddress::Parse("0.0.0.0"));
    for (std::size_t n = 0; n < cluster_.namespaces.size(); ++n) {
      const auto policies = by_namespace_.find(cluster_.namespaces[n].name);
      if (policies == by_namespace_.end()) continue;
      Namespaced isolation;
      isolation.ns = n;
      for (PolicyId id : policies->second) {
        const NetworkPolicy& policy = cluster_.policies[id];
        if (!policy.Affects(direction) || !policy.pod_selector.Matches(labels)) continue;
        isolation.policies.push_back(policy.Id());
        isolation.every_new_pod = isolation.every_new_pod || policy.pod_selector.IsEmpty();
        for (const Rule& rule : policy.Rules(direction)) {
          const bool fixed = std::none_of(rule.ports.begin(), rule.ports.end(),
                                          [](const PolicyPort& port) { return port.IsNamed(); });
          isolation.rules.push_back(FarRule{&policy, &rule, Intern(policy, rule), fixed,
                                            fixed ? evaluator_.RulePorts(rule, nowhere) : PortSet()});
        }
      }
      if (isolation.policies.empty()) continue;
      std::sort(isolation.policies.begin(), isolation.policies.end());
      result.push_back(std::move(isolation));
    }
    return result;
  }

  // Equal keys: the peer lists match the same endpoints.
  std::size_t Intern(const NetworkPolicy& policy, const Rule& rule) {
    std::string key = rule.peers.empty() ? "*" : "";
    for (const Peer& peer : rule.peers) {
      if (peer.ip_block) {
        key += "ip " + peer.ip_block->ToString() + (peer.ip_block->outside_cluster ? " out" : "");
      } else {
        key += peer.namespace_selector ? "ns " + peer.namespace_selector->ToString()
                                       : "in " + policy.namespace_name;
        key += '\1';
        if (peer.pod_selector) key += "pods " + peer.pod_selector->ToString();
      }
      key += '\0';
    }
    return peer_lists_.try_emplace(key, peer_lists_.size()).first->second;
  }
};

class SideBuilder {
 public:
  SideBuilder(const Analysis& analysis, SharedIsolation& shared, PodId pod, Direction direction)
      : shared_(shared),
        evaluator_(analysis.evaluator()),
        cluster_(analysis.cluster()),
        pod_(pod),
        direction_(direction) {}

  DirectionExposure Build() {
    DirectionExposure result;
    result.direction = direction_;
    for (PolicyId id : evaluator_.IsolatingPolicies(pod_, direction_)) {
      result.isolating_policies.push_back(cluster_.policies[id].Id());
    }
    std::sort(result.isolating_policies.begin(), result.isolating_policies.end());
    result.isolated = !result.isolating_policies.empty();
    const std::vector<ClusterPolicyId>& tiered = evaluator_.ClusterPoliciesOf(pod_);
    result.tiered = !tiered.empty();

    RunTier(PolicyTier::kAdmin, tiered);
    if (result.isolated) {
      for (PolicyId id : evaluator_.IsolatingPolicies(pod_, direction_)) AddPolicy(id);
    } else {
      passed_cluster_ = passed_external_ = PortSet();  // Pass has no effect on the baseline
      RunTier(PolicyTier::kBaseline, tiered);
      const ExposureCause none{"", "no policy", {}};
      Add(PotentialPeer{}, {PortSet::All(), {}}, none);
      Add(ExternalPeer(std::nullopt), {PortSet::All(), {}}, none);
    }
    result.entries = Finish();
    return result;
  }

 private:
  SharedIsolation& shared_;
  const Evaluator& evaluator_;
  const Cluster& cluster_;
  PodId pod_;
  Direction direction_;
  std::map<std::string, ExposureEntry> entries_;
  // Ports earlier tier rules decided for every pod / every address.
  PortSet cut_cluster_, cut_external_;
  PortSet passed_cluster_, passed_external_;
  std::vector<ExposureCause> narrowed_;
  bool in_admin_ = false;

  RulePorts NetworkPolicyPorts(const Rule& rule) const {
    if (direction_ == Direction::kIngress) {
      return {evaluator_.RulePorts(rule, Endpoint::ForPod(pod_)), {}};
    }
    if (rule.ports.empty()) return {PortSet::All(), {}};
    RulePorts result;
    const Endpoint nowhere = Endpoint::ForAddress(*IpAddress::Parse("0.0.0.0"));
    for (const PolicyPort& port : rule.ports) {
      if (port.IsNamed()) {
        result.named.push_back(std::string(ProtocolName(port.protocol)) + " " + port.port_name);
      } else {
        result.ports.Merge(evaluator_.PolicyPortSet(port, nowhere));
      }
    }
    return result;
  }

  RulePorts TierPorts(const ClusterPolicyRule& rule) const {
    if (direction_ == Direction::kIngress) {
      return {evaluator_.ClusterRulePorts(rule, Endpoint::ForPod(pod_)), {}};
    }
    if (rule.ports.empty()) return {PortSet::All(), {}};
    RulePorts result;
    for (const ClusterPolicyPort& port : rule.ports) {
      switch (port.kind) {
        case ClusterPolicyPort::Kind::kAllOf: result.ports.AddAll(port.protocol); break;
        case ClusterPolicyPort::Kind::kRange:
          result.ports.Add(port.protocol, port.first, port.last);
          break;
        case ClusterPolicyPort::Kind::kNamed: result.named.push_back("named port " + port.name); break;
      }
    }
    return result;
  }

  void AddPolicy(PolicyId id) {
    const NetworkPolicy& policy = cluster_.policies[id];
    const std::vector<Rule>& rules = policy.Rules(direction_);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const Rule& rule = rules[i];
      const ExposureCause cause{policy.Id(),
                                std::string(DirectionKey(direction_)) + " rule " +
                                    std::to_string(i + 1),
                                rule.loc};
      const RulePorts ports = NetworkPolicyPorts(rule);
      if (rule.peers.empty()) {
        Add(PotentialPeer{}, ports, cause);
        Add(ExternalPeer(std::nullopt), ports, cause);
        continue;
      }
      for (const Peer& peer : rule.peers) {
        if (peer.ip_block) {
          Add(ExternalPeer(peer.ip_block), ports, cause);
        } else {
          Add(PodsPeer(peer.namespace_selector, peer.pod_selector.value_or(LabelSelector{}),
                       policy.namespace_name),
              ports, cause);
        }
      }
    }
  }

  void RunTier(PolicyTier tier, const std::vector<ClusterPolicyId>& policies) {
    in_admin_ = tier == PolicyTier::kAdmin;
    for (ClusterPolicyId id : policies) {
      const ClusterPolicy& policy = cluster_.cluster_policies[id];
      if (policy.tier != tier) continue;
      const std::vector<ClusterPolicyRule>& rules = policy.Rules(direction_);
      for (std::size_t i = 0; i < rules.size(); ++i) {
        const ClusterPolicyRule& rule = rules[i];
        // A Cilium policy's deny rules are its ingressDeny/egressDeny.
        const bool cilium = policy.kind == ClusterPolicyKind::kCiliumNetworkPolicy ||
                            policy.kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy;
        const std::string key = std::string(DirectionKey(direction_)) + (cilium ? "Deny" : "");
        const ExposureCause cause{
            policy.Id(), rule.name.empty() ? key + " rule " + std::to_string(i + 1) : rule.name,
            rule.loc};
        const RulePorts ports = TierPorts(rule);
        for (const ClusterPolicyPeer& peer : rule.peers) TierPeer(rule.action, peer, ports, cause);
      }
    }
    in_admin_ = false;
  }

  void TierPeer(TierAction action, const ClusterPolicyPeer& peer, const RulePorts& ports,
                const ExposureCause& cause) {
    std::vector<PotentialPeer> described;
    bool covers_cluster = false;
    bool covers_external = false;
    switch (peer.kind) {
      case ClusterPolicyPeer::Kind::kNamespaces:
        described.push_back(PodsPeer(peer.namespaces, LabelSelector{}, ""));
        covers_cluster = peer.namespaces.IsEmpty();
        break;
      case ClusterPolicyPeer::Kind::kPods:
        described.push_back(PodsPeer(peer.pods.namespace_selector, peer.pods.pod_selector, ""));
        covers_cluster = peer.pods.namespace_selector.IsEmpty() && peer.pods.pod_selector.IsEmpty();
        break;
      case ClusterPolicyPeer::Kind::kNetworks:
        for (const Cidr& cidr : peer.networks) {
          described.push_back(ExternalPeer(IpBlock{cidr, {}, {}}));
          covers_external = covers_external || CoversEverything(cidr);
        }
        break;
      case ClusterPolicyPeer::Kind::kNodes:
      case ClusterPolicyPeer::Kind::kDomainNames:
        return;  // match nothing offline (no Node objects, no DNS)
    }
    switch (action) {
      case TierAction::kAllow:
        for (const PotentialPeer& p : described) Add(p, ports, cause);
        break;
      case TierAction::kDeny:
        if (covers_cluster) cut_cluster_.Merge(ports.ports);
        if (covers_external) cut_external_.Merge(ports.ports);
        if (!covers_cluster && !covers_external) narrowed_.push_back(cause);
        break;
      case TierAction::kPass:
        if (covers_cluster) passed_cluster_.Merge(ports.ports);
        if (covers_external) passed_external_.Merge(ports.ports);
        break;
    }
  }

  void Add(const PotentialPeer& peer, const RulePorts& ports, const ExposureCause& cause) {
    const bool external = peer.kind == PotentialPeer::Kind::kExternal;
    PortSet open = ports.ports.Intersect((external ? cut_external_ : cut_cluster_).Complement());
    if (in_admin_) open = open.Intersect((external ? passed_external_ : passed_cluster_).Complement());
    if (open.IsEmpty() && ports.named.empty()) return;
    auto [it, added] = entries_.try_emplace(peer.Key());
    ExposureEntry& entry = it->second;
    if (added) entry.peer = peer;
    entry.ports.Merge(open);
    for (const std::string& name : ports.named) {
      if (std::find(entry.named_ports.begin(), entry.named_ports.end(), name) ==
          entry.named_ports.end()) {
        entry.named_ports.push_back(name);
      }
    }
    if (!cause.policy.empty() && std::find(entry.because.begin(), entry.because.end(), cause) ==
                                     entry.because.end()) {
      entry.because.push_back(cause);
    }
    if (!external) {
      for (const ExposureCause& n : narrowed_) {
        if (std::find(entry.narrowed_by.begin(), entry.narrowed_by.end(), n) ==
            entry.narrowed_by.end()) {
          entry.narrowed_by.push_back(n);
        }
      }
    }
  }

  static bool Covers(const ExposureEntry& wide, const ExposureEntry& narrow) {
    if (wide.ports.Union(narrow.ports) != wide.ports) return false;
    return std::all_of(narrow.named_ports.begin(), narrow.named_ports.end(),
                       [&](const std::string& name) {
                         return wide.ports.IsAll() ||
                                std::find(wide.named_ports.begin(), wide.named_ports.end(), name) !=
                                    wide.named_ports.end();
                       });
  }

  std::vector<ExposureEntry> Finish() {
    const ExposureEntry* cluster_wide = nullptr;
    const ExposureEntry* any_address = nullptr;
    for (const auto& [key, entry] : entries_) {
      if (entry.peer.kind == PotentialPeer::Kind::kEntireCluster) cluster_wide = &entry;
      if (entry.peer.kind == PotentialPeer::Kind::kExternal && !entry.peer.ip_block) {
        any_address = &entry;
      }
    }
    // Decide what to drop before moving anything: `wide` points into entries_.
    std::vector<ExposureEntry*> kept;
    for (auto& [key, entry] : entries_) {
      const bool external = entry.peer.kind == PotentialPeer::Kind::kExternal;
      const ExposureEntry* wide = external ? any_address : cluster_wide;
      if (wide != nullptr && wide != &entry && Covers(*wide, entry)) continue;
      if (!external && !Witness(entry)) continue;  // no pod can match it
      kept.push_back(&entry);
    }
    std::vector<ExposureEntry> result;
    for (ExposureEntry* entry : kept) {
      if (entry->peer.kind != PotentialPeer::Kind::kExternal) {
        entry->isolated_in = PeerIsolations(*entry);
      }
      result.push_back(std::move(*entry));
    }
    return result;  // std::map order is Key() order
  }

  bool Witness(ExposureEntry& entry) const {
    if (entry.peer.kind == PotentialPeer::Kind::kEntireCluster) return true;
    const std::optional<Labels> pod = WitnessLabels(entry.peer.pod_selector);
    if (!pod) return false;
    entry.pod_labels = *pod;
    if (entry.peer.namespace_name.empty()) {
      const std::optional<Labels> ns = WitnessLabels(entry.peer.namespace_selector);
      if (!ns) return false;
      entry.namespace_labels = *ns;
    }
    return true;
  }

  // The existing namespaces a new pod of `entry` could land in.
  bool InNamespaces(const ExposureEntry& entry, const Namespace& ns) const {
    if (entry.peer.kind == PotentialPeer::Kind::kEntireCluster) return true;
    if (!entry.peer.namespace_name.empty()) return ns.name == entry.peer.namespace_name;
    return entry.peer.namespace_selector.Matches(ns.labels);
  }

  std::vector<PeerIsolation> PeerIsolations(const ExposureEntry& entry) {
    const Direction far_side = Opposite(direction_);
    const Endpoint workload = Endpoint::ForPod(pod_);
    std::vector<PeerIsolation> result;
    for (const SharedIsolation::Namespaced& shared : shared_.For(far_side, entry.pod_labels)) {
      const Namespace& ns = cluster_.namespaces[shared.ns];
      if (!InNamespaces(entry, ns)) continue;
      PeerIsolation isolation;
      isolation.namespace_name = ns.name;
      isolation.policies = shared.policies;
      isolation.every_new_pod = shared.every_new_pod;
      for (const SharedIsolation::FarRule& far : shared.rules) {
        if (!PeersMatchWorkload(far, workload)) continue;
        // The far side's egress sends to the workload (named ports on it);
        // its ingress receives on the new pod's ports (numbers only).
        isolation.allowed.Merge(far.fixed_ports ? far.ports : evaluator_.RulePorts(*far.rule, workload));
      }
      isolation.allowed = isolation.allowed.Intersect(entry.ports);
      result.push_back(std::move(isolation));
    }
    return result;
  }

  // RulePeersMatch(policy, rule, workload), once per distinct peer list.
  bool PeersMatchWorkload(const SharedIsolation::FarRule& far, const Endpoint& workload) {
    if (far.peers >= peer_match_.size()) peer_match_.resize(shared_.PeerListCount(), kUnknown);
    signed char& known = peer_match_[far.peers];
    if (known == kUnknown) known = evaluator_.RulePeersMatch(*far.policy, *far.rule, workload) ? 1 : 0;
    return known == 1;
  }
  static constexpr signed char kUnknown = -1;
  std::vector<signed char> peer_match_;  // by interned peer list
};

// Whether some ipBlock (or `networks` CIDR) can match a pod by its IPs.
bool IpsMatter(const Analysis& analysis) {
  if (!analysis.options().eval.ip_blocks_match_pods) return false;
  const Cluster& cluster = analysis.cluster();
  if (!ClusterPolicyNetworks(cluster).empty()) return true;
  for (const NetworkPolicy& policy : cluster.policies) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      for (const Rule& rule : policy.Rules(direction)) {
        for (const Peer& peer : rule.peers) {
          if (peer.ip_block) return true;
        }
      }
    }
  }
  return false;
}

// Workloads that no policy can tell apart have the same exposure.
std::string ShapeKey(const Pod& pod, bool ips_matter) {
  std::string key = pod.namespace_name + '\0';
  for (const auto& [k, v] : pod.labels) key += k + '=' + v + '\0';
  key += '\1';
  for (const ContainerPort& port : pod.ports) {
    key += port.name + ':' + std::to_string(port.port) + ProtocolName(port.protocol) + '\0';
  }
  key += '\1';
  if (!ips_matter) return key;
  for (const IpAddress& ip : pod.ips) key += ip.ToString() + '\0';
  return key;
}

}  // namespace

ExposureReport ComputeExposure(const Analysis& analysis, const ExposureOptions& options) {
  const Cluster& cluster = analysis.cluster();
  std::vector<PodId> pods = options.pods;
  if (pods.empty()) {
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      if (!cluster.pods[id].host_network) pods.push_back(id);
    }
  }
  SharedIsolation shared(analysis);
  const bool ips_matter = IpsMatter(analysis);
  ExposureReport report;
  std::map<std::string, std::size_t> computed;  // ShapeKey -> index in report
  for (PodId id : pods) {
    WorkloadExposure workload;
    workload.pod = id;
    workload.id = cluster.pods[id].Id();
    const std::string key = ShapeKey(cluster.pods[id], ips_matter);
    const auto same = computed.find(key);
    if (same != computed.end()) {
      workload.ingress = report.workloads[same->second].ingress;
      workload.egress = report.workloads[same->second].egress;
    } else {
      workload.ingress = SideBuilder(analysis, shared, id, Direction::kIngress).Build();
      workload.egress = SideBuilder(analysis, shared, id, Direction::kEgress).Build();
      computed.emplace(key, report.workloads.size());
    }
    report.workloads.push_back(std::move(workload));
  }
  return report;
}

NETPOL_NAMESPACE_END
