#include "cli.h"

#include <algorithm>

#include "cli_common.h"

namespace netpol::cli {
namespace {

// The examples of a command's help ("  netpol graph ...") as `program` runs them.
std::string RenameInExamples(std::string text, const std::string& program) {
  const std::string from = "  netpol ";
  const std::string to = "  " + program + " ";
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

int RunNetpol(const std::vector<std::string>& args, Io& io, const std::string& program) {
  CLI::App app{"netpol: offline Kubernetes NetworkPolicy analyzer.\n"
               "Computes who can talk to whom, on which ports, from manifests.",
               program};
  app.set_version_flag("-V,--version", std::string("netpol ") + netpol::Version());
  app.require_subcommand(1);
  app.footer("Exit status: 0 ok, 1 findings, 2 usage or input error.\n"
             "Run '" + program + " COMMAND --help' for a command's options.");

  const auto& commands = Commands();
  std::vector<Action> actions(commands.size());
  std::vector<CLI::App*> subs;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CLI::App* sub = app.add_subcommand(commands[i].name, commands[i].summary);
    commands[i].setup(*sub, actions[i]);
    if (std::string_view(commands[i].name) != "report") AddOutputFileFlag(*sub, actions[i]);
    if (program != "netpol") sub->footer(RenameInExamples(sub->get_footer(), program));
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
