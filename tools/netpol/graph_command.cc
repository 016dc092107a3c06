// `netpol graph`: print the allow-graph as text, JSON, DOT, SVG, a matrix or a connlist.
#include <chrono>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"
#include "drawing_flags.h"
#include "endpoint_args.h"

namespace netpol::cli {
namespace {

struct GraphOptions {
  std::string format = "text";
  std::string port;
  bool compact = false;
  bool timings = false;
  std::string intent_path;  // --format svg: mark the graph against this intent
  DrawingFlags drawing;     // --by, --max-nodes, --layout-timeout
  EngineFlags engine;
  FilterFlags filter;
  std::vector<std::string> paths;
};

void WriteGraph(const GraphOptions& options, const AllowGraph& graph,
                const std::optional<PortQuery>& port, std::ostream& out);
int WriteMatrix(const GraphOptions& options, const Analysis& analysis,
                const EndpointFilter& filter, const std::optional<PortQuery>& port,
                std::ostream& out, Io& io);
int WriteSvg(const GraphOptions& options, const Analysis& analysis, const EndpointFilter& filter,
             std::ostream& out, Io& io);

int RunGraph(const GraphOptions& options, Io& io) {
  std::optional<PortQuery> port;
  if (!ParsePortArg(options.port, &port, io)) return kExitUsage;
  if (port && options.format != "matrix") {
    io.err << "netpol: --port applies only to --format matrix\n";
    return kExitUsage;
  }
  if (!options.intent_path.empty() && options.format != "svg") {
    io.err << "netpol: --intent applies only to --format svg\n";
    return kExitUsage;
  }
  if (options.compact && options.format != "json") {
    io.err << "netpol: --compact applies only to --format json\n";
    return kExitUsage;
  }
  if (options.compact && !options.filter.spec.Empty()) {
    io.err << "netpol: --compact lists whole classes; it does not take -n, -l or --focus\n";
    return kExitUsage;
  }
  if (!options.drawing.by.empty() && options.format != "matrix" && options.format != "svg") {
    io.err << "netpol: --by applies only to --format matrix and --format svg\n";
    return kExitUsage;
  }
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  PhaseTimes times;
  auto start = Clock::now();
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  times.parse = seconds_since(start);
  const std::optional<EndpointFilter> filter = ResolveFilter(options.filter, {*analysis}, io);
  if (!filter) return kExitUsage;
  const bool filtered = !filter->SelectsEverything();
  std::stringstream out;  // nothing reaches stdout unless everything worked
  if (options.format == "summary" || options.compact) {
    // Class level only: never expanded to pod pairs.
    start = Clock::now();
    const ClassGraph& classes = analysis->class_graph();
    times.compute = seconds_since(start);
    start = Clock::now();
    if (options.compact) {
      WriteClassGraphJson(classes, analysis->cluster(), out);
      times.output = seconds_since(start);
    } else {
      times.output = seconds_since(start);
      std::optional<ClassSelection> selection;
      if (filtered) selection = SelectClasses(classes, analysis->cluster(), *filter);
      WriteGraphSummary(classes, times, out, selection ? &*selection : nullptr);
    }
  } else if (options.format == "matrix" || options.format == "svg") {
    // Grouped or pod level, see WriteMatrix and WriteSvg.
    start = Clock::now();
    analysis->class_graph();
    times.compute = seconds_since(start);
    start = Clock::now();
    const int status = options.format == "matrix"
                           ? WriteMatrix(options, *analysis, *filter, port, out, io)
                           : WriteSvg(options, *analysis, *filter, out, io);
    if (status != kExitOk) return status;
    times.output = seconds_since(start);
  } else {
    start = Clock::now();
    // Filtered: only the part shown is expanded from the class graph.
    std::optional<AllowGraph> shown;
    if (filtered) shown = BuildAllowGraph(analysis->class_graph(), analysis->cluster(), *filter);
    const AllowGraph& graph = shown ? *shown : analysis->allow_graph();
    times.compute = seconds_since(start);
    start = Clock::now();
    WriteGraph(options, graph, port, out);
    times.output = seconds_since(start);
  }
  start = Clock::now();
  // Streamed from the buffer, not copied: a matrix of a large cluster can be
  // a gigabyte. (Inserting an empty buffer would set failbit: skip it.)
  if (out.tellp() > 0) io.out << out.rdbuf();
  times.output += seconds_since(start);
  if (options.timings) {
    io.err << fmt::format("netpol: parse {:.3f} s, compute {:.3f} s, output {:.3f} s (wall-clock)\n",
                          times.parse, times.compute, times.output);
  }
  return kExitOk;
}

// With -n/-l/--focus, the pod-level graph of the connections that touch the
// selection (expanded from the class graph), else nullopt. Groups cannot be
// filtered by pod, so a filter with --by above pod level is a usage error.
bool FilteredPodGraph(const Analysis& analysis, const EndpointFilter& filter,
                      std::optional<GroupBy> by, std::optional<AllowGraph>* shown, Io& io) {
  if (filter.SelectsEverything()) return true;
  if (by && *by != GroupBy::kPod) {
    io.err << fmt::format(
        "netpol: -n, -l and --focus select pods; they do not combine with --by {} (a group "
        "holds selected and unselected pods). Leave out --by to draw the selection pod by pod\n",
        GroupByName(*by));
    return false;
  }
  *shown = BuildAllowGraph(analysis.class_graph(), analysis.cluster(), filter);
  return true;
}

std::size_t PodNodes(const AllowGraph& graph) {
  std::size_t pods = 0;
  for (NodeId v : graph.NodeIds()) pods += graph.Node(v).kind == NodeKind::kPod;
  return pods;
}

// The pod matrix up to --max-nodes pods (the pods shown, with a filter);
// above that, without --by, a usage error that suggests a grouping (a script
// must not get a different table than it asked for).
int WriteMatrix(const GraphOptions& options, const Analysis& analysis,
                const EndpointFilter& filter, const std::optional<PortQuery>& port,
                std::ostream& out, Io& io) {
  const ClassGraph& classes = analysis.class_graph();
  const Cluster& cluster = analysis.cluster();
  std::optional<GroupBy> by = GroupByFlag(options.drawing);
  std::optional<AllowGraph> shown;
  if (!FilteredPodGraph(analysis, filter, by, &shown, io)) return kExitUsage;
  const std::size_t rows = shown ? PodNodes(*shown) : cluster.pods.size();
  if (!by && rows > options.drawing.max_nodes) {
    io.err << fmt::format(
        "netpol: the pod matrix would have {} rows, more than --max-nodes {}; use --by workload "
        "({} rows) or --by namespace ({} rows), or --by pod to print it anyway\n",
        rows, options.drawing.max_nodes,
        CountPodGroups(classes, cluster, GroupBy::kWorkload),
        CountPodGroups(classes, cluster, GroupBy::kNamespace));
    return kExitUsage;
  }
  if (!by || *by == GroupBy::kPod) {
    WriteMatrixText(shown ? *shown : analysis.allow_graph(), port, out);
  } else {
    WriteGroupMatrixText(BuildGroupGraph(classes, cluster, *by, port), out);
  }
  return kExitOk;
}

// Every pod up to --max-nodes nodes; above that, without --by, the finest
// grouping that fits (workload, else namespace), with a note on stderr.
int WriteSvg(const GraphOptions& options, const Analysis& analysis, const EndpointFilter& filter,
             std::ostream& out, Io& io) {
  const ClassGraph& classes = analysis.class_graph();
  const Cluster& cluster = analysis.cluster();
  const std::size_t max_nodes = options.drawing.max_nodes;
  std::optional<GroupBy> by = GroupByFlag(options.drawing);
  std::optional<AllowGraph> shown;
  if (!FilteredPodGraph(analysis, filter, by, &shown, io)) return kExitUsage;
  if (shown && !by) {
    // The selection is drawn pod by pod; too many nodes is an error, as a
    // group would mix selected and unselected pods.
    if (shown->NodeCount() > max_nodes) {
      io.err << fmt::format(
          "netpol: the selection's graph has {} nodes, more than --max-nodes {}; narrow -n/-l/"
          "--focus, raise --max-nodes, or add --by pod to draw it anyway\n",
          shown->NodeCount(), max_nodes);
      return kExitUsage;
    }
    by = GroupBy::kPod;
  }
  if (!by) {
    by = ChooseDrawingLevel(classes, cluster, max_nodes);
    if (*by != GroupBy::kPod) {
      const std::size_t nodes = CountPodGroups(classes, cluster, *by) + classes.blocks.size();
      if (nodes > max_nodes) {
        io.err << fmt::format(
            "netpol: {} pods are too many to draw one by one (--max-nodes {}) and the namespace "
            "graph still has {} nodes; use --by namespace to draw it anyway (within "
            "--layout-timeout), raise --max-nodes, or use --format matrix --by namespace\n",
            cluster.pods.size(), max_nodes, nodes);
        return kExitUsage;
      }
      const std::size_t blocks = classes.blocks.size();
      io.err << fmt::format(
          "netpol: {} pods are more than --max-nodes {}: drawing {} {}s{} instead (--by {}; --by "
          "pod draws every pod)\n",
          cluster.pods.size(), max_nodes, nodes - blocks, GroupByName(*by),
          blocks == 0 ? "" : fmt::format(" and {} external block{}", blocks, blocks == 1 ? "" : "s"),
          GroupByName(*by));
    }
  }
  const SvgLayoutOptions layout = LayoutOptions(options.drawing, io);
  if (*by == GroupBy::kPod) {
    GraphHighlights highlights;
    if (!options.intent_path.empty()) {
      auto intent = LoadIntentOrReport(options.intent_path, options.paths, io);
      if (!intent) return kExitUsage;
      Result<CheckResult> check = analysis.Check(*intent);
      if (!check.ok()) return ReportFailure(check.status(), io);
      highlights = HighlightsFromCheck(*check, cluster);
    }
    const Status drawn =
        WriteGraphSvg(shown ? *shown : analysis.allow_graph(), highlights, layout, out);
    if (!drawn.ok()) {
      io.err << "netpol: " << drawn.message() << "\n";
      return kExitUsage;
    }
    return kExitOk;
  }
  if (!options.intent_path.empty()) {
    io.err << fmt::format(
        "netpol: --intent marks connections between pods, and this graph is drawn by {}; add "
        "--by pod (or `netpol check` for the findings)\n",
        GroupByName(*by));
    return kExitUsage;
  }
  const Status drawn = WriteGroupGraphSvg(BuildGroupGraph(classes, cluster, *by), layout, out);
  if (!drawn.ok()) {
    io.err << "netpol: " << drawn.message() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

void WriteGraph(const GraphOptions& options, const AllowGraph& graph,
                const std::optional<PortQuery>& port, std::ostream& out) {
  if (options.format == "json") {
    WriteGraphJson(graph, out);
  } else if (options.format == "dot") {
    WriteGraphDot(graph, out);
  } else if (options.format == "matrix") {
    WriteMatrixText(graph, port, out);
  } else if (options.format == "connlist") {
    WriteGraphConnlist(graph, out);
  } else if (options.format == "csv") {
    WriteGraphConnlistCsv(graph, out);
  } else if (options.format == "md") {
    WriteGraphConnlistMarkdown(graph, out);
  } else {
    WriteGraphText(graph, out);
  }
}

}  // namespace

void SetUpGraphCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<GraphOptions>();
  sub.add_option("-o,--output,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "dot", "svg", "matrix", "connlist", "csv", "md", "summary"}))
      ->capture_default_str();
  sub.add_option("-p,--port", options->port,
                 "With --format matrix: mark pairs allowed on this port (80/TCP, 53/UDP, 80)");
  sub.add_flag("--compact", options->compact,
               "With --format json: class-level edges with member lists (see README)");
  sub.add_option("-i,--intent", options->intent_path,
                 "With --format svg: draw connections the intent forbids in orange and intended "
                 "but denied ones dashed");
  AddDrawingFlags(sub, options->drawing, "With --format svg or matrix");
  sub.add_flag("--timings", options->timings,
               "Print wall-clock parse/compute/output times to stderr");
  AddFilterFlags(sub, options->filter);
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Every ordered pair of distinct endpoints (pods and external address blocks) is\n"
      "evaluated; a line or edge appears for each pair that is allowed on some port.\n"
      "Pod-to-itself traffic is not reported. -n, -l and --focus show only the\n"
      "connections from or to the endpoints they select (computed over the whole cluster).\n\n"
      "Examples:\n"
      "  netpol graph examples/netpol-demo/\n"
      "  netpol graph -o matrix --port 80/TCP -f examples/netpol-demo/\n"
      "  netpol graph -o summary big-cluster/    # counts and phase times only\n"
      "  netpol graph -n netpol-demo -l app=frontend examples/netpol-demo/\n"
      "  netpol graph -o matrix --by namespace -R -f big-cluster/\n"
      "  kubectl get pods,netpol,ns -A -o yaml | netpol graph -o json -f -");
  action = [options](Io& io) { return RunGraph(*options, io); };
}

}  // namespace netpol::cli
