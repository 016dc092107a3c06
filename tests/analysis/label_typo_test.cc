// The "likely typo" root cause (netpol/label_typo.h) and where it surfaces:
// likely-label-typo in lint, check's MISSING lines, check --suggest, and
// "did you mean" on endpoints that match nothing.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadOrFail;
using testing::ReadFileOrFail;
using testing::RunCliIn;
using testing::SourceDir;

namespace fs = std::filesystem;

// examples/netpol-demo copied to a temporary directory (as netpol-demo/),
// with `from` replaced by `to` once in file `file`.
std::string DemoWith(const std::string& file, const std::string& from, const std::string& to) {
  const std::string dir = testing::MakeTempDir();
  fs::create_directories(dir + "/netpol-demo");
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/examples/netpol-demo")) {
    std::string text = ReadFileOrFail(entry.path().string());
    if (entry.path().filename() == file) {
      const std::size_t at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), to);
    }
    std::ofstream(dir + "/netpol-demo/" + entry.path().filename().string()) << text;
  }
  return dir;
}

// The issue's reproduction: the backend pod labelled app: backnd.
std::string Backnd() { return DemoWith("01-namespace-and-pods.yaml", "app: backend", "app: backnd"); }

const std::vector<std::string> kCheck = {"check", "--intent", "netpol-demo/intent.yaml", "netpol-demo/"};

TEST_CASE("edit distance is Levenshtein, cut off above the limit", "[typo]") {
  struct Case {
    std::string a, b;
    std::size_t limit, expected;
  };
  for (const Case& c : std::vector<Case>{{"backend", "backnd", 2, 1},
                                         {"backend", "backend", 2, 0},
                                         {"cache", "cahce", 2, 2},
                                         {"kitten", "sitting", 2, 3},  // 3 > limit: limit + 1
                                         {"", "abc", 3, 3},
                                         {"web", "database", 2, 3}}) {
    INFO(c.a << " / " << c.b);
    CHECK(EditDistance(c.a, c.b, c.limit) == c.expected);
  }
}

TEST_CASE("close spellings: case, up to 2 edits, fewer for short words, never digits alone", "[typo]") {
  struct Case {
    std::string text;
    std::vector<std::string> candidates;
    std::optional<std::string> expected;
  };
  for (const Case& c : std::vector<Case>{
           {"backnd", {"database", "backend", "frontend"}, "backend"},
           {"Backend", {"backend"}, "backend"},        // case only
           {"v2", {"v1"}, std::nullopt},               // versions, not typos
           {"db", {"ui"}, std::nullopt},               // short words: case only
           {"api", {"apl"}, std::nullopt},
           {"API", {"api"}, "api"},
           {"cache", {"cahe"}, "cahe"},                // 1 edit on a 5-letter word
           {"cache", {"cahce"}, std::nullopt},         // 2 edits on it: too many
           {"frontend", {"frontend"}, std::nullopt},   // the same is no suggestion
           {"backedn", {"backend", "backed"}, "backed"}}) {  // the fewest edits wins
    INFO(c.text);
    CHECK(ClosestSpelling(c.text, c.candidates) == c.expected);
  }
}

TEST_CASE("a pod label one edit from what three selectors select is the likely typo, at the label",
          "[typo]") {
  const std::string dir = Backnd();
  const Analysis analysis = *Analysis::Load({dir + "/netpol-demo"}, std::cin);
  const std::vector<LabelTypo> typos = FindLabelTypos(analysis.cluster());
  REQUIRE(typos.size() == 1);
  const LabelTypo& typo = typos[0];
  CHECK(typo.wrong == LabelTypo::Side::kObjectLabel);
  CHECK(typo.Written() == "app=backnd");
  CHECK(typo.Intended() == "app=backend");
  CHECK(typo.selectors.size() == 3);
  CHECK(typo.loc.line == 28);
  CHECK(typo.loc.column == 5);
  CHECK(DescribeLabelTypo(typo, analysis.cluster()) ==
        "pod netpol-demo/backend has label app=backnd, but podSelector of "
        "netpol-demo/allow-frontend-to-backend and 2 more selectors select app=backend: did you "
        "mean app=backend?");
  // Fixing it in memory makes every selector select the pod again.
  const Cluster fixed = WithLabelTypoFixed(analysis.cluster(), typo);
  CHECK(FindLabelTypos(fixed).empty());
}

TEST_CASE("a selector one edit from the label the pods and other selectors use is the typo",
          "[typo]") {
  const Cluster cluster = LoadOrFail(R"(
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: database}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: shop}
spec:
  podSelector:
    matchExpressions:
    - {key: app, operator: In, values: [databse]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b, namespace: shop}
spec:
  podSelector: {matchLabels: {app: database}}
)");
  const std::vector<LabelTypo> typos = FindLabelTypos(cluster);
  REQUIRE(typos.size() == 1);
  CHECK(typos[0].wrong == LabelTypo::Side::kSelector);
  CHECK(typos[0].Intended() == "app=database");
  CHECK(typos[0].loc.ToString() == "test.yaml:12:7");
  const Cluster fixed = WithLabelTypoFixed(cluster, typos[0]);
  CHECK(fixed.policies[0].pod_selector.Matches(fixed.pods[0].labels));
}

TEST_CASE("no typo when the selector selects the pod, or the spellings are far apart", "[typo]") {
  for (const char* selector : {"{app: database}", "{app: web}", "{app: dbase, tier: x}"}) {
    INFO(selector);
    const Cluster cluster = LoadOrFail(std::string(R"(
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: database}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: shop}
spec:
  podSelector: {matchLabels: )") + selector + "}\n");
    CHECK(FindLabelTypos(cluster).empty());
  }
}

TEST_CASE("lint on the backnd reproduction: NP022 at the pod's label, NP001/NP002 name the typo",
          "[typo][lint]") {
  const std::string dir = Backnd();
  const testing::CliResult result = RunCliIn(dir, {"lint", "netpol-demo/"});
  INFO(result.out << result.err);
  CHECK(result.out.find("netpol-demo/01-namespace-and-pods.yaml:28:5: warning: pod netpol-demo/backend "
                        "has label app=backnd, but podSelector of netpol-demo/allow-frontend-to-backend "
                        "and 2 more selectors select app=backend: did you mean app=backend? "
                        "[NP022 likely-label-typo]") != std::string::npos);
  CHECK(result.out.find("policy netpol-demo/allow-frontend-to-backend selects no pod: podSelector "
                        "app=backend matches none of the 4 pods of namespace netpol-demo (likely a "
                        "typo: pod netpol-demo/backend has label app=backnd") != std::string::npos);
  // Both NP002 findings name it too.
  std::size_t named = 0;
  for (std::size_t at = 0; (at = result.out.find("matches no pod of the policy's namespace netpol-demo "
                                                 "(likely a typo:", at)) != std::string::npos; ++at) {
    ++named;
  }
  CHECK(named == 2);
  // The unmodified example has no typo.
  const testing::CliResult clean = testing::RunCli({"lint", "examples/netpol-demo/"});
  CHECK(clean.out.find("NP022") == std::string::npos);
}

TEST_CASE("check names the typo as the cause of the MISSING lines its fix alone allows",
          "[typo][check]") {
  const std::string dir = Backnd();
  const testing::CliResult result = RunCliIn(dir, kCheck);
  INFO(result.out << result.err);
  const std::string cause =
      "            likely cause: pod netpol-demo/backend has label app=backnd, but podSelector of "
      "netpol-demo/allow-frontend-to-backend and 2 more selectors select app=backend: did you mean "
      "app=backend? (netpol-demo/01-namespace-and-pods.yaml:28:5); fixing it alone allows this "
      "connection\n";
  CHECK(result.out.find("MISSING     netpol-demo/frontend -> netpol-demo/backend  TCP 80  (path, "
                        "netpol-demo/intent.yaml:18)\n" + cause) != std::string::npos);
  // external-client -> frontend is missing in the example itself: not the typo's doing.
  CHECK(result.out.find("MISSING     netpol-demo/external-client -> netpol-demo/frontend  TCP 80  (path, "
                        "netpol-demo/intent.yaml:17)\n            blocked") != std::string::npos);

  const auto doc = nlohmann::json::parse(RunCliIn(dir, {"check", "--intent", "netpol-demo/intent.yaml",
                                                        "-o", "json", "netpol-demo/"}).out);
  int with_typo = 0;
  for (const auto& finding : doc.at("findings")) {
    if (!finding.contains("likelyTypos")) continue;
    ++with_typo;
    CHECK(finding.at("likelyTypos")[0].at("intended") == "app=backend");
    CHECK(finding.at("likelyTypos")[0].at("wrongSide") == "label");
    CHECK(finding.at("likelyTypos")[0].at("location").at("line") == 28);
  }
  CHECK(with_typo == 1);  // frontend -> backend; backend -> database also lacks backend's egress
}

TEST_CASE("check --suggest proposes the label fix, not policies selecting the typo", "[typo][check]") {
  const std::string dir = Backnd();
  std::vector<std::string> args = kCheck;
  args.push_back("--suggest");
  const testing::CliResult result = RunCliIn(dir, args);
  INFO(result.out << result.err);
  CHECK(result.out.find("# Likely typo: pod netpol-demo/backend has label app=backnd") != std::string::npos);
  CHECK(result.out.find("#   netpol-demo/01-namespace-and-pods.yaml:28:5: Pod netpol-demo/backend: label "
                        "app: backend instead of app: backnd\n#   allows MISSING netpol-demo/frontend -> "
                        "netpol-demo/backend TCP 80\n") != std::string::npos);
  // No policy for the pair the fix opens.
  CHECK(result.out.find("allow-frontend-to-backend-") == std::string::npos);
  CHECK(result.out.find("MISSING netpol-demo/frontend -> netpol-demo/backend TCP 80: the") ==
        std::string::npos);
}

TEST_CASE("an unknown endpoint says which pod was probably meant", "[typo][explain]") {
  const testing::CliResult result = testing::RunCli(
      {"explain", "--from", "netpol-demo/frontend", "--to", "netpol-demo/backnd", "examples/netpol-demo/"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("no pod matches \"netpol-demo/backnd\"; did you mean \"netpol-demo/backend\"?") !=
        std::string::npos);
  const testing::CliResult by_label = testing::RunCli(
      {"explain", "--from", "netpol-demo/app=frontnd", "--to", "netpol-demo/backend", "examples/netpol-demo/"});
  CHECK(by_label.err.find("did you mean \"netpol-demo/app=frontend\"?") != std::string::npos);
  const testing::CliResult far = testing::RunCli(
      {"explain", "--from", "netpol-demo/zzz", "--to", "netpol-demo/backend", "examples/netpol-demo/"});
  CHECK(far.err.find("no pod matches \"netpol-demo/zzz\"") != std::string::npos);
  CHECK(far.err.find("did you mean") == std::string::npos);
}

TEST_CASE("an intent entry naming no pod is reported at that entry, with the nearest pod",
          "[typo][check]") {
  // The third hop of the path is misspelt.
  const std::string dir = DemoWith("intent.yaml", "    - netpol-demo/backend\n", "    - netpol-demo/backnd\n");
  const testing::CliResult result = RunCliIn(dir, kCheck);
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("netpol-demo/intent.yaml:19:7: error: to: \"netpol-demo/backnd\" matches no pod in "
                        "the inputs; did you mean \"netpol-demo/backend\"?") != std::string::npos);
  // Reported once, where written, though two hops use it (not at the hop before it).
  CHECK(result.err.find("intent.yaml:18:7") == std::string::npos);
  const std::string kNoPod = "\"netpol-demo/backnd\" matches no pod";
  const std::size_t first = result.err.find(kNoPod);
  REQUIRE(first != std::string::npos);
  CHECK(result.err.find(kNoPod, first + 1) == std::string::npos);
}

}  // namespace
}  // namespace netpol
