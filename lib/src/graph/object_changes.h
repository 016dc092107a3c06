// The object changes between two clusters (DiffGraphs' GraphDiff::objects).
#ifndef NETPOL_GRAPH_OBJECT_CHANGES_H_
#define NETPOL_GRAPH_OBJECT_CHANGES_H_

#include <vector>

#include "netpol/graph_diff.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// The Namespaces, NetworkPolicies, cluster-scoped policies and Pods that
/// were added, removed or modified (source locations ignored), sorted by
/// kind, namespace and name.
std::vector<ObjectChange> ObjectChanges(const Cluster& before, const Cluster& after);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_OBJECT_CHANGES_H_
