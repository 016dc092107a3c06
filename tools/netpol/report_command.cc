// `netpol report`: one self-contained HTML file for reviews and teaching.
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "drawing_flags.h"
#include "netpol/html_report.h"
#include "netpol/intent.h"

namespace netpol::cli {
namespace {

struct ReportOptions {
  std::string html_path;
  std::string intent_path;
  std::string title = "netpol report";
  bool no_lint = false;
  DrawingFlags drawing;  // --by, --max-nodes, --layout-timeout
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunReport(const ReportOptions& options, Io& io) {
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  HtmlReportOptions report;
  if (!options.intent_path.empty()) {
    auto intent = LoadIntentOrReport(options.intent_path, options.paths, io);
    if (!intent) return kExitUsage;
    Result<CheckResult> checked = analysis->Check(*intent);
    if (!checked.ok()) return ReportFailure(checked.status(), io);
    report.check = std::move(*checked);
  }
  if (!options.no_lint) {
    LintRegistry registry;
    RegisterBuiltinRules(registry);
    report.findings = ReportFindingsFromLint(analysis->Lint(registry));
  }
  report.title = options.title;
  report.inputs = options.paths;
  report.by = GroupByFlag(options.drawing);
  report.max_nodes = options.drawing.max_nodes;
  report.layout = LayoutOptions(options.drawing, io);
  std::ostringstream html;
  if (Status written = WriteHtmlReport(*analysis, report, html); !written.ok()) {
    return ReportFailure(written, io);
  }
  // Written beside the target and renamed over it: a failed run never
  // leaves a half-written report.
  const std::string target = io.Resolve(options.html_path);
  const std::string partial = target + ".netpol-partial";
  errno = 0;
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  out << html.str();
  out.close();
  std::error_code renamed;
  if (out) std::filesystem::rename(partial, target, renamed);
  if (!out || renamed) {
    const int error = renamed ? renamed.value() : (errno ? errno : EIO);
    std::string reason = std::generic_category().message(error);
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    io.err << options.html_path << ": error: cannot write the report: " << reason << "\n";
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
  sub.add_flag("--no-lint", options->no_lint,
               "Leave out the findings of `netpol lint` (shown by default)");
  AddDrawingFlags(sub, options->drawing, "The graph and matrix");
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "The file has no external references (no network, no CDN): the SVG graph, the\n"
      "reachability matrix, the intent check and a small script are inline. Click a node to\n"
      "highlight what it reaches and what reaches it; hover an edge for the rules that allow it.\n"
      "Above --max-nodes endpoints the graph and matrix show workloads or namespaces, and a\n"
      "namespace table opens each namespace's pods.\n\n"
      "Example:\n"
      "  netpol report --html demo.html --intent examples/netpol-demo/intent.yaml examples/netpol-demo/");
  action = [options](Io& io) { return RunReport(*options, io); };
}

}  // namespace netpol::cli
