// A GraphDiff as JSON, as table rows and its connection lines as text, for
// the writers that show one (diff, rollout, the visual diff).
#ifndef NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_
#define NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netpol/graph_diff.h"
#include "report/table_output.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// {"objects": [...], "connections": [...], "summary": {...}}, as `netpol
/// diff --format json` prints it.
nlohmann::ordered_json GraphDiffJson(const GraphDiff& diff);

/// The columns of `netpol diff -o csv`: from, to, change, before, after, causes.
TableRow GraphDiffHeader();

/// One row per changed connection, as GraphDiffHeader names them: ports
/// absent on a side are "none", causes read as in the text report and are
/// separated by "; ".
std::vector<TableRow> GraphDiffRows(const GraphDiff& diff);

/// The width of the "from -> to" column for `connections`.
std::size_t ConnectionColumnWidth(const std::vector<ConnectionChange>& connections);

/// "  newly allowed  a -> b  TCP 80" (or "was ...", "before -> after"),
/// with a newline; the ends padded to `width`.
std::string ConnectionChangeLine(const ConnectionChange& change, std::size_t width);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_
