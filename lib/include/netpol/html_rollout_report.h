// Part of the render component: link netpol::render (CMake, find_package(netpol
// COMPONENTS render)) or pkg-config netpol-render; the core netpol::netpol does
// not define these functions and links no Graphviz.
// The HTML report's rollout stage view (`netpol report --stages`): one
// self-contained page for a rollout (Analysis::Rollout), with a stage
// selector and, per stage, the allow-graph, what the stage newly allowed
// (green) and newly denied (red, dashed), its change list with causes, the
// intended connections' status, and the final verdict.
//
// Design. Every stage is drawn with one layout: the union of the nodes and
// edges of all states is laid out once by Graphviz, and each stage gets a
// copy of that SVG whose elements are classed by what the stage did to them
// (new, removed, changed, kept, absent), so nodes never jump between stages.
// The page works without JavaScript (all stages one under another; the
// selector's entries are links to them); its small inline script turns them
// into tabs and a slider, both keyboard accessible.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
// The drawing uses Graphviz as WriteGraphSvg does: see its note on fork()
// and threads in svg_output.h.
#ifndef NETPOL_HTML_ROLLOUT_REPORT_H_
#define NETPOL_HTML_ROLLOUT_REPORT_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/rollout.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// What the stage view shows besides the rollout.
struct RolloutHtmlOptions {
  std::string title = "netpol rollout";
  std::vector<std::string> inputs;  ///< Shown in the header (the stages as given, say).
};

/// Writes the stage view of `report`, which must have been made with
/// RolloutOptions::keep_graphs (kInvalidArgument otherwise). kUnavailable
/// when Graphviz cannot lay out the graph. Nothing is written on an error.
/// Cost: one Graphviz layout of the union graph, whatever the stage count;
/// the page holds one copy of the SVG per stage.
[[nodiscard]] Status WriteRolloutHtmlReport(const RolloutReport& report,
                                            const RolloutHtmlOptions& options, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_HTML_ROLLOUT_REPORT_H_
