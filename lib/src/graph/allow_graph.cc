#include "netpol/allow_graph.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "netpol/class_engine.h"

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
  // Classes are computed once, then expanded: each pod's out-edges in target
  // order, exactly as a pair-by-pair evaluation would add them.
  const ClassGraph classes = ComputeClassGraph(cluster, evaluator.options());
  const std::size_t pod_count = cluster.pods.size();
  std::vector<std::size_t> first_edge(classes.ClassCount() + 1, classes.edges.size());
  for (std::size_t i = classes.edges.size(); i-- > 0;) first_edge[classes.edges[i].from] = i;
  for (std::size_t c = classes.ClassCount(); c-- > 0;) {
    first_edge[c] = std::min(first_edge[c], first_edge[c + 1]);
  }
  auto expand = [&](ClassId source_class, GraphVertex from) {
    std::vector<std::pair<GraphVertex, PortSetId>> targets;
    for (std::size_t e = first_edge[source_class]; e < first_edge[source_class + 1]; ++e) {
      const ClassEdge& edge = classes.edges[e];
      if (classes.IsExternal(edge.to)) {
        targets.push_back({pod_count + (edge.to - classes.PodClassCount()), edge.ports});
        continue;
      }
      for (PodId to : classes.pod_classes[edge.to]) {
        if (to != from) targets.push_back({to, edge.ports});
      }
    }
    std::sort(targets.begin(), targets.end());
    for (const auto& [to, ports] : targets) {
      boost::add_edge(from, to, GraphEdge{classes.port_sets.Get(ports)}, g);
    }
  };
  for (PodId pod = 0; pod < pod_count; ++pod) expand(classes.class_of_pod[pod], pod);
  for (std::size_t b = 0; b < classes.blocks.size(); ++b) {
    expand(static_cast<ClassId>(classes.PodClassCount() + b), pod_count + b);
  }
  return result;
}

}  // namespace netpol
