// `netpol reach`: blast radius, what a compromised endpoint reaches hop by hop.
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "endpoint_args.h"

namespace netpol::cli {
namespace {

struct ReachOptions {
  std::string from;
  std::string to;
  int hops = 0;
  EngineFlags engine;
  FilterFlags filter;
  std::vector<std::string> paths;
};

int RunReach(const ReachOptions& options, Io& io) {
  if (options.from.empty() == options.to.empty()) {
    io.err << "netpol: reach needs exactly one of --from SRC or --to DST\n";
    return kExitUsage;
  }
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  const AllowGraph& graph = analysis->allow_graph();
  const bool towards = !options.to.empty();
  auto starts = ResolveNodeArg(towards ? "--to" : "--from", towards ? options.to : options.from,
                                *analysis, io);
  if (!starts) return kExitUsage;
  const std::optional<EndpointFilter> filter = ResolveFilter(options.filter, {*analysis}, io);
  if (!filter) return kExitUsage;
  std::ostringstream out;
  for (std::size_t i = 0; i < starts->size(); ++i) {
    if (i > 0) out << "\n";
    const NodeId start = (*starts)[i];
    std::vector<Reached> reached = towards ? ReachableTo(graph, start, options.hops)
                                           : ReachableFrom(graph, start, options.hops);
    // Paths run through the whole graph; only the endpoints listed are filtered.
    if (!filter->SelectsEverything()) {
      reached = FilterReached(reached, graph, analysis->cluster(), *filter);
    }
    WriteReachText(graph, start, towards, reached, out);
  }
  io.out << out.str();
  return kExitOk;
}

}  // namespace

void SetUpReachCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<ReachOptions>();
  sub.add_option("--from", options->from,
                 "The compromised endpoint: namespace/name, a label selector, or an IP");
  sub.add_option("--to", options->to, "Instead: who can reach this endpoint");
  sub.add_option("--hops", options->hops, "At most this many hops (0 = no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  AddFilterFlags(sub, options->filter);
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Lateral movement: from each endpoint reached, every connection it may open is\n"
      "another hop (any allowed port counts). Breadth-first over the allow-graph; each\n"
      "endpoint is shown with a shortest path and the ports of every hop. External\n"
      "address blocks are endpoints, never stepping stones. A selector matching\n"
      "several pods gives one answer per pod. -n, -l and --focus list only the\n"
      "endpoints reached that they select (paths still go through any endpoint).\n\n"
      "Examples:\n"
      "  netpol reach --from netpol-demo/frontend examples/netpol-demo/\n"
      "  netpol reach --to netpol-demo/database --hops 2 examples/netpol-demo/\n"
      "  netpol reach --from pod/netpol-demo/frontend -n netpol-demo -f examples/netpol-demo/");
  action = [options](Io& io) { return RunReach(*options, io); };
}

}  // namespace netpol::cli
