// The HTML report's rollout stage view (WriteRolloutHtmlReport, `netpol
// report --stages`), including a headless Chromium run of its selector.
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

const std::vector<std::string> kExercise = {
    "examples/netpol-demo/01-namespace-and-pods.yaml", "examples/netpol-demo/02-default-deny-all.yaml",
    "examples/netpol-demo/03-allow-dns-egress.yaml", "examples/netpol-demo/04-allow-paths.yaml"};
const std::vector<std::string> kFixture = {"tests/data/rollout/1-app.yaml",
                                           "tests/data/rollout/2-default-deny.yaml",
                                           "tests/data/rollout/3-allow.yaml"};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Unescape(std::string text) {
  const std::vector<std::pair<std::string, std::string>> entities = {
      {"&#45;", "-"}, {"&gt;", ">"}, {"&lt;", "<"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (std::size_t pos = 0; (pos = text.find(entity, pos)) != std::string::npos; pos += plain.size()) {
      text.replace(pos, entity.size(), plain);
    }
  }
  return text;
}

RolloutReport RolloutOf(const std::vector<std::string>& paths, const std::string& intent_path) {
  std::vector<RolloutStage> stages;
  for (const std::string& path : paths) {
    stages.push_back(RolloutStage{path, {InputFile{path, testing::ReadFileOrFail(testing::SourceDir() + "/" + path)}}, {}});
  }
  RolloutOptions options;
  options.keep_graphs = true;
  if (!intent_path.empty()) {
    Result<Intent> intent = LoadIntentFile(testing::SourceDir() + "/" + intent_path);
    REQUIRE(intent.ok());
    options.intent = *intent;
  }
  Result<RolloutReport> report = Analysis::FromCluster(Cluster{}).Rollout(stages, options);
  INFO(report.status().message() << report.status().detail());
  REQUIRE(report.ok());
  return *report;
}

std::string PageOf(const RolloutReport& report) {
  std::ostringstream html;
  const Status written = WriteRolloutHtmlReport(report, {}, html);
  INFO(written.message());
  REQUIRE(written.ok());
  return html.str();
}

// Per stage section: each edge's marks ("st-new", "st-removed st-broken",
// ...) by its title "from->to"; missing edges are keyed "missing from->to".
using StageEdges = std::map<std::string, std::string>;

std::vector<StageEdges> EdgesByStage(const std::string& html) {
  std::vector<StageEdges> stages;
  const std::regex section("<section class=\"stage\" id=\"stage-(\\d+)\"");
  const std::regex edge("<g id=\"s\\d+-([em])\\d+\" class=\"edge ([^\"]*)\">\\s*<title>([^<]*)</title>");
  std::vector<std::size_t> starts;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), section); it != std::sregex_iterator(); ++it) {
    starts.push_back(static_cast<std::size_t>(it->position()));
  }
  starts.push_back(html.size());
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    const std::string part = html.substr(starts[i], starts[i + 1] - starts[i]);
    StageEdges edges;
    for (auto it = std::sregex_iterator(part.begin(), part.end(), edge); it != std::sregex_iterator(); ++it) {
      const std::string name = Unescape((*it)[3]);
      edges[(*it)[1] == "m" ? "missing " + name : name] = (*it)[2];
    }
    stages.push_back(std::move(edges));
  }
  return stages;
}

// The edges of a stage carrying `mark` (st-new, st-removed, ...).
std::set<std::string> Marked(const StageEdges& edges, const std::string& mark) {
  std::set<std::string> names;
  for (const auto& [name, marks] : edges) {
    std::istringstream words(marks);
    for (std::string word; words >> word;) {
      if (word == mark) names.insert(name);
    }
  }
  return names;
}

// What the rollout's own diff says a stage newly allowed, denied, or changed.
std::set<std::string> DiffSays(const RolloutStep& step, ConnectionChange::Kind kind) {
  std::set<std::string> names;
  for (const ConnectionChange& c : step.changes.connections) {
    if (c.kind == kind) names.insert(c.from + "->" + c.to);
  }
  return names;
}

TEST_CASE("the stage view has one section and one tab per stage, and the verdict", "[report][html][rollout]") {
  const RolloutReport report = RolloutOf(kExercise, "examples/netpol-demo/intent.yaml");
  const std::string html = PageOf(report);
  CHECK(EdgesByStage(html).size() == 4);
  for (int stage = 1; stage <= 4; ++stage) {
    CHECK(Contains(html, "<a role=\"tab\" id=\"tab-" + std::to_string(stage) + "\" href=\"#stage-" +
                             std::to_string(stage) + "\""));
  }
  CHECK(Contains(html, ">1. 01-namespace-and-pods.yaml</a>"));
  CHECK(Contains(html, "<h2>Stage 2/4: examples/netpol-demo/02-default-deny-all.yaml</h2>"));
  CHECK(Contains(html, "4 stages applied; 7 intended connections broken between applies; the final "
                       "state does not satisfy the intent"));
  CHECK(Contains(html, "8 ok, 2 MISSING, 0 UNEXPECTED: the intent does not hold"));
  // The change list is rollout's, causes included.
  CHECK(Contains(html, "because added NetworkPolicy/netpol-demo/allow-dns-egress selects the source for Egress"));
  CHECK(Contains(html, "<td>BROKEN by this stage</td><td>netpol-demo/frontend &rarr; netpol-demo/backend</td>"));
  // Self-contained: nothing fetched.
  CHECK_FALSE(Contains(html, "<script src"));
  CHECK_FALSE(Contains(html, "<link"));
  CHECK_FALSE(Contains(html, "src=\"http"));
}

TEST_CASE("every stage is drawn on one layout: the same SVG geometry in every section", "[report][html][rollout]") {
  const std::string html = PageOf(RolloutOf(kFixture, ""));
  // The path of one edge in every section: same coordinates.
  const std::regex path("<g id=\"s(\\d+)-e0\" class=\"edge[^\"]*\">\\s*<title>[^<]*</title>\\s*<path[^>]* d=\"([^\"]*)\"");
  std::set<std::string> geometry;
  int sections = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), path); it != std::sregex_iterator(); ++it) {
    geometry.insert((*it)[2]);
    ++sections;
  }
  CHECK(sections == 3);
  CHECK(geometry.size() == 1);
}

TEST_CASE("each stage marks what it newly allowed and newly denied, as the rollout's diff says", "[report][html][rollout]") {
  for (const auto& [paths, intent] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {kFixture, "tests/data/rollout/intent.yaml"}, {kExercise, "examples/netpol-demo/intent.yaml"}}) {
    const RolloutReport report = RolloutOf(paths, intent);
    const std::vector<StageEdges> stages = EdgesByStage(PageOf(report));
    REQUIRE(stages.size() == report.steps.size());
    for (std::size_t i = 0; i < stages.size(); ++i) {
      INFO(paths[i]);
      CHECK(Marked(stages[i], "st-new") == DiffSays(report.steps[i], ConnectionChange::Kind::kNewlyAllowed));
      CHECK(Marked(stages[i], "st-removed") == DiffSays(report.steps[i], ConnectionChange::Kind::kNewlyDenied));
      CHECK(Marked(stages[i], "st-changed") == DiffSays(report.steps[i], ConnectionChange::Kind::kPortsChanged));
    }
  }
}

TEST_CASE("the fixture's stages: open, the default-deny breaks client to web, the allow restores it", "[report][html][rollout]") {
  const std::vector<StageEdges> stages = EdgesByStage(PageOf(RolloutOf(kFixture, "tests/data/rollout/intent.yaml")));
  REQUIRE(stages.size() == 3);
  CHECK(stages[0].at("shop/client->shop/web") == "st-new");
  CHECK(Marked(stages[0], "st-removed").empty());
  CHECK(stages[1].at("shop/client->shop/web") == "st-removed st-broken");
  CHECK(stages[1].at("shop/web->shop/client") == "st-removed");  // denied, as intended: not broken
  CHECK(Marked(stages[1], "st-new").empty());
  CHECK(stages[2].at("shop/client->shop/web") == "st-new");
  CHECK(stages[2].at("shop/web->shop/client") == "st-absent");
  CHECK(Marked(stages[2], "st-removed").empty());
}

TEST_CASE("the exercise's stages: the allow rules open frontend to backend; two hops stay missing", "[report][html][rollout]") {
  const std::string html = PageOf(RolloutOf(kExercise, "examples/netpol-demo/intent.yaml"));
  const std::vector<StageEdges> stages = EdgesByStage(html);
  REQUIRE(stages.size() == 4);
  CHECK(Marked(stages[3], "st-new") ==
        std::set<std::string>{"0.0.0.0/0->netpol-demo/frontend",
                              "kube-system/kube-dns[Modelled]->netpol-demo/frontend",
                              "netpol-demo/frontend->netpol-demo/backend"});
  CHECK(Marked(stages[1], "st-broken") ==
        std::set<std::string>{"netpol-demo/backend->kube-system/kube-dns[Modelled]",
                              "netpol-demo/backend->netpol-demo/database",
                              "netpol-demo/database->kube-system/kube-dns[Modelled]",
                              "netpol-demo/external-client->kube-system/kube-dns[Modelled]",
                              "netpol-demo/external-client->netpol-demo/frontend",
                              "netpol-demo/frontend->kube-system/kube-dns[Modelled]",
                              "netpol-demo/frontend->netpol-demo/backend"});
  // Intended and denied, not by this stage: drawn as missing.
  CHECK(Marked(stages[3], "st-missing") ==
        std::set<std::string>{"missing netpol-demo/backend->netpol-demo/database",
                              "missing netpol-demo/external-client->netpol-demo/frontend"});
  CHECK(Marked(stages[1], "st-missing").empty());  // stage 2 denies them: drawn as removed
  CHECK(Marked(stages[0], "st-missing").empty());
  // The stage's label is its own ports: TCP 80 for frontend -> backend in stage 4.
  CHECK(std::regex_search(html, std::regex("<g id=\"s4-e\\d+\" class=\"edge st-new\">\\s*<title>netpol&#45;demo/"
                                           "frontend&#45;&gt;netpol&#45;demo/backend</title>[\\s\\S]*?>TCP 80</text>")));
}

TEST_CASE("the stage view needs the rollout's graphs", "[report][html][rollout]") {
  std::vector<RolloutStage> stages = {RolloutStage{"a.yaml", {InputFile{"a.yaml", testing::ReadFileOrFail(testing::SourceDir() + "/" + kFixture[0])}}, {}}};
  Result<RolloutReport> report = Analysis::FromCluster(Cluster{}).Rollout(stages, {});
  REQUIRE(report.ok());
  std::ostringstream html;
  const Status status = WriteRolloutHtmlReport(*report, {}, html);
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(html.str().empty());
}

std::vector<std::string> ReportArgs(const std::string& out, const std::vector<std::string>& intent,
                                    const std::vector<std::string>& stages) {
  std::vector<std::string> args = {"report", "--html", out};
  args.insert(args.end(), intent.begin(), intent.end());
  args.push_back("--stages");
  args.insert(args.end(), stages.begin(), stages.end());
  return args;
}

TEST_CASE("report --stages writes the stage view, with and without --intent", "[report][html][rollout][cli]") {
  const std::string dir = testing::MakeTempDir();
  const std::string with = dir + "/with.html";
  auto result = RunCli(ReportArgs(with, {"--intent", "examples/netpol-demo/intent.yaml"}, kExercise));
  CHECK(result.exit_code == 1);  // written, and the final state does not satisfy the intent
  CHECK(result.err == "netpol: wrote " + with + "\n");
  const std::string page = testing::ReadFileOrFail(with);
  CHECK(EdgesByStage(page).size() == 4);
  CHECK(Contains(page, "<title>netpol rollout</title>"));
  CHECK(Contains(page, "Intended connections after this stage"));

  const std::string without = dir + "/without.html";
  result = RunCli(ReportArgs(without, {"--title", "shop rollout"}, kFixture));
  CHECK(result.exit_code == 0);
  const std::string plain = testing::ReadFileOrFail(without);
  CHECK(EdgesByStage(plain).size() == 3);
  CHECK(Contains(plain, "<title>shop rollout</title>"));
  CHECK(Contains(plain, "3 stages applied</b>"));
  CHECK_FALSE(Contains(plain, "Intended connections after this stage"));
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("report --stages with one path is a one-stage rollout; without --stages the paths are merged", "[report][html][rollout][cli]") {
  const std::string dir = testing::MakeTempDir();
  auto one = RunCli(ReportArgs(dir + "/one.html", {}, {"examples/netpol-demo/"}));
  CHECK(one.exit_code == 0);
  const std::string page = testing::ReadFileOrFail(dir + "/one.html");
  const std::vector<StageEdges> stages = EdgesByStage(page);
  REQUIRE(stages.size() == 1);
  CHECK(stages[0].at("netpol-demo/frontend->netpol-demo/backend") == "st-new");
  CHECK(Contains(page, ">1. netpol-demo</a>"));
  // The same path without --stages: the usual report, not a stage view.
  auto merged = RunCli({"report", "--html", dir + "/merged.html", "examples/netpol-demo/"});
  CHECK(merged.exit_code == 0);
  const std::string report = testing::ReadFileOrFail(dir + "/merged.html");
  CHECK(Contains(report, "Reachability matrix"));
  CHECK_FALSE(Contains(report, "stage-tabs"));
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("report --stages takes --remove stages in place and a --base, as rollout does", "[report][html][rollout][cli]") {
  const std::string dir = testing::MakeTempDir();
  const std::string out = dir + "/remove.html";
  auto result = RunCli({"report", "--html", out, "--stages", "--base", kFixture[0], kFixture[1],
                        "--remove", "NetworkPolicy/shop/default-deny", kFixture[2]});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const std::string page = testing::ReadFileOrFail(out);
  CHECK(Contains(page, "<h2>Stage 2/3: --remove NetworkPolicy/shop/default-deny</h2>"));
  CHECK(Contains(page, "<h2>Stage 3/3: tests/data/rollout/3-allow.yaml</h2>"));
  const std::vector<StageEdges> stages = EdgesByStage(page);
  REQUIRE(stages.size() == 3);
  CHECK(stages[0].at("shop/client->shop/web") == "st-removed");  // the base is open
  CHECK(stages[1].at("shop/client->shop/web") == "st-new");      // the removal opens it again
  // --base and --remove belong to --stages.
  auto stray = RunCli({"report", "--html", dir + "/stray.html", "--base", kFixture[0], kFixture[1]});
  CHECK(stray.exit_code == 2);
  CHECK(stray.err == "netpol: report: --base and --remove need --stages\n");
  CHECK_FALSE(std::ifstream(dir + "/stray.html").good());
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("report --stages with a bad stage exits 2 and writes no file", "[report][html][rollout][cli]") {
  const std::string dir = testing::MakeTempDir();
  const std::string bad = dir + "/bad.yaml";
  std::ofstream(bad) << "apiVersion: v1\nkind: Pod\nmetadata: {name: [x]}\n";
  const std::string out = dir + "/bad.html";
  auto result = RunCli(ReportArgs(out, {}, {kFixture[0], bad}));
  CHECK(result.exit_code == 2);
  CHECK(Contains(result.err, "error in stage " + bad + "; nothing was analysed"));
  CHECK_FALSE(std::ifstream(out).good());
  auto missing = RunCli(ReportArgs(out, {}, {kFixture[0], dir + "/no-such.yaml"}));
  CHECK(missing.exit_code == 2);
  CHECK_FALSE(std::ifstream(out).good());
  auto removal = RunCli({"report", "--html", out, "--stages", kFixture[0], "--remove", "NetworkPolicy/shop/nothing"});
  CHECK(removal.exit_code == 2);
  CHECK(Contains(removal.err, "stage --remove NetworkPolicy/shop/nothing: --remove: no NetworkPolicy shop/nothing"));
  CHECK_FALSE(std::ifstream(out).good());
  // The stage view draws whole states: an output filter is refused, not ignored.
  auto filtered = RunCli({"report", "--html", out, "--stages", "-n", "shop", kFixture[0]});
  CHECK(filtered.exit_code == 2);
  CHECK(Contains(filtered.err, "do not apply with --stages"));
  CHECK_FALSE(std::ifstream(out).good());
  std::system(("rm -rf " + dir).c_str());
}

// Loads the exercise's stage view in Debian's headless Chromium. #selftest
// walks the stages with the keyboard (ArrowRight on the focused tab), then
// moves the slider back to stage 1, recording after each step which stage
// sections are visible and which edges are drawn, by their marks.
TEST_CASE("the stage view's selector switches stages in headless Chromium", "[report][html][rollout][browser]") {
  const std::string dir = testing::MakeTempDir();
  const std::string html = dir + "/stages.html";
  auto result = RunCli(ReportArgs(html, {"--intent", "examples/netpol-demo/intent.yaml"}, kExercise));
  REQUIRE(result.exit_code == 1);  // written; the exercise's final state fails its intent
  const std::string dom = testing::HeadlessChromiumDom(html, "#selftest", dir);
  CHECK(Contains(dom, "data-ready=\"1\""));
  const std::smatch found = [&] {
    std::smatch m;
    std::regex_search(dom, m, std::regex("data-selftest=\"([^\"]*)\""));
    return m;
  }();
  REQUIRE_FALSE(found.empty());
  const nlohmann::json selftest = nlohmann::json::parse(Unescape(found[1]));
  INFO(selftest.dump(2));
  REQUIRE(selftest["stages"].size() == 4);
  // What each stage must draw, from the library's own classification.
  const std::vector<StageEdges> expected = EdgesByStage(testing::ReadFileOrFail(html));
  for (std::size_t i = 0; i < 4; ++i) {
    const nlohmann::json& stage = selftest["stages"][i];
    CHECK(stage["stage"] == i + 1);
    CHECK(stage["panels"] == 1);  // only the selected stage is shown
    for (const char* kind : {"st-new", "st-removed", "st-changed", "st-kept", "st-missing"}) {
      std::set<std::string> drawn;
      if (stage["edges"].contains(kind)) {
        for (const auto& name : stage["edges"][kind]) drawn.insert(name.get<std::string>());
      }
      std::set<std::string> want;
      for (const std::string& name : Marked(expected[i], kind)) {
        want.insert(name.starts_with("missing ") ? name.substr(8) : name);
      }
      INFO("stage " << i + 1 << " " << kind);
      CHECK(drawn == want);
    }
  }
  // The walkthrough, as a reader sees it.
  CHECK(selftest["stages"][1]["edges"]["st-removed"].size() > 10);
  CHECK_FALSE(selftest["stages"][1]["edges"].contains("st-new"));
  CHECK(selftest["stages"][3]["edges"]["st-new"].size() == 3);
  CHECK(selftest["afterSlider"] == 1);
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace netpol
