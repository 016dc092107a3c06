#include "cli_common.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace netpol::cli {

void PrintDiagnostic(const Diagnostic& diagnostic, const std::vector<InputFile>& files,
                     std::ostream& err) {
  err << diagnostic.ToString() << "\n";
  if (diagnostic.severity != Severity::kError || diagnostic.loc.line <= 0) return;
  for (const InputFile& file : files) {
    if (file.name != diagnostic.loc.file) continue;
    std::size_t start = 0;
    for (int line = 1; line < diagnostic.loc.line && start != std::string::npos; ++line) {
      start = file.text.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start > file.text.size()) return;
    std::size_t end = file.text.find('\n', start);
    std::string line = file.text.substr(start, end == std::string::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > 200) return;  // not helpful for minified input
    err << "  " << line << "\n";
    if (diagnostic.loc.column > 0) {
      err << "  " << std::string(static_cast<std::size_t>(diagnostic.loc.column - 1), ' ')
          << "^\n";
    }
    return;
  }
}

std::optional<LoadedInputs> LoadOrReport(const std::vector<std::string>& paths, Io& io) {
  LoadedInputs loaded;
  DiagnosticSink read_sink;
  loaded.files = ReadInputs(paths, io.in, read_sink);
  for (const Diagnostic& d : read_sink.diagnostics()) PrintDiagnostic(d, loaded.files, io.err);
  loaded.result = LoadInputs(loaded.files);
  for (const Diagnostic& d : loaded.result.diagnostics) PrintDiagnostic(d, loaded.files, io.err);
  if (read_sink.HasErrors() || loaded.result.HasErrors()) {
    int errors = read_sink.error_count();
    for (const Diagnostic& d : loaded.result.diagnostics) {
      if (d.severity == Severity::kError) ++errors;
    }
    io.err << fmt::format("netpol: {} error{} in the input; nothing was analysed\n", errors,
                          errors == 1 ? "" : "s");
    return std::nullopt;
  }
  return loaded;
}

void AddEngineFlags(CLI::App& sub, EngineFlags& flags) {
  sub.add_flag("--no-ipblock-pods", flags.no_ipblock_pods,
               "ipBlocks match only addresses outside the cluster, never pod IPs (as some CNIs "
               "and analyzers treat them; whether ipBlocks apply to pods is implementation-defined)");
  sub.add_flag("--no-dns-model", flags.no_dns_model,
               "Do not model cluster DNS (kube-system/kube-dns[Modelled]) when the inputs have no "
               "DNS pod");
  sub.add_option("--dns", flags.dns,
                 "The cluster DNS pods as NAMESPACE/LABELS (default kube-system/k8s-app=kube-dns; "
                 "e.g. kube-system/k8s-app=node-local-dns)");
}

std::optional<PreparedCluster> PrepareCluster(const LoadResult& loaded, const EngineFlags& flags,
                                              Io& io) {
  PreparedCluster prepared;
  prepared.cluster = loaded.cluster;
  prepared.eval.ip_blocks_match_pods = !flags.no_ipblock_pods;
  prepared.dns.model_when_missing = !flags.no_dns_model;
  if (!flags.dns.empty()) {
    const std::size_t slash = flags.dns.find('/');
    LabelSelector selector;
    std::string error;
    if (slash == std::string::npos || slash == 0 ||
        !ParseSelectorString(flags.dns.substr(slash + 1), &selector, &error) ||
        selector.match_labels.empty() || !selector.match_expressions.empty()) {
      io.err << "netpol: --dns: expected NAMESPACE/LABEL=VALUE[,LABEL=VALUE...], got \""
             << flags.dns << "\"\n";
      return std::nullopt;
    }
    prepared.dns.namespace_name = flags.dns.substr(0, slash);
    prepared.dns.labels = selector.match_labels;
  }
  prepared.dns_modelled = ModelClusterDnsIfMissing(prepared.cluster, prepared.dns);
  return prepared;
}

std::optional<Intent> LoadIntentOrReport(const std::string& path, Io& io) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    io.err << path << ": error: cannot read intent file\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::vector<InputFile> files = {{path, text.str()}};
  DiagnosticSink sink;
  std::optional<Intent> intent = ParseIntent(files[0].text, path, sink);
  if (!intent || sink.HasErrors()) {
    for (const Diagnostic& d : sink.diagnostics()) PrintDiagnostic(d, files, io.err);
    io.err << "netpol: the intent file has errors; nothing was checked\n";
    return std::nullopt;
  }
  return intent;
}

void AddPathsArgument(CLI::App& sub, std::vector<std::string>& paths) {
  sub.add_option("paths", paths,
                 "Manifest files or directories (*.yaml, *.yml, *.json, recursively), "
                 "or - for standard input")
      ->required();
}

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"graph", "Compute the allow-graph: who can reach whom, on which ports", SetUpGraphCommand},
      {"check", "Check the allow-graph against intended connections; explain gaps, suggest fixes",
       SetUpCheckCommand},
      {"explain", "Explain why a connection is allowed or denied, rule by rule", SetUpExplainCommand},
      {"diff", "Show what changes between two sets of manifests (what-if)", SetUpDiffCommand},
      {"reach", "Blast radius: what a compromised endpoint can reach, hop by hop", SetUpReachCommand},
      {"paths", "Allowed multi-hop paths from one endpoint to another", SetUpPathsCommand},
      {"lint", "Find common NetworkPolicy mistakes, with locations and fixes", SetUpLintCommand},
      {"report", "Write a self-contained HTML report (graph, matrix, check, findings)",
       SetUpReportCommand},
  };
  return kCommands;
}

}  // namespace netpol::cli
