// SVG through Graphviz. The only file that includes Graphviz headers.
#include "netpol/svg_output.h"

#include "netpol/graph_diff_output.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <gvc.h>

#include "netpol/endpoint_ref.h"
#include "render/svg_render.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

GraphHighlights HighlightsFromCheck(const CheckResult& result, const Cluster& cluster) {
  GraphHighlights highlights;
  for (const CheckFinding& f : result.findings) {
    const std::string from = EndpointName(f.from, cluster);
    const std::string to = EndpointName(f.to, cluster);
    if (f.verdict == CheckVerdict::kUnexpected) highlights.unexpected.insert({from, to});
    if (f.verdict == CheckVerdict::kMissing && f.allowed.IsEmpty()) highlights.missing.push_back({from, to});
  }
  return highlights;
}

namespace {

// Lays out `dot_text` with dot and renders SVG into `svg`, in this process.
bool RenderSvg(const std::string& dot_text, std::string* svg, std::string* error) {
  // Graphviz keeps global state per context; one context per call keeps
  // this function free of shared state.
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (!gvc) {
    *error = "Graphviz: cannot create a context";
    return false;
  }
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(dot_text.c_str()), agclose);
  if (!g) {
    *error = "Graphviz: cannot read the generated graph";
    return false;
  }
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) {
    *error = "Graphviz: the dot layout is not available (is libgvc's plugin config installed?)";
    return false;
  }
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  if (rendered == 0 && data) svg->assign(data, length);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rendered != 0) {
    *error = "Graphviz: SVG rendering failed";
    return false;
  }
  return true;
}

// Writes all of `text` to `fd`; false on an error.
bool WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string GraphvizVersion() {
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  const char* version = gvc ? gvcVersion(gvc.get()) : nullptr;
  return version ? version : "(unknown version)";
}

// RenderSvg in a child process. The child sends one status byte ('1' ok,
// '0' failed), then the SVG or the error text. Without a pipe or a fork
// (resource limits) it renders in process rather than not at all.
bool RenderDotToSvg(const std::string& dot_text, std::string* svg, std::string* error) {
  return RenderDotToSvg(dot_text, SvgLayoutOptions{.budget_seconds = 0, .progress = {}}, "the graph",
                        svg, error);
}

bool RenderDotToSvg(const std::string& dot_text, const SvgLayoutOptions& layout,
                    const std::string& what, std::string* svg, std::string* error) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const auto say = [&](const std::string& line) {
    if (layout.progress) layout.progress(line);
  };
  if (layout.process) {
    Result<std::string> drawn = layout.process->Render(dot_text, layout.budget_seconds, what);
    if (!drawn.ok()) {
      *error = drawn.status().message();
      return false;
    }
    *svg = std::move(drawn).value();
    return true;
  }
  say(layout.budget_seconds > 0
          ? fmt::format("laying out {} with Graphviz dot (budget {:g} s)", what, layout.budget_seconds)
          : fmt::format("laying out {} with Graphviz dot", what));
  int fds[2];
  // Close-on-exec: a thread of the caller that execs meanwhile must not
  // inherit the pipe (and keep it open past the child's end).
  if (::pipe2(fds, O_CLOEXEC) != 0) return RenderSvg(dot_text, svg, error);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return RenderSvg(dot_text, svg, error);
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::string text, why;
    const bool ok = RenderSvg(dot_text, &text, &why);
    const bool sent = WriteAll(fds[1], std::string(ok ? "1" : "0") + (ok ? text : why));
    ::_exit(sent ? 0 : 1);
  }
  ::close(fds[1]);
  std::string received;
  char buffer[1 << 16];
  constexpr double kProgressEvery = 5;  // seconds between progress lines
  double next_progress = kProgressEvery;
  bool timed_out = false;
  for (;;) {
    const double now = elapsed();
    if (layout.budget_seconds > 0 && now >= layout.budget_seconds) {
      timed_out = true;
      break;
    }
    if (now >= next_progress) {
      say(fmt::format("still laying out {} after {:.0f} s", what, now));
      next_progress += kProgressEvery;
    }
    double wait = next_progress - now;
    if (layout.budget_seconds > 0) wait = std::min(wait, layout.budget_seconds - now);
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(wait * 1000) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    *error = fmt::format(
        "Graphviz did not lay out {} within {:g} s; draw fewer nodes (--by namespace, a lower "
        "--max-nodes) or allow more time (--layout-timeout)",
        what, layout.budget_seconds);
    return false;
  }
  // A child that died, or exited without its status byte (a sanitizer
  // that caught the bug exits 1), crashed inside Graphviz.
  const bool signalled = WIFSIGNALED(status);
  if (signalled || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || received.empty()) {
    *error = fmt::format(
        "Graphviz {} crashed laying out this graph ({} {}); `--format dot` writes the same graph "
        "for another Graphviz to render",
        GraphvizVersion(), signalled ? "signal" : "exit status",
        signalled ? WTERMSIG(status) : WEXITSTATUS(status));
    return false;
  }
  if (received[0] != '1') {
    *error = received.substr(1);
    return false;
  }
  svg->assign(received, 1, std::string::npos);
  say(fmt::format("laid out {} in {:.1f} s", what, elapsed()));
  return true;
}

Status WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights,
                     std::ostream& out) {
  return WriteGraphSvg(graph, highlights, SvgLayoutOptions{.budget_seconds = 0, .progress = {}},
                       out);
}

namespace {

// Lays out `dot_text` within `layout` and writes the SVG to `out`; nothing
// is written when Graphviz fails.
Status WriteDotAsSvg(const std::string& dot_text, const SvgLayoutOptions& layout,
                     const std::string& what, std::ostream& out) {
  std::string svg, error;
  if (!RenderDotToSvg(dot_text, layout, what, &svg, &error)) return Status::Unavailable(error);
  out << svg;
  return Status::Ok();
}

}  // namespace

Status WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights,
                     const SvgLayoutOptions& layout, std::ostream& out) {
  std::ostringstream dot;
  WriteGraphDot(graph, highlights, dot);
  return WriteDotAsSvg(dot.str(), layout,
                       fmt::format("{} nodes and {} edges", graph.NodeCount(), graph.EdgeCount()),
                       out);
}

Status WriteGroupGraphSvg(const GroupGraph& graph, const SvgLayoutOptions& layout,
                          std::ostream& out) {
  std::ostringstream dot;
  WriteGroupGraphDot(graph, dot);
  return WriteDotAsSvg(
      dot.str(), layout,
      fmt::format("{} nodes and {} edges", graph.groups.size(), graph.edges.size()), out);
}

Status WriteGraphDiffSvg(const GraphDiff& diff, const SvgLayoutOptions& layout, std::ostream& out) {
  std::ostringstream dot;
  WriteGraphDiffDot(diff, dot);
  return WriteDotAsSvg(dot.str(), layout,
                       fmt::format("{} changed connections", diff.connections.size()), out);
}

NETPOL_NAMESPACE_END
