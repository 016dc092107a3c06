// `netpol graph`: print the allow-graph as text, JSON, DOT, SVG, a matrix or a connlist.
#include <chrono>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"
#include "endpoint_args.h"

namespace netpol::cli {
namespace {

struct GraphOptions {
  std::string format = "text";
  std::string port;
  bool compact = false;
  bool timings = false;
  std::string intent_path;  // --format svg: mark the graph against this intent
  EngineFlags engine;
  FilterFlags filter;
  std::vector<std::string> paths;
};

void WriteGraph(const GraphOptions& options, const AllowGraph& graph,
                const std::optional<PortQuery>& port, std::ostream& out);

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
  std::ostringstream out;  // nothing reaches stdout unless everything worked
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
  } else {
    start = Clock::now();
    // Filtered: only the part shown is expanded from the class graph.
    std::optional<AllowGraph> shown;
    if (filtered) shown = BuildAllowGraph(analysis->class_graph(), analysis->cluster(), *filter);
    const AllowGraph& graph = shown ? *shown : analysis->allow_graph();
    times.compute = seconds_since(start);
    start = Clock::now();
    if (options.format == "svg") {
      GraphHighlights highlights;
      if (!options.intent_path.empty()) {
        auto intent = LoadIntentOrReport(options.intent_path, options.paths, io);
        if (!intent) return kExitUsage;
        Result<CheckResult> check = analysis->Check(*intent);
        if (!check.ok()) return ReportFailure(check.status(), io);
        highlights = HighlightsFromCheck(*check, analysis->cluster());
      }
      std::string error;
      if (!WriteGraphSvg(graph, highlights, out, &error)) {
        io.err << "netpol: " << error << "\n";
        return kExitUsage;
      }
    } else {
      WriteGraph(options, graph, port, out);
    }
    times.output = seconds_since(start);
  }
  start = Clock::now();
  io.out << out.str();
  times.output += seconds_since(start);
  if (options.timings) {
    io.err << fmt::format("netpol: parse {:.3f} s, compute {:.3f} s, output {:.3f} s (wall-clock)\n",
                          times.parse, times.compute, times.output);
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
  } else {
    WriteGraphText(graph, out);
  }
}

}  // namespace

void SetUpGraphCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<GraphOptions>();
  sub.add_option("-f,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "dot", "svg", "matrix", "connlist", "summary"}))
      ->capture_default_str();
  sub.add_option("-p,--port", options->port,
                 "With --format matrix: mark pairs allowed on this port (80/TCP, 53/UDP, 80)");
  sub.add_flag("--compact", options->compact,
               "With --format json: class-level edges with member lists (see README)");
  sub.add_option("-i,--intent", options->intent_path,
                 "With --format svg: draw connections the intent forbids in orange and intended "
                 "but denied ones dashed");
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
      "  netpol graph --format matrix --port 80/TCP examples/netpol-demo/\n"
      "  netpol graph --format summary big-cluster/    # counts and phase times only\n"
      "  netpol graph -n netpol-demo -l app=frontend examples/netpol-demo/\n"
      "  kubectl get pods,netpol,ns -A -o yaml | netpol graph --format json -");
  action = [options](Io& io) { return RunGraph(*options, io); };
}

}  // namespace netpol::cli
