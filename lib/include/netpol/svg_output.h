// Part of the render component: link netpol::render (CMake, find_package(netpol
// COMPONENTS render)) or pkg-config netpol-render; the core netpol::netpol does
// not define these functions and links no Graphviz.
// Rendering the allow-graph as SVG with Graphviz's gvc library.
#ifndef NETPOL_SVG_OUTPUT_H_
#define NETPOL_SVG_OUTPUT_H_

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/graph_diff.h"
#include "netpol/graph_output.h"
#include "netpol/group_graph.h"

NETPOL_NAMESPACE_BEGIN

/// Highlights for an intent check: UNEXPECTED connections and MISSING ones.
GraphHighlights HighlightsFromCheck(const CheckResult& result, const Cluster& cluster);

/// Lays out WriteGraphDot's graph with `dot` and writes the SVG. Graphviz
/// runs in a child process, so a Graphviz crash is an error here. Returns
/// false and sets `error` when Graphviz fails (nothing is written then).
///
/// Threads: the layout runs in a fork()ed child of the calling process. A
/// forked child has only the calling thread; if another thread of the host
/// held a lock the child needs (stdio, locale, a custom allocator — glibc's
/// malloc itself is fork-safe), the child can deadlock. So do not call this
/// from a multithreaded host while other threads run: call it from a
/// single-threaded process (as the netpol CLI does) or a dedicated
/// rendering process. The rest of the library starts no process.
/// Cost: Graphviz's dot layout, superlinear in edges; meant for graphs a
/// person reads (tens of pods), not for cluster dumps.
bool WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights, std::ostream& out,
                   std::string* error);

/// How long Graphviz may take, and where to say how it is going.
struct SvgLayoutOptions {
  /// Wall-clock seconds the layout may take; the Graphviz child is killed
  /// after that and the call fails with an error saying so. 0: no limit.
  double budget_seconds = 20;
  /// Called with one line (no newline) when the layout starts, every few
  /// seconds while it runs and when it ends. May be empty.
  std::function<void(std::string_view)> progress;
};

/// WriteGraphSvg within `layout`'s time budget.
bool WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights,
                   const SvgLayoutOptions& layout, std::ostream& out, std::string* error);

/// Lays out WriteGroupGraphDot's graph with `dot` within `layout`'s budget
/// and writes the SVG (same process model and errors as WriteGraphSvg).
bool WriteGroupGraphSvg(const GroupGraph& graph, const SvgLayoutOptions& layout, std::ostream& out,
                        std::string* error);

/// Lays out WriteGraphDiffDot's graph (graph_diff_output.h) with `dot`
/// within `layout`'s budget and writes the SVG (same process model and
/// errors as WriteGraphSvg).
bool WriteGraphDiffSvg(const GraphDiff& diff, const SvgLayoutOptions& layout, std::ostream& out,
                       std::string* error);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SVG_OUTPUT_H_
