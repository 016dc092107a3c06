// The HTML report's findings: its lint section (what `netpol lint` prints,
// grouped by severity, linked to the graph), the check table's "blocked by"
// and "fix" columns and the missing edges' hover text, both in `check`'s
// own words.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t CountOf(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t pos = 0; (pos = text.find(part, pos)) != std::string::npos; pos += part.size()) ++count;
  return count;
}

// As the report escapes text (&, <, >, ").
std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Runs `report --html` with `args` and returns the page. A failing intent
// may exit 1 (the report is written either way).
std::string Report(std::vector<std::string> args) {
  const std::string path = testing::MakeTempDir() + "/report.html";
  args.insert(args.begin(), {"report", "--html", path});
  const testing::CliResult result = RunCli(args);
  INFO(result.err);
  REQUIRE((result.exit_code == 0 || result.exit_code == 1));
  return testing::ReadFileOrFail(path);
}

// "2 findings: 1 error, 1 warning, 0 info", the last line of lint's text.
std::string LintSummaryLine(const std::string& lint_text) {
  const std::size_t end = lint_text.rfind('\n', lint_text.size() - 2);
  if (end == std::string::npos) return lint_text.substr(0, lint_text.size() - 1);
  return lint_text.substr(end + 1, lint_text.size() - end - 2);
}

TEST_CASE("report --html lists lint's findings by severity, with lint's count in the summary",
          "[report][html][lint]") {
  struct Case {
    std::vector<std::string> flags;
  };
  for (const Case& c : std::vector<Case>{{{}}, {{"--disable", "NP011"}}, {{"--enable", "NP011"}},
                                         {{"--disable", "all"}}}) {
    std::vector<std::string> lint_args = {"lint"};
    lint_args.insert(lint_args.end(), c.flags.begin(), c.flags.end());
    lint_args.push_back("examples/netpol-demo/");
    const testing::CliResult lint = RunCli(lint_args);
    REQUIRE(lint.exit_code != 2);
    std::vector<std::string> report_args = c.flags;
    report_args.push_back("examples/netpol-demo/");
    const std::string html = Report(report_args);
    INFO(lint.out);
    // lint: "2 findings: 1 error, ..."; the report: "2 lint findings: 1 error, ..."
    std::string summary = LintSummaryLine(lint.out);
    summary.insert(summary.find(' '), " lint");  // "no lint findings", "1 lint finding: ..."
    CHECK(Contains(html, "<p id=\"findings-summary\">" + summary));
    CHECK(Contains(html, "<a href=\"#findings\">" + summary + "</a>"));  // the page's header
    CHECK(Contains(html, "<h2>Lint findings</h2>"));
    // Every finding's rule, location and fix, as lint prints them.
    std::istringstream lines(lint.out);
    std::size_t findings = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("  fix: ", 0) == 0) {
        CHECK(Contains(html, "<td>" + Escaped(line.substr(7)) + "</td></tr>"));
        continue;
      }
      const std::size_t rule = line.rfind(" [NP");
      if (rule == std::string::npos) continue;
      ++findings;
      const std::string loc = line.substr(0, line.find(": "));
      CHECK(Contains(html, "<td>" + Escaped(loc) + "</td>"));
      const std::string id_name = line.substr(rule + 2, line.size() - rule - 3);
      CHECK(Contains(html, "<td>" + Escaped(id_name) + "</td>"));
    }
    CHECK(CountOf(html, "<tr class=\"finding") == findings);
  }
}

TEST_CASE("report --html groups lint findings by severity, most severe first, and leaves them out "
          "with --no-lint", "[report][html][lint]") {
  const std::string html = Report({"examples/netpol-demo/"});
  const std::size_t errors = html.find("<h3 class=\"sev-error\">1 error</h3>");
  const std::size_t warnings = html.find("<h3 class=\"sev-warning\">1 warning</h3>");
  REQUIRE(errors != std::string::npos);
  REQUIRE(warnings != std::string::npos);
  CHECK(errors < warnings);
  CHECK(html.find("NP004 one-sided-allow", errors) < warnings);
  CHECK(html.find("NP011 broad-ingress", warnings) != std::string::npos);

  const std::string without = Report({"--no-lint", "examples/netpol-demo/"});
  CHECK_FALSE(Contains(without, "Lint findings"));
  CHECK_FALSE(Contains(without, "id=\"findings"));
  CHECK_FALSE(Contains(without, "href=\"#findings\""));
}

TEST_CASE("report --html rejects an unknown lint rule as lint does", "[report][html][lint][errors]") {
  const testing::CliResult result =
      RunCli({"report", "--html", "/tmp/netpol-unused.html", "--disable", "NP999", "examples/netpol-demo/"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "netpol report: unknown rule \"NP999\" (see netpol lint --list-rules)\n");
}

TEST_CASE("a lint finding in an object with pods in the graph links to their nodes",
          "[report][html][lint]") {
  const std::string html = Report({"examples/netpol-demo/"});
  // NP004 is about allow-backend-to-database (it isolates the database pod);
  // NP011 about allow-frontend-ingress (the frontend pod).
  auto node_of = [&](const std::string& pod) {
    std::string graphviz;  // Graphviz writes '-' as "&#45;"
    for (char c : pod) graphviz += c == '-' ? std::string("&#45;") : std::string(1, c);
    const std::size_t title = html.find("<title>" + graphviz + "</title>");
    REQUIRE(title != std::string::npos);
    const std::size_t id = html.rfind("<g id=\"", title);
    return html.substr(id + 7, html.find('"', id + 7) - id - 7);
  };
  CHECK(Contains(html, "<tr class=\"finding linked\" data-nodes=\"" + node_of("netpol-demo/database") +
                           "\" data-target=\"NetworkPolicy netpol-demo/allow-backend-to-database\">"));
  CHECK(Contains(html, "<tr class=\"finding linked\" data-nodes=\"" + node_of("netpol-demo/frontend") +
                           "\" data-target=\"NetworkPolicy netpol-demo/allow-frontend-ingress\">"));
  // In the grouped report a finding opens its namespace.
  const std::string grouped = Report({"--by", "namespace", "examples/netpol-demo/"});
  CHECK(Contains(grouped, "<h2>Lint findings</h2>"));
  CHECK(CountOf(grouped, "<tr class=\"finding linked\" data-ns=\"netpol-demo\"") == 2);
}

TEST_CASE("the report escapes hostile text in findings, titles and locations", "[report][html][lint]") {
  const Cluster cluster = testing::LoadOrFail(R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
)", "<img src=x onerror=alert(1)>.yaml");
  const Analysis analysis = Analysis::FromCluster(cluster);
  HtmlReportOptions options;
  options.title = "<script>alert('t')</script>";
  options.lint_ran = true;
  options.findings.push_back({"warning", "NP0 <b>rule</b>",
                              SourceLoc{"<img src=x onerror=alert(1)>.yaml", 7, 1},
                              "message \"<script>alert(1)</script>\" & more", "fix <i>it</i>"});
  std::ostringstream out;
  REQUIRE(WriteHtmlReport(analysis, options, out).ok());
  const std::string html = out.str();
  CHECK_FALSE(Contains(html, "<script>alert"));
  CHECK_FALSE(Contains(html, "<img src=x"));
  CHECK_FALSE(Contains(html, "<b>rule</b>"));
  CHECK_FALSE(Contains(html, "<i>it</i>"));
  CHECK(Contains(html, "<td>message &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; more</td>"));
  CHECK(Contains(html, "<td>fix &lt;i&gt;it&lt;/i&gt;</td>"));
  CHECK(Contains(html, "<td>&lt;img src=x onerror=alert(1)&gt;.yaml:7:1</td>"));
  // The location is in the policy, which isolates the pod: linked.
  CHECK(Contains(html, "data-target=\"NetworkPolicy shop/deny\""));
  CHECK(Contains(html, "1 lint finding: 0 errors, 1 warning, 0 info"));
}

TEST_CASE("without lint findings the report says so", "[report][html][lint]") {
  const std::string html = Report({"--disable", "all", "examples/netpol-demo/"});
  CHECK(Contains(html, "<p id=\"findings-summary\">no lint findings (as <code>netpol lint</code>"));
  CHECK(CountOf(html, "<tr class=\"finding") == 0);
}

TEST_CASE("the report's check table and missing edges say what blocks and the fix, as check does",
          "[report][html][check]") {
  const std::string html = Report({"--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/"});
  const testing::CliResult check =
      RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/"});
  REQUIRE(check.exit_code == 1);
  CHECK(Contains(html, "<th>blocked by / allowed by</th><th>fix</th>"));
  // Each MISSING connection's fix and blocking side, in check's words.
  std::istringstream lines(check.out);
  std::size_t fixes = 0, blocked = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t fix = line.find("  fix: ");
    if (fix != std::string::npos) {
      ++fixes;
      CHECK(Contains(html, Escaped(line.substr(fix + 7))));
    }
    const std::size_t by = line.find("blocked by the ");
    if (by != std::string::npos) {
      ++blocked;
      // "blocked by the egress of X: isolated by P; no rule allows ..." is
      // "egress of X: isolated by P" in the table.
      const std::string side = line.substr(by + 15, line.find("; no rule") - by - 15);
      CHECK(Contains(html, "<td class=\"why\">" + Escaped(side) + "</td>"));
      // The missing edge's title (its hover text) has the whole line.
      CHECK(Contains(html, Escaped(line.substr(by)) + "\n"));
    }
  }
  CHECK(fixes == 2);
  CHECK(blocked == 2);
  // The two missing edges' titles.
  for (const std::string pair : {"netpol-demo/external-client -> netpol-demo/frontend",
                                  "netpol-demo/backend -> netpol-demo/database"}) {
    CHECK(Contains(html, "<title>" + Escaped(pair) + ": MISSING TCP 80 (path, examples/netpol-demo/intent.yaml:"));
  }
  CHECK(CountOf(html, "</title>") >= 2);
}

TEST_CASE("the report's check table names the policies that allow an UNEXPECTED connection",
          "[report][html][check]") {
  const std::string dir = testing::MakeTempDir();
  {
    std::ofstream intent(dir + "/intent.yaml");
    intent << "apiVersion: netpol.dev/v1alpha1\nkind: Intent\nmetadata: {name: t}\nspec:\n"
              "  scope: {namespaces: [netpol-demo], mode: closed}\n"
              "  allow:\n  - {from: netpol-demo/external-client, to: netpol-demo/frontend, ports: [80/TCP]}\n";
  }
  const std::string html = Report({"--intent", dir + "/intent.yaml", "examples/netpol-demo/"});
  const testing::CliResult check = RunCli({"check", "--intent", dir + "/intent.yaml", "examples/netpol-demo/"});
  // frontend -> backend is allowed but not declared: UNEXPECTED, with the
  // rules of both sides in check's words.
  const std::string first = "UNEXPECTED  netpol-demo/frontend -> netpol-demo/backend";
  const std::size_t at = check.out.find(first);
  REQUIRE(at != std::string::npos);
  std::istringstream lines(check.out.substr(at));
  std::string head, egress, ingress;
  std::getline(lines, head);
  std::getline(lines, egress);
  std::getline(lines, ingress);
  egress = egress.substr(egress.find_first_not_of(' '));
  ingress = ingress.substr(ingress.find_first_not_of(' '));
  CHECK(Contains(egress, "egress of netpol-demo/frontend: allowed by netpol-demo/"));
  CHECK(Contains(html, "<td class=\"why\">" + Escaped(egress) + "<br>" + Escaped(ingress) + "</td>"));
}

}  // namespace
}  // namespace netpol
