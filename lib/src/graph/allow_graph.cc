#include "netpol/allow_graph.h"

namespace netpol {

const char* NodeKindName(NodeKind kind) { return kind == NodeKind::kPod ? "Pod" : "IPBlock"; }

std::optional<GraphVertex> AllowGraph::FindVertex(const std::string& id) const {
  auto it = vertex_by_id.find(id);
  if (it == vertex_by_id.end()) return std::nullopt;
  return it->second;
}

PortSet AllowGraph::PortsBetween(GraphVertex from, GraphVertex to) const {
  auto [edge, exists] = boost::edge(from, to, graph);
  return exists ? graph[edge].ports : PortSet::None();
}

AllowGraph BuildAllowGraph(const Evaluator& evaluator) {
  const Cluster& cluster = evaluator.cluster();
  AllowGraph result;
  AllowGraphType& g = result.graph;
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    const Pod& pod = cluster.pods[id];
    GraphNode node;
    node.kind = NodeKind::kPod;
    node.id = pod.Id();
    node.namespace_name = pod.namespace_name;
    node.name = pod.name;
    node.endpoint = Endpoint::ForPod(id);
    result.vertex_by_id[node.id] = boost::add_vertex(std::move(node), g);
  }
  for (ExternalBlock& block : PartitionExternalAddresses(cluster)) {
    GraphNode node;
    node.kind = NodeKind::kIpBlock;
    node.id = block.Id();
    node.endpoint = Endpoint::ForAddress(block.Representative());
    node.block = std::move(block);
    result.vertex_by_id[node.id] = boost::add_vertex(std::move(node), g);
  }
  const std::size_t n = boost::num_vertices(g);
  for (GraphVertex from = 0; from < n; ++from) {
    for (GraphVertex to = 0; to < n; ++to) {
      if (from == to) continue;  // pod-to-itself traffic is not reported
      if (!g[from].endpoint.IsPod() && !g[to].endpoint.IsPod()) continue;
      PortSet allowed = evaluator.Evaluate(g[from].endpoint, g[to].endpoint).allowed;
      if (allowed.IsEmpty()) continue;
      boost::add_edge(from, to, GraphEdge{std::move(allowed)}, g);
    }
  }
  return result;
}

}  // namespace netpol
