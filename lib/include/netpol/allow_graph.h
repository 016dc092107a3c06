// The allow-graph: a directed graph whose nodes are endpoints (pods and
// external address blocks) and whose edges carry the exact set of ports
// allowed from source to destination. An edge exists iff something is allowed.
//
// Nodes are named by NodeId, a dense index: pods first, in PodId order (so a
// pod's NodeId is its PodId), then the external blocks in
// PartitionExternalAddresses order. Self edges are never stored (pod-to-itself
// traffic is not reported: CNIs differ and upstream conformance ignores it).
//
// Storage is compressed sparse rows (CSR): all edges in one array sorted by
// (from, to), a row offset per node for the out-edges, and the in-edges as a
// second row-indexed array of edge indices sorted by (to, from).
// Costs:
//  - memory per edge: sizeof(GraphEdge) (80 bytes on x86-64: two 4-byte ids
//    and a PortSet), 8 heap bytes per port range of the set, and a 4-byte
//    in-edge index; per node: its GraphNode (224 bytes plus its strings),
//    two 4-byte row offsets and a 4-byte entry of the id index.
//  - Node, OutEdges, InEdges: O(1). PortsBetween: O(log out-degree), binary
//    search in the sorted row, plus a copy of the port set. FindNode:
//    O(log n) string comparisons.
// Threads: built once by BuildAllowGraph and never changed afterwards: a const
// AllowGraph holds no caches and no mutable state, so any number of threads
// may read it at once.
#ifndef NETPOL_ALLOW_GRAPH_H_
#define NETPOL_ALLOW_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/endpoint.h"
#include "netpol/l7_filter.h"
#include "netpol/model.h"
#include "netpol/port_set.h"

NETPOL_NAMESPACE_BEGIN

struct ClassGraph;
class EndpointFilter;

/// A node of the allow-graph: an index in [0, AllowGraph::NodeCount()). A
/// strong type, so a PodId or a size_t never passes for one by accident.
enum class NodeId : std::uint32_t {};

/// The index behind `id`, for arrays indexed by node and for output.
constexpr std::uint32_t Index(NodeId id) { return static_cast<std::uint32_t>(id); }

/// What a node stands for.
enum class NodeKind { kPod, kIpBlock };
/// "Pod" or "IPBlock".
const char* NodeKindName(NodeKind kind);

/// One endpoint of the graph.
struct GraphNode {
  NodeKind kind = NodeKind::kPod;  ///< A pod or an external address block.
  /// Stable id: "namespace/name" for pods, ExternalBlock::Id() for blocks.
  std::string id;
  std::string namespace_name;  ///< Pods only.
  std::string name;            ///< Pods only.
  Endpoint endpoint;           ///< What the evaluator is asked about (a block's representative).
  std::optional<ExternalBlock> block;  ///< IP blocks only.
  /// Selected by the filter the graph was built with (graph_filter.h); a
  /// node shown only because it is at the other end of a selected one's
  /// edge is not. Always true without a filter.
  bool selected = true;
};

/// One allowed connection: `from` may reach `to` on `ports` (never empty).
struct GraphEdge {
  NodeId from{};  ///< The source node.
  NodeId to{};    ///< The destination node.
  PortSet ports;  ///< The allowed ports; not empty.
};

/// The allow-graph, read through const accessors; BuildAllowGraph makes it.
/// Precondition of every accessor taking a NodeId: the id is below
/// NodeCount(). An id out of range is not undefined behaviour: the accessor
/// prints which one to stderr and aborts.
class AllowGraph {
 public:
  /// The node ids in order, 0 to NodeCount() - 1: `for (NodeId n : g.NodeIds())`.
  class NodeIdRange {
   public:
    /// Yields consecutive NodeIds.
    class Iterator {
     public:
      using value_type = NodeId;                            ///< For std algorithms.
      using difference_type = std::ptrdiff_t;               ///< For std algorithms.
      using pointer = const NodeId*;                        ///< For std algorithms.
      using reference = NodeId;                             ///< For std algorithms.
      Iterator() = default;
      /// Starts at index `index`.
      explicit Iterator(std::uint32_t index) : index_(index) {}
      /// The current id.
      NodeId operator*() const { return NodeId{index_}; }
      /// Moves to the next id.
      Iterator& operator++() {
        ++index_;
        return *this;
      }
      /// Moves to the next id, returning the previous position.
      Iterator operator++(int) {
        Iterator old = *this;
        ++index_;
        return old;
      }
      /// Same position.
      bool operator==(const Iterator&) const = default;

     private:
      std::uint32_t index_ = 0;
    };
    /// The ids [0, count).
    explicit NodeIdRange(std::uint32_t count) : count_(count) {}
    /// The first id.
    Iterator begin() const { return Iterator(0); }
    /// Past the last id.
    Iterator end() const { return Iterator(count_); }
    /// The number of ids.
    std::size_t size() const { return count_; }

   private:
    std::uint32_t count_;
  };

  /// A node's in-edges, in source order: a view into the graph, valid while
  /// the graph lives. Iterating yields `const GraphEdge&`.
  class InEdgeRange {
   public:
    /// Yields the edges named by a run of edge indices.
    class Iterator {
     public:
      using value_type = GraphEdge;                         ///< For std algorithms.
      using difference_type = std::ptrdiff_t;               ///< For std algorithms.
      using pointer = const GraphEdge*;                     ///< For std algorithms.
      using reference = const GraphEdge&;                   ///< For std algorithms.
      Iterator() = default;
      /// At `index` of the in-edge indices, resolved in `edges`.
      Iterator(const GraphEdge* edges, const std::uint32_t* index) : edges_(edges), index_(index) {}
      /// The current edge.
      const GraphEdge& operator*() const { return edges_[*index_]; }
      /// The current edge's members.
      const GraphEdge* operator->() const { return &edges_[*index_]; }
      /// Moves to the next edge.
      Iterator& operator++() {
        ++index_;
        return *this;
      }
      /// Moves to the next edge, returning the previous position.
      Iterator operator++(int) {
        Iterator old = *this;
        ++index_;
        return old;
      }
      /// Same position.
      bool operator==(const Iterator& other) const { return index_ == other.index_; }

     private:
      const GraphEdge* edges_ = nullptr;
      const std::uint32_t* index_ = nullptr;
    };
    /// The edges `edges[i]` for every i in [first, last).
    InEdgeRange(const GraphEdge* edges, const std::uint32_t* first, const std::uint32_t* last)
        : edges_(edges), first_(first), last_(last) {}
    /// The first in-edge.
    Iterator begin() const { return Iterator(edges_, first_); }
    /// Past the last in-edge.
    Iterator end() const { return Iterator(edges_, last_); }
    /// The in-degree.
    std::size_t size() const { return static_cast<std::size_t>(last_ - first_); }
    /// No in-edge.
    bool empty() const { return first_ == last_; }
    /// The i-th in-edge (i < size()).
    const GraphEdge& operator[](std::size_t i) const { return edges_[first_[i]]; }

   private:
    const GraphEdge* edges_;
    const std::uint32_t* first_;
    const std::uint32_t* last_;
  };

  /// The empty graph: no node, no edge.
  AllowGraph();

  /// Pods plus external blocks.
  std::size_t NodeCount() const { return nodes_.size(); }
  /// Allowed ordered pairs of distinct endpoints.
  std::size_t EdgeCount() const { return edges_.size(); }

  /// Every node id, in node order.
  NodeIdRange NodeIds() const { return NodeIdRange(static_cast<std::uint32_t>(nodes_.size())); }
  /// Every edge, sorted by (from, to).
  std::span<const GraphEdge> Edges() const { return edges_; }

  /// The node `id` stands for. Aborts when `id` is out of range.
  const GraphNode& Node(NodeId id) const;
  /// The edges leaving `from`, sorted by target. Aborts when `from` is out of range.
  std::span<const GraphEdge> OutEdges(NodeId from) const;
  /// The edges arriving at `to`, sorted by source: exactly the out-edges of
  /// every node that end at `to`. Aborts when `to` is out of range.
  InEdgeRange InEdges(NodeId to) const;
  /// The node whose GraphNode::id is `id`; nullopt when there is none.
  std::optional<NodeId> FindNode(std::string_view id) const;
  /// The allowed ports from `from` to `to`; empty when there is no edge
  /// (always for from == to). Aborts when either id is out of range.
  PortSet PortsBetween(NodeId from, NodeId to) const;
  /// The ports of the edge from -> to allowed only subject to L7 filtering
  /// (Verdict::l7), by L7 protocol; empty when none or no edge. Aborts when
  /// either id is out of range.
  const std::vector<L7Filter>& L7Between(NodeId from, NodeId to) const;

 private:
  friend AllowGraph BuildAllowGraph(const ClassGraph& classes, const Cluster& cluster);
  friend AllowGraph BuildAllowGraph(const ClassGraph& classes, const Cluster& cluster,
                                    const EndpointFilter& filter);

  // Builds the in-edge index and the id index from nodes_, edges_ and out_begin_.
  void IndexEdges();
  // Keeps the L7 annotations of `classes` and each node's class (only when
  // there are any).
  void AttachL7(const ClassGraph& classes);

  // Aborts with a message naming `accessor` unless `id` < NodeCount().
  void CheckNode(NodeId id, const char* accessor) const;

  std::vector<GraphNode> nodes_;
  std::vector<GraphEdge> edges_;          // sorted by (from, to)
  std::vector<std::uint32_t> out_begin_;  // NodeCount() + 1 offsets into edges_
  std::vector<std::uint32_t> in_begin_;   // NodeCount() + 1 offsets into in_edges_
  std::vector<std::uint32_t> in_edges_;   // indices into edges_, sorted by (to, from)
  std::vector<std::uint32_t> by_id_;      // node indices sorted by GraphNode::id
  struct ClassL7 {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    std::vector<L7Filter> filters;
  };
  std::vector<ClassL7> l7_;               // ClassGraph::l7, sorted by (from, to)
  std::vector<std::uint32_t> node_class_; // each node's class, when l7_ is not empty
};

/// Expands the class-level graph `classes`, computed by ComputeClassGraph
/// (class_engine.h) from `cluster`, to every ordered pair of distinct
/// endpoints (pod-pod, pod-block, block-pod):
///   BuildAllowGraph(ComputeClassGraph(cluster, options), cluster)
AllowGraph BuildAllowGraph(const ClassGraph& classes, const Cluster& cluster);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ALLOW_GRAPH_H_
