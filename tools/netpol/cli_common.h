// What every subcommand shares: its I/O streams, the command table entry,
// and loading inputs with diagnostics printed the same way everywhere.
#ifndef NETPOL_TOOLS_CLI_COMMON_H_
#define NETPOL_TOOLS_CLI_COMMON_H_

#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "netpol/intent.h"
#include "netpol/netpol.h"

namespace netpol::cli {

/// Exit statuses shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

/// The streams a command reads and writes; main passes the process's own.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

/// Runs a parsed command and returns its exit status.
using Action = std::function<int(Io&)>;

/// One row of the command table: adds its options to `sub` and sets `action`.
struct Command {
  const char* name;
  const char* summary;
  void (*setup)(CLI::App& sub, Action& action);
};

/// Loaded inputs, kept together with their texts for error excerpts.
struct LoadedInputs {
  std::vector<InputFile> files;
  LoadResult result;
};

/// Reads and parses `paths`. Prints every diagnostic to io.err (errors with
/// the source line and a caret). Returns nullopt when any error occurred: the
/// command must then exit with kExitUsage and print nothing on io.out.
std::optional<LoadedInputs> LoadOrReport(const std::vector<std::string>& paths, Io& io);

/// Prints one diagnostic, with an excerpt of the input when available.
void PrintDiagnostic(const Diagnostic& diagnostic, const std::vector<InputFile>& files,
                     std::ostream& err);

/// Engine options every analysing command offers.
struct EngineFlags {
  bool no_ipblock_pods = false;  ///< ipBlocks match external addresses only
  bool no_dns_model = false;     ///< do not model cluster DNS when the inputs lack it
  std::string dns;               ///< "namespace/label=value,..." of the DNS pods
};

/// Adds --no-ipblock-pods, --no-dns-model and --dns to `sub`.
void AddEngineFlags(CLI::App& sub, EngineFlags& flags);

/// The cluster a command analyses, with the engine flags applied.
struct PreparedCluster {
  Cluster cluster;
  EvalOptions eval;
  ClusterDnsOptions dns;
  bool dns_modelled = false;  ///< A kube-dns[Modelled] endpoint was added.
};

/// Applies `flags` to the loaded cluster (models DNS unless disabled).
/// Returns nullopt after printing a usage error for a malformed --dns.
std::optional<PreparedCluster> PrepareCluster(const LoadResult& loaded, const EngineFlags& flags,
                                              Io& io);

/// Reads and parses an intent file; prints its errors (with excerpts) and
/// returns nullopt when it has any.
std::optional<Intent> LoadIntentOrReport(const std::string& path, Io& io);

/// Adds the standard PATHS... positional argument.
void AddPathsArgument(CLI::App& sub, std::vector<std::string>& paths);

/// The subcommands, in the order `--help` lists them.
const std::vector<Command>& Commands();

// Command set-up functions, one per file (<name>_command.cc).
void SetUpGraphCommand(CLI::App& sub, Action& action);
void SetUpCheckCommand(CLI::App& sub, Action& action);
void SetUpExplainCommand(CLI::App& sub, Action& action);
void SetUpDiffCommand(CLI::App& sub, Action& action);
void SetUpReachCommand(CLI::App& sub, Action& action);
void SetUpPathsCommand(CLI::App& sub, Action& action);
void SetUpLintCommand(CLI::App& sub, Action& action);
void SetUpReportCommand(CLI::App& sub, Action& action);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_CLI_COMMON_H_
