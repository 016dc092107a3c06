// The class-level allow-graph; see the design note in netpol/class_engine.h.
#include "netpol/class_engine.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/class_engine_internal.h"
#include "eval/peer_semantics.h"

namespace netpol {
namespace {

using Cell = std::pair<ClassId, PortSetId>;
using Row = std::vector<Cell>;  // sorted by class

// A serialisation of a selector that is equal exactly when the selectors are.
void AppendSelectorKey(const LabelSelector& selector, std::string& key) {
  for (const auto& [k, v] : selector.match_labels) {
    key += k;
    key += '\x1f';
    key += v;
    key += '\x1e';
  }
  key += '\x1d';
  for (const LabelRequirement& r : selector.match_expressions) {
    key += r.key;
    key += '\x1f';
    key += static_cast<char>('0' + static_cast<int>(r.op));
    for (const std::string& value : r.values) {
      key += '\x1f';
      key += value;
    }
    key += '\x1e';
  }
}

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

// An ingress row: profile, named-port signature, family bits.
struct RowKey {
  std::uint32_t profile = 0;
  std::uint32_t port_signature = 0;
  std::uint8_t families = 0;
  auto operator<=>(const RowKey&) const = default;
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

  void Run() {
    out_.blocks = PartitionExternalAddresses(cluster_, extra_cidrs_);
    IndexBlocks();
    ClassifyPods();
    class_count_ = static_cast<ClassId>(out_.ClassCount());
    IndexFamilies();
    if (!cluster_.cluster_policies.empty()) {
      BuildEdgesPairwise();
      return;
    }
    SelectPolicies();
    IndexRules();
    BuildEdges();
  }

 private:
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

  void ClassifyPods() {
    for (const Namespace& ns : cluster_.namespaces) NamespaceIndex(ns.name);
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

  // ---- Cluster-scoped tiers ----------------------------------------------
  // Classes stay exact under AdminNetworkPolicies and friends (their
  // selectors see namespace and pod labels, named ports and, through
  // `networks`, the address cells), but first-match tiers do not decompose
  // into the additive rows below. Instead each side is evaluated through the
  // Evaluator once per "side profile" and peer class: a side's answer
  // depends on the subject only through the NetworkPolicies isolating it, the
  // cluster-scoped policies selecting it and (ingress, where the subject is
  // the destination) its named ports. Edges join the two sides' rows.
  void BuildEdgesPairwise() {
    const Evaluator evaluator(cluster_, options_);
    auto endpoint = [&](ClassId c) {
      return IsPodClass(c) ? Endpoint::ForPod(classes_[c].representative)
                           : Endpoint::ForAddress(out_.blocks[c - classes_.size()].Representative());
    };
    constexpr std::size_t kSeparator = static_cast<std::size_t>(-1);
    // Profile 0: an external endpoint, or a pod nothing selects: allows all.
    std::map<std::vector<std::size_t>, std::uint32_t> egress_ids{{{}, 0}}, ingress_ids{{{}, 0}};
    std::vector<PodId> egress_subject{0}, ingress_subject{0};
    std::vector<std::uint32_t> egress_profile(class_count_, 0), ingress_profile(class_count_, 0);
    for (ClassId c = 0; c < classes_.size(); ++c) {
      const PodId pod = classes_[c].representative;
      const auto& tiers = evaluator.ClusterPoliciesOf(pod);
      for (Direction direction : {Direction::kEgress, Direction::kIngress}) {
        const bool egress = direction == Direction::kEgress;
        std::vector<std::size_t> key(evaluator.IsolatingPolicies(pod, direction).begin(),
                                     evaluator.IsolatingPolicies(pod, direction).end());
        if (!tiers.empty()) {
          key.push_back(kSeparator);
          key.insert(key.end(), tiers.begin(), tiers.end());
        }
        if (!key.empty() && !egress) {
          key.push_back(kSeparator);
          key.push_back(classes_[c].port_signature);
        }
        // ipBlocks and `networks` see the peer's IPs of the subject's families.
        if (!key.empty()) {
          key.push_back(kSeparator);
          key.push_back(classes_[c].families.Bits());
        }
        auto& ids = egress ? egress_ids : ingress_ids;
        auto& subjects = egress ? egress_subject : ingress_subject;
        auto [it, inserted] = ids.emplace(std::move(key), static_cast<std::uint32_t>(subjects.size()));
        if (inserted) subjects.push_back(pod);
        (egress ? egress_profile : ingress_profile)[c] = it->second;
      }
    }
    // rows[profile][peer class] = what that side allows; kAll for profile 0.
    auto side_rows = [&](Direction direction, const std::vector<PodId>& subjects) {
      std::vector<std::vector<PortSetId>> rows(subjects.size());
      rows[0].assign(class_count_, PortSetTable::kAll);
      for (std::size_t p = 1; p < subjects.size(); ++p) {
        rows[p].resize(class_count_);
        const Endpoint subject = Endpoint::ForPod(subjects[p]);
        for (ClassId peer = 0; peer < class_count_; ++peer) {
          rows[p][peer] = table_.Intern(evaluator.EvaluateSide(direction, subject, endpoint(peer)).allowed);
        }
      }
      return rows;
    };
    const auto egress_rows = side_rows(Direction::kEgress, egress_subject);
    const auto ingress_rows = side_rows(Direction::kIngress, ingress_subject);
    for (ClassId s = 0; s < class_count_; ++s) {
      const bool singleton = !IsPodClass(s) || out_.pod_classes[s].size() == 1;
      const auto& out_row = egress_rows[egress_profile[s]];
      for (ClassId d = 0; d < class_count_; ++d) {
        if (!IsPodClass(s) && !IsPodClass(d)) continue;
        if (s == d && singleton) continue;
        if (!ShareFamily(s, d)) continue;
        const PortSetId ports = table_.Intersect(out_row[d], ingress_rows[ingress_profile[d]][s]);
        if (ports != PortSetTable::kEmpty) out_.edges.push_back({s, d, ports});
      }
    }
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
    profiles_.emplace_back();  // profile 0: not isolated
    ingress_profile_.resize(class_count_, 0);
    egress_profile_.resize(class_count_, 0);
    for (ClassId c = 0; c < classes_.size(); ++c) {
      ingress_profile_[c] = InternProfile(ingress[c]);
      egress_profile_[c] = InternProfile(egress[c]);
    }
  }

  // ---- Rules and peers ---------------------------------------------------
  std::uint32_t InternPeer(const NetworkPolicy& policy, const Peer& peer) {
    std::string key;
    if (peer.ip_block) {
      key = "I" + peer.ip_block->cidr.ToString();
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
      const bool pods_too = peer_semantics::IpBlocksSeePods(options_);
      if (block_classes_.empty() && pods_too) {
        block_classes_.resize(out_.blocks.size());
        for (ClassId c = 0; c < classes_.size(); ++c) {
          for (std::uint32_t b : classes_[c].ip_cells) block_classes_[b].push_back(c);
        }
      }
      for (std::uint32_t b = 0; b < out_.blocks.size(); ++b) {
        const IpAddress representative = out_.blocks[b].Representative();
        if (!peer_semantics::AddressUsable(representative, families)) continue;
        if (!peer_semantics::IpBlockMatches(*peer, representative)) continue;
        set.push_back(static_cast<ClassId>(classes_.size() + b));
        if (pods_too) {
          set.insert(set.end(), block_classes_[b].begin(), block_classes_[b].end());
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

  template <typename Fn>
  void ForEachTarget(const RuleInfo& info, FamilySet families, Fn&& fn) {
    if (info.all_peers) {
      for (ClassId c = 0; c < class_count_; ++c) fn(c);
      return;
    }
    for (std::uint32_t peer : info.peers) {
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

  // Destinations a source isolated by `profile`, with `families`, may reach.
  Row EgressRow(std::uint32_t profile, FamilySet families) {
    for (PolicyId p : profiles_[profile]) {
      for (std::uint32_t r = rule_begin_[2 * p + 1]; r < rule_begin_[2 * p + 2]; ++r) {
        const RuleInfo& info = rules_[r];
        if (!info.has_named_ports) {
          if (info.fixed_ports == PortSetTable::kEmpty) continue;
          ForEachTarget(info, families, [&](ClassId c) { Accumulate(c, info.fixed_ports); });
        } else {
          ForEachTarget(info, families, [&](ClassId c) {
            const PortSetId ports = RulePorts(r, PortSignature(c));
            if (ports != PortSetTable::kEmpty) Accumulate(c, ports);
          });
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

  // ---- Joining both sides ------------------------------------------------
  void BuildEdges() {
    acc_.assign(class_count_, PortSetTable::kEmpty);
    // Ingress rows, transposed: for each source, (isolated destination, ports).
    std::vector<Row> by_source(class_count_);
    std::vector<ClassId> open_destinations;  // not ingress-isolated
    std::vector<std::int8_t> named_ingress(profiles_.size(), -1);
    ingress_ip_blocks_.assign(profiles_.size(), -1);
    egress_ip_blocks_.assign(profiles_.size(), -1);
    std::map<RowKey, std::uint32_t> ingress_row_ids;
    std::vector<Row> ingress_rows;
    for (ClassId d = 0; d < class_count_; ++d) {
      const std::uint32_t profile = IsPodClass(d) ? ingress_profile_[d] : 0;
      if (profile == 0) {
        open_destinations.push_back(d);
        continue;
      }
      if (named_ingress[profile] < 0) {
        named_ingress[profile] = ProfileHasNamedPorts(profile, Direction::kIngress);
      }
      const std::uint32_t signature = named_ingress[profile] ? PortSignature(d) : 0;
      const FamilySet families = RowFamilies(profile, Direction::kIngress, d);
      auto [it, inserted] = ingress_row_ids.emplace(
          RowKey{profile, signature, families.Bits()},
          static_cast<std::uint32_t>(ingress_rows.size()));
      if (inserted) ingress_rows.push_back(IngressRow(profile, signature, families));
      for (const auto& [s, ports] : ingress_rows[it->second]) by_source[s].push_back({d, ports});
    }
    ingress_rows.clear();
    ingress_rows.shrink_to_fit();

    // By profile and family bits.
    std::vector<std::array<std::optional<Row>, 4>> egress_rows(profiles_.size());
    auto& edges = out_.edges;
    for (ClassId s = 0; s < class_count_; ++s) {
      const bool external_source = !IsPodClass(s);
      const bool singleton = external_source || out_.pod_classes[s].size() == 1;
      auto emit = [&](ClassId d, PortSetId ports) {
        if (ports == PortSetTable::kEmpty) return;
        if (d == s && singleton) return;
        if (external_source && !IsPodClass(d)) return;
        if (!ShareFamily(s, d)) return;
        edges.push_back({s, d, ports});
      };
      const Row& in = by_source[s];
      const std::uint32_t profile = external_source ? 0 : egress_profile_[s];
      if (profile != 0) {
        const FamilySet families = RowFamilies(profile, Direction::kEgress, s);
        std::optional<Row>& egress_row = egress_rows[profile][families.Bits()];
        if (!egress_row) egress_row = EgressRow(profile, families);
        std::size_t j = 0;
        for (const auto& [d, out_ports] : *egress_row) {
          if (IsPodClass(d) && ingress_profile_[d] != 0) {
            while (j < in.size() && in[j].first < d) ++j;
            if (j < in.size() && in[j].first == d) emit(d, table_.Intersect(out_ports, in[j].second));
          } else {
            emit(d, out_ports);
          }
        }
      } else {
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < in.size() || j < open_destinations.size()) {
          if (j == open_destinations.size() || (i < in.size() && in[i].first < open_destinations[j])) {
            emit(in[i].first, in[i].second);
            ++i;
          } else {
            emit(open_destinations[j], PortSetTable::kAll);
            ++j;
          }
        }
      }
      Row().swap(by_source[s]);
    }
  }

  const Cluster& cluster_;
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

  std::vector<PortSetId> acc_;
  std::vector<ClassId> touched_;
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

ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options) {
  return ComputeClassGraph(cluster, options, {});
}

ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options,
                             const std::vector<Cidr>& extra_cidrs) {
  ClassGraph graph;
  Engine(cluster, options, extra_cidrs, graph).Run();
  return graph;
}

}  // namespace netpol
