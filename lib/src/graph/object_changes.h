// The object changes between two clusters (DiffGraphs' GraphDiff::objects).
#ifndef NETPOL_GRAPH_OBJECT_CHANGES_H_
#define NETPOL_GRAPH_OBJECT_CHANGES_H_

#include <string>
#include <vector>

#include "netpol/graph_diff.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// ObjectChange::kind of a projectcalico.org/v3 NetworkPolicy (kubectl's
/// KIND.GROUP form), apart from the Kubernetes NetworkPolicy.
inline constexpr const char* kCalicoNetworkPolicyKind = "NetworkPolicy.projectcalico.org";

/// The object a lowered Cilium rule comes from, as ObjectChange names it
/// (and RemoveObject takes it): its kind ("CiliumNetworkPolicy",
/// "CiliumClusterwideNetworkPolicy"), namespace ("" for a CCNP) and name.
/// One object is several model policies: an allow NetworkPolicy per rule
/// (`specs[i]` named "name[i]"; a CCNP's copied into each namespace) and a
/// deny ClusterPolicy per rule with deny rules ("ns/name" for a CNP).
struct CiliumObject {
  std::string kind;
  std::string namespace_name;
  std::string name;
  /// "CiliumNetworkPolicy/ns/name", "CiliumClusterwideNetworkPolicy//name":
  /// the key DiffGraphs' causes use for an ObjectChange.
  std::string Key() const { return kind + "/" + namespace_name + "/" + name; }
};
/// Of an allow policy whose kind is not kNetworkPolicy.
CiliumObject CiliumObjectOf(const NetworkPolicy& policy);
/// Of a deny policy of a Cilium ClusterPolicyKind.
CiliumObject CiliumObjectOf(const ClusterPolicy& policy);
/// Whether `kind` holds the deny rules of a Cilium policy.
bool IsCiliumDenyKind(ClusterPolicyKind kind);

/// The Namespaces, NetworkPolicies, Cilium policies, cluster-scoped policies, enforced Calico policies,
/// Calico Tiers and Pods that
/// were added, removed or modified (source locations ignored), sorted by
/// kind, namespace and name.
std::vector<ObjectChange> ObjectChanges(const Cluster& before, const Cluster& after);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_OBJECT_CHANGES_H_
