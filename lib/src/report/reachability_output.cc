#include "netpol/reachability_output.h"

#include <algorithm>

#include <fmt/format.h>

namespace netpol {

namespace {

// "a -[TCP 80]-> b -[UDP 53]-> c": a path with the ports of each hop.
std::string PathText(const AllowGraph& graph, const GraphPath& path) {
  std::string text;
  for (std::size_t i = 0; i < path.nodes.size(); ++i) {
    if (i > 0) {
      text += fmt::format(" -[{}]-> ",
                          graph.PortsBetween(path.nodes[i - 1], path.nodes[i]).ToString());
    }
    text += graph.Node(path.nodes[i]).id;
  }
  return text;
}

}  // namespace

void WriteReachText(const AllowGraph& graph, NodeId start, bool towards,
                    const std::vector<Reached>& reached, std::ostream& out) {
  out << fmt::format("{} {}:\n", towards ? "Endpoints that can reach" : "Reachable from",
                     graph.Node(start).id);
  std::size_t width = 8;
  for (const Reached& r : reached) width = std::max(width, graph.Node(r.node).id.size());
  if (!reached.empty()) out << fmt::format("  hops  {:<{}}  path\n", "endpoint", width);
  std::size_t pods = 0;
  for (const Reached& r : reached) {
    if (graph.Node(r.node).kind == NodeKind::kPod) ++pods;
    out << fmt::format("  {:<4}  {:<{}}  {}\n", r.hops, graph.Node(r.node).id, width,
                       PathText(graph, r.path));
  }
  const std::size_t blocks = reached.size() - pods;
  out << fmt::format("{} endpoint{} ({} pod{}, {} external block{})\n", reached.size(),
                     reached.size() == 1 ? "" : "s", pods, pods == 1 ? "" : "s", blocks,
                     blocks == 1 ? "" : "s");
}

void WritePathsText(const AllowGraph& graph, NodeId from, NodeId to,
                    const std::vector<GraphPath>& paths, std::size_t max_paths,
                    std::ostream& out) {
  out << fmt::format("Paths from {} to {}:\n", graph.Node(from).id, graph.Node(to).id);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    out << fmt::format("  {}. ({} hop{}) {}\n", i + 1, paths[i].Hops(),
                       paths[i].Hops() == 1 ? "" : "s", PathText(graph, paths[i]));
  }
  if (paths.empty()) {
    out << "no allowed path\n";
  } else {
    out << fmt::format("{} path{}{}\n", paths.size(), paths.size() == 1 ? "" : "s",
                       paths.size() >= max_paths ? " (limit reached; raise --max for more)" : "");
  }
}

}  // namespace netpol
