// `netpol report`: one self-contained HTML file for reviews and teaching.
#include <fstream>
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "netpol/html_report.h"
#include "netpol/intent.h"

namespace netpol::cli {
namespace {

struct ReportOptions {
  std::string html_path;
  std::string intent_path;
  std::string title = "netpol report";
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunReport(const ReportOptions& options, Io& io) {
  auto loaded = LoadOrReport(options.paths, io);
  if (!loaded) return kExitUsage;
  auto prepared = PrepareCluster(loaded->result, options.engine, io);
  if (!prepared) return kExitUsage;
  const Evaluator evaluator(prepared->cluster, prepared->eval);
  const AllowGraph graph =
      BuildAllowGraph(ComputeClassGraph(prepared->cluster, prepared->eval), prepared->cluster);

  std::optional<CheckResult> check;
  if (!options.intent_path.empty()) {
    auto intent = LoadIntentOrReport(options.intent_path, io);
    if (!intent) return kExitUsage;
    DiagnosticSink sink;
    check = CheckIntent(evaluator, *intent, sink, prepared->dns);
    if (sink.HasErrors()) {
      for (const Diagnostic& d : sink.diagnostics()) io.err << d.ToString() << "\n";
      return kExitUsage;
    }
  }
  HtmlReportInput input;
  input.evaluator = &evaluator;
  input.graph = &graph;
  input.check = check ? &*check : nullptr;
  input.title = options.title;
  input.inputs = options.paths;
  std::ostringstream html;
  std::string error;
  if (!WriteHtmlReport(input, html, &error)) {
    io.err << "netpol: " << error << "\n";
    return kExitUsage;
  }
  std::ofstream out(options.html_path, std::ios::binary | std::ios::trunc);
  out << html.str();
  if (!out) {
    io.err << options.html_path << ": error: cannot write the report\n";
    return kExitUsage;
  }
  io.err << "netpol: wrote " << options.html_path << "\n";
  return kExitOk;
}

}  // namespace

void SetUpReportCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<ReportOptions>();
  sub.add_option("--html", options->html_path, "Write the HTML report to this file")->required();
  sub.add_option("-i,--intent", options->intent_path, "Also check this intent file and show the results");
  sub.add_option("--title", options->title, "Report title")->capture_default_str();
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "The file has no external references (no network, no CDN): the SVG graph, the\n"
      "reachability matrix, the intent check and a small script are inline. Click a node to\n"
      "highlight what it reaches and what reaches it; hover an edge for the rules that allow it.\n\n"
      "Example:\n"
      "  netpol report --html demo.html --intent examples/netpol-demo/intent.yaml examples/netpol-demo/");
  action = [options](Io& io) { return RunReport(*options, io); };
}

}  // namespace netpol::cli
