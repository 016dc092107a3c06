// netpol: answers, without a cluster, who can talk to whom under a set of
// Kubernetes NetworkPolicies. The commands live in the CLI library (cli.h);
// main() only hands them the process's streams, whether they are terminals
// (colour, progress), NO_COLOR, and the name it was run as (kubectl-netpol:
// the kubectl plugin). What the commands load it leaves to the operating
// system to free at exit.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "analysis_keeper.h"
#include "cli.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  netpol::cli::Io io{std::cin, std::cout, std::cerr, {}};
  io.out_is_terminal = isatty(STDOUT_FILENO) == 1;
  io.err_is_terminal = isatty(STDERR_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  io.no_color = no_color != nullptr && *no_color != '\0';
  // Freed with the process, not object by object (cli.h: AnalysisKeeper).
  auto* keeper = new netpol::cli::AnalysisKeeper();
  io.keeper = keeper;
  const int status =
      netpol::cli::RunNetpol(args, io, netpol::cli::ProgramName(argc > 0 ? argv[0] : ""));
#if NETPOL_FREE_AT_EXIT
  delete keeper;  // sanitizer builds: the leak checker sees everything freed
#endif
  return status;
}
