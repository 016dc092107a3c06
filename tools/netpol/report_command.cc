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
#include "lint_flags.h"
#include "netpol/html_report.h"
#include "netpol/html_rollout_report.h"
#include "netpol/intent.h"
#include "stage_args.h"

namespace netpol::cli {
namespace {

struct ReportOptions {
  std::string html_path;
  std::string intent_path;
  std::string title = "netpol report";
  bool title_given = false;
  bool no_lint = false;
  LintRuleFlags lint_rules;  // --enable, --disable: as `netpol lint` takes them
  bool stages = false;
  std::vector<std::string> base;
  std::vector<std::string> removals;
  DrawingFlags drawing;  // --by, --max-nodes, --layout-timeout
  EngineFlags engine;
  FilterFlags filter;
  std::vector<std::string> paths;
  /// With --stages: the paths and --remove stages in command-line order.
  std::vector<StageArg> stage_args;
};

// A failed run never leaves a half-written report (WriteOutputFile);
// "-" writes the page to standard output.
int WriteReportFile(const std::string& html, const std::string& path, Io& io) {
  const int status = WriteOutputFile(path, "the report", io, [&html](std::ostream& out) {
    out << html;
    return kExitOk;
  });
  if (status == kExitOk && path != "-") io.err << "netpol: wrote " << path << "\n";
  return status;
}

// --stages: the paths are stages applied one after another, as `netpol
// rollout` applies them, and the page is the rollout's stage view.
int RunStagedReport(const ReportOptions& options, Io& io) {
  if (!options.filter.spec.Empty()) {
    // The stage view draws whole states; a filter would be silently ignored.
    io.err << "netpol: report: -n/--namespace, -l/--selector and --focus do not apply with "
              "--stages\n";
    return kExitUsage;
  }
  if (!options.drawing.by.empty()) {
    io.err << "netpol: report: --by does not apply with --stages (the stage view draws every pod)\n";
    return kExitUsage;
  }
  RolloutOptions rollout;
  rollout.keep_graphs = true;
  std::vector<std::string> manifest_paths = options.paths;
  manifest_paths.insert(manifest_paths.end(), options.base.begin(), options.base.end());
  if (!options.intent_path.empty()) {
    std::optional<Intent> intent = LoadIntentOrReport(options.intent_path, manifest_paths, io);
    if (!intent) return kExitUsage;
    rollout.intent = std::move(*intent);
  }
  std::optional<std::vector<RolloutStage>> stages = StagesFromArgs(options.stage_args, io);
  if (!stages) return kExitUsage;
  std::optional<Analysis> base = RolloutBase(options.base, options.engine, io);
  if (!base) return kExitUsage;
  Result<RolloutReport> report = base->Rollout(*stages, rollout);
  if (!report.ok()) return ReportFailure(report.status(), io);
  RolloutHtmlOptions page;
  page.title = options.title_given ? options.title : "netpol rollout";
  page.inputs = options.base;
  std::ostringstream html;
  if (Status written = WriteRolloutHtmlReport(*report, page, html); !written.ok()) {
    return ReportFailure(written, io);
  }
  const int status = WriteReportFile(html.str(), options.html_path, io);
  const bool intent_fails = report->final_check && !report->final_check->Holds();
  return status == kExitOk && intent_fails ? kExitFindings : status;
}

int RunReport(const ReportOptions& options, Io& io) {
  if (options.stages) return RunStagedReport(options, io);
  if (!options.base.empty() || !options.removals.empty()) {
    io.err << "netpol: report: --base and --remove need --stages\n";
    return kExitUsage;
  }
  NetpolConfig config;
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io, &config);
  if (!analysis) return kExitUsage;
  HtmlReportOptions report;
  std::optional<EndpointFilter> filter = ResolveFilter(options.filter, {*analysis}, io);
  if (!filter) return kExitUsage;
  report.filter = std::move(*filter);
  if (!options.intent_path.empty()) {
    auto intent = LoadIntentOrReport(options.intent_path, options.paths, io);
    if (!intent) return kExitUsage;
    Result<CheckResult> checked = analysis->Check(*intent);
    if (!checked.ok()) return ReportFailure(checked.status(), io);
    report.check = std::move(*checked);
  }
  // A failing intent is a finding: the page is still written, then exit 1.
  const bool intent_fails = report.check && !report.check->Holds();
  if (!options.no_lint) {
    // The registry and options `netpol lint` uses, so the page lists what
    // `netpol lint` with the same flags prints.
    LintRegistry registry;
    RegisterBuiltinRules(registry);
    LintOptions cli;
    if (!ApplyLintRuleFlags(options.lint_rules, registry, "report", cli, io)) return kExitUsage;
    const LintOptions lint = LintOptionsFromConfigAndFlags(config, cli, registry);
    report.findings = ReportFindingsFromLint(analysis->Lint(registry, lint));
    report.lint_ran = true;
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
  const int status = WriteReportFile(html.str(), options.html_path, io);
  return status == kExitOk && intent_fails ? kExitFindings : status;
}

}  // namespace

void SetUpReportCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<ReportOptions>();
  sub.add_option("--html", options->html_path, "Write the HTML report to this file (- for standard output)")->required();
  sub.add_option("-i,--intent", options->intent_path, "Also check this intent file and show the results");
  sub.add_option("--title", options->title, "Report title")->capture_default_str();
  sub.add_flag("--no-lint", options->no_lint,
               "Leave out the findings of `netpol lint` (shown by default)");
  AddLintRuleFlags(sub, options->lint_rules);
  AddFilterFlags(sub, options->filter);
  sub.add_flag("--stages", options->stages,
               "The paths are stages applied one after another, as `netpol rollout` applies "
               "them: the page shows each stage's changes on one graph layout");
  sub.add_option("--base", options->base,
                 "With --stages: the cluster the stages are applied to (default: an empty "
                 "cluster); repeatable")
      ->type_name("PATH")
      ->allow_extra_args(false);
  CLI::Option* remove =
      sub.add_option("--remove", options->removals,
                     "With --stages: a stage that deletes KIND/NAMESPACE/NAME, in its place "
                     "among the paths")
          ->type_name("REF")
          ->allow_extra_args(false);
  AddDrawingFlags(sub, options->drawing, "The graph and matrix");
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "The file has no external references (no network, no CDN): the SVG graph, the\n"
      "reachability matrix, the intent check (what blocks each MISSING connection, and the fix),\n"
      "the findings of `netpol lint` (--enable/--disable as lint takes them) and a small script\n"
      "are inline. Click a node to highlight what it reaches and what reaches it; hover an edge\n"
      "for the rules that allow it, a missing one for what blocks it; click a lint finding to\n"
      "highlight the pods of its object.\n"
      "Above --max-nodes endpoints the graph and matrix show workloads or namespaces, and a\n"
      "namespace table opens each namespace's pods.\n\n"
      "Without --stages the PATHS are merged into one cluster. With --stages each PATH is a\n"
      "stage applied on top of the previous ones, exactly as `netpol rollout` applies its\n"
      "STAGEs (same-named objects replaced; `--remove REF` stages and `# netpol: delete`\n"
      "files delete), and the page is the rollout's stage view: tabs and a slider select a\n"
      "stage; its graph (one layout for every stage) shows what the stage newly allowed\n"
      "(green) and newly denied (red, dashed), with its change list and, with --intent, the\n"
      "intended connections it breaks or restores, then the final verdict. Lint findings are\n"
      "not part of the stage view (`netpol rollout` gates on the stages' verdicts).\n\n"
      "Exit status: 0 the page is written (and the --intent holds), 1 the page is written\n"
      "but the --intent does not hold (in the final state, with --stages), 2 bad input\n"
      "(no page is written).\n\n"
      "Examples:\n"
      "  netpol report --html demo.html --intent examples/netpol-demo/intent.yaml examples/netpol-demo/\n"
      "  netpol report --html rollout.html --intent examples/netpol-demo/intent.yaml --stages \\\n"
      "      examples/netpol-demo/01-namespace-and-pods.yaml examples/netpol-demo/02-default-deny-all.yaml \\\n"
      "      examples/netpol-demo/03-allow-dns-egress.yaml examples/netpol-demo/04-allow-paths.yaml");
  CLI::App* app = &sub;
  CLI::Option* paths = app->get_option("paths");
  CLI::Option* title = app->get_option("--title");
  action = [options, app, paths, remove, title](Io& io) {
    // The stages in command-line order: CLI11 records one parse entry per
    // value, so the paths and the --remove values interleave as given.
    options->stage_args.clear();
    std::size_t next_path = 0, next_removal = 0;
    for (const CLI::Option* option : app->parse_order()) {
      if (option == paths && next_path < options->paths.size()) {
        options->stage_args.push_back({false, options->paths[next_path++]});
      } else if (option == remove && next_removal < options->removals.size()) {
        options->stage_args.push_back({true, options->removals[next_removal++]});
      }
    }
    options->title_given = title->count() > 0;
    return RunReport(*options, io);
  };
}

}  // namespace netpol::cli
