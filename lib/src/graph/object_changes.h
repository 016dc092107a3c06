// The object changes between two clusters (DiffGraphs' GraphDiff::objects).
#ifndef NETPOL_GRAPH_OBJECT_CHANGES_H_
#define NETPOL_GRAPH_OBJECT_CHANGES_H_

#include <vector>

#include "netpol/graph_diff.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// ObjectChange::kind of a projectcalico.org/v3 NetworkPolicy (kubectl's
/// KIND.GROUP form), apart from the Kubernetes NetworkPolicy.
inline constexpr const char* kCalicoNetworkPolicyKind = "NetworkPolicy.projectcalico.org";

/// The Namespaces, NetworkPolicies, cluster-scoped policies, enforced Calico policies,
/// Calico Tiers and Pods that
/// were added, removed or modified (source locations ignored), sorted by
/// kind, namespace and name.
std::vector<ObjectChange> ObjectChanges(const Cluster& before, const Cluster& after);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_OBJECT_CHANGES_H_
