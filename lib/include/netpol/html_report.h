// Part of the render component: link netpol::render (CMake, find_package(netpol
// COMPONENTS render)) or pkg-config netpol-render; the core netpol::netpol does
// not define these functions and links no Graphviz.
// A self-contained HTML report: the SVG graph, the reachability matrix, the
// intent check and lint findings, with a small inline script (click a node
// to highlight what it reaches and what reaches it; hover an edge to see the
// rules that allow it). No network access: everything is inline.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
// The drawing uses Graphviz as WriteGraphSvg does: see its note on fork()
// and threads in svg_output.h.
#ifndef NETPOL_HTML_REPORT_H_
#define NETPOL_HTML_REPORT_H_

#include <iosfwd>
#include <string>
#include <vector>

#include <optional>

#include "netpol/api.h"
#include "netpol/analysis.h"
#include "netpol/check.h"
#include "netpol/endpoint_filter.h"
#include "netpol/group_graph.h"
#include "netpol/lint.h"
#include "netpol/status.h"
#include "netpol/svg_output.h"

NETPOL_NAMESPACE_BEGIN

/// A finding shown in the report's findings table (lint, for instance).
struct ReportFinding {
  std::string severity;  ///< "error", "warning", "info".
  std::string rule;      ///< "NP003 one-sided-allow".
  SourceLoc loc;
  std::string message;
  std::string fix;  ///< How to fix it; may be empty.
};

/// What the report shows besides the analysis' graph and matrix.
struct HtmlReportOptions {
  std::optional<CheckResult> check;     ///< An intent check (Analysis::Check), if any.
  std::vector<ReportFinding> findings;  ///< The findings table (e.g. ReportFindingsFromLint).
  /// Lint ran: the "Lint findings" section and its count in the summary
  /// appear even when `findings` is empty ("no findings"). Without it the
  /// section appears only when there are findings.
  bool lint_ran = false;
  std::string title = "netpol report";
  std::vector<std::string> inputs;      ///< Shown in the header.
  /// The graph and matrix show only the connections with a selected end
  /// (graph_filter.h); the default selects everything.
  EndpointFilter filter;
  /// The level of the graph and the matrix. nullopt: every pod when the
  /// endpoints fit in `max_nodes`, else the finest grouping that fits
  /// (ChooseDrawingLevel). Below pod level the report also has a namespace
  /// table and, on a click on a namespace, its pods (pod matrix and
  /// connections with other namespaces), rendered in the page from
  /// embedded class-level data.
  std::optional<GroupBy> by;
  /// The most nodes drawn (and matrix rows shown) in the grouped report;
  /// a grouped graph or matrix above it is left out with a note.
  std::size_t max_nodes = 150;
  /// Graphviz's time budget and progress. A grouped drawing that fails
  /// (times out) is replaced by a note; a pod-level one fails the report.
  SvgLayoutOptions layout{.budget_seconds = 0, .progress = {}};
};

/// Lint findings as rows of the report's findings table (message and fix
/// apart, in lint's order).
std::vector<ReportFinding> ReportFindingsFromLint(const std::vector<LintFinding>& findings);

/// Writes the report for `analysis` (its allow-graph, laid out by Graphviz
/// as WriteGraphSvg does, or the grouped graph, see HtmlReportOptions::by).
/// kUnavailable when the pod-level graph cannot be rendered; nothing is
/// written then.
[[nodiscard]] Status WriteHtmlReport(const Analysis& analysis, const HtmlReportOptions& options,
                                     std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_HTML_REPORT_H_
