// What `netpol frobnicate` answers: kubectl's (cobra's) "Did you mean
// this?" — the commands within a small edit distance of the mistyped one, or
// that it begins — plus the commands people reach for under another name
// (`netpol matrix` is `netpol graph -o matrix`).
#ifndef NETPOL_TOOLS_COMMAND_SUGGESTIONS_H_
#define NETPOL_TOOLS_COMMAND_SUGGESTIONS_H_

#include <string>
#include <string_view>
#include <vector>

namespace netpol::cli {

/// Levenshtein distance of `a` and `b`, ignoring ASCII case.
std::size_t EditDistance(std::string_view a, std::string_view b);

/// The suggestions for the unknown command `typed` among `commands`, best
/// first: an alias's command line ("graph -o matrix"), then the commands at
/// edit distance 2 or less (cobra's default) or that start with `typed`.
std::vector<std::string> SuggestCommands(std::string_view typed,
                                         const std::vector<std::string>& commands);

/// The whole message, as kubectl words it:
///   error: unknown command "grpah" for "netpol"
///
///   Did you mean this?
///   \tgraph
///
///   Run 'netpol --help' for usage.
std::string UnknownCommandMessage(std::string_view typed, const std::string& program,
                                  const std::vector<std::string>& commands);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_COMMAND_SUGGESTIONS_H_
