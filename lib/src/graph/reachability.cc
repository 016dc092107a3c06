#include "netpol/reachability.h"

#include <algorithm>
#include <limits>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/visitors.hpp>

namespace netpol {
namespace {

constexpr int kUnreached = std::numeric_limits<int>::max();

// Keeps the edges that leave a pod or the search's start: external blocks
// are endpoints, not stepping stones.
template <typename Graph>
struct LeavesPodOrStart {
  const Graph* graph = nullptr;
  const AllowGraphType* allow = nullptr;
  GraphVertex start = 0;

  template <typename Edge>
  bool operator()(const Edge& e) const {
    const GraphVertex from = boost::source(e, *graph);
    return from == start || (*allow)[from].kind == NodeKind::kPod;
  }
};

struct BfsResult {
  std::vector<int> distance;
  std::vector<GraphVertex> predecessor;
};

// Breadth-first search from `start` over `graph` (the allow-graph or its
// reverse), moving on only from pods and from the start.
template <typename Graph>
BfsResult Bfs(const Graph& graph, const AllowGraphType& allow, GraphVertex start) {
  const std::size_t n = boost::num_vertices(allow);
  BfsResult result{std::vector<int>(n, kUnreached), std::vector<GraphVertex>(n)};
  for (GraphVertex v = 0; v < n; ++v) result.predecessor[v] = v;
  result.distance[start] = 0;
  LeavesPodOrStart<Graph> keep{&graph, &allow, start};
  boost::filtered_graph<Graph, LeavesPodOrStart<Graph>> filtered(graph, keep);
  boost::breadth_first_search(
      filtered, start,
      boost::visitor(boost::make_bfs_visitor(std::make_pair(
          boost::record_distances(result.distance.data(), boost::on_tree_edge()),
          boost::record_predecessors(result.predecessor.data(), boost::on_tree_edge())))));
  return result;
}

std::vector<Reached> Collect(const BfsResult& bfs, GraphVertex start, int max_hops,
                             bool reverse) {
  std::vector<Reached> reached;
  for (GraphVertex v = 0; v < bfs.distance.size(); ++v) {
    const int hops = bfs.distance[v];
    if (v == start || hops == kUnreached || (max_hops > 0 && hops > max_hops)) continue;
    Reached r;
    r.vertex = v;
    r.hops = hops;
    for (GraphVertex at = v;; at = bfs.predecessor[at]) {
      r.path.vertices.push_back(at);
      if (at == start) break;
    }
    if (!reverse) std::reverse(r.path.vertices.begin(), r.path.vertices.end());
    reached.push_back(std::move(r));
  }
  std::stable_sort(reached.begin(), reached.end(),
                   [](const Reached& a, const Reached& b) { return a.hops < b.hops; });
  return reached;
}

// Depth-first enumeration of simple paths of exactly `length` hops, in
// vertex order; `to_target` (BFS distances to the target) prunes branches.
class PathEnumerator {
 public:
  PathEnumerator(const AllowGraphType& g, GraphVertex to, const std::vector<int>& to_target,
                 std::size_t max_paths, std::vector<GraphPath>* out)
      : g_(g), to_(to), to_target_(to_target), max_paths_(max_paths), out_(out),
        on_path_(boost::num_vertices(g), false) {}

  void Run(GraphVertex from, int length) {
    path_.vertices = {from};
    on_path_[from] = true;
    Visit(from, length);
    on_path_[from] = false;
  }

 private:
  void Visit(GraphVertex v, int remaining) {
    if (out_->size() >= max_paths_) return;
    if (v == to_) {
      if (remaining == 0) out_->push_back(path_);
      return;
    }
    if (remaining == 0) return;
    if (path_.vertices.size() > 1 && g_[v].kind != NodeKind::kPod) return;  // not a stepping stone
    std::vector<GraphVertex> next;
    for (auto [it, end] = boost::adjacent_vertices(v, g_); it != end; ++it) next.push_back(*it);
    std::sort(next.begin(), next.end());
    for (GraphVertex w : next) {
      if (on_path_[w] || to_target_[w] == kUnreached || to_target_[w] > remaining - 1) continue;
      on_path_[w] = true;
      path_.vertices.push_back(w);
      Visit(w, remaining - 1);
      path_.vertices.pop_back();
      on_path_[w] = false;
    }
  }

  const AllowGraphType& g_;
  GraphVertex to_;
  const std::vector<int>& to_target_;
  std::size_t max_paths_;
  std::vector<GraphPath>* out_;
  std::vector<bool> on_path_;
  GraphPath path_;
};

}  // namespace

std::optional<GraphVertex> VertexFor(const AllowGraph& graph, const Endpoint& endpoint,
                                     const Cluster& cluster) {
  if (endpoint.pod) return graph.FindVertex(cluster.pods[*endpoint.pod].Id());
  if (!endpoint.address) return std::nullopt;
  for (GraphVertex v = 0; v < graph.NodeCount(); ++v) {
    const GraphNode& node = graph.graph[v];
    if (!node.block) continue;
    for (const IpRange& range : node.block->ranges) {
      if (range.first <= *endpoint.address && *endpoint.address <= range.last) return v;
    }
  }
  return std::nullopt;
}

std::vector<Reached> ReachableFrom(const AllowGraph& graph, GraphVertex start, int max_hops) {
  return Collect(Bfs(graph.graph, graph.graph, start), start, max_hops, /*reverse=*/false);
}

std::vector<Reached> ReachableTo(const AllowGraph& graph, GraphVertex target, int max_hops) {
  const auto reversed = boost::make_reverse_graph(graph.graph);
  return Collect(Bfs(reversed, graph.graph, target), target, max_hops, /*reverse=*/true);
}

std::vector<GraphPath> SimplePaths(const AllowGraph& graph, GraphVertex from, GraphVertex to,
                                   std::size_t max_paths, int max_hops) {
  std::vector<GraphPath> paths;
  if (from == to || max_paths == 0) return paths;
  const auto reversed = boost::make_reverse_graph(graph.graph);
  const BfsResult to_target = Bfs(reversed, graph.graph, to);
  if (to_target.distance[from] == kUnreached) return paths;
  const int longest = max_hops > 0 ? max_hops : static_cast<int>(graph.NodeCount()) - 1;
  PathEnumerator enumerator(graph.graph, to, to_target.distance, max_paths, &paths);
  for (int length = to_target.distance[from]; length <= longest && paths.size() < max_paths;
       ++length) {
    enumerator.Run(from, length);
  }
  return paths;
}

}  // namespace netpol
