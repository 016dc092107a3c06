// A repository as the pre-commit hooks see it (tests/data/repo: a Helm
// chart, a kustomization, a CI workflow, package.json, policies and pods):
// the hooks pass on it and fail on a typo; --exclude and .netpolignore.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include "parse/doc_node.h"
#include "test_support.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::RunCliIn;

std::string FixtureDir() { return testing::SourceDir() + "/tests/data/repo"; }

const char* const kChartNote =
    "charts/web: note: skipped 2 files of Helm chart charts/web (templates are not YAML until "
    "rendered); to analyse them: helm template web charts/web | netpol lint -\n";
const char* const kSummary =
    "note: skipped 8 files that are not Kubernetes manifests (1 Helm values, 1 Chart.yaml, "
    "2 kustomization, 3 other YAML, 1 other JSON); --exclude or .netpolignore to silence\n";

// A hook of .pre-commit-hooks.yaml as the pre-commit framework runs it (with
// pass_filenames: false): its entry's words after `netpol`, then its args.
std::vector<std::string> HookCommand(const std::string& id) {
  const std::string file = testing::SourceDir() + "/.pre-commit-hooks.yaml";
  DiagnosticSink sink;
  const std::vector<DocNode> documents =
      ReadYamlDocuments(testing::ReadFileOrFail(file), file, sink);
  REQUIRE(documents.size() == 1);
  for (const DocNode& hook : documents[0].items()) {
    REQUIRE(hook.Get("id"));
    if (hook.Get("id")->value() != id) continue;
    const DocNode* pass_filenames = hook.Get("pass_filenames");
    REQUIRE(pass_filenames);
    REQUIRE(pass_filenames->Resolve() == DocNode::Resolved::kBool);
    REQUIRE_FALSE(pass_filenames->BoolValue());
    REQUIRE(hook.Get("entry"));
    std::istringstream entry(hook.Get("entry")->value());
    std::vector<std::string> words;
    for (std::string word; entry >> word;) words.push_back(word);
    REQUIRE(words.size() >= 2);
    REQUIRE(words[0] == "netpol");
    words.erase(words.begin());
    if (const DocNode* args = hook.Get("args")) {
      for (const DocNode& arg : args->items()) words.push_back(arg.value());
    }
    return words;
  }
  FAIL("no hook " << id << " in .pre-commit-hooks.yaml");
  return {};
}

// A copy of the fixture repository to edit.
std::string CopyOfFixture() {
  const std::string dir = testing::MakeTempDir();
  fs::copy(FixtureDir(), dir, fs::copy_options::recursive);
  return dir;
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out);
}

TEST_CASE("the pre-commit hooks pass on a repository with a Helm chart, a kustomization, a CI workflow and package.json", "[cli][repo]") {
  const std::vector<std::string> lint = HookCommand("netpol-lint");
  CHECK(lint == std::vector<std::string>{"lint", "."});
  const CliResult linted = RunCliIn(FixtureDir(), lint);
  CHECK(linted.exit_code == 0);
  CHECK(linted.err == std::string(kChartNote) + kSummary);
  CHECK(linted.out.find("0 errors, 0 warnings") != std::string::npos);

  const CliResult checked = RunCliIn(FixtureDir(), HookCommand("netpol-check"));
  CHECK(checked.exit_code == 0);
  CHECK(checked.err == std::string(kChartNote) + kSummary);
  CHECK(checked.out.find("the intent holds") != std::string::npos);
}

TEST_CASE("the lint hook fails on a typo in the repository's policy, at its FILE:LINE:COL", "[cli][repo]") {
  const std::string repo = CopyOfFixture();
  const std::string policy = repo + "/policies/default-deny.yaml";
  std::string text = testing::ReadFileOrFail(policy);
  const std::size_t at = text.find("  ingress:");
  REQUIRE(at != std::string::npos);
  text.replace(at, 10, "  ingres:");
  Write(policy, text);
  const CliResult result = RunCliIn(repo, HookCommand("netpol-lint"));
  fs::remove_all(repo);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("./policies/default-deny.yaml:20:3: error: ") != std::string::npos);
  CHECK(result.err.find("ingres") != std::string::npos);
}

TEST_CASE("exclude patterns (--exclude) leave out matching paths, are repeatable, and apply to named files as written", "[cli][repo]") {
  const CliResult result =
      RunCliIn(FixtureDir(), {"lint", "--exclude", "charts/", "--exclude=/.github", "."});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "note: skipped 5 files that are not Kubernetes manifests (2 kustomization, 2 other YAML, "
        "1 other JSON); --exclude or .netpolignore to silence\n");

  const CliResult named = RunCliIn(FixtureDir(), {"graph", "--exclude", "pods.yaml", "policies/pods.yaml"});
  CHECK(named.exit_code == 2);
  CHECK(named.err ==
        "netpol: no Kubernetes objects found in policies/pods.yaml; nothing was analysed "
        "(--allow-empty accepts that)\n");
}

TEST_CASE("diff --add leaves out what --exclude excludes too", "[cli][repo]") {
  const CliResult added = RunCliIn(FixtureDir(), {"diff", "policies", "--add", "deploy"});
  CHECK(added.exit_code == 1);
  CHECK(added.out.find("added     NetworkPolicy/shop/db-from-api") != std::string::npos);
  const CliResult excluded = RunCliIn(
      FixtureDir(), {"diff", "--exclude", "networkpolicy.yaml", "policies", "--add", "deploy"});
  CHECK(excluded.exit_code == 0);
  CHECK(excluded.out == "No connection changed (0 objects changed)\n");
}

TEST_CASE(".netpolignore at the root of a directory argument excludes paths, in gitignore syntax", "[cli][repo]") {
  const std::string repo = CopyOfFixture();
  Write(repo + "/.netpolignore", "# not manifests\ncharts/\n/*.yaml\n!/netpol-intent.yaml\n*.json\n");
  const CliResult result = RunCliIn(repo, {"lint", "."});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "note: skipped 3 files that are not Kubernetes manifests (2 kustomization, 1 other YAML); "
        "--exclude or .netpolignore to silence\n");

  // Only at the root of a directory given: one in policies/ is not read when
  // walking the repository, and is when policies/ is the argument.
  Write(repo + "/policies/.netpolignore", "pods.yaml\n");
  CHECK(RunCliIn(repo, {"graph", "."}).out.find("shop/web") != std::string::npos);
  const CliResult policies_only = RunCliIn(repo, {"graph", "--no-dns-model", "policies"});
  CHECK(policies_only.exit_code == 0);
  CHECK(policies_only.out.find("shop/web") == std::string::npos);
  fs::remove_all(repo);
}

TEST_CASE("a chart alone is nothing to analyse: exit 2, with the note saying how to render it", "[cli][repo]") {
  const CliResult result = RunCliIn(FixtureDir(), {"lint", "charts/web"});
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "charts/web: note: skipped 2 files of Helm chart charts/web (templates are not YAML until "
        "rendered); to analyse them: helm template web charts/web | netpol lint -\n"
        "note: skipped 2 files that are not Kubernetes manifests (1 Helm values, 1 Chart.yaml); "
        "--exclude or .netpolignore to silence\n"
        "netpol: no Kubernetes objects found in charts/web; nothing was analysed (--allow-empty "
        "accepts that)\n");
}

TEST_CASE("a template named on the command line is skipped with its chart's note", "[cli][repo]") {
  const CliResult result = RunCliIn(
      FixtureDir(), {"lint", "charts/web/templates/networkpolicy.yaml", "policies/"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "charts/web: note: skipped 1 file of Helm chart charts/web (templates are not YAML until "
        "rendered); to analyse them: helm template web charts/web | netpol lint -\n");
}

TEST_CASE("a subchart's templates count as its parent chart's, which helm template renders; .git is never read", "[cli][repo]") {
  const std::string repo = CopyOfFixture();
  fs::create_directories(repo + "/charts/web/charts/redis/templates");
  Write(repo + "/charts/web/charts/redis/Chart.yaml", "apiVersion: v2\nname: redis\nversion: 1.0.0\n");
  Write(repo + "/charts/web/charts/redis/templates/pod.yaml", "kind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n");
  fs::create_directories(repo + "/.git");
  Write(repo + "/.git/broken.yaml", "kind: [not yaml\n");
  const CliResult result = RunCliIn(repo, {"lint", "."});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "charts/web: note: skipped 3 files of Helm chart charts/web (templates are not YAML until "
        "rendered); to analyse them: helm template web charts/web | netpol lint -\n"
        "note: skipped 9 files that are not Kubernetes manifests (1 Helm values, 2 Chart.yaml, "
        "2 kustomization, 3 other YAML, 1 other JSON); --exclude or .netpolignore to silence\n");
  // A directory argument inside the chart still finds it.
  const CliResult inside = RunCliIn(repo, {"lint", "charts/web/templates", "policies"});
  CHECK(inside.exit_code == 0);
  CHECK(inside.err.rfind("charts/web: note: skipped 2 files of Helm chart charts/web ", 0) == 0);
  fs::remove_all(repo);
}

}  // namespace
}  // namespace netpol
