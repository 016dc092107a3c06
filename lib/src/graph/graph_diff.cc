#include "netpol/graph_diff.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "netpol/kind_names.h"

#include "graph/class_diff.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

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
  const Evaluator before_eval(before, options);
  const Evaluator after_eval(after, options);
  return DiffOnClasses({&before_eval}, {&after_eval});
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

namespace {

// Whether `model_name` is the model name of a rule of object `object`: a
// Cilium policy's `spec` keeps the object's name, `specs[i]` is "name[i]".
bool NamesRuleOf(const std::string& model_name, const std::string& object) {
  return model_name == object ||
         (model_name.size() > object.size() + 2 && model_name.starts_with(object + "[") &&
          model_name.back() == ']');
}

// Removes CiliumNetworkPolicy NS/NAME (or CiliumClusterwideNetworkPolicy
// NAME): its allow rules (NetworkPolicies of its kind; a CCNP's rules are
// templates in clusterwide_policies with one copy per namespace) and its
// deny rules (Admin-tier ClusterPolicies named "NS/NAME" or "NAME").
Status RemoveCiliumPolicy(Cluster& cluster, bool clusterwide, const std::string& ns,
                          const std::string& name) {
  const PolicyKind kind =
      clusterwide ? PolicyKind::kCiliumClusterwideNetworkPolicy : PolicyKind::kCiliumNetworkPolicy;
  const ClusterPolicyKind deny_kind = clusterwide
                                          ? ClusterPolicyKind::kCiliumClusterwideNetworkPolicy
                                          : ClusterPolicyKind::kCiliumNetworkPolicy;
  auto allow_of = [&](const NetworkPolicy& p) {
    return p.kind == kind && (clusterwide || p.namespace_name == ns) && NamesRuleOf(p.name, name);
  };
  std::size_t removed = std::erase_if(cluster.policies, allow_of);
  removed += std::erase_if(cluster.clusterwide_policies, allow_of);
  const std::string deny_name = clusterwide ? name : ns + "/" + name;
  removed += std::erase_if(cluster.cluster_policies, [&](const ClusterPolicy& p) {
    return p.kind == deny_kind && NamesRuleOf(p.name, deny_name);
  });
  if (removed == 0) {
    return Status::NotFound(fmt::format(
        "no {} {} in the input (or none with a rule netpol models)",
        clusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy", deny_name));
  }
  return Status::Ok();
}

// The Calico policy kind `kind` names, if it is one.
std::optional<CalicoPolicyKind> CalicoKindOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kCalicoNetworkPolicy: return CalicoPolicyKind::kNetworkPolicy;
    case ObjectKind::kCalicoGlobalNetworkPolicy: return CalicoPolicyKind::kGlobalNetworkPolicy;
    case ObjectKind::kCalicoStagedNetworkPolicy: return CalicoPolicyKind::kStagedNetworkPolicy;
    case ObjectKind::kCalicoStagedGlobalNetworkPolicy:
      return CalicoPolicyKind::kStagedGlobalNetworkPolicy;
    default: return std::nullopt;
  }
}

}  // namespace

Status RemoveObject(Cluster* cluster, const std::string& reference) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = reference.find('/', start);
    parts.push_back(reference.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  // Any of kubectl's names for the kind: netpol, networkpolicies, deploy, ANP...
  const std::optional<ObjectKind> kind = ParseKindName(parts[0]);
  const bool empty_part =
      std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); });
  auto erase = [&](auto& objects, const char* kind_name) {
    const auto it = std::find_if(objects.begin(), objects.end(), [&](const auto& object) {
      return object.namespace_name == parts[1] && object.name == parts[2];
    });
    if (it == objects.end()) {
      return Status::NotFound(
          fmt::format("no {} {}/{} in the input", kind_name, parts[1], parts[2]));
    }
    objects.erase(it);
    return Status::Ok();
  };
  const bool namespaced_form = kind && !empty_part && parts.size() == 3 && !IsClusterScoped(*kind);
  const bool cluster_form = kind && !empty_part && parts.size() == 2 && IsClusterScoped(*kind);
  if (namespaced_form && *kind == ObjectKind::kNetworkPolicy) {
    // Only a networking.k8s.io one: a Cilium policy of the same name is
    // another object (CiliumNetworkPolicy/NS/NAME).
    const auto it = std::find_if(cluster->policies.begin(), cluster->policies.end(),
                                 [&](const NetworkPolicy& policy) {
                                   return policy.kind == PolicyKind::kNetworkPolicy &&
                                          policy.namespace_name == parts[1] &&
                                          policy.name == parts[2];
                                 });
    if (it == cluster->policies.end()) {
      return Status::NotFound(fmt::format("no NetworkPolicy {}/{} in the input", parts[1], parts[2]));
    }
    cluster->policies.erase(it);
    return Status::Ok();
  }
  if (namespaced_form && *kind == ObjectKind::kPod) return erase(cluster->pods, "Pod");
  if (namespaced_form && *kind == ObjectKind::kService) return erase(cluster->services, "Service");
  if (namespaced_form && IsWorkloadKind(*kind)) {
    // The workload's endpoint; its pods kept apart, and what it owns, go with it.
    const std::string kind_name = ObjectKindName(*kind);
    const auto it = std::find_if(cluster->pods.begin(), cluster->pods.end(), [&](const Pod& pod) {
      return pod.kind == kind_name && pod.namespace_name == parts[1] && pod.name == parts[2];
    });
    if (it == cluster->pods.end()) {
      return Status::NotFound(
          fmt::format("no {} {}/{} in the input", kind_name, parts[1], parts[2]));
    }
    const std::string id = it->Id();
    std::erase_if(cluster->pods, [&](const Pod& pod) { return pod.Id() == id || pod.replica_of == id; });
    return Status::Ok();
  }
  if ((namespaced_form || cluster_form) && (*kind == ObjectKind::kCiliumNetworkPolicy ||
                                             *kind == ObjectKind::kCiliumClusterwideNetworkPolicy)) {
    return RemoveCiliumPolicy(*cluster, *kind == ObjectKind::kCiliumClusterwideNetworkPolicy,
                              cluster_form ? "" : parts[1], parts.back());
  }
  if ((namespaced_form || cluster_form) && CalicoKindOf(*kind)) {
    const CalicoPolicyKind calico_kind = *CalicoKindOf(*kind);
    const std::string ns = cluster_form ? "" : parts[1];
    const std::size_t removed = std::erase_if(cluster->calico_policies, [&](const CalicoPolicy& p) {
      return p.kind == calico_kind && p.namespace_name == ns && p.name == parts.back();
    });
    if (removed == 0) {
      return Status::NotFound(fmt::format("no {} (projectcalico.org) {} in the input",
                                          CalicoPolicyKindName(calico_kind),
                                          ns.empty() ? parts.back() : ns + "/" + parts.back()));
    }
    return Status::Ok();
  }
  for (ClusterPolicyKind cluster_kind :
       {ClusterPolicyKind::kAdminNetworkPolicy, ClusterPolicyKind::kBaselineAdminNetworkPolicy,
        ClusterPolicyKind::kClusterNetworkPolicy}) {
    if (!cluster_form || ObjectKindName(*kind) != std::string(ClusterPolicyKindName(cluster_kind))) {
      continue;
    }
    auto& policies = cluster->cluster_policies;
    auto it = std::find_if(policies.begin(), policies.end(), [&](const ClusterPolicy& p) {
      return p.kind == cluster_kind && p.name == parts[1];
    });
    if (it == policies.end()) {
      return Status::NotFound(
          fmt::format("no {} {} in the input", ClusterPolicyKindName(cluster_kind), parts[1]));
    }
    policies.erase(it);
    return Status::Ok();
  }
  if (cluster_form && *kind == ObjectKind::kNamespace) {
    auto it = std::find_if(cluster->namespaces.begin(), cluster->namespaces.end(),
                           [&](const Namespace& ns) { return ns.name == parts[1] && ns.declared; });
    if (it == cluster->namespaces.end()) {
      return Status::NotFound(fmt::format("no Namespace {} in the input", parts[1]));
    }
    // Finalize() re-creates it, with no labels but its name, when objects remain in it.
    cluster->namespaces.erase(it);
    cluster->Finalize();
    return Status::Ok();
  }
  return Status::InvalidArgument(fmt::format(
      "expected NetworkPolicy/NAMESPACE/NAME, Pod/NAMESPACE/NAME, Service/NAMESPACE/NAME, "
      "Deployment/NAMESPACE/NAME (StatefulSet, DaemonSet, ReplicaSet), Namespace/NAME, "
      "AdminNetworkPolicy/NAME, BaselineAdminNetworkPolicy/NAME, ClusterNetworkPolicy/NAME, "
      "CiliumNetworkPolicy/NAMESPACE/NAME, CiliumClusterwideNetworkPolicy/NAME, "
      "networkpolicies.projectcalico.org/NAMESPACE/NAME or GlobalNetworkPolicy/NAME "
      "(kinds as kubectl names them: netpol, po, svc, deploy, sts, ds, rs, ns, anp, banp, "
      "cnp, ciliumnp, ccnp, gnp...), got \"{}\"",
      reference));
}

NETPOL_NAMESPACE_END
