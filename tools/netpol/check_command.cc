// `netpol check`: does the allow-graph match the intent file?
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "netpol/check.h"
#include "netpol/check_output.h"
#include "netpol/intent.h"

namespace netpol::cli {
namespace {

struct CheckOptions {
  std::string intent_path;
  std::string format = "text";
  bool suggest = false;
  bool probe_script = false;
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunCheck(const CheckOptions& options, Io& io) {
  // The intent first: it may be standard input, which the manifests must not consume.
  std::optional<Intent> intent = LoadIntentOrReport(options.intent_path, options.paths, io);
  if (!intent) return kExitUsage;
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  Result<CheckResult> checked = analysis->Check(*intent);
  if (!checked.ok()) return ReportFailure(checked.status(), io);
  const CheckResult& result = *checked;
  const Cluster& cluster = analysis->cluster();

  std::ostringstream out;  // nothing reaches stdout unless everything worked
  if (options.suggest) {
    out << SuggestFixes(result, *analysis);
  } else if (options.probe_script) {
    out << ProbeScript(result, cluster);
  } else if (options.format == "json") {
    WriteCheckJson(result, cluster, out);
  } else if (options.format == "csv") {
    WriteCheckCsv(result, cluster, out);
  } else if (options.format == "md") {
    WriteCheckMarkdown(result, cluster, out);
  } else {
    WriteCheckText(result, cluster, out, TextStyle{io.ColorOut()});
  }
  io.out << out.str();
  // The fix and the probe script are the product: produced, they succeed
  // whatever the verdict (a script that pipes them on must not stop).
  if (options.suggest || options.probe_script) return kExitOk;
  return result.Holds() ? kExitOk : kExitFindings;
}

}  // namespace

void SetUpCheckCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<CheckOptions>();
  sub.add_option("-i,--intent", options->intent_path, "Intent file (kind: Intent, see README)")
      ->required();
  sub.add_option("-o,--output,--format", options->format, "Report format")
      ->check(CLI::IsMember({"text", "json", "csv", "md"}))
      ->capture_default_str();
  auto* suggest = sub.add_flag("--suggest", options->suggest,
                               "Print NetworkPolicy YAML that allows every MISSING connection with "
                               "least privilege, and the rules to narrow for UNEXPECTED ones");
  sub.add_flag("--probe-script", options->probe_script,
               "Print a bash script of kubectl exec probes that confirms the verdicts on a cluster")
      ->excludes(suggest);
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Exit status: 0 the intent holds, 1 it does not, 2 bad input. With --suggest or\n"
      "--probe-script: 0 once the output is printed, whatever the verdict.\n\n"
      "Examples:\n"
      "  netpol check --intent examples/netpol-demo/intent.yaml examples/netpol-demo/\n"
      "  netpol check --intent intent.yaml --suggest manifests/ > fix.yaml\n"
      "  netpol check --intent intent.yaml -o json -f manifests/");
  action = [options](Io& io) { return RunCheck(*options, io); };
}

}  // namespace netpol::cli
