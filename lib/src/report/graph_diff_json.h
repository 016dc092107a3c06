// A GraphDiff as JSON, for the writers that embed one (diff, rollout).
#ifndef NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_
#define NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_

#include <nlohmann/json.hpp>

#include "netpol/graph_diff.h"

namespace netpol::report {

/// {"objects": [...], "connections": [...], "summary": {...}}, as `netpol
/// diff --format json` prints it.
nlohmann::ordered_json GraphDiffJson(const GraphDiff& diff);

}  // namespace netpol::report

#endif  // NETPOL_SRC_REPORT_GRAPH_DIFF_JSON_H_
