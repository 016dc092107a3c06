#include "netpol/reachability.h"

#include <algorithm>
#include <limits>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

constexpr int kUnreached = std::numeric_limits<int>::max();

struct BfsResult {
  std::vector<int> distance;        // by node index; kUnreached when not reached
  std::vector<NodeId> predecessor;  // by node index; the node itself when none
};

// Breadth-first search from `start` along out-edges (or, with `reverse`,
// along in-edges), moving on only from pods and from the start: external
// blocks are endpoints, not stepping stones. Neighbours are visited in node
// order, so the shortest path kept for each node is the first in that order.
BfsResult Bfs(const AllowGraph& graph, NodeId start, bool reverse) {
  graph.Node(start);  // checks the precondition before anything is indexed
  const std::size_t n = graph.NodeCount();
  BfsResult result{std::vector<int>(n, kUnreached), std::vector<NodeId>(n)};
  for (NodeId v : graph.NodeIds()) result.predecessor[Index(v)] = v;
  result.distance[Index(start)] = 0;
  std::vector<NodeId> queue = {start};
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const NodeId u = queue[head];
    if (u != start && graph.Node(u).kind != NodeKind::kPod) continue;
    auto visit = [&](NodeId w) {
      if (result.distance[Index(w)] != kUnreached) return;
      result.distance[Index(w)] = result.distance[Index(u)] + 1;
      result.predecessor[Index(w)] = u;
      queue.push_back(w);
    };
    if (reverse) {
      for (const GraphEdge& e : graph.InEdges(u)) visit(e.from);
    } else {
      for (const GraphEdge& e : graph.OutEdges(u)) visit(e.to);
    }
  }
  return result;
}

std::vector<Reached> Collect(const BfsResult& bfs, NodeId start, int max_hops, bool reverse) {
  std::vector<Reached> reached;
  for (std::uint32_t i = 0; i < bfs.distance.size(); ++i) {
    const NodeId v{i};
    const int hops = bfs.distance[i];
    if (v == start || hops == kUnreached || (max_hops > 0 && hops > max_hops)) continue;
    Reached r;
    r.node = v;
    r.hops = hops;
    for (NodeId at = v;; at = bfs.predecessor[Index(at)]) {
      r.path.nodes.push_back(at);
      if (at == start) break;
    }
    if (!reverse) std::reverse(r.path.nodes.begin(), r.path.nodes.end());
    reached.push_back(std::move(r));
  }
  std::stable_sort(reached.begin(), reached.end(),
                   [](const Reached& a, const Reached& b) { return a.hops < b.hops; });
  return reached;
}

// Depth-first enumeration of simple paths of exactly `length` hops, in
// node order; `to_target` (BFS distances to the target) prunes branches.
class PathEnumerator {
 public:
  PathEnumerator(const AllowGraph& g, NodeId to, const std::vector<int>& to_target,
                 std::size_t max_paths, std::vector<GraphPath>* out)
      : g_(g), to_(to), to_target_(to_target), max_paths_(max_paths), out_(out),
        on_path_(g.NodeCount(), false) {}

  void Run(NodeId from, int length) {
    path_.nodes = {from};
    on_path_[Index(from)] = true;
    Visit(from, length);
    on_path_[Index(from)] = false;
  }

 private:
  void Visit(NodeId v, int remaining) {
    if (out_->size() >= max_paths_) return;
    if (v == to_) {
      if (remaining == 0) out_->push_back(path_);
      return;
    }
    if (remaining == 0) return;
    // A block is not a stepping stone.
    if (path_.nodes.size() > 1 && g_.Node(v).kind != NodeKind::kPod) return;
    for (const GraphEdge& e : g_.OutEdges(v)) {  // sorted by target
      const NodeId w = e.to;
      const int distance = to_target_[Index(w)];
      if (on_path_[Index(w)] || distance == kUnreached || distance > remaining - 1) continue;
      on_path_[Index(w)] = true;
      path_.nodes.push_back(w);
      Visit(w, remaining - 1);
      path_.nodes.pop_back();
      on_path_[Index(w)] = false;
    }
  }

  const AllowGraph& g_;
  NodeId to_;
  const std::vector<int>& to_target_;
  std::size_t max_paths_;
  std::vector<GraphPath>* out_;
  std::vector<bool> on_path_;
  GraphPath path_;
};

}  // namespace

std::optional<NodeId> NodeFor(const AllowGraph& graph, const Endpoint& endpoint,
                              const Cluster& cluster) {
  if (endpoint.pod) return graph.FindNode(cluster.pods[*endpoint.pod].Id());
  if (!endpoint.address) return std::nullopt;
  for (NodeId v : graph.NodeIds()) {
    const GraphNode& node = graph.Node(v);
    if (!node.block) continue;
    for (const IpRange& range : node.block->ranges) {
      if (range.first <= *endpoint.address && *endpoint.address <= range.last) return v;
    }
  }
  return std::nullopt;
}

std::vector<Reached> ReachableFrom(const AllowGraph& graph, NodeId start, int max_hops) {
  return Collect(Bfs(graph, start, /*reverse=*/false), start, max_hops, /*reverse=*/false);
}

std::vector<Reached> ReachableTo(const AllowGraph& graph, NodeId target, int max_hops) {
  return Collect(Bfs(graph, target, /*reverse=*/true), target, max_hops, /*reverse=*/true);
}

std::vector<GraphPath> SimplePaths(const AllowGraph& graph, NodeId from, NodeId to,
                                   std::size_t max_paths, int max_hops) {
  graph.Node(from);  // checks the precondition
  graph.Node(to);
  std::vector<GraphPath> paths;
  if (from == to || max_paths == 0) return paths;
  const BfsResult to_target = Bfs(graph, to, /*reverse=*/true);
  if (to_target.distance[Index(from)] == kUnreached) return paths;
  const int longest = max_hops > 0 ? max_hops : static_cast<int>(graph.NodeCount()) - 1;
  PathEnumerator enumerator(graph, to, to_target.distance, max_paths, &paths);
  for (int length = to_target.distance[Index(from)]; length <= longest && paths.size() < max_paths;
       ++length) {
    enumerator.Run(from, length);
  }
  return paths;
}

NETPOL_NAMESPACE_END
