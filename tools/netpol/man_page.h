// Man pages generated from the command line itself: netpol(1) and one page
// per command, netpol-COMMAND(1) as git does, written from the CLI11 App that
// MakeApp builds (the one RunNetpol parses), so a new command, option,
// allowed value, default or example appears in its page without editing one.
// What a page says beyond --help: the footer's exit status gets its own
// section, its examples an EXAMPLES section, and every page a SEE ALSO.
#ifndef NETPOL_TOOLS_MAN_PAGE_H_
#define NETPOL_TOOLS_MAN_PAGE_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace netpol::cli {

/// One page: its file name ("netpol.1", "netpol-graph.1") and its roff text.
struct ManPage {
  std::string file_name;
  std::string roff;
};

/// netpol(1), then netpol-COMMAND(1) for every subcommand of `app` (as
/// MakeApp builds it), in the order --help lists them. `date` (YYYY-MM-DD)
/// goes in each page's header, `version` in its footer ("netpol 0.1.0").
std::vector<ManPage> ManPages(const CLI::App& app, const std::string& version,
                              const std::string& date);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_MAN_PAGE_H_
