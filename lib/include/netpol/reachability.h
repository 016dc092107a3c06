// Blast radius and multi-hop paths over the allow-graph.
//
// Lateral movement: an attacker who controls a pod can open any connection
// the pod may open, and from every pod reached, again. Any allowed port
// counts as a hop. External address blocks are endpoints, never stepping
// stones: reaching "the internet" does not give control of another host
// in it, so paths only continue from pods (or from the starting block).
//
// Threads: these searches read a const AllowGraph and keep no state.
// Cost: ReachableFrom and ReachableTo are breadth-first searches, O(nodes +
// edges); SimplePaths enumerates paths, bounded by its limits.
#ifndef NETPOL_REACHABILITY_H_
#define NETPOL_REACHABILITY_H_

#include <optional>
#include <vector>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/endpoint.h"
#include "netpol/model.h"

NETPOL_NAMESPACE_BEGIN

/// The node standing for `endpoint`: its pod, or the external block
/// containing its address; nullopt when the graph has none.
std::optional<NodeId> NodeFor(const AllowGraph& graph, const Endpoint& endpoint,
                              const Cluster& cluster);

/// A path through the graph: nodes from the start, in order.
struct GraphPath {
  std::vector<NodeId> nodes;  ///< The start first; consecutive nodes share an edge.
  /// Edges on the path: nodes.size() - 1, or 0 for an empty path.
  std::size_t Hops() const { return nodes.empty() ? 0 : nodes.size() - 1; }
};

/// One endpoint reached, with a shortest path to it.
struct Reached {
  NodeId node{};   ///< The endpoint reached.
  int hops = 0;    ///< Edges on a shortest path.
  GraphPath path;  ///< From the start to `node` (or, for ReachableTo, from `node` to the target).
};

/// Every node reachable from `start` in at most `max_hops` hops (0 = no
/// limit), by breadth-first search; sorted by hops, then node order.
/// Precondition: `start` is a node of `graph` (else aborts).
std::vector<Reached> ReachableFrom(const AllowGraph& graph, NodeId start, int max_hops = 0);

/// Every node that can reach `target` in at most `max_hops` hops: BFS along
/// in-edges. Each path runs from the node to the target.
/// Precondition: `target` is a node of `graph` (else aborts).
std::vector<Reached> ReachableTo(const AllowGraph& graph, NodeId target, int max_hops = 0);

/// Simple paths from `from` to `to`, shortest first (then by node order),
/// at most `max_paths` of them and at most `max_hops` hops each (0 = no limit).
/// Precondition: both are nodes of `graph` (else aborts).
std::vector<GraphPath> SimplePaths(const AllowGraph& graph, NodeId from, NodeId to,
                                   std::size_t max_paths, int max_hops = 0);

NETPOL_NAMESPACE_END

#endif  // NETPOL_REACHABILITY_H_
