// examples/cilium: the exercise written as CiliumNetworkPolicies, with the
// exercise's intent. It must give exactly the verdicts of the fixed exercise
// (examples/netpol-demo-fixed), pair by pair, on every port.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "examples/same_verdicts_as_fixed_exercise.h"
#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("examples/cilium allows exactly what the fixed exercise allows, pair by pair",
          "[examples][cilium]") {
  const LoadResult cilium = testing::LoadExample("cilium");
  testing::CheckSameVerdictsAsFixedExercise(cilium.cluster);
}

TEST_CASE("examples/cilium meets the exercise's intent", "[examples][cilium]") {
  auto result = testing::RunCli({"check", "--intent", "examples/cilium/intent.yaml", "--format",
                                 "json", "examples/cilium/"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  const nlohmann::json doc = nlohmann::json::parse(result.out);
  int ok = 0;
  for (const auto& f : doc.at("findings")) {
    if (f.at("origin") != "dns" && f.at("verdict") == "ok") ++ok;
  }
  CHECK(ok == 6);
}

}  // namespace
}  // namespace netpol
