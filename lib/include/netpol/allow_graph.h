// The allow-graph: a directed Boost.Graph whose vertices are endpoints (pods
// and external address blocks) and whose edges carry the exact set of ports
// allowed from source to destination. An edge exists iff something is allowed.
#ifndef NETPOL_ALLOW_GRAPH_H_
#define NETPOL_ALLOW_GRAPH_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "netpol/endpoint.h"
#include "netpol/evaluator.h"
#include "netpol/model.h"
#include "netpol/port_set.h"

namespace netpol {

enum class NodeKind { kPod, kIpBlock };
/// "Pod" or "IPBlock".
const char* NodeKindName(NodeKind kind);

struct GraphNode {
  NodeKind kind = NodeKind::kPod;
  /// Stable id: "namespace/name" for pods, ExternalBlock::Id() for blocks.
  std::string id;
  std::string namespace_name;  ///< Pods only.
  std::string name;            ///< Pods only.
  Endpoint endpoint;
  std::optional<ExternalBlock> block;  ///< IP blocks only.
};

struct GraphEdge {
  PortSet ports;
};

using AllowGraphType = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                             GraphNode, GraphEdge>;
using GraphVertex = boost::graph_traits<AllowGraphType>::vertex_descriptor;
using GraphEdgeRef = boost::graph_traits<AllowGraphType>::edge_descriptor;

/// The graph plus lookups. Vertices are in a stable order: pods sorted by
/// id, then external blocks sorted by address. Self edges are never added
/// (pod-to-itself traffic is not reported: CNIs differ and upstream
/// conformance ignores it).
struct AllowGraph {
  AllowGraphType graph;
  std::map<std::string, GraphVertex> vertex_by_id;

  std::optional<GraphVertex> FindVertex(const std::string& id) const;
  /// The allowed ports from `from` to `to`; empty when there is no edge.
  PortSet PortsBetween(GraphVertex from, GraphVertex to) const;
  std::size_t NodeCount() const { return boost::num_vertices(graph); }
  std::size_t EdgeCount() const { return boost::num_edges(graph); }
};

/// Evaluates every ordered pair of distinct endpoints (pod-pod, pod-block,
/// block-pod) and builds the graph.
AllowGraph BuildAllowGraph(const Evaluator& evaluator);

}  // namespace netpol

#endif  // NETPOL_ALLOW_GRAPH_H_
