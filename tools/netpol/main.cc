// netpol: answers, without a cluster, who can talk to whom under a set of
// Kubernetes NetworkPolicies. The commands live in the CLI library (cli.h);
// main() only hands them the process's streams and the name it was run as
// (kubectl-netpol: the kubectl plugin).
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  netpol::cli::Io io{std::cin, std::cout, std::cerr, {}};
  return netpol::cli::RunNetpol(args, io, netpol::cli::ProgramName(argc > 0 ? argv[0] : ""));
}
