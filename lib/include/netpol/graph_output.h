// Writers for the allow-graph: text, JSON and Graphviz DOT.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_GRAPH_OUTPUT_H_
#define NETPOL_GRAPH_OUTPUT_H_

#include <iosfwd>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/group_graph.h"

NETPOL_NAMESPACE_BEGIN

/// One line per edge, "ns/a -> ns/b  TCP 80", sorted, then a summary line.
void WriteGraphText(const AllowGraph& graph, std::ostream& out);
/// {"nodes":[...],"edges":[...]} as documented in the README.
void WriteGraphJson(const AllowGraph& graph, std::ostream& out);
/// How to mark the graph against an intent (see check.h): connections the
/// intent forbids drawn in a warning colour, intended connections that are
/// denied added as dashed edges. Ids are GraphNode::id.
struct GraphHighlights {
  std::set<std::pair<std::string, std::string>> unexpected;
  std::vector<std::pair<std::string, std::string>> missing;
  /// Give nodes and edges stable element ids even without highlights.
  bool element_ids = false;
};

/// A Graphviz digraph with one cluster per namespace.
void WriteGraphDot(const AllowGraph& graph, std::ostream& out);
/// The same, with highlights, and stable element ids for scripts: node
/// `n<Index(node)>`, edge `e<from>_<to>`, missing edge `m<from>_<to>` (node indices).
void WriteGraphDot(const AllowGraph& graph, const GraphHighlights& highlights, std::ostream& out);
/// A Graphviz digraph of a grouped graph (group_graph.h): below namespace
/// level one cluster per namespace, at namespace level one node per
/// namespace labelled with its pod count; external blocks as dashed
/// ellipses. An edge is solid when all member pairs are allowed and dashed
/// when only some are; its label is the ports (cut to 40 characters) and,
/// for "some", the allowed/all pair counts; its tooltip has the whole text.
/// Element ids for scripts: node `n<group index>`, edge `e<from>_<to>`.
void WriteGroupGraphDot(const GroupGraph& graph, std::ostream& out);
/// A grouped edge in words: "all 12 pod pairs: TCP 80" or "some: 3 of 12
/// pod pairs: TCP 80".
std::string GroupEdgeText(const GroupEdge& edge);
/// np-guard/netpol-analyzer's connlist lines, "src => dst : conns", sorted as
/// strings: endpoints as "ns/name[Kind]" (bare pods "[Pod]"), external
/// addresses as one "first-last[External]" line per range of each block,
/// connections as "All Connections" or "PROTO ports" groups.
void WriteGraphConnlist(const AllowGraph& graph, std::ostream& out);
/// The connlist as CSV (RFC 4180, LF line ends), netpol-analyzer's columns:
/// a `src,dst,conn` header, then one row per connlist line, in its order.
void WriteGraphConnlistCsv(const AllowGraph& graph, std::ostream& out);
/// The connlist as a markdown table with the columns `src`, `dst`, `conn`.
void WriteGraphConnlistMarkdown(const AllowGraph& graph, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_OUTPUT_H_
