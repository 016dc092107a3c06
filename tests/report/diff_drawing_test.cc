// The visual diff: WriteGraphDiffDot colours each changed connection by its
// kind, and `netpol diff --format dot|svg` draws the exercise's fix.
#include <catch2/catch.hpp>

#include <sstream>

#include "netpol/graph_diff_output.h"
#include "netpol/svg_output.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

ConnectionChange Change(ConnectionChange::Kind kind, std::string from, std::string to, PortSet before,
                        PortSet after) {
  ConnectionChange c;
  c.kind = kind;
  c.from = std::move(from);
  c.to = std::move(to);
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

TEST_CASE("the diff drawing colours newly allowed green, newly denied red dashed, changed ports orange",
          "[report][diff][dot]") {
  GraphDiff diff;
  diff.connections = {
      Change(ConnectionChange::Kind::kNewlyAllowed, "x/a", "x/b", PortSet::None(),
             PortSet::Single(Protocol::kTCP, 80)),
      Change(ConnectionChange::Kind::kNewlyDenied, "x/b", "x/c", PortSet::Single(Protocol::kUDP, 53),
             PortSet::None()),
      Change(ConnectionChange::Kind::kPortsChanged, "x/a", "x/c", PortSet::Single(Protocol::kTCP, 80),
             PortSet::Single(Protocol::kTCP, 443)),
  };
  std::ostringstream out;
  WriteGraphDiffDot(diff, out);
  const std::string dot = out.str();
  INFO(dot);
  struct Case {
    std::string edge;
  };
  const std::vector<Case> cases = {
      {"n0 -> n1 [label=\"TCP 80\", id=\"c0\", tooltip=\"x/a -> x/b: newly allowed (TCP 80)\", "
       "class=\"newly-allowed\", color=\"#2e7d32\""},
      {"n1 -> n2 [label=\"was UDP 53\", id=\"c1\", tooltip=\"x/b -> x/c: newly denied (was UDP 53)\", "
       "class=\"newly-denied\", color=\"#c62828\", fontcolor=\"#c62828\", style=dashed"},
      {"n0 -> n2 [label=\"TCP 80 -> TCP 443\", id=\"c2\", tooltip=\"x/a -> x/c: ports changed (TCP 80 "
       "-> TCP 443)\", class=\"ports-changed\", color=\"#ef6c00\""},
  };
  for (const Case& c : cases) CHECK(dot.find(c.edge) != std::string::npos);
  CHECK(dot.find("n2 [label=\"x/c\", id=\"n2\"") != std::string::npos);
  CHECK(dot.find("n3") == std::string::npos);  // only endpoints in a change are drawn
}

TEST_CASE("diff --format dot draws the exercise's fix as two green edges between changed endpoints",
          "[cli][diff][dot]") {
  const auto result =
      RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "--format", "dot"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto at = result.out.find(needle); at != std::string::npos; at = result.out.find(needle, at + 1)) ++n;
    return n;
  };
  CHECK(count("class=\"newly-allowed\"") == 2);
  CHECK(count("class=\"newly-denied\"") == 0);
  CHECK(result.out.find("label=\"netpol-demo/database\"") != std::string::npos);
  CHECK(result.out.find("kube-dns") == std::string::npos);  // unchanged: not drawn
  // Backwards, the same connections are newly denied.
  const auto back =
      RunCli({"diff", "examples/netpol-demo-fixed/", "examples/netpol-demo/", "--format", "dot"});
  CHECK(back.out.find("class=\"newly-denied\"") != std::string::npos);
  CHECK(back.out.find("class=\"newly-allowed\"") == std::string::npos);
}

TEST_CASE("diff --format svg renders the coloured edges through Graphviz", "[cli][diff][svg]") {
  const auto result =
      RunCli({"diff", "examples/netpol-demo-fixed/", "examples/netpol-demo/", "--format", "svg"});
  CHECK(result.exit_code == 1);
  // Only the layout's progress lines, as graph --format svg prints them.
  CHECK(result.err ==
        "netpol: laying out 2 changed connections with Graphviz dot (budget 20 s)\n"
        "netpol: laid out 2 changed connections in " + result.err.substr(result.err.rfind(" in ") + 4));
  CHECK(result.out.find("<svg") != std::string::npos);
  CHECK(result.out.find("id=\"c0\"") != std::string::npos);
  CHECK(result.out.find("#c62828") != std::string::npos);
  CHECK(result.out.find("stroke-dasharray") != std::string::npos);
}

}  // namespace
}  // namespace netpol
