// `netpol lint`: common NetworkPolicy mistakes, with locations and fixes.
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "lint_flags.h"
#include "netpol/lint.h"
#include "netpol/lint_output.h"

namespace netpol::cli {
namespace {

struct LintCommandOptions {
  std::string format = "text";
  std::string fail_on = "error";
  LintRuleFlags rules;  // --enable, --disable
  std::string explain;
  bool list_rules = false;
  std::optional<std::string> sarif_root;
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunLintCommand(const LintCommandOptions& options, Io& io) {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  if (options.list_rules) {
    WriteLintRuleList(registry, io.out);
    return kExitOk;
  }
  if (!options.explain.empty()) {
    const LintRule* rule = registry.Find(options.explain);
    if (!rule) {
      io.err << "netpol lint: unknown rule \"" << options.explain << "\" (see --list-rules)\n";
      return kExitUsage;
    }
    WriteLintRuleDoc(rule->Info(), io.out);
    return kExitOk;
  }
  LintOptions cli;
  if (!ApplyLintRuleFlags(options.rules, registry, "lint", cli, io)) return kExitUsage;
  if (options.paths.empty()) {
    io.err << "netpol lint: no PATHS given (files, directories or -)\n";
    return kExitUsage;
  }
  NetpolConfig config;
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io, &config);
  if (!analysis) return kExitUsage;
  LintOptions lint = LintOptionsFromConfigAndFlags(config, cli, registry);
  lint.keep_suppressed = options.format == "sarif";
  const std::vector<LintFinding> findings = analysis->Lint(registry, lint);

  std::ostringstream out;  // nothing reaches stdout unless everything worked
  if (options.format == "json") WriteLintJson(findings, out);
  else if (options.format == "sarif") {
    SarifOptions sarif;
    sarif.root = options.sarif_root.value_or(".");
    sarif.working_directory = io.working_directory;
    WriteLintSarif(findings, registry, out, sarif);
  }
  else if (options.format == "github") WriteLintGithub(findings, out);
  else if (options.format == "csv") WriteLintCsv(findings, out);
  else if (options.format == "md") WriteLintMarkdown(findings, out);
  else WriteLintText(findings, out, TextStyle{io.ColorOut()});
  io.out << out.str();

  const LintSeverity threshold = *ParseLintSeverity(options.fail_on);
  for (const LintFinding& finding : findings) {
    if (!finding.suppressed && finding.severity <= threshold) return kExitFindings;
  }
  return kExitOk;
}

}  // namespace

void SetUpLintCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<LintCommandOptions>();
  sub.add_option("-o,--output,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "csv", "md"}))
      ->capture_default_str();
  sub.add_option("--fail-on", options->fail_on,
                 "Exit 1 when a finding of this severity or a more severe one exists")
      ->check(CLI::IsMember({"error", "warning", "info"}))
      ->capture_default_str();
  AddLintRuleFlags(sub, options->rules);
  sub.add_option("--explain", options->explain,
                 "Print the documentation of a rule (id or name), with examples, and exit");
  sub.add_flag("--list-rules", options->list_rules, "List the rules and exit");
  sub.add_option("--sarif-root", options->sarif_root,
                 "With -o sarif: artifact URIs are relative to DIR (the repository root, as "
                 "GitHub code scanning expects; %SRCROOT%); files outside it get file:// URIs "
                 "(default: the current directory)")
      ->type_name("DIR");
  AddEngineFlags(sub, options->engine);
  sub.add_option("paths", options->paths,
                 "Manifest files or directories (*.yaml, *.yml, *.json, recursively), "
                 "or - for standard input")
      ->type_name("PATH");
  AddFilenameFlags(sub, options->paths, /*required=*/false);
  sub.footer(
      "Suppress a finding on an object with the annotation netpol.lint/ignore: \"NP003: reason\" "
      "(ids or names, comma-separated, or all; the reason is optional and SARIF reports it).\n"
      "Configuration: .netpol.yaml in the current directory or --config FILE (rules.enable, "
      "rules.disable, rules.severity, exclude, engine.dns, engine.ipBlocksMatchPods); flags "
      "override it.\n"
      "Exit status: 0 no finding at or above --fail-on, 1 some, 2 bad input or usage.\n\n"
      "Examples:\n"
      "  netpol lint examples/netpol-demo/\n"
      "  netpol lint -o sarif --fail-on warning -f deploy/ > netpol.sarif\n"
      "  netpol lint --explain NP004");
  action = [options](Io& io) { return RunLintCommand(*options, io); };
}

}  // namespace netpol::cli
