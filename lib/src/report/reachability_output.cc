#include "netpol/reachability_output.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/block_aliases.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

namespace {

// "a -[TCP 80]-> b -[UDP 53]-> c": a path with the ports of each hop.
std::string PathText(const AllowGraph& graph, const GraphPath& path,
                     report::BlockAliases& aliases) {
  std::string text;
  for (std::size_t i = 0; i < path.nodes.size(); ++i) {
    if (i > 0) {
      const NodeId from = path.nodes[i - 1];
      const NodeId to = path.nodes[i];
      text += fmt::format(" -[{}]-> ",
                          PortsWithL7(graph.PortsBetween(from, to), graph.L7Between(from, to)));
    }
    text += aliases.Name(graph.Node(path.nodes[i]).id);
  }
  return text;
}

}  // namespace

void WriteReachText(const AllowGraph& graph, NodeId start, bool towards,
                    const std::vector<Reached>& reached, std::ostream& out) {
  report::BlockAliases aliases;
  out << fmt::format("{} {}:\n", towards ? "Endpoints that can reach" : "Reachable from",
                     aliases.Name(graph.Node(start).id));
  std::vector<std::string> names;
  for (const Reached& r : reached) names.push_back(aliases.Name(graph.Node(r.node).id));
  std::size_t width = 8;
  for (const std::string& name : names) width = std::max(width, name.size());
  if (!reached.empty()) out << fmt::format("  hops  {:<{}}  path\n", "endpoint", width);
  std::size_t pods = 0;
  for (std::size_t i = 0; i < reached.size(); ++i) {
    const Reached& r = reached[i];
    if (graph.Node(r.node).kind == NodeKind::kPod) ++pods;
    out << fmt::format("  {:<4}  {:<{}}  {}\n", r.hops, names[i], width,
                       PathText(graph, r.path, aliases));
  }
  const std::size_t blocks = reached.size() - pods;
  out << fmt::format("{} endpoint{} ({} pod{}, {} external block{})\n", reached.size(),
                     reached.size() == 1 ? "" : "s", pods, pods == 1 ? "" : "s", blocks,
                     blocks == 1 ? "" : "s");
  aliases.WriteLegend(out);
}

void WritePathsText(const AllowGraph& graph, NodeId from, NodeId to,
                    const std::vector<GraphPath>& paths, std::size_t max_paths,
                    std::ostream& out) {
  report::BlockAliases aliases;
  out << fmt::format("Paths from {} to {}:\n", aliases.Name(graph.Node(from).id),
                     aliases.Name(graph.Node(to).id));
  for (std::size_t i = 0; i < paths.size(); ++i) {
    out << fmt::format("  {}. ({} hop{}) {}\n", i + 1, paths[i].Hops(),
                       paths[i].Hops() == 1 ? "" : "s", PathText(graph, paths[i], aliases));
  }
  if (paths.empty()) {
    out << "no allowed path\n";
  } else {
    out << fmt::format("{} path{}{}\n", paths.size(), paths.size() == 1 ? "" : "s",
                       paths.size() >= max_paths ? " (limit reached; raise --max for more)" : "");
  }
  aliases.WriteLegend(out);
}

NETPOL_NAMESPACE_END
