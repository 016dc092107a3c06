#include "cli.h"

#include <algorithm>
#include <memory>

#include "cli_common.h"
#include "command_suggestions.h"

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

// The first argument naming the command: what follows the global flags
// (--color VALUE, --color=VALUE, -h, -V...); empty when there is none.
std::string CommandWord(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--color") {
      ++i;  // its value
      continue;
    }
    if (!args[i].starts_with("-")) return args[i];
  }
  return "";
}

}  // namespace

bool UseColor(std::string_view mode, bool is_terminal, bool no_color) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return is_terminal && !no_color;
}

std::unique_ptr<CLI::App> MakeApp(Io& io, const std::string& program,
                                  std::vector<Action>& actions) {
  auto app = std::make_unique<CLI::App>(
      "netpol: offline Kubernetes NetworkPolicy analyzer.\n"
      "Computes who can talk to whom, on which ports, from manifests.",
      program);
  app->set_version_flag("-V,--version", std::string("netpol ") + netpol::Version());
  app->require_subcommand(1);
  // A global flag, before or after the command as in kubectl: declared on the
  // top level and on every command (not by fallthrough, which would hand
  // rollout's extra stage arguments to the top level).
  auto add_color_flag = [&io](CLI::App& on) {
    on.add_option("--color", io.color,
                  "Colour verdicts and severities in text output: auto (when standard output "
                  "is a terminal and NO_COLOR is unset), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
  };
  add_color_flag(*app);
  app->footer("Exit status: 0 ok, 1 findings, 2 usage or input error.\n"
              "Run '" + program + " COMMAND --help' for a command's options.");

  const auto& commands = Commands();
  actions.assign(commands.size(), Action{});
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CLI::App* sub = app->add_subcommand(commands[i].name, commands[i].summary);
    commands[i].setup(*sub, actions[i]);
    // report writes its file itself; serve writes none.
    const std::string_view name = commands[i].name;
    if (name != "report" && name != "serve") AddOutputFileFlag(*sub, actions[i]);
    add_color_flag(*sub);
    if (program != "netpol") sub->footer(RenameInExamples(sub->get_footer(), program));
  }
  return app;
}

int RunNetpol(const std::vector<std::string>& args, Io& io, const std::string& program) {
  std::vector<Action> actions;
  const std::unique_ptr<CLI::App> app_owner = MakeApp(io, program, actions);
  CLI::App& app = *app_owner;
  std::vector<CLI::App*> subs;
  std::vector<std::string> names;
  for (const Command& command : Commands()) {
    subs.push_back(app.get_subcommand(command.name));
    names.push_back(command.name);
  }
  const bool asks_for_help_or_version =
      std::any_of(args.begin(), args.end(), [](const std::string& arg) {
        return arg == "-h" || arg == "--help" || arg == "-V" || arg == "--version";
      });
  const std::string command = CommandWord(args);
  if (command.empty() && !asks_for_help_or_version) {
    // Bare `netpol`: kubectl prints its help (the command list) and exits 0.
    io.out << app.help();
    return kExitOk;
  }
  if (!command.empty() && std::find(names.begin(), names.end(), command) == names.end()) {
    io.err << UnknownCommandMessage(command, program, names);
    return kExitUsage;
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
