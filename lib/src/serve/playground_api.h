// The playground behind `netpol serve`: the page (embedded assets) and the
// JSON API the page and other tools call. Every answer is computed from the
// request alone (the server keeps no per-user state), by the same Analysis
// and JSON writers as the CLI, so `graph`, `check`, `lint`, `explain` and
// `diff` have the shapes of `netpol COMMAND -o json`. See docs/serve.md for
// the routes and their request and response shapes.
//
// Limits. A request names at most `max_files` files; a cluster with more
// than `max_pods` pods or `max_policies` policies is refused with 422 before
// any graph is computed; the SVG drawing is made only up to `max_drawn_pods`
// pods, within `layout_seconds`. Time: a request may compute for
// `budget_seconds`; the budget is checked between the steps of a request
// (loading, the graphs, the check, lint, suggestions, the diff) and inside
// the class graph's computation (Analysis::PrepareGraphs), and a request
// past it is answered 503 with a message naming the budget. A step already
// running (the SVG layout, with its own limit) runs to its end: no thread
// is killed.
//
// Threads. Handle() is const and may be called from many threads at once;
// the SVG layouts are serialised and run in children of a helper process
// the constructor forks (SvgLayoutProcess): construct the PlaygroundApi
// before the server starts its threads.
#ifndef NETPOL_SERVE_PLAYGROUND_API_H_
#define NETPOL_SERVE_PLAYGROUND_API_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netpol/analysis.h"
#include "netpol/api.h"
#include "netpol/loader.h"
#include "netpol/svg_output.h"
#include "serve/http_server.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

struct PlaygroundLimits {
  std::size_t max_files = 200;
  std::size_t max_pods = 2000;
  std::size_t max_policies = 2000;
  std::size_t max_drawn_pods = 60;
  double layout_seconds = 5;
  /// Wall-clock seconds of computing a request may take (netpol serve
  /// --budget): past it, the request is answered 503 naming the budget.
  double budget_seconds = 5;
};

/// What the page opens on.
struct PlaygroundSession {
  /// The manifests, in the order the walkthrough applies them.
  std::vector<InputFile> files;
  /// The intent's text and name; empty text: none.
  InputFile intent;
  /// Where the manifests came from, shown in the page's header.
  std::string source;
};

/// The bundled exercise (examples/netpol-demo/, compiled in): its four
/// manifests and its intent.
PlaygroundSession BundledExercise();

class PlaygroundApi {
 public:
  PlaygroundApi(PlaygroundSession session, AnalysisOptions options, PlaygroundLimits limits = {});

  /// Answers one request: GET / and the page's assets, GET /api/session,
  /// POST /api/analyze, /api/explain, /api/diff, /api/check, /api/lint.
  /// Unknown path: 404; known path, wrong method: 405; malformed JSON or a
  /// request of the wrong shape: 400; inputs with errors or over the
  /// limits: 422, with the diagnostics.
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  PlaygroundSession session_;
  AnalysisOptions options_;
  PlaygroundLimits limits_;
  /// Empty when the helper could not start (then layout_unavailable_ says
  /// why and no graph is drawn). Mutable: const requests draw through it,
  /// and SvgLayoutProcess serialises them itself.
  mutable std::optional<SvgLayoutProcess> layout_process_;
  std::string layout_unavailable_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_SERVE_PLAYGROUND_API_H_
