// np-guard/netpol-analyzer's recorded exposure outputs
// (../shared/conformance/netpol-analyzer/exposure_test_*): every scenario is
// loaded as one cluster, evaluated the way the analyzer does (ipBlocks never
// match pods, no modelled DNS pod), and its exposure sections written with
// WriteExposureConnlist are compared with the recorded ones, text for text
// (tabs and padding included). The connlist section above them is compared
// by netpol_analyzer_test.cc.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

const std::vector<std::string> kExposureScenarios = {
    "exposure_test_egress_with_named_port_with_matching_pod",
    "exposure_test_rule_with_multiple_match_expressions_with_matching_pod",
    "exposure_test_to_namespace_except_specific_pod",
    "exposure_test_with_match_expression_does_not_exist_op_with_matching_pods",
    "exposure_test_with_match_expression_exists_op_with_matching_pods",
    "exposure_test_with_match_expression_not_in_op_with_matching_pods",
    "exposure_test_with_multiple_policies_1_with_matching_pod",
};

// The recorded exposure sections: from the empty line before "Exposure
// Analysis Result:" to the end.
std::string ExpectedExposureText(const std::string& dir, const std::string& name) {
  const std::string text = ReadFileOrFail(dir + "/" + name + "_exposure_output.txt");
  const std::size_t at = text.find("\nExposure Analysis Result:");
  REQUIRE(at != std::string::npos);
  return text.substr(at);
}

std::string OurExposureText(const std::string& dir) {
  AnalysisOptions options;
  options.eval.ip_blocks_match_pods = false;
  options.dns.model_when_missing = false;
  std::istringstream no_stdin;
  Result<Analysis> analysis = Analysis::Load({dir}, no_stdin, options);
  INFO(analysis.status().message());
  REQUIRE(analysis.ok());
  std::ostringstream out;
  WriteExposureConnlist(ComputeExposure(*analysis), out);
  return out.str();
}

TEST_CASE("exposure -o connlist matches netpol-analyzer's seven recorded exposure outputs",
          "[conformance][exposure]") {
  for (const std::string& name : kExposureScenarios) {
    INFO("scenario " << name);
    const std::string dir = ConformanceDir() + "/netpol-analyzer/" + name;
    REQUIRE(std::filesystem::is_directory(dir));
    CHECK(OurExposureText(dir) == ExpectedExposureText(dir, name));
  }
}

}  // namespace
}  // namespace netpol::testing
