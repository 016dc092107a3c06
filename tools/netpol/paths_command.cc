// `netpol paths`: the allowed multi-hop paths between two endpoints.
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"
#include "endpoint_args.h"

namespace netpol::cli {
namespace {

struct PathsOptions {
  std::string from;
  std::string to;
  int max = 10;
  int hops = 0;
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunPaths(const PathsOptions& options, Io& io) {
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  const AllowGraph& graph = analysis->allow_graph();
  auto sources = ResolveNodeArg("--from", options.from, *analysis, io);
  if (!sources) return kExitUsage;
  auto destinations = ResolveNodeArg("--to", options.to, *analysis, io);
  if (!destinations) return kExitUsage;
  std::ostringstream out;
  bool first = true;
  bool unreachable = false;  // some pair has no allowed path: exit 1, as a finding
  const auto max = static_cast<std::size_t>(options.max);
  for (NodeId from : *sources) {
    for (NodeId to : *destinations) {
      if (from == to) continue;
      if (!first) out << "\n";
      first = false;
      const std::vector<GraphPath> found = SimplePaths(graph, from, to, max, options.hops);
      unreachable = unreachable || found.empty();
      WritePathsText(graph, from, to, found, max, out);
    }
  }
  if (first) {
    io.err << "netpol: --from and --to denote the same endpoint\n";
    return kExitUsage;
  }
  io.out << out.str();
  return unreachable ? kExitFindings : kExitOk;
}

}  // namespace

void SetUpPathsCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<PathsOptions>();
  sub.add_option("--from", options->from, "Source: namespace/name, a label selector, or an IP")
      ->required();
  sub.add_option("--to", options->to, "Destination: namespace/name, a label selector, or an IP")
      ->required();
  sub.add_option("--max", options->max, "At most this many paths")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub.add_option("--hops", options->hops, "At most this many hops per path (0 = no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Simple paths (no endpoint twice) over the allow-graph, shortest first, with\n"
      "the allowed ports of each hop. External address blocks are never intermediate\n"
      "hops.\n\n"
      "Exit status: 0 every pair has an allowed path, 1 some pair has none (\"no allowed\n"
      "path\"), 2 bad input.\n\n"
      "Examples:\n"
      "  netpol paths --from netpol-demo/frontend --to netpol-demo/database examples/netpol-demo-fixed/\n"
      "  netpol paths --from po/netpol-demo/frontend --to po/netpol-demo/database --hops 2 \\\n"
      "      -f examples/netpol-demo-fixed/");
  action = [options](Io& io) { return RunPaths(*options, io); };
}

}  // namespace netpol::cli
