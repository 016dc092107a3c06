// Rendering the allow-graph as SVG with Graphviz's gvc library.
#ifndef NETPOL_SVG_OUTPUT_H_
#define NETPOL_SVG_OUTPUT_H_

#include <ostream>
#include <string>

#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/graph_output.h"

namespace netpol {

/// Highlights for an intent check: UNEXPECTED connections and MISSING ones.
GraphHighlights HighlightsFromCheck(const CheckResult& result, const Cluster& cluster);

/// Lays out WriteGraphDot's graph with `dot` and writes the SVG. Graphviz
/// runs in a child process, so a Graphviz crash is an error here. Returns
/// false and sets `error` when Graphviz fails (nothing is written then).
bool WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights, std::ostream& out,
                   std::string* error);

}  // namespace netpol

#endif  // NETPOL_SVG_OUTPUT_H_
