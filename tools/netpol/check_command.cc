// `netpol check`: does the allow-graph match the intent file?
#include <fstream>
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "netpol/check.h"
#include "netpol/intent.h"

namespace netpol::cli {
namespace {

struct CheckOptions {
  std::string intent_path;
  std::string format = "text";
  bool suggest = false;
  bool probe_script = false;
  std::vector<std::string> paths;
};

int RunCheck(const CheckOptions& options, Io& io) {
  auto loaded = LoadOrReport(options.paths, io);
  if (!loaded) return kExitUsage;

  std::ifstream in(options.intent_path, std::ios::binary);
  if (!in) {
    io.err << options.intent_path << ": error: cannot read intent file\n";
    return kExitUsage;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::vector<InputFile> intent_files = {{options.intent_path, text.str()}};
  DiagnosticSink sink;
  std::optional<Intent> intent = ParseIntent(intent_files[0].text, options.intent_path, sink);
  auto report_errors = [&]() {
    for (const Diagnostic& d : sink.diagnostics()) PrintDiagnostic(d, intent_files, io.err);
    io.err << "netpol: the intent file has errors; nothing was checked\n";
    return kExitUsage;
  };
  if (!intent || sink.HasErrors()) return report_errors();

  Cluster cluster = loaded->result.cluster;
  const bool dns_modelled = intent->require_dns && AddModelledDnsIfMissing(cluster);
  const Evaluator evaluator(cluster);
  CheckResult result = CheckIntent(evaluator, *intent, sink);
  result.dns_modelled = dns_modelled;
  if (sink.HasErrors()) return report_errors();

  std::ostringstream out;  // nothing reaches stdout unless everything worked
  if (options.suggest) {
    out << SuggestFixes(result, cluster);
  } else if (options.probe_script) {
    out << ProbeScript(result, cluster);
  } else if (options.format == "json") {
    WriteCheckJson(result, cluster, out);
  } else {
    WriteCheckText(result, cluster, out);
  }
  io.out << out.str();
  return result.Holds() ? kExitOk : kExitFindings;
}

}  // namespace

void SetUpCheckCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<CheckOptions>();
  sub.add_option("-i,--intent", options->intent_path, "Intent file (kind: Intent, see README)")
      ->required();
  sub.add_option("-f,--format", options->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  auto* suggest = sub.add_flag("--suggest", options->suggest,
                               "Print NetworkPolicy YAML that allows every MISSING connection with "
                               "least privilege, and the rules to narrow for UNEXPECTED ones");
  sub.add_flag("--probe-script", options->probe_script,
               "Print a bash script of kubectl exec probes that confirms the verdicts on a cluster")
      ->excludes(suggest);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Exit status: 0 the intent holds, 1 it does not, 2 bad input.\n\n"
      "Examples:\n"
      "  netpol check --intent examples/netpol-demo/intent.yaml examples/netpol-demo/\n"
      "  netpol check --intent intent.yaml --suggest manifests/ > fix.yaml");
  action = [options](Io& io) { return RunCheck(*options, io); };
}

}  // namespace netpol::cli
