#include "cli.h"

#include <algorithm>

#include "cli_common.h"

namespace netpol::cli {

int RunNetpol(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"netpol: offline Kubernetes NetworkPolicy analyzer.\n"
               "Computes who can talk to whom, on which ports, from manifests.",
               "netpol"};
  app.set_version_flag("-V,--version", std::string("netpol ") + netpol::Version());
  app.require_subcommand(1);
  app.footer("Exit status: 0 ok, 1 findings, 2 usage or input error.\n"
             "Run 'netpol COMMAND --help' for a command's options.");

  const auto& commands = Commands();
  std::vector<Action> actions(commands.size());
  std::vector<CLI::App*> subs;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CLI::App* sub = app.add_subcommand(commands[i].name, commands[i].summary);
    commands[i].setup(*sub, actions[i]);
    subs.push_back(sub);
  }
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses from the back
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e, io.out, io.err);
    return status == 0 ? kExitOk : kExitUsage;
  }
  for (std::size_t i = 0; i < subs.size(); ++i) {
    if (!subs[i]->parsed()) continue;
    if (!CheckFilenamesAreNotFormats(*subs[i], io)) return kExitUsage;
    return actions[i](io);
  }
  return kExitUsage;
}

}  // namespace netpol::cli
