// What every subcommand shares: the command table, the engine flags, and
// building the one Analysis a command queries, with diagnostics printed the
// same way everywhere.
#ifndef NETPOL_TOOLS_CLI_COMMON_H_
#define NETPOL_TOOLS_CLI_COMMON_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "netpol/analysis.h"
#include "netpol/config.h"
#include "netpol/netpol.h"

namespace netpol::cli {

/// Runs a parsed command and returns its exit status.
using Action = std::function<int(Io&)>;

/// One row of the command table: adds its options to `sub` and sets `action`.
struct Command {
  const char* name;
  const char* summary;
  void (*setup)(CLI::App& sub, Action& action);
};

/// Engine options every analysing command offers.
struct EngineFlags {
  bool no_ipblock_pods = false;  ///< ipBlocks match external addresses only
  bool no_dns_model = false;     ///< do not model cluster DNS when the inputs lack it
  std::string dns;               ///< "namespace/label=value,..." of the DNS pods
  bool allow_empty = false;      ///< accept inputs with no Kubernetes object
  std::string validate = "strict";  ///< kubectl's --validate: strict, warn, ignore (true, false)
  std::string max_input_size;       ///< per input file, e.g. "2G"; empty: the default
  std::vector<std::string> exclude;  ///< --exclude GLOB: paths to leave out (gitignore syntax)
  std::string config;  ///< --config FILE; empty: .netpol.yaml of the working directory, if any
  unsigned jobs = 0;   ///< --jobs N: threads reading input files; 0: one per hardware thread
};

/// Adds the engine flags (--no-ipblock-pods, --dns, --validate, --exclude...) to `sub`.
void AddEngineFlags(CLI::App& sub, EngineFlags& flags);

/// Output filter options (-n, -l, --focus) of graph, report, diff and reach.
struct FilterFlags {
  EndpointFilterSpec spec;
  bool all_namespaces = false;  ///< -A: kubectl's "no namespace filter" (the default here)
};

/// Adds -n/--namespace, -A/--all-namespaces (excludes -n, as in kubectl),
/// -l/--selector and --focus to `sub`.
void AddFilterFlags(CLI::App& sub, FilterFlags& flags);

/// The filter `flags` stand for, its --focus endpoints resolved in
/// `analyses`. Prints a usage error naming the flag and returns nullopt when
/// a selector or endpoint is malformed or a --focus matches nothing. When
/// the filter selects no endpoint, says so on io.err (as kubectl's "No
/// resources found"); the command then prints its empty output and exits 0.
std::optional<EndpointFilter> ResolveFilter(const FilterFlags& flags,
                                            const std::vector<Analysis>& analyses, Io& io);

/// The analysis options `flags` stand for, reading from io's working
/// directory: the configuration (--config, or .netpol.yaml) first, then the
/// flags over it. Prints a usage error and returns nullopt for a malformed
/// --dns or configuration. Stores the configuration used (empty when none)
/// in `config` when given.
std::optional<AnalysisOptions> OptionsFromFlags(const EngineFlags& flags, Io& io,
                                                NetpolConfig* config = nullptr);

/// Loads `paths` into an Analysis with `flags`. Prints warnings and notes to
/// io.err; on errors prints them all (with source excerpts) and returns
/// nullopt: the command must then exit kExitUsage, printing nothing on io.out.
/// Stores the configuration used in `config` when given.
std::optional<Analysis> LoadAnalysis(const std::vector<std::string>& paths,
                                     const EngineFlags& flags, Io& io,
                                     NetpolConfig* config = nullptr);

/// Prints a failed status to io.err ("netpol: message", after the formatted
/// diagnostics when there are any) and returns the exit status for it.
int ReportFailure(const Status& status, Io& io);

/// Reads an intent file ("-": standard input, unless the manifests are read
/// from it); prints its errors and returns nullopt when it has any.
std::optional<Intent> LoadIntentOrReport(const std::string& path,
                                         const std::vector<std::string>& manifest_paths, Io& io);

/// Calls `write` with a stream to `path` ("-": io.out) and returns its
/// status. The file appears complete or not at all: written beside the
/// target and renamed over it unless `write` returns kExitUsage (then it is
/// removed and an existing file is left alone). When the file cannot be
/// written, prints "PATH: error: cannot write WHAT: reason" and returns
/// kExitUsage.
int WriteOutputFile(const std::string& path, const std::string& what, Io& io,
                    const std::function<int(std::ostream&)>& write);

/// Adds --output-file FILE to `sub` (after its set-up) and makes `action`
/// write its standard output there with WriteOutputFile.
void AddOutputFileFlag(CLI::App& sub, Action& action);

/// Adds the standard PATHS... positional argument and kubectl's
/// -f/--filename and -R/--recursive (AddFilenameFlags); one path at least.
void AddPathsArgument(CLI::App& sub, std::vector<std::string>& paths);

/// Adds kubectl's -f/--filename PATH (repeatable, - for standard input) to
/// `sub`: the paths it names come first in `paths`, then the positional
/// ones. Declare the positional argument writing `paths` before calling
/// this. Also accepts -R/--recursive (directories are always read
/// recursively). With `required`, no path at all is a usage error.
void AddFilenameFlags(CLI::App& sub, std::vector<std::string>& paths, bool required);

/// A usage error when the -f/--filename values of the parsed `sub` look like
/// the old `-f FORMAT` (now -o): the value is one of the command's --output
/// formats and no such file exists. Prints it and returns false.
bool CheckFilenamesAreNotFormats(CLI::App& sub, Io& io);

/// Whether `value`, given to -f of `sub`, is the old `-f FORMAT`: one of the
/// command's --output formats, naming no file. Prints the usage error then.
bool IsOldFormatFlag(CLI::App& sub, const std::string& value, Io& io);

/// The subcommands, in the order `--help` lists them.
const std::vector<Command>& Commands();

/// The netpol command line RunNetpol parses: the top-level App (global flags,
/// help, footer) with every command of Commands() set up on it, as `program`
/// shows it. Sets actions[i] to the action of Commands()[i]. The completion
/// scripts and the man pages are generated from this same App.
std::unique_ptr<CLI::App> MakeApp(Io& io, const std::string& program,
                                  std::vector<Action>& actions);

/// The values an option accepts when it checks them against a fixed set
/// (CLI11 shows them in its type name, "TEXT:{a,b,c}"); empty: any value.
std::vector<std::string> AllowedValues(const CLI::Option& option);

// Command set-up functions, one per file (<name>_command.cc).
void SetUpGraphCommand(CLI::App& sub, Action& action);
void SetUpCheckCommand(CLI::App& sub, Action& action);
void SetUpExplainCommand(CLI::App& sub, Action& action);
void SetUpDiffCommand(CLI::App& sub, Action& action);
void SetUpRolloutCommand(CLI::App& sub, Action& action);
void SetUpReachCommand(CLI::App& sub, Action& action);
void SetUpExposureCommand(CLI::App& sub, Action& action);
void SetUpPathsCommand(CLI::App& sub, Action& action);
void SetUpLintCommand(CLI::App& sub, Action& action);
void SetUpReportCommand(CLI::App& sub, Action& action);
void SetUpServeCommand(CLI::App& sub, Action& action);
void SetUpCompletionCommand(CLI::App& sub, Action& action);
void SetUpVersionCommand(CLI::App& sub, Action& action);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_CLI_COMMON_H_
