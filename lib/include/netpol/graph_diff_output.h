// Writers for a GraphDiff: text and JSON.
#ifndef NETPOL_GRAPH_DIFF_OUTPUT_H_
#define NETPOL_GRAPH_DIFF_OUTPUT_H_

#include <ostream>

#include "netpol/graph_diff.h"

namespace netpol {

/// The changed objects, then one line per changed connection with its causes,
/// then a summary line.
void WriteGraphDiffText(const GraphDiff& diff, std::ostream& out);
/// {"objects": [...], "connections": [...], "summary": {...}}.
void WriteGraphDiffJson(const GraphDiff& diff, std::ostream& out);

}  // namespace netpol

#endif  // NETPOL_GRAPH_DIFF_OUTPUT_H_
