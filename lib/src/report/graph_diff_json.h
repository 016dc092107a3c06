// A GraphDiff as JSON and its connection lines as text, for the writers that
// show one (diff, rollout).
#ifndef NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_
#define NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netpol/graph_diff.h"

namespace netpol::report {

/// {"objects": [...], "connections": [...], "summary": {...}}, as `netpol
/// diff --format json` prints it.
nlohmann::ordered_json GraphDiffJson(const GraphDiff& diff);

/// The width of the "from -> to" column for `connections`.
std::size_t ConnectionColumnWidth(const std::vector<ConnectionChange>& connections);

/// "  newly allowed  a -> b  TCP 80" (or "was ...", "before -> after"),
/// with a newline; the ends padded to `width`.
std::string ConnectionChangeLine(const ConnectionChange& change, std::size_t width);

}  // namespace netpol::report

#endif  // NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_
