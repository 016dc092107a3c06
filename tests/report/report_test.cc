// SVG rendering and the HTML report, including a real headless browser run.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

Cluster Demo() {
  std::istringstream none;
  LoadResult result = LoadPaths({testing::SourceDir() + "/examples/netpol-demo/"}, none);
  REQUIRE_FALSE(result.HasErrors());
  return std::move(result.cluster);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("graph --format svg renders namespaces as clusters and edges with ports", "[report][svg]") {
  auto result = RunCli({"graph", "--format", "svg", "examples/netpol-demo/"});
  REQUIRE(result.exit_code == 0);
  CHECK(Contains(result.out, "<svg"));
  CHECK(Contains(result.out, "<title>cluster_netpol&#45;demo</title>"));
  CHECK(Contains(result.out, "<title>netpol&#45;demo/frontend&#45;&gt;netpol&#45;demo/backend</title>"));
  CHECK(Contains(result.out, ">TCP 80</text>"));
  CHECK(Contains(result.out, "stroke-dasharray"));  // the external block's dashed outline
}

TEST_CASE("graph --format svg --intent marks missing and unexpected connections", "[report][svg]") {
  auto plain = RunCli({"graph", "--format", "svg", "examples/netpol-demo/"});
  auto marked = RunCli({"graph", "--format", "svg", "--intent", "examples/netpol-demo/intent.yaml",
                        "examples/netpol-demo/"});
  REQUIRE(marked.exit_code == 0);
  CHECK_FALSE(Contains(plain.out, ">missing</text>"));
  CHECK(Contains(marked.out, ">missing</text>"));
  CHECK(Contains(marked.out, "#c92a2a"));
  // Both defects of the exercise are drawn.
  CHECK(Contains(marked.out, "id=\"m"));
  std::size_t count = 0;
  for (std::size_t pos = 0; (pos = marked.out.find(">missing</text>", pos)) != std::string::npos; ++pos) ++count;
  CHECK(count == 2);
}

TEST_CASE("unexpected connections are drawn in the warning colour", "[report][svg]") {
  Cluster cluster = Demo();
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster), cluster);
  GraphHighlights highlights;
  highlights.unexpected.insert({"netpol-demo/frontend", "netpol-demo/backend"});
  std::ostringstream svg;
  REQUIRE(WriteGraphSvg(graph, highlights, svg).ok());
  CHECK(Contains(svg.str(), "#d9480f"));
  CHECK(Contains(svg.str(), "id=\"n0\""));
}

TEST_CASE("report --html writes one self-contained file", "[report][html]") {
  const std::string path = "/tmp/netpol-report-test.html";
  auto result = RunCli({"report", "--html", path, "--intent", "examples/netpol-demo/intent.yaml",
                        "examples/netpol-demo/"});
  REQUIRE(result.exit_code == 1);  // written; the exercise fails its intent
  CHECK(result.out.empty());
  const std::string html = testing::ReadFileOrFail(path);
  CHECK(Contains(html, "<svg"));
  CHECK(Contains(html, "id=\"netpol-data\""));
  CHECK(Contains(html, "Reachability matrix"));
  CHECK(Contains(html, "2 MISSING, 0 UNEXPECTED"));
  CHECK(Contains(html, "netpol-demo/allow-dns-egress egress[0]"));  // edge reasons name rules
  // Nothing is fetched: no external scripts, styles, images or fonts.
  CHECK_FALSE(Contains(html, "<script src"));
  CHECK_FALSE(Contains(html, "<link"));
  CHECK_FALSE(Contains(html, "src=\"http"));
  CHECK_FALSE(Contains(html, "url(http"));
  std::remove(path.c_str());
}

TEST_CASE("report --html names the OS reason when the file cannot be written, and leaves no partial file", "[report][html]") {
  auto missing_dir = RunCli({"report", "--html", "/nonexistent-netpol-dir/report.html",
                             "examples/netpol-demo/"});
  CHECK(missing_dir.exit_code == 2);
  CHECK(missing_dir.err.find("/nonexistent-netpol-dir/report.html: error: cannot write the report: "
                             "no such file or directory\n") != std::string::npos);
  // A directory in the way: the rename fails, and the partial file is removed.
  const std::string dir = "/tmp/netpol-report-write-test";
  REQUIRE(std::system(("rm -rf " + dir + " && mkdir -p " + dir + "/report.html/inner").c_str()) == 0);
  auto blocked = RunCli({"report", "--html", dir + "/report.html", "examples/netpol-demo/"});
  CHECK(blocked.exit_code == 2);
  CHECK(blocked.err.find("error: cannot write the report: is a directory") != std::string::npos);
  CHECK_FALSE(std::ifstream(dir + "/report.html.netpol-partial").good());
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("report --html on bad input exits 2 and writes nothing", "[report][html]") {
  const std::string path = "/tmp/netpol-report-bad.html";
  std::remove(path.c_str());
  auto result = RunCli({"report", "--html", path, "-"}, "kind: Pod\napiVersion: v1\nmetadata: {name: [x]}\n");
  CHECK(result.exit_code == 2);
  std::ifstream in(path);
  CHECK_FALSE(in.good());
}

TEST_CASE("report --html badges the workloads the entire cluster or the internet may reach, with their ports",
          "[report][html][exposure]") {
  const std::string path = "/tmp/netpol-report-exposure-test.html";
  auto result = RunCli({"report", "--html", path, "examples/netpol-demo/"});
  REQUIRE(result.exit_code == 0);
  const std::string html = testing::ReadFileOrFail(path);
  CHECK(Contains(html, "<h2>Exposure</h2>"));
  // The exercise's frontend: allow-frontend-ingress has no `from`.
  CHECK(Contains(html, "<li><b>netpol-demo/frontend</b> <span class=\"badge exposure\">reachable from "
                       "the entire cluster on TCP 80</span> <span class=\"badge exposure\">reachable "
                       "from any external address on TCP 80</span></li>"));
  // The script's data carries the same badges for the node.
  CHECK(Contains(html, "{\"id\":\"netpol-demo/frontend\",\"kind\":\"Pod\",\"exposure\":"
                       "[\"reachable from the entire cluster on TCP 80\""));
  // Workloads reachable only from named pods get no badge.
  CHECK_FALSE(Contains(html, "<li><b>netpol-demo/backend</b>"));
  CHECK_FALSE(Contains(html, "<li><b>netpol-demo/database</b>"));

  // An ipBlock of every address with except is still the internet; an
  // Admin-tier Allow of every pod opens every port.
  result = RunCli({"report", "--html", path, "examples/lint/np023-exposed-workload.yaml"});
  REQUIRE(result.exit_code == 0);
  const std::string tiers = testing::ReadFileOrFail(path);
  CHECK(Contains(tiers, "<li><b>shop/web</b> <span class=\"badge exposure\">reachable from the entire "
                        "cluster on all ports</span>"));
  CHECK(Contains(tiers, "reachable from external 0.0.0.0/0 except 10.0.0.0/8 on TCP 8080"));
  std::remove(path.c_str());
}

// Loads the report in Debian's headless Chromium: the page's script must run
// to the end (it sets data-ready) and its click handler must work (#selftest
// clicks the first node and records the selection text).
TEST_CASE("the HTML report works in headless Chromium", "[report][html][browser]") {
  const std::string dir = "/tmp/netpol-browser-test";
  REQUIRE(std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()) == 0);
  const std::string html = dir + "/report.html";
  auto result = RunCli({"report", "--html", html, "--intent", "examples/netpol-demo/intent.yaml",
                        "examples/netpol-demo/"});
  REQUIRE(result.exit_code == 1);  // written; the exercise fails its intent
  const std::string dom = testing::HeadlessChromiumDom(html, "#selftest", dir);
  CHECK(Contains(dom, "data-ready=\"1\""));
  // The first node in the SVG was clicked and the selection text was written.
  CHECK(Contains(dom, "data-selftest=\""));
  CHECK(Contains(dom, " endpoint(s) reach it.\""));
  CHECK(Contains(dom, "<svg"));
  CHECK(Contains(dom, "class=\"node selected\""));
  // The frontend's node carries its exposure badges (orange outline, hover text).
  CHECK(Contains(dom, "data-exposure=\"reachable from the entire cluster on TCP 80; reachable from any "
                      "external address on TCP 80\""));
  // The lint section is there, and clicking its first linked finding
  // highlighted the pods of the policy it is about.
  CHECK(Contains(dom, "<h2>Lint findings</h2>"));
  CHECK(Contains(dom, "data-finding-selftest=\"NetworkPolicy netpol-demo/allow-backend-to-database: 1 "
                      "highlighted (NP004 one-sided-allow examples/netpol-demo/04-allow-paths.yaml:52:5)\""));
  // A missing edge's title (its hover text) says which side blocks it, by
  // which policies, and the fix.
  const std::size_t missing = dom.find("<title>netpol-demo/backend -&gt; netpol-demo/database: MISSING TCP 80");
  REQUIRE(missing != std::string::npos);
  const std::string title = dom.substr(missing, dom.find("</title>", missing) - missing);
  CHECK(Contains(title, "\nblocked by the egress of netpol-demo/backend: isolated by "
                        "netpol-demo/allow-dns-egress (examples/netpol-demo/03-allow-dns-egress.yaml:2)"));
  CHECK(Contains(title, "\n  fix: allow egress to netpol-demo/database TCP 80 in a policy selecting "
                        "netpol-demo/backend (see --suggest)"));
  const std::string png = testing::HeadlessChromiumScreenshot(html, dir + "/shot.png", dir);
  CHECK(png.size() > 10000);
  CHECK(png.substr(1, 3) == "PNG");
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace netpol
