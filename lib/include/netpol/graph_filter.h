// Applying an EndpointFilter (endpoint_filter.h) to computed results: the
// allow-graph, a what-if diff, a blast radius. Computation stays exact over
// the whole cluster; these keep what a filtered output shows, the
// connections with a selected source or destination.
//
// The allow-graph is filtered on classes: -n and -l select whole classes
// (their members share namespace and labels), and only the pairs of class
// edges with a selected end are expanded, so `graph -n team0` on a large
// cluster costs the class graph plus the part shown. --focus on single pods
// selects part of a class; those classes are expanded member by member.
//
// Threads: these functions return filtered copies and keep no state.
// Cost: linear in the graph, diff or result they filter.
#ifndef NETPOL_GRAPH_FILTER_H_
#define NETPOL_GRAPH_FILTER_H_

#include <cstdint>
#include <vector>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/class_engine.h"
#include "netpol/endpoint_filter.h"
#include "netpol/graph_diff.h"
#include "netpol/model.h"
#include "netpol/reachability.h"

NETPOL_NAMESPACE_BEGIN

/// Which endpoints of a class graph a filter selects.
struct ClassSelection {
  /// Selected members of each class (a block: 0 or 1).
  std::vector<std::uint32_t> selected;
  /// Whether each pod is selected (1) or not (0), by PodId. Bytes rather
  /// than std::vector<bool>, whose specialisation costs every includer.
  std::vector<std::uint8_t> pod_selected;
  /// Selected endpoints in all.
  std::uint64_t endpoints = 0;
};

/// Evaluates `filter` on every class of `classes` (computed from
/// `cluster`): once per class, member by member only for --focus.
ClassSelection SelectClasses(const ClassGraph& classes, const Cluster& cluster,
                             const EndpointFilter& filter);

/// The allowed ordered pairs of distinct endpoints with a selected end.
std::uint64_t CountShownPairs(const ClassGraph& classes, const ClassSelection& selection);

/// The part of the allow-graph a filtered output shows: the edges with a
/// selected end, and the nodes that are selected or at an end of such an
/// edge (GraphNode::selected tells which), in the order BuildAllowGraph
/// gives them. Node ids are dense in this subset, so a pod's NodeId is no
/// longer its PodId (GraphNode::endpoint still names the pod). With a filter
/// that selects everything, equal to BuildAllowGraph(classes, cluster).
AllowGraph BuildAllowGraph(const ClassGraph& classes, const Cluster& cluster,
                           const EndpointFilter& filter);

/// Whether `node`, a node of a graph built from `cluster`, is selected.
bool SelectsNode(const EndpointFilter& filter, const GraphNode& node, const Cluster& cluster);

/// Whether `filter` selects some endpoint of `cluster` (an external block
/// is selected only through --focus on addresses).
bool SelectsAnyEndpoint(const EndpointFilter& filter, const Cluster& cluster);

/// The entries of a blast radius (ReachableFrom/ReachableTo over `graph`,
/// built from `cluster`) whose endpoint is selected, in their order.
std::vector<Reached> FilterReached(const std::vector<Reached>& reached, const AllowGraph& graph,
                                   const Cluster& cluster, const EndpointFilter& filter);

/// `diff` with only the connection changes that have a selected end. A pod
/// (named "ns/name" or "ns/name[Kind]") is selected when it is selected in
/// `before` or in `after` (its labels may change); an external block by its
/// ranges (ExternalBlock::Id() text). The changed objects are kept.
GraphDiff FilterGraphDiff(const GraphDiff& diff, const EndpointFilter& filter,
                          const Cluster& before, const Cluster& after);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_FILTER_H_
