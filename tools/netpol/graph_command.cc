// `netpol graph`: print the allow-graph as text, JSON or DOT.
#include <memory>
#include <sstream>

#include "cli_common.h"

namespace netpol::cli {
namespace {

struct GraphOptions {
  std::string format = "text";
  std::vector<std::string> paths;
};

int RunGraph(const GraphOptions& options, Io& io) {
  auto loaded = LoadOrReport(options.paths, io);
  if (!loaded) return kExitUsage;
  const Evaluator evaluator(loaded->result.cluster);
  const AllowGraph graph = BuildAllowGraph(evaluator);
  std::ostringstream out;  // nothing reaches stdout unless everything worked
  if (options.format == "json") {
    WriteGraphJson(graph, out);
  } else if (options.format == "dot") {
    WriteGraphDot(graph, out);
  } else {
    WriteGraphText(graph, out);
  }
  io.out << out.str();
  return kExitOk;
}

}  // namespace

void SetUpGraphCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<GraphOptions>();
  sub.add_option("-f,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "dot"}))
      ->capture_default_str();
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Every ordered pair of distinct endpoints (pods and external address blocks) is\n"
      "evaluated; a line or edge appears for each pair that is allowed on some port.\n"
      "Pod-to-itself traffic is not reported.\n\n"
      "Examples:\n"
      "  netpol graph examples/netpol-demo/\n"
      "  kubectl get pods,netpol,ns -A -o yaml | netpol graph --format json -");
  action = [options](Io& io) { return RunGraph(*options, io); };
}

}  // namespace netpol::cli
