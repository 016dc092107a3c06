// main() leaves the analyses the commands load to the operating system at
// exit (cli.h: AnalysisKeeper): every analysing command hands what it loads
// to the Io's keeper, and without one (as in the other in-process tests)
// frees it itself.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "analysis_keeper.h"
#include "cli.h"
#include "test_support.h"

namespace netpol {
namespace {

struct KeptRun {
  int exit_code = -1;
  std::vector<Analysis> kept;
};

KeptRun RunKeeping(const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  cli::AnalysisKeeper keeper;
  cli::Io io{in, out, err, testing::SourceDir()};
  io.keeper = &keeper;
  KeptRun run;
  run.exit_code = cli::RunNetpol(args, io);
  run.kept = keeper.Kept();
  return run;
}

std::size_t PodCount(const Analysis& analysis) { return analysis.cluster().pods.size(); }

TEST_CASE("the keeper holds the analysis a command loaded, usable after the command returned",
          "[cli][keeper]") {
  const KeptRun run = RunKeeping({"graph", "examples/netpol-demo/", "--format", "summary"});
  CHECK(run.exit_code == 0);
  REQUIRE(run.kept.size() == 1);
  CHECK(PodCount(run.kept[0]) > 0);
}

TEST_CASE("the keeper holds both sides of diff BEFORE AFTER, loaded on two threads",
          "[cli][keeper][diff]") {
  const KeptRun run = RunKeeping({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/"});
  CHECK(run.exit_code == 1);
  REQUIRE(run.kept.size() == 2);
  CHECK(PodCount(run.kept[0]) == PodCount(run.kept[1]));
}

TEST_CASE("the keeper holds the loaded analysis and its what-if edit for diff --add",
          "[cli][keeper][diff]") {
  const KeptRun run = RunKeeping({"diff", "examples/netpol-demo/", "--add",
                                  "examples/netpol-demo-fixed/05-allow-egress-fixes.yaml"});
  CHECK(run.exit_code == 1);
  REQUIRE(run.kept.size() == 2);
  CHECK(run.kept[1].cluster().policies.size() > run.kept[0].cluster().policies.size());
}

TEST_CASE("a command that fails to load keeps nothing", "[cli][keeper]") {
  const KeptRun run = RunKeeping({"graph", "examples/no-such-directory/"});
  CHECK(run.exit_code == 2);
  CHECK(run.kept.empty());
}

}  // namespace
}  // namespace netpol
