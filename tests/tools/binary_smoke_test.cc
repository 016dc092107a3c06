// End-to-end runs of the real `netpol` executable: the handful of tests that
// spawn it (every other CLI test runs the commands in-process via RunCli).
#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::Golden;
using testing::RunBinary;

TEST_CASE("the netpol binary analyses the bundled example end to end", "[cli][binary]") {
  const testing::CliResult result = RunBinary({"graph", "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == Golden("graph.txt"));
}

TEST_CASE("the netpol binary reads standard input and exits 2 on bad input with nothing on stdout",
          "[cli][binary][errors]") {
  const testing::CliResult result =
      RunBinary({"graph", "-"}, "kind: Pod\napiVersion: v1\nmetadata: {name: [x]}\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("<stdin>:3:") == 0);
}

TEST_CASE("the netpol binary exits 2 on a usage error and 1 on findings", "[cli][binary]") {
  CHECK(RunBinary({"frobnicate"}).exit_code == 2);
  CHECK(RunBinary({"check", "--intent", "examples/netpol-demo/intent.yaml", "examples/netpol-demo/"})
            .exit_code == 1);
}

}  // namespace
}  // namespace netpol
