// Writers for the allow-graph: text, JSON and Graphviz DOT.
#ifndef NETPOL_GRAPH_OUTPUT_H_
#define NETPOL_GRAPH_OUTPUT_H_

#include <ostream>

#include "netpol/allow_graph.h"

namespace netpol {

/// One line per edge, "ns/a -> ns/b  TCP 80", sorted, then a summary line.
void WriteGraphText(const AllowGraph& graph, std::ostream& out);
/// {"nodes":[...],"edges":[...]} as documented in the README.
void WriteGraphJson(const AllowGraph& graph, std::ostream& out);
/// A Graphviz digraph with one cluster per namespace.
void WriteGraphDot(const AllowGraph& graph, std::ostream& out);

}  // namespace netpol

#endif  // NETPOL_GRAPH_OUTPUT_H_
