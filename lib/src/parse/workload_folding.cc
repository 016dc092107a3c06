#include "parse/workload_folding.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "parse/controller_labels.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using WorkloadKey = std::tuple<std::string, std::string, std::string>;  // ns, kind, name

// A label value some pod selector of a policy names (matchLabels, In, NotIn).
struct NamedValue {
  std::string key;
  std::string value;
  std::string policy;  // "NetworkPolicy shop/x", "AdminNetworkPolicy y"
  SourceLoc loc;
};

// Label values the pod selectors of every policy name, by key. Two values of
// a key that no selector names behave alike under every selector: each fails
// `In` and matchLabels and passes `NotIn`.
class NamedValues {
 public:
  explicit NamedValues(const Cluster& cluster) {
    for (const NetworkPolicy& policy : cluster.policies) {
      const std::string name = "NetworkPolicy " + policy.Id();
      Add(policy.pod_selector, name);
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        for (const Rule& rule : policy.Rules(direction)) {
          for (const Peer& peer : rule.peers) {
            if (peer.pod_selector) Add(*peer.pod_selector, name);
          }
        }
      }
    }
    for (const ClusterPolicy& policy : cluster.cluster_policies) {
      const std::string name = std::string(ClusterPolicyKindName(policy.kind)) + " " + policy.name;
      if (policy.subject.pods) Add(policy.subject.pods->pod_selector, name);
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        for (const ClusterPolicyRule& rule : policy.Rules(direction)) {
          for (const ClusterPolicyPeer& peer : rule.peers) {
            if (peer.kind == ClusterPolicyPeer::Kind::kPods) Add(peer.pods.pod_selector, name);
          }
        }
      }
    }
  }

  /// Whether some selector asks for `key` with Exists or DoesNotExist: the
  /// only operators that tell a missing label from one with an unnamed value.
  bool PresenceTested(const std::string& key) const { return presence_tested_.count(key) > 0; }
  bool Named(const std::string& key, const std::string& value) const {
    auto it = by_key_.find(key);
    return it != by_key_.end() && it->second.count(value) > 0;
  }
  const std::vector<NamedValue>& all() const { return all_; }

 private:
  void Add(const LabelSelector& selector, const std::string& policy) {
    for (const auto& [key, value] : selector.match_labels) Add(key, value, policy, selector.loc);
    for (const LabelRequirement& requirement : selector.match_expressions) {
      if (requirement.op == SelectorOperator::kExists ||
          requirement.op == SelectorOperator::kDoesNotExist) {
        presence_tested_.insert(requirement.key);
      }
      for (const std::string& value : requirement.values) {
        Add(requirement.key, value, policy, requirement.loc.line ? requirement.loc : selector.loc);
      }
    }
  }
  void Add(const std::string& key, const std::string& value, const std::string& policy,
           const SourceLoc& loc) {
    if (by_key_[key].insert(value).second) all_.push_back({key, value, policy, loc});
  }

  std::map<std::string, std::set<std::string>> by_key_;
  std::set<std::string> presence_tested_;
  std::vector<NamedValue> all_;
};

// What policies see of a pod apart from its addresses. Controller-added
// labels whose value no selector names are all alike (a template's
// placeholder, one StatefulSet pod's name or another's): each fails `In` and
// matchLabels and passes `NotIn` of every selector in the cluster. So does a
// missing label, unless a selector asks whether the key exists (a
// hand-written or pre-1.27 pod lacks some of the labels a template gets).
struct Behaviour {
  Labels labels;
  std::vector<std::tuple<std::string, int, Protocol>> ports;
  bool host_network = false;
  std::string service_account;  // Calico selects pods by it
  bool operator==(const Behaviour&) const = default;
};

Behaviour BehaviourOf(const Pod& pod, const NamedValues& named) {
  Behaviour behaviour;
  behaviour.host_network = pod.host_network;
  behaviour.service_account = pod.service_account;
  for (const ContainerPort& port : pod.ports) {
    behaviour.ports.emplace_back(port.name, port.port, port.protocol);
  }
  for (const auto& [key, value] : pod.labels) {
    const bool unnamed = IsPlaceholderLabelValue(value) ||
                         (IsControllerLabelKey(key) && !named.Named(key, value));
    if (!unnamed) {
      behaviour.labels.emplace(key, value);
    } else if (named.PresenceTested(key)) {
      behaviour.labels.emplace(key, kGeneratedLabelValue);
    }
  }
  return behaviour;
}

// Something that looks at addresses: an ipBlock of a NetworkPolicy peer, or
// the `networks` of a cluster-scoped policy peer.
struct AddressMatcher {
  const IpBlock* ip_block = nullptr;
  const std::vector<Cidr>* networks = nullptr;
  std::string description;

  bool Contains(const IpAddress& ip) const {
    if (ip_block) return ip_block->Contains(ip);
    return std::any_of(networks->begin(), networks->end(),
                       [&](const Cidr& cidr) { return cidr.Contains(ip); });
  }
};

std::vector<AddressMatcher> CollectAddressMatchers(const Cluster& cluster) {
  std::vector<AddressMatcher> matchers;
  for (const NetworkPolicy& policy : cluster.policies) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      for (const Rule& rule : policy.Rules(direction)) {
        for (const Peer& peer : rule.peers) {
          if (!peer.ip_block) continue;
          matchers.push_back({&*peer.ip_block, nullptr,
                              fmt::format("ipBlock {} of NetworkPolicy {}",
                                          peer.ip_block->ToString(), policy.Id())});
        }
      }
    }
  }
  for (const ClusterPolicy& policy : cluster.cluster_policies) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      for (const ClusterPolicyRule& rule : policy.Rules(direction)) {
        for (const ClusterPolicyPeer& peer : rule.peers) {
          if (peer.kind != ClusterPolicyPeer::Kind::kNetworks) continue;
          std::vector<std::string> cidrs;
          for (const Cidr& cidr : peer.networks) cidrs.push_back(cidr.ToString());
          matchers.push_back({nullptr, &peer.networks,
                              fmt::format("networks {} of {} {}", fmt::join(cidrs, ","),
                                          ClusterPolicyKindName(policy.kind), policy.name)});
        }
      }
    }
  }
  return matchers;
}

// The ipBlock cells of a pod's addresses: per address, which matchers
// contain it. Pods with the same cells are matched by the same ipBlocks and
// networks (a pod matches when any of its addresses does). An address no
// matcher contains counts as none: no ipBlock sees it, as none sees a pod
// without an IP.
using Cells = std::set<std::vector<bool>>;

Cells CellsOf(const Pod& pod, const std::vector<AddressMatcher>& matchers) {
  Cells cells;
  for (const IpAddress& ip : pod.ips) {
    std::vector<bool> signature;
    signature.reserve(matchers.size());
    bool inside_any = false;
    for (const AddressMatcher& matcher : matchers) {
      signature.push_back(matcher.Contains(ip));
      inside_any = inside_any || signature.back();
    }
    if (inside_any) cells.insert(std::move(signature));
  }
  return cells;
}

// Whether address families can tell two pods apart: only when the cluster
// has addresses (pod IPs, ipBlocks, networks) of both families.
bool FamiliesMatter(const Cluster& cluster, const std::vector<AddressMatcher>& matchers) {
  FamilySet seen;
  for (const Pod& pod : cluster.pods) seen = seen.Union(FamilySet::OfAddresses(pod.ips));
  for (const AddressMatcher& matcher : matchers) {
    if (matcher.ip_block) seen = seen.Union(FamilySet::Of(matcher.ip_block->cidr.family()));
    if (matcher.networks) {
      for (const Cidr& cidr : *matcher.networks) seen = seen.Union(FamilySet::Of(cidr.family()));
    }
  }
  return seen == FamilySet::Both();
}

// A pod's address families as the evaluator sees them (no known IP: both).
FamilySet FamiliesOf(const Pod& pod) {
  return pod.ips.empty() ? FamilySet::Both() : FamilySet::OfAddresses(pod.ips);
}

std::string IpsText(const Pod& pod) {
  std::vector<std::string> ips;
  for (const IpAddress& ip : pod.ips) ips.push_back(ip.ToString());
  return ips.empty() ? "no IP" : fmt::format("{}", fmt::join(ips, ","));
}

// Why `apart` is not folded with `folded`: a matcher that contains an address
// of one and not an address of the other.
std::string SplitReason(const Pod& folded, const Pod& apart,
                        const std::vector<AddressMatcher>& matchers) {
  for (const AddressMatcher& matcher : matchers) {
    const bool folded_in = std::any_of(folded.ips.begin(), folded.ips.end(),
                                       [&](const IpAddress& ip) { return matcher.Contains(ip); });
    const bool apart_in = std::any_of(apart.ips.begin(), apart.ips.end(),
                                      [&](const IpAddress& ip) { return matcher.Contains(ip); });
    if (folded_in != apart_in) {
      const Pod& in = folded_in ? folded : apart;
      const Pod& out = folded_in ? apart : folded;
      return fmt::format("{} contains {} ({}) but not {} ({})", matcher.description, IpsText(in),
                         in.Id(), IpsText(out), out.Id());
    }
  }
  for (const AddressMatcher& matcher : matchers) {
    for (const IpAddress& a : folded.ips) {
      for (const IpAddress& b : apart.ips) {
        if (matcher.Contains(a) == matcher.Contains(b)) continue;
        const bool a_inside = matcher.Contains(a);
        return fmt::format("{} contains {} ({}) but not {} ({})", matcher.description,
                           (a_inside ? a : b).ToString(), (a_inside ? folded : apart).Id(),
                           (a_inside ? b : a).ToString(), (a_inside ? apart : folded).Id());
      }
    }
  }
  if (FamiliesOf(folded) != FamiliesOf(apart)) {
    return fmt::format("pod {} has {} addresses ({}) and pod {} {} ({}): a peer of one family "
                       "reaches them differently",
                       apart.Id(), FamiliesOf(apart).ToString(), IpsText(apart), folded.Id(),
                       FamiliesOf(folded).ToString(), IpsText(folded));
  }
  return fmt::format("the addresses of pod {} ({}) fall in other ipBlock cells than those of pod "
                     "{} ({})",
                     apart.Id(), IpsText(apart), folded.Id(), IpsText(folded));
}

void AddIps(Pod& into, const Pod& from) {
  for (const IpAddress& ip : from.ips) {
    if (std::find(into.ips.begin(), into.ips.end(), ip) == into.ips.end()) into.ips.push_back(ip);
  }
}

// An endpoint standing for a workload's template only (no pod of it in the
// inputs) cannot tell replicas apart by a controller-added label: say so
// when a policy names a value of such a label.
void WarnAboutTemplateOnlyLabels(const Cluster& cluster, const NamedValues& named,
                                 DiagnosticSink& sink) {
  for (const NamedValue& value : named.all()) {
    std::vector<std::string> endpoints;
    bool per_replica = false;
    for (const Pod& pod : cluster.pods) {
      if (!pod.IsWorkload() || pod.folded_pods > 0) continue;
      auto it = pod.labels.find(value.key);
      if (it == pod.labels.end() || !IsPlaceholderLabelValue(it->second) ||
          !ControllerMayGive(pod.name, value.key, value.value)) {
        continue;
      }
      endpoints.push_back(pod.Id());
      per_replica = per_replica || it->second == kPerReplicaLabelValue;
    }
    if (endpoints.empty()) continue;
    sink.Warning(
        value.loc,
        fmt::format("{} selects {}={}, a label the controller sets on each pod of {} ({}); "
                    "without the pods in the inputs netpol matches none of them: add the "
                    "pods (kubectl get pods -o yaml) to analyse them",
                    value.policy, value.key, value.value, fmt::join(endpoints, ", "),
                    per_replica ? "one value per replica" : "a value known only once it runs"));
  }
}

}  // namespace

bool FoldingMayChangePods(const Cluster& cluster) {
  // Only owned pods are folded, removed or told apart (replica_of); a
  // workload is removed only when it has an owner.
  return std::any_of(cluster.pods.begin(), cluster.pods.end(),
                     [](const Pod& pod) { return pod.owner.has_value(); });
}

void FoldOwnedPods(Cluster& cluster, DiagnosticSink& sink, const FoldOptions& options) {
  const NamedValues named(cluster);
  const std::vector<AddressMatcher> matchers =
      options.ip_blocks_match_pods ? CollectAddressMatchers(cluster) : std::vector<AddressMatcher>{};
  const bool families_matter = FamiliesMatter(cluster, matchers);

  std::map<WorkloadKey, std::size_t> workloads;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& p = cluster.pods[i];
    if (p.IsWorkload()) workloads[{p.namespace_name, p.kind, p.name}] = i;
  }
  // The top-most workload in the inputs that (transitively) owns `key`.
  auto top = [&](WorkloadKey key) -> std::optional<std::size_t> {
    std::optional<std::size_t> found;
    for (int depth = 0; depth < 4; ++depth) {
      auto it = workloads.find(key);
      if (it == workloads.end()) break;
      found = it->second;
      const auto& owner = cluster.pods[it->second].owner;
      if (!owner) break;
      key = {std::get<0>(key), owner->kind, owner->name};
    }
    return found;
  };

  std::vector<bool> remove(cluster.pods.size(), false);
  // Workloads owned by workloads in the inputs (ReplicaSet of a Deployment).
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& p = cluster.pods[i];
    if (!p.IsWorkload() || !p.owner) continue;
    auto owner = top({p.namespace_name, p.owner->kind, p.owner->name});
    if (owner && *owner != i) remove[i] = true;
  }

  // Where owned pods fold: the top-most workload in the inputs that owns
  // them, or else one endpoint per owner, named after it.
  struct Target {
    std::optional<std::size_t> workload;
    WorkloadKey owner;
    std::vector<std::size_t> pods;  // in input order
  };
  std::vector<Target> targets;
  std::map<std::pair<std::optional<std::size_t>, WorkloadKey>, std::size_t> target_index;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& pod = cluster.pods[i];
    if (pod.IsWorkload() || !pod.owner) continue;
    const WorkloadKey owner_key{pod.namespace_name, pod.owner->kind, pod.owner->name};
    const std::optional<std::size_t> workload = top(owner_key);
    const WorkloadKey key = workload ? WorkloadKey{} : owner_key;
    auto [it, inserted] = target_index.emplace(std::pair{workload, key}, targets.size());
    if (inserted) targets.push_back(Target{workload, key, {}});
    targets[it->second].pods.push_back(i);
  }

  std::vector<Pod> added;
  for (const Target& target : targets) {
    // First what selectors see: pods that differ from the workload's
    // template (or, for an absent owner, from most of their siblings) stay
    // apart.
    std::vector<std::size_t> alike;
    std::optional<Behaviour> reference;
    if (target.workload) reference = BehaviourOf(cluster.pods[*target.workload], named);
    if (!reference) {
      std::vector<std::pair<Behaviour, std::size_t>> counts;
      for (std::size_t i : target.pods) {
        Behaviour behaviour = BehaviourOf(cluster.pods[i], named);
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const auto& c) { return c.first == behaviour; });
        if (it == counts.end()) counts.emplace_back(std::move(behaviour), 1);
        else ++it->second;
      }
      auto most = counts.begin();
      for (auto it = counts.begin(); it != counts.end(); ++it) {
        if (it->second > most->second) most = it;
      }
      reference = most->first;
    }
    for (std::size_t i : target.pods) {
      if (BehaviourOf(cluster.pods[i], named) == *reference) alike.push_back(i);
    }
    Pod* endpoint = nullptr;
    if (target.workload) {
      endpoint = &cluster.pods[*target.workload];
    } else {
      const Pod& first = cluster.pods[alike.front()];
      Pod made = first;
      made.name = first.owner->name;
      made.kind = first.owner->kind.empty() ? "Pod" : first.owner->kind;
      made.owner.reset();
      made.ips.clear();
      made.folded_pods = 0;
      // A controller-added label that differs from pod to pod (a
      // StatefulSet pod's name) has no one value.
      for (auto& [key, value] : made.labels) {
        for (std::size_t i : alike) {
          auto it = cluster.pods[i].labels.find(key);
          if (it == cluster.pods[i].labels.end() || it->second != value) {
            value = std::string(kPerReplicaLabelValue);
            break;
          }
        }
      }
      added.push_back(std::move(made));
      endpoint = &added.back();
    }
    for (std::size_t i : target.pods) {
      if (std::find(alike.begin(), alike.end(), i) != alike.end()) continue;
      Pod& pod = cluster.pods[i];
      pod.replica_of = endpoint->Id();
      if (target.workload) {
        sink.Warning(pod.loc, fmt::format("pod {} differs from the pod template of its owner {} "
                                          "(labels, ports or hostNetwork); kept as its own endpoint",
                                          pod.Id(), endpoint->Id()));
      } else {
        sink.Warning(pod.loc, fmt::format("pods of owner {}/{} differ in labels, ports or "
                                          "hostNetwork; pod {} is kept as its own endpoint",
                                          pod.namespace_name, pod.owner->name, pod.Id()));
      }
    }
    // Then the addresses: replicas fold only when every ipBlock and networks
    // peer matches them alike. The largest group of alike replicas (the
    // earliest on a tie) becomes the workload's endpoint; the others stay
    // apart, each named by its pod, with a warning that says why.
    // Address families too, where the cluster has both: a pod reaches a
    // single-family peer only through a family it has.
    std::vector<std::pair<std::pair<Cells, FamilySet>, std::vector<std::size_t>>> groups;
    for (std::size_t i : alike) {
      std::pair<Cells, FamilySet> cells{
          CellsOf(cluster.pods[i], matchers),
          families_matter ? FamiliesOf(cluster.pods[i]) : FamilySet::Both()};
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& group) { return group.first == cells; });
      if (it == groups.end()) groups.emplace_back(std::move(cells), std::vector<std::size_t>{i});
      else it->second.push_back(i);
    }
    if (groups.empty()) continue;  // no pod is alike: the template stands alone
    std::size_t main = 0;
    for (std::size_t g = 1; g < groups.size(); ++g) {
      if (groups[g].second.size() > groups[main].second.size()) main = g;
    }
    for (std::size_t i : groups[main].second) {
      AddIps(*endpoint, cluster.pods[i]);
      ++endpoint->folded_pods;
      remove[i] = true;
    }
    const Pod& folded = cluster.pods[groups[main].second.front()];
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (g == main) continue;
      for (std::size_t i : groups[g].second) {
        Pod& pod = cluster.pods[i];
        pod.replica_of = endpoint->Id();
        sink.Warning(pod.loc,
                     fmt::format("replicas of {} are matched differently by address: {}; pod {} "
                                 "is kept as its own endpoint",
                                 endpoint->Id(), SplitReason(folded, pod, matchers), pod.Id()));
      }
    }
  }

  if (added.empty() && std::find(remove.begin(), remove.end(), true) == remove.end()) {
    WarnAboutTemplateOnlyLabels(cluster, named, sink);
    return;
  }
  std::vector<Pod> kept;
  kept.reserve(cluster.pods.size() + added.size());
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    if (!remove[i]) kept.push_back(std::move(cluster.pods[i]));
  }
  for (Pod& endpoint : added) kept.push_back(std::move(endpoint));
  cluster.pods = std::move(kept);
  WarnAboutTemplateOnlyLabels(cluster, named, sink);
}

NETPOL_NAMESPACE_END
