// Flags of the commands that draw or tabulate the allow-graph for a person
// (graph --format svg|matrix, report, diff --format dot|svg|html): the grouping level, the size limit
// and Graphviz's time budget.
#ifndef NETPOL_TOOLS_DRAWING_FLAGS_H_
#define NETPOL_TOOLS_DRAWING_FLAGS_H_

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "netpol/group_graph.h"
#include "netpol/svg_output.h"

namespace netpol::cli {

/// The default of --max-nodes: the most nodes (or matrix rows) drawn per pod.
inline constexpr std::size_t kDefaultMaxNodes = 150;

struct DrawingFlags {
  std::string by;                        ///< --by: pod, workload, class, namespace; empty: automatic
  std::size_t max_nodes = kDefaultMaxNodes;  ///< --max-nodes
  double layout_timeout = 20;            ///< --layout-timeout, seconds (0: none)
};

/// Adds --by, --max-nodes and --layout-timeout to `sub`; `what` says what
/// they apply to in the help ("With --format svg or matrix").
void AddDrawingFlags(CLI::App& sub, DrawingFlags& flags, const std::string& what);

/// Adds only --max-nodes and --layout-timeout (commands that draw without
/// grouping: diff).
void AddLayoutFlags(CLI::App& sub, DrawingFlags& flags, const std::string& what);

/// --by as a GroupBy (nullopt when not given; the value is checked by CLI11).
std::optional<GroupBy> GroupByFlag(const DrawingFlags& flags);

/// The layout budget, with progress lines "netpol: ..." on io.err.
SvgLayoutOptions LayoutOptions(const DrawingFlags& flags, Io& io);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_DRAWING_FLAGS_H_
