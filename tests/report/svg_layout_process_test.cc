// SvgLayoutProcess: Graphviz children forked by a single-threaded helper, so
// a multithreaded host (netpol serve) can draw. fork() copies only the
// calling thread; a child forked while another thread holds an allocator
// lock hangs (seen under AddressSanitizer with the serve's concurrent
// requests before this helper existed).
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "netpol/svg_output.h"
#include "render/svg_render.h"

namespace netpol {
namespace {

constexpr const char* kSmallDot = "digraph { a -> b [label=\"TCP 80\"]; b -> c; }";

std::unique_ptr<SvgLayoutProcess> StartOrFail() {
  Result<std::unique_ptr<SvgLayoutProcess>> process = SvgLayoutProcess::Start();
  REQUIRE(process.ok());
  return std::move(process).value();
}

TEST_CASE("a layout through the layout process draws what a layout in this process's child draws",
          "[report][svg]") {
  const std::unique_ptr<SvgLayoutProcess> process = StartOrFail();
  std::string direct, error;
  REQUIRE(RenderDotToSvg(kSmallDot, &direct, &error));
  const Result<std::string> helped = process->Render(kSmallDot, 10, "the graph");
  REQUIRE(helped.ok());
  CHECK(helped.value() == direct);
}

TEST_CASE("the layout process passes Graphviz's errors back and keeps drawing", "[report][svg]") {
  const std::unique_ptr<SvgLayoutProcess> process = StartOrFail();
  const Result<std::string> bad = process->Render("this is not DOT {", 10, "the graph");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "Graphviz: cannot read the generated graph");
  CHECK(process->Render(kSmallDot, 10, "the graph").ok());
}

TEST_CASE("the layout process enforces the time budget and names it", "[report][svg]") {
  const std::unique_ptr<SvgLayoutProcess> process = StartOrFail();
  const Result<std::string> late = process->Render(kSmallDot, 1e-6, "3 nodes");
  REQUIRE_FALSE(late.ok());
  CHECK(late.status().message().find("did not lay out 3 nodes within") != std::string::npos);
  CHECK(process->Render(kSmallDot, 10, "the graph").ok());
}

TEST_CASE("WriteGraphSvg lays out through SvgLayoutOptions::process", "[report][svg]") {
  const std::unique_ptr<SvgLayoutProcess> process = StartOrFail();
  SvgLayoutOptions layout;
  layout.process = process.get();
  layout.budget_seconds = 1e-6;  // only the helper's child can report this
  std::string svg, error;
  CHECK_FALSE(RenderDotToSvg(kSmallDot, layout, "the graph", &svg, &error));
  CHECK(error.find("within 1e-06 s") != std::string::npos);
}

TEST_CASE("threads that allocate while others draw through the layout process never hang it",
          "[report][svg]") {
  const std::unique_ptr<SvgLayoutProcess> process = StartOrFail();
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
        if (!process->Render(kSmallDot, 20, "the graph").ok()) ++failures;
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
