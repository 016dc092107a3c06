// Which objects differ between two clusters, source locations aside.
#include "graph/object_changes.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Copies without source locations, so that the same object read from two
// files compares equal.
void StripSelector(LabelSelector& selector) {
  selector.loc = {};
  selector.match_label_locs.clear();
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
  pod.label_locs.clear();
  for (ContainerPort& port : pod.ports) port.loc = {};
  return pod;
}

void StripEntity(CalicoEntityRule& entity) {
  entity.loc = {};
  for (auto* ports : {&entity.ports, &entity.not_ports}) {
    for (CalicoPort& port : *ports) port.loc = {};
  }
}

CalicoPolicy Stripped(CalicoPolicy policy) {
  policy.loc = {};
  for (auto* rules : {&policy.ingress, &policy.egress}) {
    for (CalicoRule& rule : *rules) {
      rule.loc = {};
      StripEntity(rule.source);
      StripEntity(rule.destination);
    }
  }
  return policy;
}

// The enforced Calico policies of one kind (staged ones decide nothing).
std::vector<CalicoPolicy> OfKind(const std::vector<CalicoPolicy>& policies, CalicoPolicyKind kind) {
  std::vector<CalicoPolicy> result;
  for (const CalicoPolicy& policy : policies) {
    if (policy.kind == kind) result.push_back(policy);
  }
  return result;
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

// "name" of a model name "name" or "name[i]" (Cilium `specs[i]`).
std::string ObjectName(const std::string& model_name) {
  const std::size_t bracket = model_name.rfind('[');
  if (bracket == std::string::npos || model_name.back() != ']') return model_name;
  return model_name.substr(0, bracket);
}

// The model policies of one Cilium object, locations stripped.
struct CiliumParts {
  std::string namespace_name;
  std::string name;
  SourceLoc loc;
  std::vector<NetworkPolicy> allows;
  std::vector<ClusterPolicy> denies;
};

// The Cilium objects of `cluster` of kind `kind` (by CiliumObject::kind),
// sorted by namespace and name. A CCNP's rules are read from their
// templates (Cluster::clusterwide_policies), not from the per-namespace
// copies.
std::vector<CiliumParts> CiliumObjects(const Cluster& cluster, const std::string& kind) {
  std::map<std::pair<std::string, std::string>, CiliumParts> objects;
  auto part = [&](const CiliumObject& object, const SourceLoc& loc) -> CiliumParts* {
    if (object.kind != kind) return nullptr;
    CiliumParts& parts = objects[{object.namespace_name, object.name}];
    parts.namespace_name = object.namespace_name;
    parts.name = object.name;
    if (!parts.loc.IsKnown()) parts.loc = loc;
    return &parts;
  };
  for (const std::vector<NetworkPolicy>* list : {&cluster.policies, &cluster.clusterwide_policies}) {
    for (const NetworkPolicy& policy : *list) {
      if (policy.kind == PolicyKind::kNetworkPolicy) continue;
      if (policy.kind == PolicyKind::kCiliumClusterwideNetworkPolicy &&
          !policy.clusterwide_namespaces) {
        continue;  // a copy of a template
      }
      if (CiliumParts* parts = part(CiliumObjectOf(policy), policy.loc)) {
        parts->allows.push_back(Stripped(policy));
      }
    }
  }
  for (const ClusterPolicy& policy : cluster.cluster_policies) {
    if (!IsCiliumDenyKind(policy.kind)) continue;
    if (CiliumParts* parts = part(CiliumObjectOf(policy), policy.loc)) {
      parts->denies.push_back(Stripped(policy));
    }
  }
  std::vector<CiliumParts> sorted;
  for (auto& [key, parts] : objects) sorted.push_back(std::move(parts));
  return sorted;
}

}  // namespace

bool IsCiliumDenyKind(ClusterPolicyKind kind) {
  return kind == ClusterPolicyKind::kCiliumNetworkPolicy ||
         kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy;
}

CiliumObject CiliumObjectOf(const NetworkPolicy& policy) {
  const bool clusterwide = policy.kind == PolicyKind::kCiliumClusterwideNetworkPolicy;
  return {PolicyKindName(policy.kind), clusterwide ? "" : policy.namespace_name,
          ObjectName(policy.name)};
}

CiliumObject CiliumObjectOf(const ClusterPolicy& policy) {
  const std::string name = ObjectName(policy.name);
  if (policy.kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy) {
    return {"CiliumClusterwideNetworkPolicy", "", name};
  }
  const std::size_t slash = name.find('/');
  return {"CiliumNetworkPolicy", name.substr(0, slash),
          slash == std::string::npos ? name : name.substr(slash + 1)};
}

std::vector<ObjectChange> ObjectChanges(const Cluster& before, const Cluster& after) {
  std::vector<ObjectChange> objects;
  DiffObjects(
      before.namespaces, after.namespaces, "Namespace",
      [](const Namespace& ns) { return std::pair{std::string(), ns.name}; },
      [](const Namespace& a, const Namespace& b) { return a.labels == b.labels; }, &objects);
  auto kubernetes_policies = [](const Cluster& cluster) {
    std::vector<NetworkPolicy> policies;
    for (const NetworkPolicy& p : cluster.policies) {
      if (p.kind == PolicyKind::kNetworkPolicy) policies.push_back(p);
    }
    return policies;
  };
  DiffObjects(
      kubernetes_policies(before), kubernetes_policies(after), "NetworkPolicy",
      [](const NetworkPolicy& p) { return std::pair{p.namespace_name, p.name}; },
      [](const NetworkPolicy& a, const NetworkPolicy& b) { return Stripped(a) == Stripped(b); },
      &objects);
  // Each Cilium policy as one object, whatever rules it was lowered into.
  for (const char* kind : {"CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"}) {
    DiffObjects(
        CiliumObjects(before, kind), CiliumObjects(after, kind), kind,
        [](const CiliumParts& p) { return std::pair{p.namespace_name, p.name}; },
        [](const CiliumParts& a, const CiliumParts& b) {
          return a.allows == b.allows && a.denies == b.denies;
        },
        &objects);
  }
  for (ClusterPolicyKind kind :
       {ClusterPolicyKind::kAdminNetworkPolicy, ClusterPolicyKind::kBaselineAdminNetworkPolicy,
        ClusterPolicyKind::kClusterNetworkPolicy}) {
    DiffObjects(
        OfKind(before.cluster_policies, kind), OfKind(after.cluster_policies, kind),
        ClusterPolicyKindName(kind),
        [](const ClusterPolicy& p) { return std::pair{std::string(), p.name}; },
        [](const ClusterPolicy& a, const ClusterPolicy& b) { return Stripped(a) == Stripped(b); },
        &objects);
  }
  // Calico's namespaced NetworkPolicy by its kubectl name, apart from the
  // Kubernetes kind of the same name.
  for (auto [kind, name] : {std::pair{CalicoPolicyKind::kNetworkPolicy, kCalicoNetworkPolicyKind},
                            std::pair{CalicoPolicyKind::kGlobalNetworkPolicy, "GlobalNetworkPolicy"}}) {
    DiffObjects(
        OfKind(before.calico_policies, kind), OfKind(after.calico_policies, kind), name,
        [](const CalicoPolicy& p) { return std::pair{p.namespace_name, p.name}; },
        [](const CalicoPolicy& a, const CalicoPolicy& b) { return Stripped(a) == Stripped(b); },
        &objects);
  }
  DiffObjects(
      before.calico_tiers, after.calico_tiers, "Tier",
      [](const CalicoTier& t) { return std::pair{std::string(), t.name}; },
      [](const CalicoTier& a, const CalicoTier& b) {
        return a.order == b.order && a.default_pass == b.default_pass;
      },
      &objects);
  DiffObjects(
      before.pods, after.pods, "Pod",
      [](const Pod& p) { return std::pair{p.namespace_name, p.name}; },
      [](const Pod& a, const Pod& b) { return Stripped(a) == Stripped(b); }, &objects);
  std::stable_sort(objects.begin(), objects.end(),
                   [](const ObjectChange& a, const ObjectChange& b) {
                     return std::tie(a.kind, a.namespace_name, a.name) <
                            std::tie(b.kind, b.namespace_name, b.name);
                   });
  return objects;
}

NETPOL_NAMESPACE_END
