// SvgLayoutProcess: Graphviz children forked by a single-threaded helper, so
// a multithreaded host (netpol serve) can draw. fork() copies only the
// calling thread; a child forked while another thread holds an allocator
// lock hangs (seen under AddressSanitizer with the serve's concurrent
// requests before this helper existed).
#include <atomic>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "netpol/allow_graph.h"
#include "netpol/class_engine.h"
#include "netpol/graph_output.h"
#include "netpol/svg_output.h"
#include "render/svg_render.h"
#include "test_support.h"

namespace netpol {
namespace {

constexpr const char* kSmallDot = "digraph { a -> b [label=\"TCP 80\"]; b -> c; }";

SvgLayoutProcess StartOrFail() {
  Result<SvgLayoutProcess> process = SvgLayoutProcess::Start();
  REQUIRE(process.ok());
  return std::move(process).value();
}

TEST_CASE("a layout through the layout process draws what a layout in this process's child draws",
          "[report][svg]") {
  SvgLayoutProcess process = StartOrFail();
  std::string direct, error;
  REQUIRE(RenderDotToSvg(kSmallDot, &direct, &error));
  const Result<std::string> helped = process.Render(kSmallDot, 10, "the graph");
  REQUIRE(helped.ok());
  CHECK(helped.value() == direct);
}

TEST_CASE("the layout process passes Graphviz's errors back and keeps drawing", "[report][svg]") {
  SvgLayoutProcess process = StartOrFail();
  const Result<std::string> bad = process.Render("this is not DOT {", 10, "the graph");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "Graphviz: cannot read the generated graph");
  CHECK(process.Render(kSmallDot, 10, "the graph").ok());
}

TEST_CASE("a moved SvgLayoutProcess hands its helper over; the moved-from one refuses to draw",
          "[report][svg]") {
  SvgLayoutProcess first = StartOrFail();
  SvgLayoutProcess taken = std::move(first);
  CHECK(taken.Render(kSmallDot, 10, "the graph").ok());
  const Result<std::string> refused = first.Render(kSmallDot, 10, "the graph");  // NOLINT
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidArgument);
  CHECK(refused.status().message() == "this SvgLayoutProcess was moved from");
  // Assignment ends the target's own helper and takes the other's.
  SvgLayoutProcess second = StartOrFail();
  second = std::move(taken);
  CHECK(second.Render(kSmallDot, 10, "the graph").ok());
  CHECK_FALSE(taken.Render(kSmallDot, 10, "the graph").ok());  // NOLINT
  first = std::move(second);  // a moved-from object can take a helper again
  CHECK(first.Render(kSmallDot, 10, "the graph").ok());
}

TEST_CASE("the layout process enforces the time budget and names it", "[report][svg]") {
  SvgLayoutProcess process = StartOrFail();
  const Result<std::string> late = process.Render(kSmallDot, 1e-6, "3 nodes");
  REQUIRE_FALSE(late.ok());
  CHECK(late.status().message().find("did not lay out 3 nodes within") != std::string::npos);
  CHECK(process.Render(kSmallDot, 10, "the graph").ok());
}

TEST_CASE("WriteGraphSvg with SvgLayoutOptions::process lays out in the helper's child: the "
          "same SVG, and no progress lines from this process",
          "[report][svg]") {
  const Cluster cluster = testing::LoadOrFail(R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
)");
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster), cluster);
  SvgLayoutProcess process = StartOrFail();
  // The progress lines come only from a layout forked by this process
  // (RenderDotToSvg's own child); the helper reports none.
  auto draw = [&](SvgLayoutProcess* through, std::vector<std::string>& lines) {
    SvgLayoutOptions layout;
    layout.process = through;
    layout.progress = [&](std::string_view line) { lines.emplace_back(line); };
    std::ostringstream svg;
    const Status status = WriteGraphSvg(graph, GraphHighlights{}, layout, svg);
    REQUIRE(status.ok());
    return svg.str();
  };
  std::vector<std::string> direct_lines, helped_lines;
  const std::string direct = draw(nullptr, direct_lines);
  const std::string helped = draw(&process, helped_lines);
  CHECK(helped == direct);
  CHECK(helped.find("<svg") != std::string::npos);
  CHECK(direct_lines.size() >= 2);  // "laying out ...", "laid out ..."
  CHECK(helped_lines.empty());
  // The helper's child enforces the caller's budget too.
  SvgLayoutOptions late;
  late.process = &process;
  late.budget_seconds = 1e-6;
  std::ostringstream unused;
  const Status status = WriteGraphSvg(graph, GraphHighlights{}, late, unused);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().find("within 1e-06 s") != std::string::npos);
  CHECK(unused.str().empty());
}

TEST_CASE("threads that allocate while others draw through the layout process never hang it",
          "[report][svg]") {
  SvgLayoutProcess process = StartOrFail();
  std::atomic<bool> drawing{true};
  std::atomic<int> failures{0};
  std::vector<std::thread> churners;
  for (int t = 0; t < 2; ++t) {
    churners.emplace_back([&] {
      while (drawing) {
        std::vector<std::string> garbage(64, std::string(512, 'x'));
      }
    });
  }
  std::vector<std::thread> drawers;
  for (int t = 0; t < 3; ++t) {
    drawers.emplace_back([&] {
      for (int i = 0; i < 4; ++i) {
        if (!process.Render(kSmallDot, 20, "the graph").ok()) ++failures;
      }
    });
  }
  for (std::thread& t : drawers) t.join();
  drawing = false;
  for (std::thread& t : churners) t.join();
  CHECK(failures == 0);
}

}  // namespace
}  // namespace netpol
