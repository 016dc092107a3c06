// The class-level allow-graph; see the design note in netpol/class_engine.h.
#include "netpol/class_engine.h"

#include <algorithm>
#include <array>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/class_engine_internal.h"
#include "eval/peer_semantics.h"
#include "select/selector_key.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using Cell = std::pair<ClassId, PortSetId>;
using Row = std::vector<Cell>;  // sorted by class

struct NamedPort {
  std::string name;
  Protocol protocol;
  int port;
  auto operator<=>(const NamedPort&) const = default;
};

struct PodClass {
  std::uint32_t ns = 0;
  PodId representative = 0;
  std::uint32_t port_signature = 0;  // index into named_ports_; 0 = none
  bool host_network = false;
  std::vector<std::uint32_t> ip_cells;  // external blocks holding its IPs
  FamilySet families;                   // EndpointFamilies of its pods
};

struct RuleInfo {
  const NetworkPolicy* policy = nullptr;
  const Rule* rule = nullptr;
  bool all_peers = false;
  bool has_named_ports = false;
  bool has_ip_blocks = false;
  PortSetId fixed_ports = PortSetTable::kEmpty;  // when !has_named_ports
  std::vector<std::uint32_t> peers;              // peer-set ids
};

class Engine {
 public:
  Engine(const Cluster& cluster, EvalOptions options, const std::vector<Cidr>& extra_cidrs,
         ClassGraph& out)
      : cluster_(cluster),
        options_(options),
        extra_cidrs_(extra_cidrs),
        out_(out),
        table_(out.port_sets) {}

  // Thrown by CheckStop(); caught by ComputeClassGraph, never further.
  struct Stopped {};

  /// Asks `should_stop` between the steps of Run() and once per class while
  /// building edges; when it answers true, Run() throws Stopped.
  void StopWhen(const Callback<bool()>* should_stop) { should_stop_ = should_stop; }

  void Run() {
    out_.blocks = PartitionExternalAddresses(cluster_, extra_cidrs_);
    IndexBlocks();
    CheckStop();
    ClassifyPods();
    class_count_ = static_cast<ClassId>(out_.ClassCount());
    IndexFamilies();
    CheckStop();
    SelectPolicies();
    IndexRules();
    IndexTiers();
    CheckStop();
    if (!cluster_.calico_policies.empty() || !cluster_.fqdns.empty()) {
      evaluator_.emplace(cluster_, options_);
    }
    IndexFqdnVisibility();
    BuildEdges();
  }

 private:
  void CheckStop() const {
    if (should_stop_ != nullptr && *should_stop_ && (*should_stop_)()) throw Stopped{};
  }

  // ---- External blocks -------------------------------------------------
  void IndexBlocks() {
    for (std::uint32_t b = 0; b < out_.blocks.size(); ++b) {
      for (const IpRange& range : out_.blocks[b].ranges) block_ranges_.push_back({range, b});
    }
    std::sort(block_ranges_.begin(), block_ranges_.end(),
              [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
    // The blocks cover each family that any ipBlock, network or pod IP has.
    for (const ExternalBlock& block : out_.blocks) {
      present_families_ = present_families_.Union(FamilySet::Of(block.family));
    }
  }

  std::optional<std::uint32_t> BlockOf(const IpAddress& ip) const {
    auto it = std::upper_bound(block_ranges_.begin(), block_ranges_.end(), ip,
                               [](const IpAddress& x, const auto& r) { return x < r.first.first; });
    if (it == block_ranges_.begin()) return std::nullopt;
    --it;
    if (ip <= it->first.last) return it->second;
    return std::nullopt;
  }

  // ---- Address families ----------------------------------------------------
  // Traffic uses a family both ends have (CommonFamilies): an ipBlock sees a
  // peer's IPs of the subject's families only, and a pair of classes with no
  // family in common gets no edge. A class's families are part of its key, so
  // this is a check per class pair, never per pod pair.
  void IndexFamilies() {
    class_families_.resize(class_count_);
    for (ClassId c = 0; c < class_count_; ++c) {
      class_families_[c] = IsPodClass(c) ? classes_[c].families
                                         : FamilySet::Of(out_.blocks[c - classes_.size()].family);
    }
  }

  // A family no endpoint of the cluster has (no pod IP, no external block of
  // it: IPv6 in an IPv4-only cluster) tells nothing apart, so every class
  // is given it: an IPv4-only pod and one without a known IP then share a
  // class, rows and pairwise profiles as before families counted.
  FamilySet ClassFamilies(FamilySet families) const {
    for (IpFamily family : {IpFamily::kV4, IpFamily::kV6}) {
      if (!present_families_.Has(family)) families = families.Union(FamilySet::Of(family));
    }
    return families;
  }

  bool ShareFamily(ClassId a, ClassId b) const {
    return !class_families_[a].Intersect(class_families_[b]).IsEmpty();
  }

  // ---- Pods into classes -------------------------------------------------
  std::uint32_t NamespaceIndex(const std::string& name) {
    auto [it, inserted] = ns_index_.emplace(name, static_cast<std::uint32_t>(ns_labels_.size()));
    if (inserted) {
      static const Labels kNoLabels;
      const Namespace* ns = cluster_.FindNamespace(name);
      ns_labels_.push_back(ns ? &ns->labels : &kNoLabels);
      ns_names_.push_back(name);
      ns_classes_.emplace_back();
    }
    return it->second;
  }

  // Whether some Calico policy selects pods by their ServiceAccount: then the
  // account is part of a class's key (pods alike in all else but the
  // account they run under may be told apart).
  bool CalicoReadsServiceAccounts() const {
    for (const CalicoPolicy& policy : cluster_.calico_policies) {
      if (policy.service_account_selector) return true;
      for (const auto* rules : {&policy.ingress, &policy.egress}) {
        for (const CalicoRule& rule : *rules) {
          if (rule.source.service_accounts || rule.destination.service_accounts) return true;
        }
      }
    }
    return false;
  }

  void ClassifyPods() {
    for (const Namespace& ns : cluster_.namespaces) NamespaceIndex(ns.name);
    const bool accounts = CalicoReadsServiceAccounts();
    named_ports_.emplace_back();  // signature 0: no named ports
    std::map<std::vector<NamedPort>, std::uint32_t> port_signatures = {{{}, 0}};
    std::unordered_map<std::string, ClassId> by_key;
    std::string key;
    out_.class_of_pod.resize(cluster_.pods.size());
    for (PodId id = 0; id < cluster_.pods.size(); ++id) {
      const Pod& pod = cluster_.pods[id];
      std::vector<NamedPort> named;
      for (const ContainerPort& cp : pod.ports) {
        if (!cp.name.empty()) named.push_back({cp.name, cp.protocol, cp.port});
      }
      std::sort(named.begin(), named.end());
      named.erase(std::unique(named.begin(), named.end()), named.end());
      auto [sig, new_sig] =
          port_signatures.emplace(named, static_cast<std::uint32_t>(named_ports_.size()));
      if (new_sig) named_ports_.push_back(named);
      std::vector<std::uint32_t> cells;
      if (options_.ip_blocks_match_pods) {
        for (const IpAddress& ip : pod.ips) {
          if (auto b = BlockOf(ip)) cells.push_back(*b);
        }
        std::sort(cells.begin(), cells.end());
        cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
      }
      const std::uint32_t ns = NamespaceIndex(pod.namespace_name);
      const FamilySet families = ClassFamilies(EndpointFamilies(cluster_, Endpoint::ForPod(id)));
      key.clear();
      key.append(reinterpret_cast<const char*>(&ns), sizeof ns);
      key.append(reinterpret_cast<const char*>(&sig->second), sizeof sig->second);
      key += pod.host_network ? 'h' : 'p';
      key += static_cast<char>('0' + families.Bits());
      for (std::uint32_t cell : cells) key.append(reinterpret_cast<const char*>(&cell), sizeof cell);
      key += '\x1d';
      if (accounts) {
        key += pod.service_account;
        key += '\x1d';
      }
      for (const auto& [k, v] : pod.labels) {
        key += k;
        key += '\x1f';
        key += v;
        key += '\x1e';
      }
      auto [it, inserted] = by_key.emplace(key, static_cast<ClassId>(out_.pod_classes.size()));
      if (inserted) {
        out_.pod_classes.emplace_back();
        classes_.push_back(
            PodClass{ns, id, sig->second, pod.host_network, std::move(cells), families});
        if (peer_semantics::SelectorsSeePod(pod.host_network)) ns_classes_[ns].push_back(it->second);
      }
      out_.pod_classes[it->second].push_back(id);
      out_.class_of_pod[id] = it->second;
    }
  }

  const Labels& ClassLabels(ClassId c) const { return cluster_.pods[classes_[c].representative].labels; }
  bool IsPodClass(ClassId c) const { return c < classes_.size(); }
  std::uint32_t PortSignature(ClassId c) const {
    return IsPodClass(c) ? classes_[c].port_signature : 0;
  }

  // ---- Which policies isolate each class --------------------------------
  std::uint32_t InternProfile(std::vector<PolicyId>& policies) {
    if (policies.empty()) return 0;
    auto [it, inserted] = profile_ids_.emplace(policies, static_cast<std::uint32_t>(profiles_.size()));
    if (inserted) profiles_.push_back(policies);
    return it->second;
  }

  void SelectPolicies() {
    std::vector<std::vector<PolicyId>> ingress(classes_.size());
    std::vector<std::vector<PolicyId>> egress(classes_.size());
    for (PolicyId p = 0; p < cluster_.policies.size(); ++p) {
      const NetworkPolicy& policy = cluster_.policies[p];
      auto ns = ns_index_.find(policy.namespace_name);
      if (ns == ns_index_.end()) continue;
      const bool in = policy.Affects(Direction::kIngress);
      const bool eg = policy.Affects(Direction::kEgress);
      if (!in && !eg) continue;
      for (ClassId c : ns_classes_[ns->second]) {  // hostNetwork classes are not listed
        if (!peer_semantics::PolicySelects(policy, ns_names_[classes_[c].ns], ClassLabels(c),
                                           classes_[c].host_network)) {
          continue;
        }
        if (in) ingress[c].push_back(p);
        if (eg) egress[c].push_back(p);
      }
    }
    // Rules with default deny off (Cilium) only add to an isolated side.
    for (auto* lists : {&ingress, &egress}) {
      const Direction direction = lists == &ingress ? Direction::kIngress : Direction::kEgress;
      for (std::vector<PolicyId>& list : *lists) {
        if (std::none_of(list.begin(), list.end(), [&](PolicyId id) {
              return cluster_.policies[id].Isolates(direction);
            })) {
          list.clear();
        }
      }
    }
    profiles_.emplace_back();  // profile 0: not isolated
    ingress_profile_.resize(class_count_, 0);
    egress_profile_.resize(class_count_, 0);
    for (ClassId c = 0; c < classes_.size(); ++c) {
      ingress_profile_[c] = InternProfile(ingress[c]);
      egress_profile_[c] = InternProfile(egress[c]);
    }
  }

  // ---- The toFQDNs gate ----------------------------------------------------
  // A toFQDNs peer applies to a source only when its DNS lookups go through
  // Cilium's DNS proxy (Evaluator::FqdnLookupsVisible). That is read from
  // the source's verdicts towards the cluster DNS pods, which pods of one
  // class share (a class agrees on namespace, labels, address cells and
  // families, all a rule or a peer reads), so one representative answers
  // for its class.
  // Which names: the representative's lookups (Evaluator::FqdnLookups),
  // interned, so classes that look up the same names share side rows.
  void IndexFqdnVisibility() {
    class_lookup_set_.assign(classes_.size(), 0);
    lookup_sets_.assign(1, {"*"});
    if (!evaluator_ || cluster_.fqdns.empty()) return;
    std::map<std::vector<std::string>, std::uint32_t> set_of{{lookup_sets_[0], 0}};
    for (ClassId c = 0; c < classes_.size(); ++c) {
      const std::vector<std::string>& names = evaluator_->FqdnLookups(classes_[c].representative);
      auto [it, inserted] = set_of.emplace(names, static_cast<std::uint32_t>(lookup_sets_.size()));
      if (inserted) lookup_sets_.push_back(names);
      class_lookup_set_[c] = it->second;
    }
  }

  // Whether a toFQDNs peer of `fqdn` applies to subjects looking up
  // `lookup_set`'s names (set 0: every name).
  bool LookupAllowed(std::uint32_t lookup_set, const std::string& fqdn) const {
    if (lookup_set == 0) return true;
    const std::vector<std::string>& names = lookup_sets_[lookup_set];
    return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
      return FqdnSelectorsOverlap(name, fqdn);
    });
  }

  // ---- Rules and peers ---------------------------------------------------
  std::uint32_t InternPeer(const NetworkPolicy& policy, const Peer& peer) {
    std::string key;
    if (peer.ip_block) {
      key = (peer.ip_block->outside_cluster ? "W" : "I") + peer.ip_block->cidr.ToString();
      if (!peer.fqdn.empty()) key = "F" + key;  // gated, unlike a CIDR of the same address
      for (const Cidr& except : peer.ip_block->except) key += " " + except.ToString();
    } else {
      if (peer.namespace_selector) {
        key = "N";
        AppendSelectorKey(*peer.namespace_selector, key);
      } else {
        key = "P" + policy.namespace_name;
      }
      key += '\x1c';
      if (peer.pod_selector) AppendSelectorKey(*peer.pod_selector, key);
      else key += '-';
    }
    auto [it, inserted] = peer_ids_.emplace(key, static_cast<std::uint32_t>(peer_defs_.size()));
    if (inserted) {
      peer_defs_.push_back({&policy, &peer});
      peer_sets_.emplace_back();
    }
    return it->second;
  }

  void IndexRules() {
    rule_begin_.resize(cluster_.policies.size() * 2 + 1);
    for (PolicyId p = 0; p < cluster_.policies.size(); ++p) {
      const NetworkPolicy& policy = cluster_.policies[p];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        rule_begin_[2 * p + (direction == Direction::kEgress)] =
            static_cast<std::uint32_t>(rules_.size());
        for (const Rule& rule : policy.Rules(direction)) {
          RuleInfo info;
          info.policy = &policy;
          info.rule = &rule;
          info.all_peers = rule.peers.empty();
          for (const Peer& peer : rule.peers) {
            info.peers.push_back(InternPeer(policy, peer));
            info.has_ip_blocks = info.has_ip_blocks || peer.ip_block.has_value();
          }
          std::sort(info.peers.begin(), info.peers.end());
          info.peers.erase(std::unique(info.peers.begin(), info.peers.end()), info.peers.end());
          info.has_named_ports = std::any_of(rule.ports.begin(), rule.ports.end(),
                                             [](const PolicyPort& port) { return port.IsNamed(); });
          if (!info.has_named_ports) info.fixed_ports = ResolvePorts(rule, 0);
          rules_.push_back(std::move(info));
        }
      }
    }
    rule_begin_.back() = static_cast<std::uint32_t>(rules_.size());
  }

  PortSetId ResolvePorts(const Rule& rule, std::uint32_t port_signature) {
    if (rule.ports.empty()) return PortSetTable::kAll;
    PortSet set;
    for (const PolicyPort& port : rule.ports) {
      if (port.IsNamed()) {
        for (const NamedPort& np : named_ports_[port_signature]) {
          if (np.name == port.port_name && np.protocol == port.protocol) {
            set.Add(np.protocol, np.port, np.port);
          }
        }
      } else if (!port.port) {
        set.AddAll(port.protocol);
      } else {
        set.Add(port.protocol, *port.port, port.end_port.value_or(*port.port));
      }
    }
    return table_.Intern(set);
  }

  PortSetId RulePorts(std::uint32_t rule, std::uint32_t port_signature) {
    const RuleInfo& info = rules_[rule];
    if (!info.has_named_ports) return info.fixed_ports;
    auto [it, inserted] =
        named_rule_ports_.emplace((static_cast<std::uint64_t>(rule) << 32) | port_signature, 0);
    if (inserted) it->second = ResolvePorts(*info.rule, port_signature);
    return it->second;
  }

  // The namespaces (with pods) whose pods a selector peer may match, cached
  // by the peer's namespace part.
  const std::vector<std::uint32_t>& NamespacesMatching(const NetworkPolicy& policy,
                                                       const Peer& peer) {
    std::string key;
    if (peer.namespace_selector) {
      key = "N";
      AppendSelectorKey(*peer.namespace_selector, key);
    } else {
      key = "P" + policy.namespace_name;
    }
    auto [it, inserted] = ns_selections_.emplace(key, std::vector<std::uint32_t>{});
    if (inserted) {
      for (std::uint32_t ns = 0; ns < ns_labels_.size(); ++ns) {
        if (peer_semantics::NamespaceMatches(policy, peer, ns_names_[ns], *ns_labels_[ns])) {
          it->second.push_back(ns);
        }
      }
    }
    return it->second;
  }

  // The classes a peer matches when the subject has `families`, computed on
  // first use. Selector peers do not depend on families; an ipBlock matches
  // a pod class through its cells of those families only.
  const std::vector<ClassId>& PeerSet(std::uint32_t id, FamilySet families) {
    const auto [policy, peer] = peer_defs_[id];
    auto& slot = peer_sets_[id][peer->ip_block ? families.Bits() : 0];
    if (slot) return *slot;
    std::vector<ClassId> set;
    if (peer->ip_block) {
      const bool pods_too =
          peer_semantics::IpBlocksSeePods(options_) && !peer->ip_block->outside_cluster;
      for (std::uint32_t b = 0; b < out_.blocks.size(); ++b) {
        const IpAddress representative = out_.blocks[b].Representative();
        if (!peer_semantics::AddressUsable(representative, families)) continue;
        if (!peer_semantics::IpBlockMatches(*peer, representative)) continue;
        set.push_back(static_cast<ClassId>(classes_.size() + b));
        if (pods_too) {
          set.insert(set.end(), BlockClasses()[b].begin(), BlockClasses()[b].end());
        }
      }
    } else {
      for (std::uint32_t ns : NamespacesMatching(*policy, *peer)) {
        for (ClassId c : ns_classes_[ns]) {  // hostNetwork classes are not listed
          if (peer_semantics::PodMatches(*peer, ClassLabels(c))) set.push_back(c);
        }
      }
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    slot = std::move(set);
    return *slot;
  }

  // ---- Rows --------------------------------------------------------------
  void Accumulate(ClassId c, PortSetId ports) {
    if (acc_[c] == PortSetTable::kEmpty) {
      touched_.push_back(c);
      acc_[c] = ports;
    } else {
      acc_[c] = table_.Union(acc_[c], ports);
    }
  }

  Row TakeRow() {
    std::sort(touched_.begin(), touched_.end());
    Row row;
    row.reserve(touched_.size());
    for (ClassId c : touched_) {
      row.push_back({c, acc_[c]});
      acc_[c] = PortSetTable::kEmpty;
    }
    touched_.clear();
    return row;
  }

  // `lookup_set`: the names whose toFQDNs peers apply to the subject
  // (egress only; 0: every name).
  template <typename Fn>
  void ForEachTarget(const RuleInfo& info, FamilySet families, Fn&& fn,
                     std::uint32_t lookup_set = 0) {
    if (info.all_peers) {
      for (ClassId c = 0; c < class_count_; ++c) fn(c);
      return;
    }
    for (std::uint32_t peer : info.peers) {
      const std::string& fqdn = peer_defs_[peer].second->fqdn;
      if (!fqdn.empty() && !LookupAllowed(lookup_set, fqdn)) continue;
      for (ClassId c : PeerSet(peer, families)) fn(c);
    }
  }

  // Sources allowed into a destination with `port_signature` and `families`
  // by `profile`.
  Row IngressRow(std::uint32_t profile, std::uint32_t port_signature, FamilySet families) {
    for (PolicyId p : profiles_[profile]) {
      for (std::uint32_t r = rule_begin_[2 * p]; r < rule_begin_[2 * p + 1]; ++r) {
        const PortSetId ports = RulePorts(r, port_signature);
        if (ports == PortSetTable::kEmpty) continue;
        ForEachTarget(rules_[r], families, [&](ClassId c) { Accumulate(c, ports); });
      }
    }
    return TakeRow();
  }

  // Destinations a source isolated by `profile`, with `families`, may reach;
  // with the toFQDNs peers of the names of `lookup_set` only.
  Row EgressRow(std::uint32_t profile, FamilySet families, std::uint32_t lookup_set) {
    for (PolicyId p : profiles_[profile]) {
      for (std::uint32_t r = rule_begin_[2 * p + 1]; r < rule_begin_[2 * p + 2]; ++r) {
        const RuleInfo& info = rules_[r];
        if (!info.has_named_ports) {
          if (info.fixed_ports == PortSetTable::kEmpty) continue;
          ForEachTarget(
              info, families, [&](ClassId c) { Accumulate(c, info.fixed_ports); }, lookup_set);
        } else {
          ForEachTarget(
              info, families,
              [&](ClassId c) {
                const PortSetId ports = RulePorts(r, PortSignature(c));
                if (ports != PortSetTable::kEmpty) Accumulate(c, ports);
              },
              lookup_set);
        }
      }
    }
    return TakeRow();
  }

  template <typename Pred>
  bool ProfileHasRule(std::uint32_t profile, Direction direction, Pred&& pred) {
    const int d = direction == Direction::kEgress;
    for (PolicyId p : profiles_[profile]) {
      for (std::uint32_t r = rule_begin_[2 * p + d]; r < rule_begin_[2 * p + d + 1]; ++r) {
        if (pred(rules_[r])) return true;
      }
    }
    return false;
  }

  bool ProfileHasNamedPorts(std::uint32_t profile, Direction direction) {
    return ProfileHasRule(profile, direction, [](const RuleInfo& r) { return r.has_named_ports; });
  }

  // Only ipBlocks look at families: a profile without one gets one row for
  // every family set.
  FamilySet RowFamilies(std::uint32_t profile, Direction direction, ClassId subject) {
    auto& known = direction == Direction::kEgress ? egress_ip_blocks_ : ingress_ip_blocks_;
    if (known[profile] < 0) {
      known[profile] =
          ProfileHasRule(profile, direction, [](const RuleInfo& r) { return r.has_ip_blocks; });
    }
    return known[profile] ? class_families_[subject] : FamilySet::Both();
  }

  // ---- Cluster-scoped tiers ----------------------------------------------
  // AdminNetworkPolicies and friends decide each port by first match in
  // precedence order (netpol/cluster_policy.h), so their rules do not add up
  // like NetworkPolicy rules. But a tier rule sees the peer only through its
  // peers (namespaces, pods, networks) and, on egress, the peer's named
  // ports: the classes that every tier peer of a direction treats alike form
  // one "peer group", and what the tiers decide for a subject is one outcome
  // per peer group. A side row is then a default per peer group with the
  // sparse NetworkPolicy row merged in as exceptions (TieredRow), and the
  // join visits, for each source, whichever side has fewer non-empty cells.

  static constexpr int kIn = 0;   // direction index, as in rule_begin_
  static constexpr int kOut = 1;
  static Direction DirectionOf(int d) { return d == kOut ? Direction::kEgress : Direction::kIngress; }

  struct TierRule {
    const ClusterPolicyRule* rule = nullptr;
    std::vector<std::uint32_t> peers;  // tier peer ids of its direction, ascending
  };

  // What the tiers selecting one subject decide for one peer group, as in
  // Evaluator::EvaluateSide: the ports an Admin-tier Allow admits, the ports
  // the Admin tier hands on (no rule matched, or Pass) to the NetworkPolicies
  // of an isolated subject, and what the side allows when no NetworkPolicy
  // isolates the subject (Admin allows, then the Baseline tier and the
  // default).
  struct TierOutcome {
    PortSetId admin_allowed = PortSetTable::kEmpty;
    PortSetId after_admin = PortSetTable::kAll;
    PortSetId open = PortSetTable::kAll;
  };

  // Peer groups of one direction, for subjects of one family set (`networks`
  // see the peer's addresses of the subject's families only).
  struct Grouping {
    std::vector<std::uint32_t> group_of;            // by class
    std::vector<std::vector<ClassId>> members;      // by group, ascending
    std::vector<std::vector<std::uint32_t>> peers;  // by group: the tier peers matching it
    std::vector<std::uint32_t> port_signature;      // by group: the peer's, on egress
  };

  static FamilySet FamiliesOfBits(std::uint8_t bits) {
    FamilySet set;
    if (bits & FamilySet::Of(IpFamily::kV4).Bits()) set = set.Union(FamilySet::Of(IpFamily::kV4));
    if (bits & FamilySet::Of(IpFamily::kV6).Bits()) set = set.Union(FamilySet::Of(IpFamily::kV6));
    return set;
  }

  const std::vector<std::vector<ClassId>>& BlockClasses() {
    if (block_classes_.empty()) {
      block_classes_.resize(out_.blocks.size());
      for (ClassId c = 0; c < classes_.size(); ++c) {
        for (std::uint32_t b : classes_[c].ip_cells) block_classes_[b].push_back(c);
      }
    }
    return block_classes_;
  }

  // The tier rules and peers of each direction, and the cluster-scoped
  // policies selecting each class, in precedence order (as the Evaluator
  // orders them).
  void IndexTiers() {
    const std::vector<ClusterPolicy>& policies = cluster_.cluster_policies;
    tier_rule_begin_.resize(policies.size() * 2 + 1);
    for (ClusterPolicyId p = 0; p < policies.size(); ++p) {
      for (int d : {kIn, kOut}) {
        tier_rule_begin_[2 * p + d] = static_cast<std::uint32_t>(tier_rules_.size());
        for (const ClusterPolicyRule& rule : policies[p].Rules(DirectionOf(d))) {
          TierRule info{&rule, {}};
          for (const ClusterPolicyPeer& peer : rule.peers) {
            info.peers.push_back(static_cast<std::uint32_t>(tier_peers_[d].size()));
            tier_peers_[d].push_back(&peer);
            if (peer.kind == ClusterPolicyPeer::Kind::kNetworks) tier_networks_[d] = true;
          }
          for (const ClusterPolicyPort& port : rule.ports) {
            if (port.kind == ClusterPolicyPort::Kind::kNamed) tier_named_[d] = true;
          }
          tier_rules_.push_back(std::move(info));
        }
      }
    }
    tier_rule_begin_.back() = static_cast<std::uint32_t>(tier_rules_.size());

    std::vector<ClusterPolicyId> order(policies.size());
    for (ClusterPolicyId id = 0; id < order.size(); ++id) order[id] = id;
    std::stable_sort(order.begin(), order.end(), [&](ClusterPolicyId a, ClusterPolicyId b) {
      return policies[a].PrecedesInOrder(policies[b]);
    });
    std::vector<std::vector<ClusterPolicyId>> selected(classes_.size());
    for (ClusterPolicyId id : order) {
      const ClusterPolicySubject& subject = policies[id].subject;
      for (std::uint32_t ns = 0; ns < ns_labels_.size(); ++ns) {
        const bool in_namespace =
            subject.namespaces ? subject.namespaces->Matches(*ns_labels_[ns])
            : subject.pods     ? subject.pods->namespace_selector.Matches(*ns_labels_[ns])
                               : false;
        if (!in_namespace) continue;
        // hostNetwork classes are not listed: they are never subjects.
        for (ClassId c : ns_classes_[ns]) {
          if (subject.pods && !subject.pods->pod_selector.Matches(ClassLabels(c))) continue;
          selected[c].push_back(id);
        }
      }
    }
    std::map<std::vector<ClusterPolicyId>, std::uint32_t> ids{{{}, 0}};
    tier_profiles_.emplace_back();
    tier_profile_.assign(class_count_, 0);
    for (ClassId c = 0; c < classes_.size(); ++c) {
      auto [it, inserted] =
          ids.emplace(std::move(selected[c]), static_cast<std::uint32_t>(tier_profiles_.size()));
      if (inserted) tier_profiles_.push_back(it->first);
      tier_profile_[c] = it->second;
    }
  }

  // The classes a tier peer matches over `families` (Evaluator::ClusterPeerMatches).
  std::vector<ClassId> TierPeerClasses(const ClusterPolicyPeer& peer, FamilySet families) {
    using Kind = ClusterPolicyPeer::Kind;
    std::vector<ClassId> set;
    switch (peer.kind) {
      case Kind::kNamespaces:
      case Kind::kPods:
        // Pods only, never hostNetwork ones (not listed in ns_classes_).
        for (std::uint32_t ns = 0; ns < ns_labels_.size(); ++ns) {
          const bool in_namespace = peer.kind == Kind::kNamespaces
                                        ? peer.namespaces.Matches(*ns_labels_[ns])
                                        : peer.pods.namespace_selector.Matches(*ns_labels_[ns]);
          if (!in_namespace) continue;
          for (ClassId c : ns_classes_[ns]) {
            if (peer.kind == Kind::kNamespaces || peer.pods.pod_selector.Matches(ClassLabels(c))) {
              set.push_back(c);
            }
          }
        }
        break;
      case Kind::kNetworks: {
        const bool pods_too = options_.ip_blocks_match_pods && !peer.outside_cluster;
        for (std::uint32_t b = 0; b < out_.blocks.size(); ++b) {
          const IpAddress representative = out_.blocks[b].Representative();
          if (!peer_semantics::AddressUsable(representative, families)) continue;
          if (std::none_of(peer.networks.begin(), peer.networks.end(),
                           [&](const Cidr& cidr) { return cidr.Contains(representative); })) {
            continue;
          }
          set.push_back(static_cast<ClassId>(classes_.size() + b));
          if (pods_too) set.insert(set.end(), BlockClasses()[b].begin(), BlockClasses()[b].end());
        }
        break;
      }
      case Kind::kNodes:        // netpol has no Node objects
      case Kind::kDomainNames:  // names cannot be resolved offline
        break;
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    return set;
  }

  // Grouping slot: the subject's family bits when some tier peer of the
  // direction is `networks`, else 3 (families change nothing).
  std::uint8_t GroupingSlot(int d, ClassId subject) const {
    return tier_networks_[d] ? class_families_[subject].Bits() : FamilySet::Both().Bits();
  }

  const Grouping& GroupingFor(int d, std::uint8_t slot) {
    std::optional<Grouping>& cached = groupings_[d][slot];
    if (cached) return *cached;
    const FamilySet families = FamiliesOfBits(slot);
    std::vector<std::vector<std::uint32_t>> matched(class_count_);
    for (std::uint32_t p = 0; p < tier_peers_[d].size(); ++p) {
      for (ClassId c : TierPeerClasses(*tier_peers_[d][p], families)) matched[c].push_back(p);
    }
    Grouping grouping;
    grouping.group_of.resize(class_count_);
    std::map<std::pair<std::vector<std::uint32_t>, std::uint32_t>, std::uint32_t> ids;
    for (ClassId c = 0; c < class_count_; ++c) {
      // Egress named ports resolve on the peer, the destination.
      const std::uint32_t signature = d == kOut && tier_named_[d] ? PortSignature(c) : 0;
      auto [it, inserted] = ids.emplace(std::make_pair(std::move(matched[c]), signature),
                                        static_cast<std::uint32_t>(grouping.members.size()));
      if (inserted) {
        grouping.members.emplace_back();
        grouping.peers.push_back(it->first.first);
        grouping.port_signature.push_back(signature);
      }
      grouping.group_of[c] = it->second;
      grouping.members[it->second].push_back(c);
    }
    cached = std::move(grouping);
    return *cached;
  }

  // Evaluator::ClusterRulePorts on a destination with `port_signature`: a
  // named port matches by name, whatever its protocol.
  PortSet TierRulePorts(const ClusterPolicyRule& rule, std::uint32_t port_signature) const {
    if (rule.ports.empty()) return PortSet::All();
    PortSet set;
    for (const ClusterPolicyPort& port : rule.ports) {
      switch (port.kind) {
        case ClusterPolicyPort::Kind::kAllOf: set.AddAll(port.protocol); break;
        case ClusterPolicyPort::Kind::kRange: set.Add(port.protocol, port.first, port.last); break;
        case ClusterPolicyPort::Kind::kNamed:
          for (const NamedPort& np : named_ports_[port_signature]) {
            if (np.name == port.name) set.Add(np.protocol, np.port, np.port);
          }
          break;
      }
    }
    return set;
  }

  static bool SharesAny(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i] == b[j]) return true;
      if (a[i] < b[j]) ++i;
      else ++j;
    }
    return false;
  }

  // Evaluator::RunTier for a peer of `group`: the first matching rule
  // decides each pending port.
  void RunTierOnGroup(PolicyTier tier, std::uint32_t tier_profile, int d,
                      const std::vector<std::uint32_t>& group_peers,
                      std::uint32_t destination_signature, PortSet& pending, PortSet& allowed,
                      PortSet& passed) {
    for (ClusterPolicyId id : tier_profiles_[tier_profile]) {
      if (cluster_.cluster_policies[id].tier != tier) continue;
      for (std::uint32_t r = tier_rule_begin_[2 * id + d]; r < tier_rule_begin_[2 * id + d + 1]; ++r) {
        if (pending.IsEmpty()) return;
        if (!SharesAny(tier_rules_[r].peers, group_peers)) continue;
        const ClusterPolicyRule& rule = *tier_rules_[r].rule;
        PortSet decided = TierRulePorts(rule, destination_signature).Intersect(pending);
        if (decided.IsEmpty()) continue;
        pending = pending.Intersect(decided.Complement());
        if (rule.action == TierAction::kAllow) allowed.Merge(decided);
        if (rule.action == TierAction::kPass) passed.Merge(decided);
      }
    }
  }

  const TierOutcome& Outcome(std::uint32_t tier_profile, int d, std::uint8_t slot,
                             std::uint32_t group, std::uint32_t subject_signature) {
    auto [it, inserted] = tier_outcomes_.emplace(
        std::array<std::uint32_t, 5>{tier_profile, static_cast<std::uint32_t>(d), slot, group,
                                     subject_signature},
        TierOutcome{});
    if (!inserted) return it->second;
    const Grouping& grouping = *groupings_[d][slot];
    const std::uint32_t destination =
        d == kOut ? grouping.port_signature[group] : subject_signature;
    const std::vector<std::uint32_t>& peers = grouping.peers[group];
    PortSet pending = PortSet::All();
    PortSet allowed;
    PortSet passed;
    RunTierOnGroup(PolicyTier::kAdmin, tier_profile, d, peers, destination, pending, allowed, passed);
    PortSet undecided = pending.Union(passed);
    it->second.admin_allowed = table_.Intern(allowed);
    it->second.after_admin = table_.Intern(undecided);
    // Not isolated: the Baseline tier, then the default (allow); a Baseline
    // Pass hands over to the default too.
    PortSet baseline_passed;
    RunTierOnGroup(PolicyTier::kBaseline, tier_profile, d, peers, destination, undecided, allowed,
                   baseline_passed);
    allowed.Merge(undecided);
    allowed.Merge(baseline_passed);
    it->second.open = table_.Intern(allowed);
    return it->second;
  }

  // ---- Side rows and joining both sides ---------------------------------
  // A side row merges a subject's sparse NetworkPolicy row into its tier
  // outcomes: one default per peer group, and the NetworkPolicy cells as
  // exceptions. So its size is that of the NetworkPolicy row plus the number
  // of peer groups, and the join visits, for each source, the non-empty
  // cells of whichever side has fewer.
  //
  // One side's answer for every peer class: `exceptions` where listed, else
  // defaults[group of the peer]. Without tier policies the row is uniform:
  // one default for every peer.
  struct SideRow {
    bool uniform = true;
    std::uint8_t slot = 0;            // the grouping, when !uniform
    std::vector<PortSetId> defaults;  // by group; one when uniform
    Row exceptions;                   // sorted by class
    std::uint64_t support = 0;        // peers with a non-empty answer (an upper bound)
  };

  // The side row of subjects with NetworkPolicy profile `np_profile` (0: not
  // isolated) and tier profile `tier_profile`: for an isolated subject the
  // Admin tier's allows plus the NetworkPolicy row within what the Admin
  // tier handed on; otherwise what the tiers and the default allow.
  SideRow MakeSideRow(int d, std::uint32_t np_profile, FamilySet np_families,
                    std::uint32_t signature, std::uint32_t tier_profile, std::uint8_t slot,
                    std::uint32_t lookup_set) {
    SideRow row;
    const bool isolated = np_profile != 0;
    Row np;
    if (isolated) {
      np = d == kIn ? IngressRow(np_profile, signature, np_families)
                    : EgressRow(np_profile, np_families, lookup_set);
    }
    if (tier_profile == 0) {
      row.defaults = {isolated ? PortSetTable::kEmpty : PortSetTable::kAll};
      row.exceptions = std::move(np);
      row.support = isolated ? row.exceptions.size() : class_count_;
      return row;
    }
    const Grouping& grouping = GroupingFor(d, slot);
    row.uniform = false;
    row.slot = slot;
    const std::uint32_t groups = static_cast<std::uint32_t>(grouping.members.size());
    std::vector<const TierOutcome*> outcomes(groups);
    row.defaults.resize(groups);
    for (std::uint32_t g = 0; g < groups; ++g) {
      outcomes[g] = &Outcome(tier_profile, d, slot, g, d == kIn ? signature : 0);
      row.defaults[g] = isolated ? outcomes[g]->admin_allowed : outcomes[g]->open;
      if (row.defaults[g] != PortSetTable::kEmpty) row.support += grouping.members[g].size();
    }
    for (const auto& [c, ports] : np) {
      const std::uint32_t g = grouping.group_of[c];
      const PortSetId value = table_.Union(outcomes[g]->admin_allowed,
                                           table_.Intersect(ports, outcomes[g]->after_admin));
      if (value != row.defaults[g]) row.exceptions.push_back({c, value});
    }
    row.support += row.exceptions.size();
    return row;
  }

  // A class some Calico policy selects: its side row, peer class by peer
  // class, from the Evaluator's tier walk on representatives. Exact, since
  // pods of a class agree on everything a Calico rule reads (namespace,
  // labels, named ports, address cells, hostNetwork, families).
  SideRow CalicoSideRow(int d, ClassId subject) {
    SideRow row;
    row.defaults = {PortSetTable::kEmpty};
    const Endpoint self = Endpoint::ForPod(classes_[subject].representative);
    for (ClassId peer = 0; peer < class_count_; ++peer) {
      const Endpoint other =
          IsPodClass(peer) ? Endpoint::ForPod(classes_[peer].representative)
                           : Endpoint::ForAddress(out_.blocks[peer - classes_.size()].Representative());
      const PortSetId ports = table_.Intern(evaluator_->EvaluateSide(DirectionOf(d), self, other).allowed);
      if (ports != PortSetTable::kEmpty) row.exceptions.push_back({peer, ports});
    }
    row.support = row.exceptions.size();
    return row;
  }

  void BuildEdges() {
    acc_.assign(class_count_, PortSetTable::kEmpty);
    ingress_ip_blocks_.assign(profiles_.size(), -1);
    egress_ip_blocks_.assign(profiles_.size(), -1);
    std::vector<std::int8_t> named_ingress(profiles_.size(), -1);

    // Row 0 of each direction: an external endpoint, or a pod nothing
    // selects: allows everything.
    std::array<std::vector<SideRow>, 2> rows;
    std::array<std::vector<std::uint32_t>, 2> row_of;
    for (int d : {kIn, kOut}) {
      SideRow open;
      open.defaults = {PortSetTable::kAll};
      open.support = class_count_;
      rows[d].push_back(std::move(open));
      row_of[d].assign(class_count_, 0);
    }
    // By direction: (NetworkPolicy profile, tier profile, port signature,
    // NetworkPolicy row families, grouping slot, toFQDNs peers gated off).
    std::array<std::map<std::array<std::uint32_t, 6>, std::uint32_t>, 2> row_ids;
    for (ClassId c = 0; c < classes_.size(); ++c) {
      CheckStop();
      const std::uint32_t tier_profile = tier_profile_[c];
      for (int d : {kIn, kOut}) {
        if (evaluator_ && !evaluator_->CalicoWalk(classes_[c].representative, DirectionOf(d)).empty()) {
          row_of[d][c] = static_cast<std::uint32_t>(rows[d].size());
          rows[d].push_back(CalicoSideRow(d, c));
          continue;
        }
        const std::uint32_t np_profile = d == kIn ? ingress_profile_[c] : egress_profile_[c];
        if (np_profile == 0 && tier_profile == 0) continue;
        const FamilySet np_families =
            np_profile != 0 ? RowFamilies(np_profile, DirectionOf(d), c) : FamilySet::Both();
        std::uint32_t signature = 0;
        if (d == kIn) {
          if (np_profile != 0 && named_ingress[np_profile] < 0) {
            named_ingress[np_profile] = ProfileHasNamedPorts(np_profile, Direction::kIngress);
          }
          const bool named = (np_profile != 0 && named_ingress[np_profile]) ||
                             (tier_profile != 0 && tier_named_[kIn]);
          if (named) signature = PortSignature(c);
        }
        const std::uint8_t slot = tier_profile != 0 ? GroupingSlot(d, c) : 0;
        const std::uint32_t lookup_set = d == kOut ? class_lookup_set_[c] : 0;
        auto [it, inserted] = row_ids[d].emplace(
            std::array<std::uint32_t, 6>{np_profile, tier_profile, signature, np_families.Bits(),
                                         slot, lookup_set},
            static_cast<std::uint32_t>(rows[d].size()));
        if (inserted) {
          rows[d].push_back(
              MakeSideRow(d, np_profile, np_families, signature, tier_profile, slot, lookup_set));
        }
        row_of[d][c] = it->second;
      }
    }
    JoinSides(rows[kIn], row_of[kIn], rows[kOut], row_of[kOut]);
  }

  // Edges from the egress rows of sources and the ingress rows of
  // destinations. For each source, the candidates are the non-empty cells of
  // the side with the smaller support; the other side is looked up per cell.
  void JoinSides(const std::vector<SideRow>& in_rows, const std::vector<std::uint32_t>& in_row_of,
                 const std::vector<SideRow>& out_rows, const std::vector<std::uint32_t>& out_row_of) {
    // Ingress exceptions, transposed: for each source, (destination, ports).
    std::vector<Row> by_source(class_count_);
    // Non-empty ingress defaults: for every source (uniform rows), or for
    // the sources of one peer group, by grouping slot.
    Row open_destinations;
    std::array<std::vector<Row>, 4> dense_in;
    for (ClassId d = 0; d < class_count_; ++d) {
      const SideRow& row = in_rows[in_row_of[d]];
      for (const auto& [s, ports] : row.exceptions) by_source[s].push_back({d, ports});
      if (row.uniform) {
        if (row.defaults[0] != PortSetTable::kEmpty) open_destinations.push_back({d, row.defaults[0]});
        continue;
      }
      std::vector<Row>& lists = dense_in[row.slot];
      lists.resize(row.defaults.size());
      for (std::uint32_t g = 0; g < row.defaults.size(); ++g) {
        if (row.defaults[g] != PortSetTable::kEmpty) lists[g].push_back({d, row.defaults[g]});
      }
    }
    std::array<const Grouping*, 4> in_groupings{};
    for (std::uint8_t slot = 0; slot < 4; ++slot) {
      if (groupings_[kIn][slot]) in_groupings[slot] = &*groupings_[kIn][slot];
    }

    constexpr PortSetId kUnset = static_cast<PortSetId>(-1);
    std::vector<PortSetId> in_exception(class_count_, kUnset);
    std::vector<PortSetId> out_exception(class_count_, kUnset);
    Row found;  // cells of one source, sorted by destination
    Row merged;
    std::size_t sorted_end = 0;
    // Each candidate list is sorted: merge it into what came before it.
    auto close_list = [&] {
      if (sorted_end != 0 && sorted_end != found.size() &&
          found[sorted_end].first < found[sorted_end - 1].first) {
        merged.clear();
        std::merge(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(sorted_end),
                   found.begin() + static_cast<std::ptrdiff_t>(sorted_end), found.end(),
                   std::back_inserter(merged));
        found.swap(merged);
      }
      sorted_end = found.size();
    };
    for (ClassId s = 0; s < class_count_; ++s) {
      const SideRow& out = out_rows[IsPodClass(s) ? out_row_of[s] : 0];
      const Grouping* out_grouping = out.uniform ? nullptr : &*groupings_[kOut][out.slot];
      const Row& in = by_source[s];
      for (const auto& [d, ports] : in) in_exception[d] = ports;
      for (const auto& [d, ports] : out.exceptions) out_exception[d] = ports;
      auto ingress_at = [&](ClassId d) {
        if (in_exception[d] != kUnset) return in_exception[d];
        const SideRow& row = in_rows[in_row_of[d]];
        return row.uniform ? row.defaults[0] : row.defaults[in_groupings[row.slot]->group_of[s]];
      };
      auto egress_at = [&](ClassId d) {
        if (out_exception[d] != kUnset) return out_exception[d];
        return out.uniform ? out.defaults[0] : out.defaults[out_grouping->group_of[d]];
      };
      found.clear();
      sorted_end = 0;
      auto add = [&](ClassId d, PortSetId egress, PortSetId ingress) {
        if (egress == PortSetTable::kEmpty || ingress == PortSetTable::kEmpty) return;
        const PortSetId ports = egress == PortSetTable::kAll    ? ingress
                                : ingress == PortSetTable::kAll ? egress
                                                                : table_.Intersect(egress, ingress);
        if (ports != PortSetTable::kEmpty) found.push_back({d, ports});
      };
      std::uint64_t in_support = in.size() + open_destinations.size();
      for (std::uint8_t slot = 0; slot < 4; ++slot) {
        if (!dense_in[slot].empty()) in_support += dense_in[slot][in_groupings[slot]->group_of[s]].size();
      }
      if (out.support <= in_support) {
        for (const auto& [d, ports] : out.exceptions) add(d, ports, ingress_at(d));
        close_list();
        if (out.uniform) {
          if (out.defaults[0] != PortSetTable::kEmpty) {
            for (ClassId d = 0; d < class_count_; ++d) {
              if (out_exception[d] == kUnset) add(d, out.defaults[0], ingress_at(d));
            }
          }
        } else {
          for (std::uint32_t g = 0; g < out.defaults.size(); ++g) {
            if (out.defaults[g] == PortSetTable::kEmpty) continue;
            for (ClassId d : out_grouping->members[g]) {
              if (out_exception[d] == kUnset) add(d, out.defaults[g], ingress_at(d));
            }
            close_list();
          }
        }
      } else {
        for (const auto& [d, ports] : in) add(d, egress_at(d), ports);
        close_list();
        auto add_defaults = [&](const Row& cells) {
          for (const auto& [d, ports] : cells) {
            if (in_exception[d] == kUnset) add(d, egress_at(d), ports);
          }
          close_list();
        };
        add_defaults(open_destinations);
        for (std::uint8_t slot = 0; slot < 4; ++slot) {
          if (!dense_in[slot].empty()) add_defaults(dense_in[slot][in_groupings[slot]->group_of[s]]);
        }
      }
      for (const auto& [d, ports] : in) in_exception[d] = kUnset;
      for (const auto& [d, ports] : out.exceptions) out_exception[d] = kUnset;
      Row().swap(by_source[s]);

      close_list();
      const bool external_source = !IsPodClass(s);
      const bool singleton = external_source || out_.pod_classes[s].size() == 1;
      for (const auto& [d, ports] : found) {
        if (d == s && singleton) continue;
        if (external_source && !IsPodClass(d)) continue;
        if (!ShareFamily(s, d)) continue;
        out_.edges.push_back({s, d, ports});
      }
    }
  }

  const Cluster& cluster_;
  const Callback<bool()>* should_stop_ = nullptr;
  EvalOptions options_;
  const std::vector<Cidr>& extra_cidrs_;
  ClassGraph& out_;
  PortSetTable& table_;
  ClassId class_count_ = 0;

  std::vector<std::pair<IpRange, std::uint32_t>> block_ranges_;
  FamilySet present_families_;  // of the external blocks
  std::unordered_map<std::string, std::uint32_t> ns_index_;
  std::vector<const Labels*> ns_labels_;
  std::vector<std::string> ns_names_;
  std::vector<std::vector<ClassId>> ns_classes_;  // non-hostNetwork pod classes
  std::vector<std::vector<NamedPort>> named_ports_;
  std::vector<PodClass> classes_;
  std::vector<std::uint32_t> class_lookup_set_;  // by pod class: index in lookup_sets_
  std::vector<std::vector<std::string>> lookup_sets_;  // names looked up; 0: {"*"}
  std::vector<FamilySet> class_families_;  // every class, blocks included
  std::vector<std::vector<ClassId>> block_classes_;

  std::map<std::vector<PolicyId>, std::uint32_t> profile_ids_;
  std::vector<std::vector<PolicyId>> profiles_;
  std::vector<std::uint32_t> ingress_profile_;
  std::vector<std::uint32_t> egress_profile_;

  std::unordered_map<std::string, std::uint32_t> peer_ids_;
  std::vector<std::pair<const NetworkPolicy*, const Peer*>> peer_defs_;
  // By family bits for ipBlock peers (slot 0 for selector peers).
  std::vector<std::array<std::optional<std::vector<ClassId>>, 4>> peer_sets_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> ns_selections_;
  std::vector<RuleInfo> rules_;
  std::vector<std::uint32_t> rule_begin_;  // [2p] ingress, [2p+1] egress
  std::vector<std::int8_t> ingress_ip_blocks_;  // by profile: -1 unknown
  std::vector<std::int8_t> egress_ip_blocks_;
  std::unordered_map<std::uint64_t, PortSetId> named_rule_ports_;

  std::vector<TierRule> tier_rules_;
  std::vector<std::uint32_t> tier_rule_begin_;  // [2p] ingress, [2p+1] egress
  std::array<std::vector<const ClusterPolicyPeer*>, 2> tier_peers_;  // by direction
  std::array<bool, 2> tier_networks_{};  // a `networks` peer in the direction
  std::array<bool, 2> tier_named_{};     // a named port in the direction
  std::vector<std::vector<ClusterPolicyId>> tier_profiles_;  // 0: none
  std::vector<std::uint32_t> tier_profile_;                  // by class
  std::array<std::array<std::optional<Grouping>, 4>, 2> groupings_;  // [direction][slot]
  std::map<std::array<std::uint32_t, 5>, TierOutcome> tier_outcomes_;

  std::vector<PortSetId> acc_;
  std::vector<ClassId> touched_;
  std::optional<Evaluator> evaluator_;  // clusters with Calico policies or toFQDNs peers
};

}  // namespace

std::uint64_t ClassGraph::EndpointPairCount() const {
  std::uint64_t pairs = 0;
  for (const ClassEdge& edge : edges) {
    const std::uint64_t from = ClassSize(edge.from);
    pairs += edge.from == edge.to ? from * (from - 1) : from * ClassSize(edge.to);
  }
  return pairs;
}

std::size_t ClassGraph::DistinctEdgePortSets() const {
  std::vector<bool> seen(port_sets.size());
  std::size_t count = 0;
  for (const ClassEdge& edge : edges) {
    if (!seen[edge.ports]) {
      seen[edge.ports] = true;
      ++count;
    }
  }
  return count;
}

const std::vector<L7Filter>& ClassGraph::L7Of(ClassId from, ClassId to) const {
  static const std::vector<L7Filter> kNone;
  auto it = std::lower_bound(l7.begin(), l7.end(), std::make_pair(from, to),
                             [](const ClassEdgeL7& e, const std::pair<ClassId, ClassId>& key) {
                               return std::make_pair(e.from, e.to) < key;
                             });
  return it != l7.end() && it->from == from && it->to == to ? it->filters : kNone;
}

namespace {

// L7 filtering is rare (Cilium rules with `toPorts[].rules`): rather than a
// second port dimension in every row, each edge is asked once, through the
// evaluator, for one pair of its classes' members.
void AnnotateL7(const Cluster& cluster, EvalOptions options, ClassGraph& graph) {
  auto has_l7 = [](const NetworkPolicy& policy) {
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const Rule& rule : *rules) {
        for (const PolicyPort& port : rule.ports) {
          if (!port.l7.empty()) return true;
        }
      }
    }
    return false;
  };
  if (std::none_of(cluster.policies.begin(), cluster.policies.end(), has_l7)) return;
  const Evaluator evaluator(cluster, options);
  auto member = [&](ClassId c, std::size_t index) {
    if (graph.IsExternal(c)) {
      return Endpoint::ForAddress(graph.blocks[c - graph.PodClassCount()].Representative());
    }
    return Endpoint::ForPod(graph.pod_classes[c][index]);
  };
  for (const ClassEdge& edge : graph.edges) {
    const Endpoint from = member(edge.from, 0);
    const Endpoint to = member(edge.to, edge.from == edge.to ? 1 : 0);
    std::vector<L7Filter> filters = evaluator.Evaluate(from, to).l7;
    if (!filters.empty()) graph.l7.push_back({edge.from, edge.to, std::move(filters)});
  }
}

}  // namespace

ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options) {
  return ComputeClassGraph(cluster, options, {});
}

ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options,
                             const std::vector<Cidr>& extra_cidrs) {
  ClassGraph graph;
  Engine(cluster, options, extra_cidrs, graph).Run();
  AnnotateL7(cluster, options, graph);
  return graph;
}

std::optional<ClassGraph> ComputeClassGraphUnlessStopped(const Cluster& cluster, EvalOptions options,
                                                         const Callback<bool()>& should_stop) {
  ClassGraph graph;
  const std::vector<Cidr> no_extra_cidrs;  // the engine keeps a reference: it must outlive it
  Engine engine(cluster, options, no_extra_cidrs, graph);
  engine.StopWhen(&should_stop);
  try {
    engine.Run();
  } catch (const Engine::Stopped&) {
    return std::nullopt;
  }
  if (should_stop && should_stop()) return std::nullopt;
  AnnotateL7(cluster, options, graph);
  return graph;
}

NETPOL_NAMESPACE_END
