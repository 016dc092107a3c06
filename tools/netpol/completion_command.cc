// `netpol completion bash|zsh|fish`: shell completion generated from the
// command table itself (the CLI11 App every command registered its options
// on), so a new command, flag or format completes without editing a script.
// Option values come from the options' IsMember sets (formats, --validate...)
// and, for lint's rule options, from the lint registry.
#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_common.h"
#include "netpol/lint.h"

namespace netpol::cli {
namespace {

// One option of a command as the shells need it.
struct OptionSpec {
  std::vector<std::string> names;  // "-o", "--format"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> values;  // empty: any value (completed as a file name)
};

struct CommandSpec {
  std::string name;  // empty: the top level
  std::string description;
  std::vector<OptionSpec> options;
  std::vector<std::string> positional_values;  // empty: positionals are paths
};

std::vector<std::string> LintRuleNames() {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  std::vector<std::string> names;
  for (const LintRuleInfo& info : registry.Infos()) {
    names.push_back(info.id);
    names.push_back(info.name);
  }
  return names;
}

CommandSpec SpecOf(const CLI::App& app, const std::string& name) {
  CommandSpec spec{name, app.get_description(), {}, {}};
  for (const CLI::Option* option : app.get_options()) {
    if (!option->nonpositional()) {
      const std::vector<std::string> values = AllowedValues(*option);
      spec.positional_values.insert(spec.positional_values.end(), values.begin(), values.end());
      continue;
    }
    OptionSpec o;
    for (const std::string& s : option->get_snames()) o.names.push_back("-" + s);
    for (const std::string& l : option->get_lnames()) o.names.push_back("--" + l);
    o.description = option->get_description();
    o.takes_value = option->get_expected_max() != 0;  // flags expect no value
    if (o.takes_value) o.values = AllowedValues(*option);
    if (name == "lint" && (option->check_lname("enable") || option->check_lname("disable") ||
                           option->check_lname("explain"))) {
      o.values = LintRuleNames();
    }
    spec.options.push_back(std::move(o));
  }
  return spec;
}

// The top level first, then every subcommand, in the order --help lists them.
std::vector<CommandSpec> Specs(const CLI::App& root) {
  std::vector<CommandSpec> specs{SpecOf(root, "")};
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    specs.push_back(SpecOf(*sub, sub->get_name()));
  }
  return specs;
}

std::string Join(const std::vector<std::string>& words, const char* separator = " ") {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : separator) + word;
  return joined;
}

std::string BashFunction(const std::vector<CommandSpec>& specs) {
  std::vector<std::string> subcommands;
  for (std::size_t i = 1; i < specs.size(); ++i) subcommands.push_back(specs[i].name);
  std::ostringstream s;
  s << "_netpol() {\n"
       "  local cur prev sub i\n"
       "  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
       "  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
       "  # --option=value: bash splits at '=' (COMP_WORDBREAKS)\n"
       "  if [[ \"$cur\" == \"=\" ]]; then cur=\"\"; prev=\"${COMP_WORDS[COMP_CWORD-1]}\";\n"
       "  elif [[ \"$prev\" == \"=\" && $COMP_CWORD -ge 2 ]]; then prev=\"${COMP_WORDS[COMP_CWORD-2]}\"; fi\n"
       "  sub=\"\"\n"
       "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       "    case \"${COMP_WORDS[i]}\" in\n"
       "      " << Join(subcommands, "|") << ") sub=\"${COMP_WORDS[i]}\"; break ;;\n"
       "    esac\n"
       "  done\n"
       "  COMPREPLY=()\n"
       "  case \"$sub\" in\n";
  for (const CommandSpec& spec : specs) {
    std::vector<std::string> flags;
    for (const OptionSpec& o : spec.options) flags.insert(flags.end(), o.names.begin(), o.names.end());
    s << "    \"" << spec.name << "\")\n"
      << "      case \"$prev\" in\n";
    for (const OptionSpec& o : spec.options) {
      if (!o.takes_value) continue;
      s << "        " << Join(o.names, "|") << ")\n";
      if (o.values.empty()) {
        s << "          COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n";
      } else {
        s << "          COMPREPLY=($(compgen -W \"" << Join(o.values) << "\" -- \"$cur\")); return 0 ;;\n";
      }
    }
    s << "      esac\n";
    if (spec.name.empty()) {
      s << "      if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"" << Join(flags)
        << "\" -- \"$cur\"))\n"
        << "      else COMPREPLY=($(compgen -W \"" << Join(subcommands) << "\" -- \"$cur\")); fi\n";
    } else {
      s << "      if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"" << Join(flags)
        << "\" -- \"$cur\"))\n"
        << (spec.positional_values.empty()
                ? std::string("      else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n")
                : "      else COMPREPLY=($(compgen -W \"" + Join(spec.positional_values) +
                      "\" -- \"$cur\")); fi\n");
    }
    s << "      ;;\n";
  }
  s << "  esac\n"
       "  return 0\n"
       "}\n";
  return s.str();
}

void WriteBash(const std::vector<CommandSpec>& specs, std::ostream& out) {
  out << "# bash completion for netpol. Load it with: source <(netpol completion bash)\n"
      << BashFunction(specs)
      << "complete -o default -o filenames -F _netpol netpol kubectl-netpol\n";
}

// zsh runs the bash function through its bash-completion emulation.
void WriteZsh(const std::vector<CommandSpec>& specs, std::ostream& out) {
  out << "# zsh completion for netpol. Load it with: source <(netpol completion zsh)\n"
         "autoload -U +X compinit && compinit\n"
         "autoload -U +X bashcompinit && bashcompinit\n"
      << BashFunction(specs)
      << "complete -o default -F _netpol netpol kubectl-netpol\n";
}

std::string FishQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c == '\n' ? ' ' : c;
  }
  return quoted + "'";
}

void WriteFish(const std::vector<CommandSpec>& specs, std::ostream& out) {
  out << "# fish completion for netpol. Load it with: netpol completion fish | source\n";
  std::vector<std::string> subcommands;
  for (std::size_t i = 1; i < specs.size(); ++i) subcommands.push_back(specs[i].name);
  for (const std::string program : {"netpol", "kubectl-netpol"}) {
    out << "complete -c " << program << " -f\n";
    for (const CommandSpec& spec : specs) {
      const std::string condition =
          spec.name.empty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + spec.name;
      if (!spec.name.empty()) {
        out << "complete -c " << program << " -n __fish_use_subcommand -a " << spec.name << " -d "
            << FishQuote(spec.description.substr(0, spec.description.find('\n'))) << "\n";
      }
      for (const OptionSpec& o : spec.options) {
        out << "complete -c " << program << " -n " << FishQuote(condition);
        for (const std::string& name : o.names) {
          out << (name.rfind("--", 0) == 0 ? " -l " + name.substr(2) : " -s " + name.substr(1));
        }
        if (o.takes_value) out << (o.values.empty() ? " -r -F" : " -x -a " + FishQuote(Join(o.values)));
        out << " -d " << FishQuote(o.description.substr(0, o.description.find('\n'))) << "\n";
      }
      if (!spec.name.empty()) {
        out << "complete -c " << program << " -n " << FishQuote(condition) << " -F\n";
      }
    }
  }
}

}  // namespace

void SetUpCompletionCommand(CLI::App& sub, Action& action) {
  auto shell = std::make_shared<std::string>();
  sub.add_option("shell", *shell, "The shell to write the completion script for")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  sub.footer(
      "Examples:\n"
      "  source <(netpol completion bash)       # in ~/.bashrc\n"
      "  source <(netpol completion zsh)        # in ~/.zshrc\n"
      "  netpol completion fish | source        # in ~/.config/fish/config.fish");
  const CLI::App* root = sub.get_parent();
  action = [shell, root](Io& io) {
    const std::vector<CommandSpec> specs = Specs(*root);
    if (*shell == "bash") WriteBash(specs, io.out);
    if (*shell == "zsh") WriteZsh(specs, io.out);
    if (*shell == "fish") WriteFish(specs, io.out);
    return kExitOk;
  };
}

}  // namespace netpol::cli
