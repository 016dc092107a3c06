// netpol: answers, without a cluster, who can talk to whom under a set of
// Kubernetes NetworkPolicies. main() only wires options to the library.
#include <iostream>

#include "cli_common.h"

int main(int argc, char** argv) {
  using netpol::cli::Action;
  CLI::App app{"netpol: offline Kubernetes NetworkPolicy analyzer.\n"
               "Computes who can talk to whom, on which ports, from manifests.",
               "netpol"};
  app.set_version_flag("-V,--version", std::string("netpol ") + netpol::Version());
  app.require_subcommand(1);
  app.footer("Exit status: 0 ok, 1 findings, 2 usage or input error.\n"
             "Run 'netpol COMMAND --help' for a command's options.");

  const auto& commands = netpol::cli::Commands();
  std::vector<Action> actions(commands.size());
  std::vector<CLI::App*> subs;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CLI::App* sub = app.add_subcommand(commands[i].name, commands[i].summary);
    commands[i].setup(*sub, actions[i]);
    subs.push_back(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? netpol::cli::kExitOk : netpol::cli::kExitUsage;
  }
  netpol::cli::Io io{std::cin, std::cout, std::cerr};
  for (std::size_t i = 0; i < subs.size(); ++i) {
    if (subs[i]->parsed()) return actions[i](io);
  }
  return netpol::cli::kExitUsage;
}
