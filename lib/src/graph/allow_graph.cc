#include "netpol/allow_graph.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "netpol/class_engine.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

[[noreturn]] void Die(const char* message) {
  std::fprintf(stderr, "netpol: BuildAllowGraph: %s\n", message);
  std::abort();
}

}  // namespace

const char* NodeKindName(NodeKind kind) { return kind == NodeKind::kPod ? "Pod" : "IPBlock"; }

AllowGraph::AllowGraph() : out_begin_(1, 0), in_begin_(1, 0) {}

void AllowGraph::CheckNode(NodeId id, const char* accessor) const {
  if (Index(id) < nodes_.size()) return;
  std::fprintf(stderr, "netpol: AllowGraph::%s: node %u out of range (the graph has %zu nodes)\n",
               accessor, Index(id), nodes_.size());
  std::abort();
}

const GraphNode& AllowGraph::Node(NodeId id) const {
  CheckNode(id, "Node");
  return nodes_[Index(id)];
}

std::span<const GraphEdge> AllowGraph::OutEdges(NodeId from) const {
  CheckNode(from, "OutEdges");
  const std::uint32_t i = Index(from);
  const GraphEdge* row = edges_.data();
  return std::span<const GraphEdge>(row + out_begin_[i], row + out_begin_[i + 1]);
}

AllowGraph::InEdgeRange AllowGraph::InEdges(NodeId to) const {
  CheckNode(to, "InEdges");
  const std::uint32_t i = Index(to);
  return InEdgeRange(edges_.data(), in_edges_.data() + in_begin_[i],
                     in_edges_.data() + in_begin_[i + 1]);
}

std::optional<NodeId> AllowGraph::FindNode(std::string_view id) const {
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [&](std::uint32_t node, std::string_view key) {
                               return std::string_view(nodes_[node].id) < key;
                             });
  if (it == by_id_.end() || nodes_[*it].id != id) return std::nullopt;
  return NodeId{*it};
}

PortSet AllowGraph::PortsBetween(NodeId from, NodeId to) const {
  CheckNode(from, "PortsBetween");
  CheckNode(to, "PortsBetween");
  const std::span<const GraphEdge> row = OutEdges(from);
  auto it = std::lower_bound(row.begin(), row.end(), to, [](const GraphEdge& edge, NodeId target) {
    return edge.to < target;
  });
  return it != row.end() && it->to == to ? it->ports : PortSet::None();
}

void AllowGraph::IndexEdges() {
  const std::size_t node_count = nodes_.size();
  // In-edges: a counting sort of the edge indices by target. Edges are
  // visited in (from, to) order, so each node's in-edges come out by source.
  std::vector<std::uint32_t>& in_begin = in_begin_;
  in_begin.assign(node_count + 1, 0);
  for (const GraphEdge& edge : edges_) ++in_begin[Index(edge.to) + 1];
  for (std::size_t n = 0; n < node_count; ++n) in_begin[n + 1] += in_begin[n];
  std::vector<std::uint32_t> next(in_begin.begin(), in_begin.end() - 1);
  in_edges_.resize(edges_.size());
  for (std::uint32_t e = 0; e < edges_.size(); ++e) {
    in_edges_[next[Index(edges_[e].to)]++] = e;
  }

  by_id_.resize(node_count);
  for (std::uint32_t n = 0; n < node_count; ++n) by_id_[n] = n;
  std::stable_sort(by_id_.begin(), by_id_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return nodes_[a].id < nodes_[b].id; });
}

void AllowGraph::AttachL7(const ClassGraph& classes) {
  l7_.clear();
  node_class_.clear();
  if (classes.l7.empty()) return;
  for (const ClassEdgeL7& edge : classes.l7) l7_.push_back({edge.from, edge.to, edge.filters});
  std::map<std::string, std::uint32_t> block_class;
  for (std::size_t b = 0; b < classes.blocks.size(); ++b) {
    block_class[classes.blocks[b].Id()] = static_cast<std::uint32_t>(classes.PodClassCount() + b);
  }
  node_class_.reserve(nodes_.size());
  for (const GraphNode& node : nodes_) {
    node_class_.push_back(node.endpoint.pod ? classes.class_of_pod[*node.endpoint.pod]
                                            : block_class.at(node.id));
  }
}

const std::vector<L7Filter>& AllowGraph::L7Between(NodeId from, NodeId to) const {
  static const std::vector<L7Filter> kNone;
  CheckNode(from, "L7Between");
  CheckNode(to, "L7Between");
  if (l7_.empty() || from == to) return kNone;
  const std::pair<std::uint32_t, std::uint32_t> key{node_class_[Index(from)], node_class_[Index(to)]};
  auto it = std::lower_bound(l7_.begin(), l7_.end(), key, [](const ClassL7& e, const auto& k) {
    return std::make_pair(e.from, e.to) < k;
  });
  return it != l7_.end() && it->from == key.first && it->to == key.second ? it->filters : kNone;
}

AllowGraph BuildAllowGraph(const ClassGraph& classes, const Cluster& cluster) {
  if (classes.class_of_pod.size() != cluster.pods.size()) {
    Die("the class graph was computed from another cluster (pod counts differ)");
  }
  const std::size_t pod_count = cluster.pods.size();
  const std::size_t node_count = pod_count + classes.blocks.size();
  if (node_count > std::numeric_limits<std::uint32_t>::max()) Die("more than 2^32-1 endpoints");

  AllowGraph result;
  std::vector<GraphNode>& nodes = result.nodes_;
  nodes.reserve(node_count);
  for (PodId id = 0; id < pod_count; ++id) {
    const Pod& pod = cluster.pods[id];
    GraphNode node;
    node.kind = NodeKind::kPod;
    node.id = pod.Id();
    node.namespace_name = pod.namespace_name;
    node.name = pod.name;
    node.endpoint = Endpoint::ForPod(id);
    nodes.push_back(std::move(node));
  }
  for (const ExternalBlock& block : classes.blocks) {
    GraphNode node;
    node.kind = NodeKind::kIpBlock;
    node.id = block.Id();
    node.endpoint = Endpoint::ForAddress(block.Representative());
    node.block = block;
    nodes.push_back(std::move(node));
  }

  // Out-edges: each node's row in target order, expanded from its class's
  // edges (sorted by class, so rows are collected then sorted).
  std::vector<std::size_t> first_edge(classes.ClassCount() + 1, classes.edges.size());
  for (std::size_t i = classes.edges.size(); i-- > 0;) first_edge[classes.edges[i].from] = i;
  for (std::size_t c = classes.ClassCount(); c-- > 0;) {
    first_edge[c] = std::min(first_edge[c], first_edge[c + 1]);
  }
  std::vector<GraphEdge>& edges = result.edges_;
  std::vector<std::uint32_t>& out_begin = result.out_begin_;
  out_begin.assign(1, 0);
  out_begin.reserve(node_count + 1);
  std::vector<std::pair<std::uint32_t, PortSetId>> targets;
  auto expand = [&](ClassId source_class, std::uint32_t from) {
    targets.clear();
    for (std::size_t e = first_edge[source_class]; e < first_edge[source_class + 1]; ++e) {
      const ClassEdge& edge = classes.edges[e];
      if (classes.IsExternal(edge.to)) {
        const std::size_t block = edge.to - classes.PodClassCount();
        targets.push_back({static_cast<std::uint32_t>(pod_count + block), edge.ports});
        continue;
      }
      for (PodId to : classes.pod_classes[edge.to]) {
        if (to != from) targets.push_back({static_cast<std::uint32_t>(to), edge.ports});
      }
    }
    std::sort(targets.begin(), targets.end());
    for (const auto& [to, ports] : targets) {
      edges.push_back(GraphEdge{NodeId{from}, NodeId{to}, classes.port_sets.Get(ports)});
    }
    if (edges.size() > std::numeric_limits<std::uint32_t>::max()) Die("more than 2^32-1 edges");
    out_begin.push_back(static_cast<std::uint32_t>(edges.size()));
  };
  for (std::size_t pod = 0; pod < pod_count; ++pod) {
    expand(classes.class_of_pod[pod], static_cast<std::uint32_t>(pod));
  }
  for (std::size_t b = 0; b < classes.blocks.size(); ++b) {
    expand(static_cast<ClassId>(classes.PodClassCount() + b),
           static_cast<std::uint32_t>(pod_count + b));
  }

  result.IndexEdges();
  result.AttachL7(classes);
  return result;
}

NETPOL_NAMESPACE_END
