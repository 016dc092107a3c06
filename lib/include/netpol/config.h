// The project configuration, `.netpol.yaml`: which lint rules run and how
// severe their findings are, which paths to leave out, and the engine options
// (where cluster DNS runs, whether ipBlocks match pod IPs) — what a
// repository would otherwise repeat as flags on every run, in the spirit of
// kube-linter's `.kube-linter.yaml`.
//
//   rules:
//     enable: [NP004, one-sided-allow]  # run only these (default: every rule)
//     disable: [NP010]                  # never run these
//     severity: {NP011: error}          # report NP011 findings as errors
//   exclude: [charts/, '**/test/*.yaml'] # as --exclude GLOB
//   engine:
//     dns: kube-system/k8s-app=node-local-dns   # as --dns; false: --no-dns-model
//     ipBlocksMatchPods: false                  # as --no-ipblock-pods
//
// Design. ParseConfig validates everything it can at parse time — unknown
// keys, wrong types, unknown rule ids or names (against a registry),
// severities, the dns value — and reports each error at its FILE:LINE:COL,
// so a typo in the configuration is an input error (exit 2), never a rule
// that silently keeps running. Rule names are stored as the registry's ids.
// Applying a configuration only sets options; a program applies its command
// line flags afterwards, so flags override the file.
//
// Threads: parsing a configuration shares nothing between calls; the result
// is a plain value. Cost: linear in the file.
#ifndef NETPOL_CONFIG_H_
#define NETPOL_CONFIG_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/analysis.h"
#include "netpol/cluster_dns.h"
#include "netpol/lint.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// The file a program looks for in its working directory when no
/// configuration is named.
inline constexpr const char* kConfigFileName = ".netpol.yaml";

/// A parsed `.netpol.yaml`. Every field is optional: what the file does not
/// set keeps its default.
struct NetpolConfig {
  /// The file it was read from, as named.
  std::string file;
  /// rules.enable: run only these rules (registry ids); empty: every rule.
  std::set<std::string> enabled;
  /// rules.disable: never run these rules (registry ids).
  std::set<std::string> disabled;
  /// rules.severity: a rule's findings reported at this severity (by id).
  std::map<std::string, LintSeverity> severity;
  /// exclude: globs of paths to leave out (.netpolignore syntax, as --exclude).
  std::vector<std::string> exclude;
  /// engine.ipBlocksMatchPods.
  std::optional<bool> ip_blocks_match_pods;
  /// engine.dns: the DNS pods (a "NAMESPACE/LABELS" value), or
  /// model_when_missing false for `dns: false`.
  std::optional<ClusterDnsOptions> dns;
};

/// Parses the text of a configuration named `file` in messages; rule ids and
/// names are checked against `registry`. kInvalidInput with every error at
/// its FILE:LINE:COL (unknown keys, wrong types, unknown rules, malformed
/// values) when there are any. An empty file is an empty configuration.
[[nodiscard]] Result<NetpolConfig> ParseConfig(std::string_view text, const std::string& file,
                                               const LintRegistry& registry);

/// Reads and parses the configuration at `path` (relative to
/// `working_directory` when that is set). kNotFound when it cannot be read.
[[nodiscard]] Result<NetpolConfig> LoadConfigFile(const std::string& path,
                                                  const LintRegistry& registry,
                                                  const std::string& working_directory = {});

/// The configuration a program uses: `explicit_path` when given (it must
/// exist), else kConfigFileName in `working_directory` (or the process's
/// working directory) when it exists, else none.
[[nodiscard]] Result<std::optional<NetpolConfig>> FindConfig(
    const std::string& explicit_path, const LintRegistry& registry,
    const std::string& working_directory = {});

/// Sets the engine options and excludes of `config` in `options` (excludes
/// are added to those there).
void ApplyConfig(const NetpolConfig& config, AnalysisOptions& options);

/// Sets the rule selection and severities of `config` in `options`.
void ApplyConfig(const NetpolConfig& config, LintOptions& options);

NETPOL_NAMESPACE_END

#endif  // NETPOL_CONFIG_H_
