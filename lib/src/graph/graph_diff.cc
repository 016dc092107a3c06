#include "netpol/graph_diff.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "netpol/endpoint.h"

namespace netpol {
namespace {

// Copies without source locations, so that the same object read from two
// files compares equal.
void StripSelector(LabelSelector& selector) {
  selector.loc = {};
  for (LabelRequirement& requirement : selector.match_expressions) requirement.loc = {};
}

NetworkPolicy Stripped(NetworkPolicy policy) {
  policy.loc = {};
  policy.ingress_loc = {};
  policy.egress_loc = {};
  StripSelector(policy.pod_selector);
  for (auto* rules : {&policy.ingress, &policy.egress}) {
    for (Rule& rule : *rules) {
      rule.loc = {};
      for (Peer& peer : rule.peers) {
        peer.loc = {};
        if (peer.pod_selector) StripSelector(*peer.pod_selector);
        if (peer.namespace_selector) StripSelector(*peer.namespace_selector);
        if (peer.ip_block) peer.ip_block->loc = {};
      }
      for (PolicyPort& port : rule.ports) port.loc = {};
    }
  }
  return policy;
}

ClusterPolicy Stripped(ClusterPolicy policy) {
  policy.loc = {};
  policy.subject.loc = {};
  if (policy.subject.namespaces) StripSelector(*policy.subject.namespaces);
  if (policy.subject.pods) {
    StripSelector(policy.subject.pods->namespace_selector);
    StripSelector(policy.subject.pods->pod_selector);
  }
  for (auto* rules : {&policy.ingress, &policy.egress}) {
    for (ClusterPolicyRule& rule : *rules) {
      rule.loc = {};
      for (ClusterPolicyPeer& peer : rule.peers) {
        peer.loc = {};
        StripSelector(peer.namespaces);
        StripSelector(peer.pods.namespace_selector);
        StripSelector(peer.pods.pod_selector);
        StripSelector(peer.nodes);
      }
      for (ClusterPolicyPort& port : rule.ports) port.loc = {};
    }
  }
  return policy;
}

Pod Stripped(Pod pod) {
  pod.loc = {};
  for (ContainerPort& port : pod.ports) port.loc = {};
  return pod;
}

std::vector<ClusterPolicy> OfKind(const std::vector<ClusterPolicy>& policies,
                                  ClusterPolicyKind kind) {
  std::vector<ClusterPolicy> result;
  for (const ClusterPolicy& policy : policies) {
    if (policy.kind == kind) result.push_back(policy);
  }
  return result;
}

// Appends the changes between two sorted object lists keyed by `key`.
template <typename T, typename Key, typename Same>
void DiffObjects(const std::vector<T>& before, const std::vector<T>& after, const char* kind,
                 Key key, Same same, std::vector<ObjectChange>* out) {
  std::map<std::pair<std::string, std::string>, std::pair<const T*, const T*>> objects;
  for (const T& object : before) objects[key(object)].first = &object;
  for (const T& object : after) objects[key(object)].second = &object;
  for (const auto& [id, pair] : objects) {
    const auto [b, a] = pair;
    ObjectChange change;
    change.kind = kind;
    change.namespace_name = id.first;
    change.name = id.second;
    if (b) change.before_loc = b->loc;
    if (a) change.after_loc = a->loc;
    if (!a) {
      change.change = ChangeKind::kRemoved;
    } else if (!b) {
      change.change = ChangeKind::kAdded;
    } else if (!same(*b, *a)) {
      change.change = ChangeKind::kModified;
    } else {
      continue;
    }
    out->push_back(std::move(change));
  }
}

std::vector<Cidr> IpBlockCidrs(const Cluster& cluster) {
  std::vector<Cidr> cidrs;
  for (const NetworkPolicy& policy : cluster.policies) {
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const Rule& rule : *rules) {
        for (const Peer& peer : rule.peers) {
          if (!peer.ip_block) continue;
          cidrs.push_back(peer.ip_block->cidr);
          cidrs.insert(cidrs.end(), peer.ip_block->except.begin(), peer.ip_block->except.end());
        }
      }
    }
  }
  const std::vector<Cidr> networks = ClusterPolicyNetworks(cluster);
  cidrs.insert(cidrs.end(), networks.begin(), networks.end());
  return cidrs;
}

// One endpoint as each side knows it (a pod may exist on one side only).
struct DiffEndpoint {
  std::string id;
  std::optional<Endpoint> before;
  std::optional<Endpoint> after;
  std::string namespace_name;  // pods only
  bool is_pod = false;
};

class CauseFinder {
 public:
  CauseFinder(const GraphDiff& diff, const Evaluator& before, const Evaluator& after)
      : before_(before), after_(after) {
    for (std::size_t i = 0; i < diff.objects.size(); ++i) {
      const ObjectChange& o = diff.objects[i];
      index_[o.kind + "/" + o.namespace_name + "/" + o.name] = i;
    }
  }

  std::vector<ChangeCause> Find(const DiffEndpoint& from, const DiffEndpoint& to) const {
    std::vector<ChangeCause> causes;
    std::set<std::size_t> seen;
    auto add = [&](const std::string& key, const std::string& relation) {
      auto it = index_.find(key);
      if (it != index_.end() && seen.insert(it->second).second) {
        causes.push_back({it->second, relation});
      }
    };
    auto policies = [&](const DiffEndpoint& end, Direction direction, const std::string& role) {
      for (const auto& [side, evaluator] : {std::pair{&end.before, &before_}, {&end.after, &after_}}) {
        if (!*side || !(*side)->pod) continue;
        for (PolicyId id : evaluator->IsolatingPolicies(*(*side)->pod, direction)) {
          const NetworkPolicy& policy = evaluator->cluster().policies[id];
          add("NetworkPolicy/" + policy.namespace_name + "/" + policy.name,
              fmt::format("selects the {} for {}", role, DirectionName(direction)));
        }
        for (ClusterPolicyId id : evaluator->ClusterPoliciesOf(*(*side)->pod)) {
          const ClusterPolicy& policy = evaluator->cluster().cluster_policies[id];
          if (policy.Rules(direction).empty()) continue;
          add(std::string(ClusterPolicyKindName(policy.kind)) + "//" + policy.name,
              fmt::format("selects the {} for {} ({} tier)", role, DirectionName(direction),
                          PolicyTierName(policy.tier)));
        }
      }
    };
    if (from.is_pod) policies(from, Direction::kEgress, "source");
    if (to.is_pod) policies(to, Direction::kIngress, "destination");
    for (const auto& [end, role] : {std::pair{&from, "source"}, {&to, "destination"}}) {
      if (!end->is_pod) continue;
      const std::size_t slash = end->id.find('/');
      add("Pod/" + end->id.substr(0, slash) + "/" + end->id.substr(slash + 1),
          fmt::format("is the {} pod", role));
      add("Namespace//" + end->namespace_name, fmt::format("is the {}'s namespace", role));
    }
    return causes;
  }

 private:
  const Evaluator& before_;
  const Evaluator& after_;
  std::map<std::string, std::size_t> index_;
};

PortSet Allowed(const Evaluator& evaluator, const std::optional<Endpoint>& from,
                const std::optional<Endpoint>& to) {
  if (!from || !to) return PortSet::None();
  return evaluator.Evaluate(*from, *to).allowed;
}

template <typename T>
void Upsert(std::vector<T>& objects, const T& object) {
  for (T& existing : objects) {
    if (existing.namespace_name == object.namespace_name && existing.name == object.name) {
      existing = object;
      return;
    }
  }
  objects.push_back(object);
}

}  // namespace

const char* ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded: return "added";
    case ChangeKind::kRemoved: return "removed";
    case ChangeKind::kModified: return "modified";
  }
  return "modified";
}

const char* ConnectionChangeKindName(ConnectionChange::Kind kind) {
  switch (kind) {
    case ConnectionChange::Kind::kNewlyAllowed: return "newly allowed";
    case ConnectionChange::Kind::kNewlyDenied: return "newly denied";
    case ConnectionChange::Kind::kPortsChanged: return "ports changed";
  }
  return "ports changed";
}

std::string ObjectChange::Id() const {
  if (namespace_name.empty()) return kind + "/" + name;
  return kind + "/" + namespace_name + "/" + name;
}

GraphDiff DiffGraphs(const Cluster& before, const Cluster& after, EvalOptions options) {
  GraphDiff diff;
  DiffObjects(
      before.namespaces, after.namespaces, "Namespace",
      [](const Namespace& ns) { return std::pair{std::string(), ns.name}; },
      [](const Namespace& a, const Namespace& b) { return a.labels == b.labels; }, &diff.objects);
  DiffObjects(
      before.policies, after.policies, "NetworkPolicy",
      [](const NetworkPolicy& p) { return std::pair{p.namespace_name, p.name}; },
      [](const NetworkPolicy& a, const NetworkPolicy& b) { return Stripped(a) == Stripped(b); },
      &diff.objects);
  for (ClusterPolicyKind kind :
       {ClusterPolicyKind::kAdminNetworkPolicy, ClusterPolicyKind::kBaselineAdminNetworkPolicy,
        ClusterPolicyKind::kClusterNetworkPolicy}) {
    DiffObjects(
        OfKind(before.cluster_policies, kind), OfKind(after.cluster_policies, kind),
        ClusterPolicyKindName(kind),
        [](const ClusterPolicy& p) { return std::pair{std::string(), p.name}; },
        [](const ClusterPolicy& a, const ClusterPolicy& b) { return Stripped(a) == Stripped(b); },
        &diff.objects);
  }
  DiffObjects(
      before.pods, after.pods, "Pod",
      [](const Pod& p) { return std::pair{p.namespace_name, p.name}; },
      [](const Pod& a, const Pod& b) { return Stripped(a) == Stripped(b); }, &diff.objects);
  std::stable_sort(diff.objects.begin(), diff.objects.end(),
                   [](const ObjectChange& a, const ObjectChange& b) {
                     return std::tie(a.kind, a.namespace_name, a.name) <
                            std::tie(b.kind, b.namespace_name, b.name);
                   });

  std::map<std::string, DiffEndpoint> pods;
  for (PodId id = 0; id < before.pods.size(); ++id) {
    DiffEndpoint& end = pods[before.pods[id].Id()];
    end.before = Endpoint::ForPod(id);
    end.namespace_name = before.pods[id].namespace_name;
  }
  for (PodId id = 0; id < after.pods.size(); ++id) {
    DiffEndpoint& end = pods[after.pods[id].Id()];
    end.after = Endpoint::ForPod(id);
    end.namespace_name = after.pods[id].namespace_name;
  }
  // A replica kept apart from its workload on one side only (an ipBlock
  // added or removed tells it from its siblings) was, or still is, part of
  // the workload's endpoint on the other side: compare it with that.
  for (auto& [id, end] : pods) {
    if (end.before && !end.after) {
      const auto workload = pods.find(before.pods[*end.before->pod].replica_of);
      if (workload != pods.end() && workload->second.after) end.after = workload->second.after;
    } else if (end.after && !end.before) {
      const auto workload = pods.find(after.pods[*end.after->pod].replica_of);
      if (workload != pods.end() && workload->second.before) end.before = workload->second.before;
    }
  }
  std::vector<DiffEndpoint> endpoints;
  for (auto& [id, end] : pods) {
    end.id = id;
    end.is_pod = true;
    endpoints.push_back(end);
  }
  for (const ExternalBlock& block : PartitionExternalAddresses(before, IpBlockCidrs(after))) {
    DiffEndpoint end;
    end.id = block.Id();
    end.before = end.after = Endpoint::ForAddress(block.Representative());
    endpoints.push_back(std::move(end));
  }

  const Evaluator before_eval(before, options);
  const Evaluator after_eval(after, options);
  const CauseFinder causes(diff, before_eval, after_eval);
  for (const DiffEndpoint& from : endpoints) {
    for (const DiffEndpoint& to : endpoints) {
      if (from.id == to.id || (!from.is_pod && !to.is_pod)) continue;
      ConnectionChange change;
      change.from = from.id;
      change.to = to.id;
      change.before = Allowed(before_eval, from.before, to.before);
      change.after = Allowed(after_eval, from.after, to.after);
      if (change.before == change.after) continue;
      change.kind = change.before.IsEmpty()  ? ConnectionChange::Kind::kNewlyAllowed
                    : change.after.IsEmpty() ? ConnectionChange::Kind::kNewlyDenied
                                             : ConnectionChange::Kind::kPortsChanged;
      change.causes = causes.Find(from, to);
      diff.connections.push_back(std::move(change));
    }
  }
  return diff;
}

Cluster AddObjects(const Cluster& base, const Cluster& added) {
  Cluster result = base;
  for (const Namespace& ns : added.namespaces) {
    if (!ns.declared) continue;  // only referenced by the added objects
    auto it = std::find_if(result.namespaces.begin(), result.namespaces.end(),
                           [&](const Namespace& n) { return n.name == ns.name; });
    if (it != result.namespaces.end()) {
      *it = ns;
    } else {
      result.namespaces.push_back(ns);
    }
  }
  for (const Pod& pod : added.pods) Upsert(result.pods, pod);
  for (const NetworkPolicy& policy : added.policies) Upsert(result.policies, policy);
  for (const ClusterPolicy& policy : added.cluster_policies) {
    auto it = std::find_if(result.cluster_policies.begin(), result.cluster_policies.end(),
                           [&](const ClusterPolicy& p) {
                             return p.kind == policy.kind && p.name == policy.name;
                           });
    if (it != result.cluster_policies.end()) {
      *it = policy;
    } else {
      result.cluster_policies.push_back(policy);
    }
  }
  result.Finalize();
  return result;
}

bool RemoveObject(Cluster* cluster, const std::string& reference, std::string* error) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = reference.find('/', start);
    parts.push_back(reference.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string kind = parts[0];
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool empty_part =
      std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); });
  auto erase = [&](auto& objects, const char* kind_name) {
    const auto it = std::find_if(objects.begin(), objects.end(), [&](const auto& object) {
      return object.namespace_name == parts[1] && object.name == parts[2];
    });
    if (it == objects.end()) {
      *error = fmt::format("no {} {}/{} in the input", kind_name, parts[1], parts[2]);
      return false;
    }
    objects.erase(it);
    return true;
  };
  if (!empty_part && parts.size() == 3 && kind == "networkpolicy") {
    return erase(cluster->policies, "NetworkPolicy");
  }
  if (!empty_part && parts.size() == 3 && kind == "pod") return erase(cluster->pods, "Pod");
  for (ClusterPolicyKind cluster_kind :
       {ClusterPolicyKind::kAdminNetworkPolicy, ClusterPolicyKind::kBaselineAdminNetworkPolicy,
        ClusterPolicyKind::kClusterNetworkPolicy}) {
    std::string name = ClusterPolicyKindName(cluster_kind);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (empty_part || parts.size() != 2 || kind != name) continue;
    auto& policies = cluster->cluster_policies;
    auto it = std::find_if(policies.begin(), policies.end(), [&](const ClusterPolicy& p) {
      return p.kind == cluster_kind && p.name == parts[1];
    });
    if (it == policies.end()) {
      *error = fmt::format("no {} {} in the input", ClusterPolicyKindName(cluster_kind), parts[1]);
      return false;
    }
    policies.erase(it);
    return true;
  }
  if (!empty_part && parts.size() == 2 && kind == "namespace") {
    auto it = std::find_if(cluster->namespaces.begin(), cluster->namespaces.end(),
                           [&](const Namespace& ns) { return ns.name == parts[1] && ns.declared; });
    if (it == cluster->namespaces.end()) {
      *error = fmt::format("no Namespace {} in the input", parts[1]);
      return false;
    }
    // Finalize() re-creates it, with no labels but its name, when objects remain in it.
    cluster->namespaces.erase(it);
    cluster->Finalize();
    return true;
  }
  *error = fmt::format("expected NetworkPolicy/NAMESPACE/NAME, Pod/NAMESPACE/NAME, "
                       "Namespace/NAME, AdminNetworkPolicy/NAME, BaselineAdminNetworkPolicy/NAME "
                       "or ClusterNetworkPolicy/NAME, got \"{}\"",
                       reference);
  return false;
}

}  // namespace netpol
