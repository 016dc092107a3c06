// Part of the render component: link netpol::render (CMake, find_package(netpol
// COMPONENTS render)) or pkg-config netpol-render; the core netpol::netpol does
// not define these functions and links no Graphviz.
// Rendering the allow-graph as SVG with Graphviz's gvc library.
#ifndef NETPOL_SVG_OUTPUT_H_
#define NETPOL_SVG_OUTPUT_H_

#include <iosfwd>
#include <string>
#include <string_view>

#include "netpol/api.h"
#include "netpol/callback.h"
#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/graph_diff.h"
#include "netpol/graph_output.h"
#include "netpol/group_graph.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// Highlights for an intent check: UNEXPECTED connections and MISSING ones.
GraphHighlights HighlightsFromCheck(const CheckResult& result, const Cluster& cluster);

/// Lays out WriteGraphDot's graph with `dot` and writes the SVG. Graphviz
/// runs in a child process, so a Graphviz crash is an error here:
/// kUnavailable with Graphviz's error when it fails (nothing is written then).
///
/// Threads: the layout runs in a fork()ed child of the calling process. A
/// forked child has only the calling thread; if another thread of the host
/// held a lock the child needs (stdio, locale, a custom allocator — glibc's
/// malloc itself is fork-safe), the child can deadlock. So do not call this
/// from a multithreaded host while other threads run: call it from a
/// single-threaded process (as the netpol CLI does), or start an
/// SvgLayoutProcess first and pass it in SvgLayoutOptions::process (as
/// `netpol serve` does). The rest of the library starts no process.
/// Cost: Graphviz's dot layout, superlinear in edges; meant for graphs a
/// person reads (tens of pods), not for cluster dumps.
[[nodiscard]] Status WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights,
                                   std::ostream& out);

class SvgLayoutProcess;

/// How long Graphviz may take, and where to say how it is going.
struct SvgLayoutOptions {
  /// Wall-clock seconds the layout may take; the Graphviz child is killed
  /// after that and the call fails with an error saying so. 0: no limit.
  double budget_seconds = 20;
  /// Called with one line (no newline) when the layout starts, every few
  /// seconds while it runs and when it ends. May be empty.
  Callback<void(std::string_view)> progress;
  /// When set, the layout's child is forked by this helper process instead
  /// of by the calling one: the way for a multithreaded host to draw (see
  /// SvgLayoutProcess). Not owned; must outlive the call.
  SvgLayoutProcess* process = nullptr;
};

/// A small rendering process for multithreaded hosts (`netpol serve`).
/// fork() copies only the calling thread, so a Graphviz child forked while
/// other threads hold locks can deadlock. Start() forks this helper once,
/// while the host is still single-threaded; every layout asked of it with
/// SvgLayoutOptions::process then runs in a child of the helper, which has
/// one thread, under the same budget and with the same errors.
///
/// Threads: layouts through one SvgLayoutProcess are serialised (a mutex);
/// any thread may ask. The helper ends when this object is destroyed or the
/// host exits. `progress` lines are not reported for such layouts.
class SvgLayoutProcess {
 public:
  /// Forks the helper. Call it before the host starts any thread.
  /// kUnavailable when no process or socket can be made.
  [[nodiscard]] static Result<SvgLayoutProcess> Start();
  /// Ends the helper (it exits when its socket closes) and waits for it.
  ~SvgLayoutProcess();
  /// Takes `other`'s helper; a moved-from object's Render fails
  /// (kInvalidArgument).
  SvgLayoutProcess(SvgLayoutProcess&& other) noexcept;
  /// Ends this object's helper and takes `other`'s.
  SvgLayoutProcess& operator=(SvgLayoutProcess&& other) noexcept;
  SvgLayoutProcess(const SvgLayoutProcess&) = delete;
  SvgLayoutProcess& operator=(const SvgLayoutProcess&) = delete;

  /// Lays out `dot_text` (what WriteGraphDot writes) in a child of the
  /// helper within `budget_seconds` (0: no limit); `what` names the drawing
  /// in errors. Returns the SVG, or kUnavailable with Graphviz's error, the
  /// budget exceeded, or the helper gone.
  [[nodiscard]] Result<std::string> Render(const std::string& dot_text, double budget_seconds,
                                           const std::string& what);

 private:
  SvgLayoutProcess(int socket, int pid);
  void Stop();
  struct State;
  State* state_;  // owned; null once moved from (no <memory> in this header)
};

/// WriteGraphSvg within `layout`'s time budget (kUnavailable, saying so, when
/// the budget is exceeded).
[[nodiscard]] Status WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights,
                                   const SvgLayoutOptions& layout, std::ostream& out);

/// Lays out WriteGroupGraphDot's graph with `dot` within `layout`'s budget
/// and writes the SVG (same process model and errors as WriteGraphSvg).
[[nodiscard]] Status WriteGroupGraphSvg(const GroupGraph& graph, const SvgLayoutOptions& layout,
                                        std::ostream& out);

/// Lays out WriteGraphDiffDot's graph (graph_diff_output.h) with `dot`
/// within `layout`'s budget and writes the SVG (same process model and
/// errors as WriteGraphSvg).
[[nodiscard]] Status WriteGraphDiffSvg(const GraphDiff& diff, const SvgLayoutOptions& layout,
                                       std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SVG_OUTPUT_H_
