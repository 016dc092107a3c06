// Reading a repository: Helm templates are skipped with one note per chart,
// files that are not Kubernetes manifests are counted in one summary, and
// what could hold an object is still read (and its errors reported).
#include <catch2/catch.hpp>

#include "netpol/loader.h"
#include "parse/load.h"

namespace netpol {
namespace {

const char* const kPolicy = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
)";

const char* const kTemplate = R"(apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
)";

InputFile Walked(std::string name, std::string text, std::string chart = {}) {
  InputFile file{std::move(name), std::move(text)};
  file.found_in_directory = true;
  file.helm_chart = std::move(chart);
  return file;
}

std::vector<std::string> Messages(const LoadResult& result) {
  std::vector<std::string> messages;
  for (const Diagnostic& d : result.diagnostics) messages.push_back(d.ToString());
  return messages;
}

TEST_CASE("the files of a Helm chart's templates/ are skipped with one note for the chart", "[parse][repo]") {
  const LoadResult result = LoadInputs({
      Walked("charts/web/templates/deployment.yaml", kTemplate, "charts/web"),
      Walked("charts/web/templates/static.yaml", kPolicy, "charts/web"),  // no {{ }}, still a template
      Walked("policies/deny.yaml", kPolicy),
  });
  CHECK_FALSE(result.HasErrors());
  CHECK(result.cluster.policies.size() == 1);
  CHECK(result.skipped_files == std::map<std::string, int>{{"Helm template", 2}});
  CHECK(Messages(result) ==
        std::vector<std::string>{
            "charts/web: note: skipped 2 files of Helm chart charts/web (templates are not YAML "
            "until rendered); to analyse them: helm template web charts/web | netpol lint -"});
}

TEST_CASE("a template outside a chart, named or piped, is skipped with a note at its first {{", "[parse][repo]") {
  for (const std::string name : {"np.yaml", "<stdin>"}) {
    const LoadResult result = LoadInputs({{name, kTemplate}, {"deny.yaml", kPolicy}});
    CHECK_FALSE(result.HasErrors());
    CHECK(result.cluster.policies.size() == 1);
    CHECK(Messages(result) ==
          std::vector<std::string>{name + ":4:9: note: skipped: a Go/Helm template ('{{' where YAML "
                                          "expects a value), not YAML until rendered; to analyse "
                                          "it: helm template NAME CHARTDIR | netpol lint -"});
  }
}

TEST_CASE("files found in a directory that are not manifests are counted in one summary note, not warned about", "[parse][repo]") {
  const LoadResult result = LoadInputs({
      Walked("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n"),
      Walked("charts/web/values.yaml", "replicaCount: 2\n"),
      Walked("charts/web/values-prod.yml", "replicaCount: 3\n"),
      Walked("base/kustomization.yaml",
             "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"),
      Walked("base/Kustomization", "resources: [np.yaml]\n"),
      // Mentions "kind" (the tool), so it is parsed: no document has a kind.
      Walked(".github/workflows/ci.yaml", "on: push\njobs:\n  t:\n    steps:\n    - uses: helm/kind-action@v1\n"),
      Walked("docker-compose.yaml", "services:\n  web: {image: web}\n"),
      Walked("package.json", "{\"name\": \"shop\", \"version\": \"1.0.0\"}"),
      // Not even JSON (comments), but it never says kind or apiVersion.
      Walked("tsconfig.json", "{\n  // comment\n  \"compilerOptions\": {},\n}\n"),
      Walked("empty.yaml", ""),
      Walked("deny.yaml", kPolicy),
  });
  CHECK_FALSE(result.HasErrors());
  CHECK(result.cluster.policies.size() == 1);
  CHECK(result.skipped_files == std::map<std::string, int>{{"Helm values", 2},
                                                           {"Chart.yaml", 1},
                                                           {"kustomization", 2},
                                                           {"other YAML", 3},
                                                           {"other JSON", 2}});
  CHECK(Messages(result) ==
        std::vector<std::string>{
            "note: skipped 10 files that are not Kubernetes manifests (2 Helm values, 1 Chart.yaml, "
            "2 kustomization, 3 other YAML, 2 other JSON); --exclude or .netpolignore to silence"});
}

TEST_CASE("one skipped file is counted in the singular", "[parse][repo]") {
  const LoadResult result = LoadInputs({Walked("values.yaml", "a: 1\n"), Walked("d.yaml", kPolicy)});
  CHECK(Messages(result) ==
        std::vector<std::string>{"note: skipped 1 file that is not a Kubernetes manifest (1 Helm "
                                 "values); --exclude or .netpolignore to silence"});
}

TEST_CASE("what could hold an object is still read when found in a directory", "[parse][repo]") {
  SECTION("a file with an object keeps its warning about a stray document") {
    const LoadResult result =
        LoadInputs({Walked("mixed.yaml", std::string(kPolicy) + "---\n- a list\n")});
    CHECK(result.cluster.policies.size() == 1);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].severity == Severity::kWarning);
    CHECK(result.skipped_files.empty());
  }
  SECTION("an apiVersion without kind is warned about, not counted as another file") {
    const LoadResult result = LoadInputs(
        {Walked("np.yaml", "apiVersion: networking.k8s.io/v1\nmetadata: {name: x}\n")});
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].ToString() ==
          "np.yaml:1:1: warning: document has no kind, so it is not a Kubernetes object; skipped");
    CHECK(result.skipped_files.empty());
  }
  SECTION("a values file holding an object is read") {
    const LoadResult result = LoadInputs({Walked("values.yaml", kPolicy)});
    CHECK(result.cluster.policies.size() == 1);
    CHECK(result.skipped_files.empty());
  }
  SECTION("a file that says kind but is not YAML is an error, not skipped") {
    const LoadResult result = LoadInputs({Walked("np.yaml", "kind: [NetworkPolicy\n")});
    CHECK(result.HasErrors());
    CHECK(result.skipped_files.empty());
  }
}

TEST_CASE("a named file that is not a manifest is read as it is, with a warning per document", "[parse][repo]") {
  const LoadResult result = LoadInputs({{"values.yaml", "replicaCount: 2\n"}});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Severity::kWarning);
  CHECK(result.skipped_files.empty());
}

}  // namespace
}  // namespace netpol
