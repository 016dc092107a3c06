// The netpol command line as a library: tests and the executable call
// RunNetpol with their own streams and working directory, so every command
// runs in-process exactly as it does from a shell.
#ifndef NETPOL_TOOLS_CLI_H_
#define NETPOL_TOOLS_CLI_H_

#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace netpol::cli {

/// Exit statuses shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

/// Whether --color=`mode` colours a stream: "always" does, "never" does not,
/// "auto" does when the stream is a terminal and NO_COLOR is not set.
bool UseColor(std::string_view mode, bool is_terminal, bool no_color);

class AnalysisKeeper;  // analysis_keeper.h

/// What a command reads and writes: its streams and where relative paths
/// (inputs, intent files, --html) are resolved. main passes the process's own.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  /// Relative paths are resolved against this directory; empty: the
  /// process's working directory. Messages name paths as the user wrote them.
  std::string working_directory;
  /// Whether `out` and `err` are terminals (main asks isatty; tests set them).
  bool out_is_terminal = false;
  bool err_is_terminal = false;
  /// NO_COLOR is set to a non-empty value (https://no-color.org): --color=auto
  /// does not colour.
  bool no_color = false;
  /// The global --color flag: "auto" (colour when `out` is a terminal and
  /// NO_COLOR is not set), "always" or "never". RunNetpol sets it.
  std::string color = "auto";
  /// Where loaded analyses are kept until the process exits (main's); null
  /// (tests): each command frees what it loaded when it returns.
  AnalysisKeeper* keeper = nullptr;

  /// `path` as the process must open it.
  std::string Resolve(const std::string& path) const;
  /// Whether text written to `out` is coloured (see UseColor).
  bool ColorOut() const { return UseColor(color, out_is_terminal, no_color); }
};

/// How the user invoked netpol, from argv[0]: "kubectl netpol" when the
/// executable is named kubectl-netpol (kubectl runs a plugin `kubectl-NAME`
/// found on PATH for `kubectl NAME ...`), otherwise "netpol".
std::string ProgramName(std::string_view argv0);

/// Runs `netpol ARGS...` (without the program name) and returns the exit
/// status: 0 ok, 1 findings, 2 usage or input error. `program` (see
/// ProgramName) is the name usage, help and examples show.
int RunNetpol(const std::vector<std::string>& args, Io& io,
              const std::string& program = "netpol");

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_CLI_H_
