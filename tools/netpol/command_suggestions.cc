#include "command_suggestions.h"

#include <algorithm>
#include <cctype>

#include "netpol/label_typo.h"

namespace netpol::cli {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Names other tools (and kubectl habits) give to what a netpol command does.
struct Alias {
  const char* typed;
  const char* command_line;
};
constexpr Alias kAliases[] = {
    {"matrix", "graph -o matrix"},   {"dot", "graph -o dot"},     {"svg", "graph -o svg"},
    {"get", "graph"},                {"show", "graph"},           {"describe", "explain"},
    {"why", "explain"},              {"test", "check"},           {"verify", "check"},
    {"validate", "lint"},            {"vet", "lint"},             {"html", "report --html FILE"},
    {"blast-radius", "reach"},       {"path", "paths"},           {"route", "paths"},
    {"what-if", "diff"},             {"stages", "rollout"},       {"plan", "rollout"},
};

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  auto lower = [](std::string_view text) {
    std::string out;
    for (char c : text) out += Lower(c);
    return out;
  };
  // The library's Levenshtein distance (label typos use it too), unbounded.
  return netpol::EditDistance(lower(a), lower(b), std::max(a.size(), b.size()));
}

std::vector<std::string> SuggestCommands(std::string_view typed,
                                         const std::vector<std::string>& commands) {
  std::vector<std::string> suggestions;
  std::string lower(typed);
  std::transform(lower.begin(), lower.end(), lower.begin(), Lower);
  for (const Alias& alias : kAliases) {
    if (lower == alias.typed) suggestions.push_back(alias.command_line);
  }
  for (const std::string& command : commands) {
    const bool prefix = !lower.empty() && command.size() > lower.size() &&
                        EditDistance(command.substr(0, lower.size()), lower) == 0;
    if (prefix || EditDistance(typed, command) <= 2) {
      if (std::find(suggestions.begin(), suggestions.end(), command) == suggestions.end()) {
        suggestions.push_back(command);
      }
    }
  }
  return suggestions;
}

std::string UnknownCommandMessage(std::string_view typed, const std::string& program,
                                  const std::vector<std::string>& commands) {
  std::string message = "error: unknown command \"" + std::string(typed) + "\" for \"" + program + "\"\n";
  const std::vector<std::string> suggestions = SuggestCommands(typed, commands);
  if (!suggestions.empty()) {
    message += "\nDid you mean this?\n";
    for (const std::string& suggestion : suggestions) message += "\t" + suggestion + "\n";
  }
  message += "\nRun '" + program + " --help' for usage.\n";
  return message;
}

}  // namespace netpol::cli
