// The rule selection flags of the commands that run lint (lint, report):
// --enable and --disable, checked against the registry the same way, so the
// report shows what `netpol lint` with the same flags prints.
#ifndef NETPOL_TOOLS_LINT_FLAGS_H_
#define NETPOL_TOOLS_LINT_FLAGS_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "netpol/config.h"
#include "netpol/lint.h"

namespace netpol::cli {

struct LintRuleFlags {
  std::vector<std::string> enable;   ///< --enable: ids or names
  std::vector<std::string> disable;  ///< --disable: ids or names
};

/// Adds --enable and --disable (comma-separated ids or names) to `sub`.
void AddLintRuleFlags(CLI::App& sub, LintRuleFlags& flags);

/// Puts the flags' rules into `lint`. An unknown rule is a usage error on
/// io.err ("netpol COMMAND: unknown rule ..."): false then.
bool ApplyLintRuleFlags(const LintRuleFlags& flags, const LintRegistry& registry,
                        const std::string& command, LintOptions& lint, Io& io);

/// The rules a run uses: the configuration's (`.netpol.yaml` rules and
/// severities), then the command line's. --enable replaces rules.enable, and a
/// rule it names runs even when the configuration disables it; --disable adds
/// to rules.disable.
LintOptions LintOptionsFromConfigAndFlags(const NetpolConfig& config, const LintOptions& cli,
                                          const LintRegistry& registry);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_LINT_FLAGS_H_
