// The bundled example is the exercise netpol was made for, verbatim: its
// step files are byte-for-byte the exercise's manifests (../shared/exercise/
// steps), and the fixed example is those files plus one file of additions.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kSteps = {"01-namespace-and-pods.yaml", "02-default-deny-all.yaml",
                                         "03-allow-dns-egress.yaml", "04-allow-paths.yaml"};

std::string ExerciseStepsDir() { return testing::ConformanceDir() + "/../exercise/steps"; }

std::vector<std::string> ManifestFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".yaml") && name != "intent.yaml") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("examples/netpol-demo holds exactly the exercise's step files, unchanged", "[examples]") {
  CHECK(ManifestFiles(ExerciseStepsDir()) == kSteps);
  CHECK(ManifestFiles(testing::SourceDir() + "/examples/netpol-demo") == kSteps);
  for (const std::string& step : kSteps) {
    INFO(step);
    CHECK(testing::ReadFileOrFail(testing::SourceDir() + "/examples/netpol-demo/" + step) ==
          testing::ReadFileOrFail(ExerciseStepsDir() + "/" + step));
  }
}

TEST_CASE("examples/netpol-demo-fixed is the exercise plus one file of additions", "[examples]") {
  std::vector<std::string> expected = kSteps;
  expected.push_back("05-allow-egress-fixes.yaml");
  CHECK(ManifestFiles(testing::SourceDir() + "/examples/netpol-demo-fixed") == expected);
  for (const std::string& step : kSteps) {
    INFO(step);
    CHECK(testing::ReadFileOrFail(testing::SourceDir() + "/examples/netpol-demo-fixed/" + step) ==
          testing::ReadFileOrFail(ExerciseStepsDir() + "/" + step));
  }
}

TEST_CASE("the example's intent states the exercise's five verification probes", "[examples]") {
  // The exercise's verification table: external-client -> frontend and
  // frontend -> backend expect HTTP 200 (with the chain's backend -> database),
  // external-client -> database, frontend -> database and external-client ->
  // backend a timeout. On the exercise as written, two of the 200s fail.
  const auto verdicts = [](const std::string& dir) {
    auto result = testing::RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml",
                                   "--format", "json", dir});
    std::vector<std::string> lines;
    const nlohmann::json doc = nlohmann::json::parse(result.out);
    for (const auto& f : doc.at("findings")) {
      if (f.at("origin") == "dns") continue;
      lines.push_back(f.at("origin").get<std::string>() + " " + f.at("from").get<std::string>() +
                      " -> " + f.at("to").get<std::string>() + " " +
                      f.at("verdict").get<std::string>());
    }
    return std::pair{result.exit_code, lines};
  };
  const auto [exercise_exit, exercise] = verdicts("examples/netpol-demo/");
  CHECK(exercise_exit == 1);
  CHECK(exercise == std::vector<std::string>{
                        "path netpol-demo/external-client -> netpol-demo/frontend MISSING",
                        "path netpol-demo/frontend -> netpol-demo/backend ok",
                        "path netpol-demo/backend -> netpol-demo/database MISSING",
                        "deny netpol-demo/external-client -> netpol-demo/database ok",
                        "deny netpol-demo/frontend -> netpol-demo/database ok",
                        "deny netpol-demo/external-client -> netpol-demo/backend ok"});
  const auto [fixed_exit, fixed] = verdicts("examples/netpol-demo-fixed/");
  CHECK(fixed_exit == 0);
  CHECK(std::count_if(fixed.begin(), fixed.end(),
                      [](const std::string& l) { return l.ends_with(" ok"); }) == 6);
}

}  // namespace
}  // namespace netpol
