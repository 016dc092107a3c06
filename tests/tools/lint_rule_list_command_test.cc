// `netpol lint --list-rules` and `--explain` show the rules added for issue
// #17 (NP020 allow-all-shadows, NP021 service-port-not-target-port), and
// `--enable` runs them by id or name.
#include <catch2/catch.hpp>

#include <string>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

TEST_CASE("lint --list-rules lists allow-all-shadows (NP020) and service-port-not-target-port (NP021)", "[cli][lint]") {
  const auto list = RunCli({"lint", "--list-rules"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("NP020  warning  allow-all-shadows") != std::string::npos);
  CHECK(list.out.find("NP021  warning  service-port-not-target-port") != std::string::npos);
  for (const char* rule : {"NP020", "allow-all-shadows", "NP021", "service-port-not-target-port"}) {
    INFO(rule);
    const auto explained = RunCli({"lint", "--explain", rule});
    CHECK(explained.exit_code == 0);
    CHECK(explained.out.find("Bad") != std::string::npos);
    CHECK(explained.out.find("Good") != std::string::npos);
  }
}

TEST_CASE("lint --enable service-port-not-target-port on its fixture exits 1 with the two findings", "[cli][lint]") {
  const auto result = RunCli({"lint", "--fail-on", "warning", "--enable",
                              "service-port-not-target-port",
                              testing::SourceDir() + "/examples/lint/np021-service-port-not-target-port.yaml"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("2 findings: 0 errors, 2 warnings, 0 info") != std::string::npos);
  CHECK(result.out.find(":57:7: warning: ingress[0] of shop/web allows TCP 80") != std::string::npos);
}

}  // namespace
}  // namespace netpol
