#include "lint_flags.h"

namespace netpol::cli {

void AddLintRuleFlags(CLI::App& sub, LintRuleFlags& flags) {
  sub.add_option("--enable", flags.enable,
                 "Run only these rules (ids or names, comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--disable", flags.disable,
                 "Do not run these rules (ids or names, comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
}

bool ApplyLintRuleFlags(const LintRuleFlags& flags, const LintRegistry& registry,
                        const std::string& command, LintOptions& lint, Io& io) {
  for (const auto* names : {&flags.enable, &flags.disable}) {
    for (const std::string& name : *names) {
      if (name != "all" && !registry.Find(name)) {
        io.err << "netpol " << command << ": unknown rule \"" << name << "\" (see "
               << (command == "lint" ? "" : "netpol lint ") << "--list-rules)\n";
        return false;
      }
      (names == &flags.enable ? lint.enabled : lint.disabled).insert(name);
    }
  }
  return true;
}

LintOptions LintOptionsFromConfigAndFlags(const NetpolConfig& config, const LintOptions& cli,
                                          const LintRegistry& registry) {
  LintOptions lint;
  ApplyConfig(config, lint);
  if (!cli.enabled.empty()) {
    lint.enabled = cli.enabled;
    for (const std::string& name : cli.enabled) {
      if (const LintRule* rule = registry.Find(name)) lint.disabled.erase(rule->Info().id);
      if (name == "all") lint.disabled.clear();
    }
  }
  lint.disabled.insert(cli.disabled.begin(), cli.disabled.end());
  return lint;
}

}  // namespace netpol::cli
