// Writers for a GraphDiff: text, JSON, CSV, markdown and Graphviz DOT.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_GRAPH_DIFF_OUTPUT_H_
#define NETPOL_GRAPH_DIFF_OUTPUT_H_

#include <iosfwd>

#include "netpol/api.h"
#include "netpol/graph_diff.h"

NETPOL_NAMESPACE_BEGIN

/// The changed objects, then one line per changed connection with its causes,
/// then a summary line.
void WriteGraphDiffText(const GraphDiff& diff, std::ostream& out);
/// {"objects": [...], "connections": [...], "summary": {...}}.
void WriteGraphDiffJson(const GraphDiff& diff, std::ostream& out);
/// CSV (RFC 4180, LF line ends): a `from,to,change,before,after,causes`
/// header, then one row per changed connection; `change` is "newly allowed",
/// "newly denied" or "ports changed", `before`/`after` the port sets ("none"
/// when denied), `causes` the changed objects and why, separated by "; ".
void WriteGraphDiffCsv(const GraphDiff& diff, std::ostream& out);
/// The same columns as a markdown table.
void WriteGraphDiffMarkdown(const GraphDiff& diff, std::ostream& out);
/// A Graphviz digraph of the changed connections: one node per endpoint that
/// appears in a change (id `n<i>`, endpoints in sorted order), one edge per
/// changed connection (id `c<i>`, the index in diff.connections), coloured
/// by kind: newly allowed green (class "newly-allowed"), newly denied red
/// and dashed ("newly-denied"), ports changed orange ("ports-changed").
/// Unchanged connections are not drawn.
void WriteGraphDiffDot(const GraphDiff& diff, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_DIFF_OUTPUT_H_
