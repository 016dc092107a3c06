// The per-run lint index; see lint_index.h.
#include "lint/lint_index.h"

#include <algorithm>
#include <functional>
#include <tuple>

#include "eval/peer_semantics.h"
#include "select/selector_key.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

int DirIndex(Direction direction) { return direction == Direction::kIngress ? 0 : 1; }

// Equal for peers that match the same endpoints for any policy of `policy`'s
// namespace.
std::string PeerKey(const NetworkPolicy& policy, const Peer& peer) {
  std::string key;
  if (peer.ip_block) {
    key = "I" + peer.ip_block->cidr.ToString();
    for (const Cidr& except : peer.ip_block->except) key += "," + except.ToString();
    return key;
  }
  if (peer.namespace_selector) {
    key = "N";
    AppendSelectorKey(*peer.namespace_selector, key);
  } else {
    key = "O" + policy.namespace_name + '\x1c';
  }
  if (peer.pod_selector) {
    key += "P";
    AppendSelectorKey(*peer.pod_selector, key);
  }
  return key;
}

// What makes two pods alike to every Evaluator query (see lint_index.h).
struct NamedPort {
  std::string name;
  Protocol protocol;
  int port;
  auto operator<=>(const NamedPort&) const = default;
};

}  // namespace

LintIndex::LintIndex(const Cluster& cluster, const Evaluator& evaluator,
                     const std::vector<ExternalBlock>& blocks)
    : cluster_(cluster), evaluator_(evaluator), blocks_(blocks) {
  // Blocks by first address, to find the cells of pod IPs.
  std::vector<std::pair<IpRange, std::uint32_t>> ranges;
  for (std::uint32_t b = 0; b < blocks.size(); ++b) {
    for (const IpRange& range : blocks[b].ranges) ranges.push_back({range, b});
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
  const bool cells_matter = peer_semantics::IpBlocksSeePods(evaluator.options());

  std::map<std::vector<NamedPort>, std::uint32_t> port_signatures;
  std::unordered_map<std::string, LintClass> by_key;
  std::string key;
  class_of_pod_.resize(cluster.pods.size());
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    const Pod& pod = cluster.pods[id];
    std::vector<NamedPort> named;
    for (const ContainerPort& cp : pod.ports) {
      if (!cp.name.empty()) named.push_back({cp.name, cp.protocol, cp.port});
    }
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    std::vector<std::uint32_t> cells;
    if (cells_matter) {
      for (const IpAddress& ip : pod.ips) {
        auto it = std::upper_bound(ranges.begin(), ranges.end(), ip, [](const IpAddress& x, const auto& r) {
          return x < r.first.first;
        });
        if (it != ranges.begin() && ip <= std::prev(it)->first.last) {
          cells.push_back(std::prev(it)->second);
        } else {
          cells.push_back(~std::uint32_t{0});  // in no block: no ipBlock holds it
        }
      }
      std::sort(cells.begin(), cells.end());
      cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    }
    key.clear();
    key += pod.namespace_name;
    key += '\x1d';
    key += pod.host_network ? 'h' : 'p';
    key += pod.kind == "Modelled" ? 'm' : 'o';
    key += static_cast<char>('0' + EndpointFamilies(cluster, Endpoint::ForPod(id)).Bits());
    for (std::uint32_t cell : cells) key.append(reinterpret_cast<const char*>(&cell), sizeof cell);
    key += '\x1d';
    for (const NamedPort& port : named) {
      key += port.name;
      key += '\x1f';
      key += static_cast<char>('0' + static_cast<int>(port.protocol));
      key += std::to_string(port.port);
      key += '\x1e';
    }
    key += '\x1d';
    for (const auto& [k, v] : pod.labels) {
      key += k;
      key += '\x1f';
      key += v;
      key += '\x1e';
    }
    auto [it, inserted] = by_key.emplace(key, static_cast<LintClass>(members_.size()));
    if (inserted) {
      members_.emplace_back();
      port_signature_.push_back(
          port_signatures.emplace(named, static_cast<std::uint32_t>(port_signatures.size()))
              .first->second);
      classes_of_[pod.namespace_name].push_back(it->second);
    }
    members_[it->second].push_back(id);
    class_of_pod_[id] = it->second;
    if (pod.kind != "Modelled") pods_of_[pod.namespace_name].push_back(id);
  }

  for (const auto& [name, classes] : classes_of_) {
    namespaces_.push_back({name, &evaluator.NamespaceLabels(name), &classes});
  }

  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    auto& isolated = isolated_[DirIndex(direction)];
    isolated.resize(cluster.policies.size());
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      for (PolicyId policy : evaluator.IsolatingPolicies(id, direction)) {
        isolated[policy].push_back(id);
      }
    }
  }
}

const std::vector<PodId>& LintIndex::Members(LintClass c) const {
  static const std::vector<PodId> kNone;
  return IsExternal(c) ? kNone : members_[c];
}

Endpoint LintIndex::Representative(LintClass c) const {
  if (IsExternal(c)) return Endpoint::ForAddress(blocks_[c - members_.size()].Representative());
  return Endpoint::ForPod(members_[c].front());
}

std::optional<std::pair<Endpoint, Endpoint>> LintIndex::DistinctPair(LintClass a,
                                                                     LintClass b) const {
  if (a != b) return std::make_pair(Representative(a), Representative(b));
  if (IsExternal(a) || members_[a].size() < 2) return std::nullopt;
  return std::make_pair(Endpoint::ForPod(members_[a][0]), Endpoint::ForPod(members_[a][1]));
}

std::uint64_t LintIndex::DistinctPairCount(LintClass a, LintClass b) const {
  const std::uint64_t size_a = Size(a);
  return a == b ? size_a * (size_a - 1) : size_a * Size(b);
}

std::optional<PodId> LintIndex::FirstMemberOtherThan(LintClass c, PodId except) const {
  if (IsExternal(c)) return std::nullopt;
  for (PodId pod : members_[c]) {
    if (pod != except) return pod;
  }
  return std::nullopt;
}

const std::vector<PodId>& LintIndex::PodsOf(const std::string& name) const {
  static const std::vector<PodId> kNone;
  auto it = pods_of_.find(name);
  return it == pods_of_.end() ? kNone : it->second;
}

const std::vector<LintClass>& LintIndex::ClassesOf(const std::string& name) const {
  static const std::vector<LintClass> kNone;
  auto it = classes_of_.find(name);
  return it == classes_of_.end() ? kNone : it->second;
}

const std::vector<PodId>& LintIndex::Isolated(PolicyId policy, Direction direction) const {
  return isolated_[DirIndex(direction)][policy];
}

std::vector<LintClass> LintIndex::ClassesOfPods(const std::vector<PodId>& pods) const {
  std::vector<LintClass> classes;
  std::vector<bool> seen(members_.size());
  for (PodId pod : pods) {
    const LintClass c = class_of_pod_[pod];
    if (!seen[c]) {
      seen[c] = true;
      classes.push_back(c);
    }
  }
  return classes;
}

const std::vector<LintClass>& LintIndex::PeerClasses(const NetworkPolicy& policy,
                                                     const Peer& peer) const {
  const std::string key = PeerKey(policy, peer);
  auto found = peer_classes_.find(key);
  if (found != peer_classes_.end()) return found->second;
  std::vector<LintClass> classes;
  auto test = [&](LintClass c) {
    if (evaluator_.PeerMatches(policy, peer, Representative(c))) classes.push_back(c);
  };
  if (peer.ip_block) {
    for (LintClass c = 0; c < ClassCount(); ++c) test(c);
  } else if (!peer.namespace_selector) {
    // Only pods of the namespaces the peer's namespace part matches can
    // match (without a namespaceSelector, the policy's own); the evaluator
    // decides for each of their classes.
    for (LintClass c : ClassesOf(policy.namespace_name)) test(c);
  } else {
    for (const auto& [name, labels, in_namespace] : namespaces_) {
      if (!peer_semantics::NamespaceMatches(policy, peer, name, *labels)) continue;
      for (LintClass c : *in_namespace) test(c);
    }
    std::sort(classes.begin(), classes.end());
  }
  return peer_classes_.emplace(key, std::move(classes)).first->second;
}

std::vector<LintClass> LintIndex::RuleClasses(const NetworkPolicy& policy, const Rule& rule) const {
  std::vector<LintClass> classes;
  if (rule.peers.empty()) {
    classes.resize(ClassCount());
    for (LintClass c = 0; c < classes.size(); ++c) classes[c] = c;
    return classes;
  }
  for (const Peer& peer : rule.peers) {
    const std::vector<LintClass>& matched = PeerClasses(policy, peer);
    if (classes.empty()) {
      classes = matched;
      continue;
    }
    std::vector<LintClass> merged;
    std::set_union(classes.begin(), classes.end(), matched.begin(), matched.end(),
                   std::back_inserter(merged));
    classes = std::move(merged);
  }
  return classes;
}

std::vector<LintClass> LintIndex::ClusterRuleClasses(const ClusterPolicyRule& rule) const {
  std::vector<LintClass> classes;
  for (LintClass c = 0; c < ClassCount(); ++c) {
    if (evaluator_.ClusterRulePeersMatch(rule, Representative(c))) classes.push_back(c);
  }
  return classes;
}

std::vector<PodId> LintIndex::Expand(const std::vector<LintClass>& classes) const {
  std::vector<PodId> pods;
  for (LintClass c : classes) {
    const std::vector<PodId>& members = Members(c);
    pods.insert(pods.end(), members.begin(), members.end());
  }
  // Classes partition the pods, so distinct classes give distinct pods, and
  // when they are many of all pods, a pass over a membership mark sorts them
  // in linear time: sorting cost seconds when 10k policies each expand to
  // all 10k pods (ADV-ALLSELECT).
  const bool distinct = std::adjacent_find(classes.begin(), classes.end(),
                                           std::greater_equal<>()) == classes.end();
  if (!distinct || pods.size() * 16 < class_of_pod_.size()) {
    std::sort(pods.begin(), pods.end());
    return pods;
  }
  std::vector<char> marked(class_of_pod_.size(), 0);
  for (PodId pod : pods) marked[pod] = 1;
  std::size_t next = 0;
  for (PodId pod = 0; pod < marked.size(); ++pod) {
    if (marked[pod]) pods[next++] = pod;
  }
  return pods;
}

std::uint32_t LintIndex::Profile(Direction direction, LintClass subject, SideScope scope) const {
  const int slot = DirIndex(direction) * 2 + (scope == SideScope::kTiers ? 1 : 0);
  std::vector<std::uint32_t>& profiles = profile_[slot];
  if (profiles.empty()) profiles.resize(members_.size());
  std::uint32_t& profile = profiles[subject];
  if (profile != 0) return profile;
  const PodId pod = members_[subject].front();
  std::vector<std::uint32_t> key = {static_cast<std::uint32_t>(slot)};
  for (ClusterPolicyId id : evaluator_.ClusterPoliciesOf(pod)) key.push_back(id);
  key.push_back(~std::uint32_t{0});
  const auto& isolating = evaluator_.IsolatingPolicies(pod, direction);
  if (scope == SideScope::kTiers) {
    key.push_back(isolating.empty() ? 0 : 1);  // the Baseline tier runs only when not isolated
  } else {
    key.insert(key.end(), isolating.begin(), isolating.end());
  }
  key.push_back(~std::uint32_t{0});
  key.push_back(direction == Direction::kIngress ? port_signature_[subject] : 0);
  key.push_back(EndpointFamilies(cluster_, Endpoint::ForPod(pod)).Bits());
  profile = profile_ids_.emplace(std::move(key), static_cast<std::uint32_t>(profile_ids_.size() + 1))
                .first->second;
  return profile;
}

const SideVerdict& LintIndex::Side(Direction direction, LintClass subject, LintClass peer,
                                   SideScope scope) const {
  // Profile ids are distinct across directions and scopes (the slot leads
  // their key).
  const std::uint64_t key = (std::uint64_t{Profile(direction, subject, scope)} << 32) | peer;
  auto found = sides_.find(key);
  if (found != sides_.end()) return found->second;
  const auto pair = DistinctPair(subject, peer);
  const Endpoint subject_end = pair ? pair->first : Representative(subject);
  const Endpoint peer_end = pair ? pair->second : Representative(peer);
  return sides_.emplace(key, evaluator_.EvaluateSide(direction, subject_end, peer_end))
      .first->second;
}

}  // namespace lint
NETPOL_NAMESPACE_END
