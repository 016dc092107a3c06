// Part of the render component: link netpol::render (CMake, find_package(netpol
// COMPONENTS render)) or pkg-config netpol-render; the core netpol::netpol does
// not define these functions and links no Graphviz.
// The visual diff (`netpol diff -o html`): one self-contained page for a
// GraphDiff, drawing the union of the before and after allow-graphs.
//
// Design. The page draws every node of either side and every connection
// allowed on either side, once, with one Graphviz layout: the changed
// connections coloured as WriteGraphDiffDot colours them (newly allowed
// green, newly denied red and dashed, ports changed orange), the unchanged
// ones thin and grey, so a reader sees what changed in the context of what
// did not. Each edge's hover text gives its ports before and after and, for
// a change, its causes. Under the drawing, a legend and the table of changes
// (the rows of `netpol diff -o csv`) and the changed objects. The page needs
// no script and loads nothing: styles and the SVG are inline (its one small
// script only serves a browser self-test at #selftest), and the diff is
// embedded as the JSON of `netpol diff -o json` (element #netpol-diff) for
// tools.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
// The drawing uses Graphviz as WriteGraphSvg does: see its note on fork()
// and threads in svg_output.h.
#ifndef NETPOL_HTML_DIFF_REPORT_H_
#define NETPOL_HTML_DIFF_REPORT_H_

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/graph_diff.h"
#include "netpol/status.h"
#include "netpol/svg_output.h"

NETPOL_NAMESPACE_BEGIN

/// What the page shows besides the diff, and the layout's time budget.
struct DiffHtmlOptions {
  std::string title = "netpol diff";
  std::vector<std::string> inputs;  ///< Shown in the header: BEFORE, AFTER (or the --add/--remove).
  SvgLayoutOptions layout;          ///< Graphviz's budget and progress lines.
};

/// The number of nodes WriteGraphDiffHtml draws: the endpoints of `before`,
/// `after` and of the diff's connections, by id.
std::size_t DiffDrawingNodeCount(const GraphDiff& diff, const AllowGraph& before,
                                 const AllowGraph& after);

/// Writes the page for `diff`, which compares `before` with `after` (the
/// same endpoints by id; graphs built with a filter draw only what it
/// shows). An edge of both graphs with the same ports that `diff` does not
/// list is drawn as unchanged. kUnavailable when Graphviz fails or runs out
/// of its budget; nothing is written on an error.
/// Cost: one Graphviz layout of the union graph (meant for what a person
/// reads: tens of pods, see DiffDrawingNodeCount).
[[nodiscard]] Status WriteGraphDiffHtml(const GraphDiff& diff, const AllowGraph& before,
                                        const AllowGraph& after, const DiffHtmlOptions& options,
                                        std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_HTML_DIFF_REPORT_H_
