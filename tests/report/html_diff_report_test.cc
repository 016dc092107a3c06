// The visual diff (`netpol diff -o html`, WriteGraphDiffHtml): the union
// graph's edges classed and coloured by change, hostile names escaped, the
// CLI's output file and size limit, and the page in headless Chromium.
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/analysis.h"
#include "netpol/html_diff_report.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t Count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Graphviz's and the page's entities back to text.
std::string Unescape(std::string text) {
  const std::pair<const char*, const char*> entities[] = {
      {"&#45;", "-"}, {"&gt;", ">"}, {"&lt;", "<"}, {"&quot;", "\""}, {"&#10;", "\n"}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (std::size_t at; (at = text.find(entity)) != std::string::npos;) {
      text.replace(at, std::string(entity).size(), plain);
    }
  }
  return text;
}

// Each drawn edge's class (after "edge ") by its hover text's first line
// ("from -> to"), and the whole hover text.
struct DrawnEdge {
  std::string kind;
  std::string hover;
};
std::map<std::string, DrawnEdge> DrawnEdges(const std::string& page) {
  std::map<std::string, DrawnEdge> edges;
  const std::regex group("<g id=\"e\\d+\" class=\"edge ([^\"]*)\">[\\s\\S]*?xlink:title=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), group); it != std::sregex_iterator(); ++it) {
    const std::string hover = Unescape((*it)[2]);
    edges[hover.substr(0, hover.find('\n'))] = {Unescape((*it)[1]), hover};
  }
  return edges;
}

Analysis Load(const std::string& yaml) {
  Result<Analysis> analysis = Analysis::FromTexts({InputFile{"cluster.yaml", yaml}});
  REQUIRE(analysis.ok());
  analysis->class_graph();
  return std::move(*analysis);
}

std::string Pods() {
  std::string yaml;
  for (const char* name : {"a", "b", "c", "d"}) {
    yaml += fmt::format(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {0}, namespace: x, labels: {{app: {0}}}}}\n"
        "spec: {{containers: [{{name: c, image: i}}]}}\n---\n",
        name);
  }
  return yaml + "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n";
}

std::string Ingress(const std::string& name, const std::string& to, const std::string& from,
                    int port) {
  return fmt::format(
      "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {}, namespace: "
      "x}}\nspec:\n  podSelector: {{matchLabels: {{app: {}}}}}\n  policyTypes: [Ingress]\n  "
      "ingress:\n  - from: [{}]\n    ports: [{{port: {}, protocol: TCP}}]\n",
      name, to, from, port);
}

TEST_CASE("the visual diff draws the union graph: changes by kind, unchanged edges grey",
          "[report][html][diff]") {
  // Before: a reaches b and c on 80; d is open. After: c reaches b too, a
  // reaches c on 443 instead, and d admits only a (on 80).
  const Analysis before = Load(Pods() + Ingress("b", "b", "{podSelector: {matchLabels: {app: a}}}", 80) +
                               Ingress("c", "c", "{podSelector: {matchLabels: {app: a}}}", 80));
  const Analysis after = Load(
      Pods() +
      Ingress("b", "b",
              "{podSelector: {matchLabels: {app: a}}}, {podSelector: {matchLabels: {app: c}}}", 80) +
      Ingress("c", "c", "{podSelector: {matchLabels: {app: a}}}", 443) +
      Ingress("d", "d", "{podSelector: {matchLabels: {app: a}}}", 80));
  const GraphDiff diff = before.Diff(after);
  std::ostringstream out;
  DiffHtmlOptions options;
  options.inputs = {"before/", "after/"};
  REQUIRE(WriteGraphDiffHtml(diff, before.allow_graph(), after.allow_graph(), options, out).ok());
  const std::string page = out.str();
  const std::map<std::string, DrawnEdge> edges = DrawnEdges(page);
  INFO(page);
  struct Case {
    std::string edge;
    std::string kind;
    std::string hover;  // a line of the hover text
  };
  const std::vector<Case> cases = {
      {"x/c -> x/b", "newly-allowed", "newly allowed: none \u2192 TCP 80"},
      {"x/a -> x/c", "ports-changed", "ports changed: TCP 80 \u2192 TCP 443"},
      {"x/b -> x/d", "newly-denied", "because added NetworkPolicy/x/d selects the destination for Ingress"},
      {"x/c -> x/d", "newly-denied", "newly denied: all ports \u2192 none"},
      {"x/a -> x/d", "ports-changed", "ports changed: all ports \u2192 TCP 80"},
      {"x/a -> x/b", "unchanged", "unchanged: TCP 80"},
      {"x/b -> x/a", "unchanged", "unchanged: all ports"},
  };
  for (const Case& c : cases) {
    INFO(c.edge);
    REQUIRE(edges.count(c.edge) == 1);
    CHECK(edges.at(c.edge).kind == c.kind);
    CHECK(Contains(edges.at(c.edge).hover, c.hover));
  }
  CHECK(edges.count("x/b -> x/c") == 0);  // denied on both sides: not drawn
  // The colours of diff -o dot|svg; newly denied dashed; unchanged grey.
  CHECK(Contains(page, "stroke=\"#2e7d32\""));
  CHECK(Contains(page, "stroke=\"#ef6c00\""));
  CHECK(Contains(page, "stroke=\"#c62828\" stroke-width=\"2.5\" stroke-dasharray"));
  CHECK(Contains(page, "stroke=\"#adb5bd\""));
  // The structure: one page, the legend, the drawing, the table, the data.
  CHECK(page.starts_with("<!DOCTYPE html>"));
  CHECK(Contains(page, "<p class=\"muted\">before/ &rarr; after/ &middot; netpol "));
  CHECK(Contains(page, "<p id=\"summary\"><b>7 connections changed</b>: 1 newly allowed, 4 newly "
                       "denied, 2 with other ports; 3 objects changed.</p>"));
  CHECK(Contains(page, "<p class=\"legend\" id=\"legend\">"));
  CHECK(Count(page, "<svg") == 5);  // four legend lines and the graph
  CHECK(Contains(page, "<tr><th>from</th><th>to</th><th>change</th><th>before</th><th>after</th>"
                       "<th>causes</th></tr>"));
  CHECK(Contains(page, "<tr class=\"newly-allowed\"><td>x/c</td><td>x/b</td><td class=\"change\">"
                       "newly allowed</td><td>none</td><td>TCP 80</td><td>modified "
                       "NetworkPolicy/x/b selects the destination for Ingress</td></tr>"));
  // d's new policy also denies DNS and the outside world.
  CHECK(Count(page, "<tr class=\"newly-denied\">") == 4);
  CHECK(Count(page, "<tr class=\"ports-changed\">") == 2);
  CHECK(Contains(page, "<tr><td>added</td><td>NetworkPolicy/x/d</td><td>cluster.yaml:"));
  const std::size_t data = page.find("<script type=\"application/json\" id=\"netpol-diff\">");
  REQUIRE(data != std::string::npos);
  const std::size_t data_end = page.find("</script>", data);
  const std::size_t data_start = page.find('>', data) + 1;
  const auto json = nlohmann::json::parse(page.substr(data_start, data_end - data_start));
  CHECK(json["summary"]["changed"] == 7);
}

TEST_CASE("the visual diff escapes hostile names in the drawing, the table and the data",
          "[report][html][diff]") {
  GraphDiff diff;
  ObjectChange object;
  object.change = ChangeKind::kAdded;
  object.kind = "NetworkPolicy";
  object.namespace_name = "x";
  object.name = "<img src=x onerror=alert(1)>";
  object.after_loc = {"<b>evil</b>.yaml", 3, 1};
  diff.objects.push_back(object);
  ConnectionChange change;
  change.kind = ConnectionChange::Kind::kNewlyAllowed;
  change.from = "x/</script><script>alert(2)</script>";
  change.to = "x/\"quoted\" & 'single'";
  change.after = PortSet::Single(Protocol::kTCP, 80);
  change.causes.push_back({0, "selects the source for <Egress>"});
  diff.connections.push_back(change);
  std::ostringstream out;
  DiffHtmlOptions options;
  options.title = "<title>diff</title>";
  options.inputs = {"<before>", "after&"};
  REQUIRE(WriteGraphDiffHtml(diff, AllowGraph(), AllowGraph(), options, out).ok());
  const std::string whole = out.str();
  INFO(whole);
  // The page outside the JSON island (whose text no HTML parser reads as markup).
  const std::size_t island = whole.find("<script type=\"application/json\"");
  REQUIRE(island != std::string::npos);
  const std::string page = whole.substr(0, island) + whole.substr(whole.find("</script>", island));
  CHECK_FALSE(Contains(page, "<img"));
  CHECK_FALSE(Contains(page, "<script>alert"));
  CHECK_FALSE(Contains(page, "<Egress>"));
  CHECK_FALSE(Contains(page, "<b>evil"));
  CHECK_FALSE(Contains(page, "<before>"));
  CHECK(Count(page.substr(0, page.find("</head>")), "<title>") == 1);
  CHECK(Count(whole, "</script>") == 2);  // the data island and the self-test script
  CHECK(Contains(page, "<td>x/&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</td>"));
  CHECK(Contains(page, "<td>x/&quot;quoted&quot; &amp; 'single'</td>"));
  CHECK(Contains(whole, "\"from\":\"x/<\\/script><script>alert(2)<\\/script>\""));
  // The edge is drawn, classed, and its hover text names both ends.
  const std::map<std::string, DrawnEdge> edges = DrawnEdges(whole);
  REQUIRE(edges.size() == 1);
  CHECK(edges.begin()->second.kind == "newly-allowed");
  CHECK(edges.begin()->first == "x/</script><script>alert(2)</script> -> x/\"quoted\" & 'single'");
}

TEST_CASE("diff -o html writes the page to --output-file or stdout, exit 1 when something changed",
          "[cli][diff][html]") {
  const std::string dir = testing::MakeTempDir();
  const std::string html = dir + "/diff.html";
  auto to_file = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o", "html",
                         "--output-file", html});
  CHECK(to_file.exit_code == 1);
  CHECK(to_file.out.empty());
  const std::string page = testing::ReadFileOrFail(html);
  CHECK(Contains(page, "examples/netpol-demo/ &rarr; examples/netpol-demo-fixed/"));
  CHECK(Count(page, "class=\"edge newly&#45;allowed\"") == 2);
  CHECK(Count(page, "class=\"edge unchanged\"") > 5);
  auto to_stdout = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o", "html",
                           "--output-file", "-"});
  CHECK(to_stdout.exit_code == 1);
  CHECK(to_stdout.out == page);
  // What-if: the header names the input and the change.
  auto what_if = RunCli({"diff", "examples/netpol-demo/", "--add",
                         "examples/netpol-demo-fixed/05-allow-egress-fixes.yaml", "-o", "html"});
  CHECK(what_if.exit_code == 1);
  CHECK(Contains(what_if.out, "examples/netpol-demo/ &rarr; --add "
                              "examples/netpol-demo-fixed/05-allow-egress-fixes.yaml"));
  // Filtered: only what -n shows.
  auto filtered = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o", "html",
                          "-l", "app=database"});
  CHECK(filtered.exit_code == 1);
  CHECK(Count(filtered.out, "class=\"edge newly&#45;allowed\"") == 1);
  // database's unchanged connections (DNS), not the rest of the cluster's.
  CHECK(Count(filtered.out, "class=\"edge unchanged\"") == 2);
  CHECK_FALSE(Contains(filtered.out, "external&#45;client"));
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("diff -o dot, svg and html refuse a drawing over --max-nodes and suggest filters",
          "[cli][diff][html]") {
  const std::string dir = testing::MakeTempDir();
  const std::string html = dir + "/diff.html";
  struct Case {
    std::string format;
    std::string max_nodes;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"html", "4",
       "netpol: the union graph of before and after would have at least 5 nodes, more than --max-nodes 4; "
       "narrow it with -n, -l or --focus, or raise --max-nodes to draw it anyway (-o svg draws "
       "only the changed connections)\n"},
      {"svg", "3",
       "netpol: the diff drawing would have 4 nodes, more than --max-nodes 3; narrow it with -n, -l "
       "or --focus, or raise --max-nodes to draw it anyway\n"},
      {"dot", "3",
       "netpol: the diff drawing would have 4 nodes, more than --max-nodes 3; narrow it with -n, -l "
       "or --focus, or raise --max-nodes to draw it anyway\n"},
  };
  for (const Case& c : cases) {
    INFO(c.format);
    auto refused = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o", c.format,
                           "--max-nodes", c.max_nodes, "--output-file", html});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err == c.message);
    CHECK_FALSE(std::ifstream(html).good());
    // A filter that keeps the drawing small draws it.
    auto narrowed = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o",
                            c.format, "--max-nodes", c.max_nodes, "--focus", "netpol-demo/database",
                            "--layout-timeout", "60"});
    CHECK(narrowed.exit_code == 1);
    CHECK(Contains(narrowed.out, "#2e7d32"));  // a newly allowed edge
  }
  std::system(("rm -rf " + dir).c_str());
}

// The exercise's fix in Debian's headless Chromium: #selftest records each
// drawn edge's rendered stroke by class; the page renders (a screenshot).
TEST_CASE("the visual diff of the exercise's fix draws the new edges green in headless Chromium",
          "[report][html][diff][browser]") {
  const std::string dir = testing::MakeTempDir();
  const std::string html = dir + "/diff.html";
  auto result = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o", "html",
                        "--output-file", html});
  REQUIRE(result.exit_code == 1);
  const std::string dom = testing::HeadlessChromiumDom(html, "#selftest", dir);
  std::smatch found;
  REQUIRE(std::regex_search(dom, found, std::regex("data-selftest=\"([^\"]*)\"")));
  const nlohmann::json selftest = nlohmann::json::parse(Unescape(found[1]));
  INFO(selftest.dump(2));
  REQUIRE(selftest["edges"]["newly-allowed"].size() == 2);
  for (const auto& edge : selftest["edges"]["newly-allowed"]) {
    CHECK(edge["stroke"] == "rgb(46, 125, 50)");  // #2e7d32
    CHECK(edge["dashed"] == false);
    CHECK(Contains(edge["hover"].get<std::string>(), "newly allowed: none \u2192 TCP 80"));
  }
  CHECK(Contains(selftest["edges"]["newly-allowed"][0]["hover"].get<std::string>(),
                 "because added NetworkPolicy/netpol-demo/allow-"));
  REQUIRE(selftest["edges"]["unchanged"].size() > 5);
  for (const auto& edge : selftest["edges"]["unchanged"]) CHECK(edge["stroke"] == "rgb(173, 181, 189)");
  CHECK_FALSE(selftest["edges"].contains("newly-denied"));
  CHECK(selftest["legend"] == true);
  CHECK(selftest["legendEntries"] ==
        nlohmann::json::array({"newly-allowed=rgb(46, 125, 50)", "newly-denied=rgb(198, 40, 40)",
                               "ports-changed=rgb(239, 108, 0)", "unchanged=rgb(173, 181, 189)"}));
  const std::string png = testing::HeadlessChromiumScreenshot(html, dir + "/shot.png", dir);
  CHECK(png.size() > 10000);
  CHECK(png.substr(1, 3) == "PNG");
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace netpol
