// Blast radius and multi-hop paths over the allow-graph.
//
// Lateral movement: an attacker who controls a pod can open any connection
// the pod may open, and from every pod reached, again. Any allowed port
// counts as a hop. External address blocks are endpoints, never stepping
// stones: reaching "the internet" does not give control of another host
// in it, so paths only continue from pods (or from the starting block).
#ifndef NETPOL_REACHABILITY_H_
#define NETPOL_REACHABILITY_H_

#include <optional>
#include <vector>

#include "netpol/allow_graph.h"
#include "netpol/endpoint.h"
#include "netpol/model.h"

namespace netpol {

/// The vertex standing for `endpoint`: its pod, or the external block
/// containing its address.
std::optional<GraphVertex> VertexFor(const AllowGraph& graph, const Endpoint& endpoint,
                                     const Cluster& cluster);

/// A path through the graph: vertices from the start, in order.
struct GraphPath {
  std::vector<GraphVertex> vertices;
  std::size_t Hops() const { return vertices.empty() ? 0 : vertices.size() - 1; }
};

/// One endpoint reached, with a shortest path to it.
struct Reached {
  GraphVertex vertex = 0;
  int hops = 0;
  GraphPath path;  ///< From the start to `vertex` (or, for ReachableTo, from `vertex` to the target).
};

/// Every vertex reachable from `start` in at most `max_hops` hops (0 = no
/// limit), by breadth-first search; sorted by hops, then vertex order.
std::vector<Reached> ReachableFrom(const AllowGraph& graph, GraphVertex start, int max_hops = 0);

/// Every vertex that can reach `target` in at most `max_hops` hops: BFS on
/// the reversed graph. Each path runs from the vertex to the target.
std::vector<Reached> ReachableTo(const AllowGraph& graph, GraphVertex target, int max_hops = 0);

/// Simple paths from `from` to `to`, shortest first (then by vertex order),
/// at most `max_paths` of them and at most `max_hops` hops each (0 = no limit).
std::vector<GraphPath> SimplePaths(const AllowGraph& graph, GraphVertex from, GraphVertex to,
                                   std::size_t max_paths, int max_hops = 0);

}  // namespace netpol

#endif  // NETPOL_REACHABILITY_H_
