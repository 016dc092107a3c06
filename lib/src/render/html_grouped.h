// The HTML report above pod level: the grouped graph and matrix, the
// namespace table, and drilling into a namespace's pods in the page.
#ifndef NETPOL_SRC_RENDER_HTML_GROUPED_H_
#define NETPOL_SRC_RENDER_HTML_GROUPED_H_

#include <ostream>
#include <string>

#include "netpol/analysis.h"
#include "netpol/group_graph.h"
#include "netpol/html_report.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// Writes the grouped graph section (SVG of the `level` graph, or a note
/// when it has more than options.max_nodes nodes or Graphviz fails), the
/// grouped matrix, the namespace table, the (empty) drill-down section and
/// the class-level data the drill-down reads, and sets `data_json` to the
/// graph script's data (nodes, edges with a summary) for html_report.cc's
/// script.
void WriteGroupedSections(const Analysis& analysis, const HtmlReportOptions& options,
                          GroupBy level, std::ostream& html, std::string* data_json);

/// The drill-down script (defines window.netpolDrill(namespace)); written
/// before the graph's script, which calls it when a node is clicked.
void WriteGroupedScripts(std::ostream& html);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_RENDER_HTML_GROUPED_H_
