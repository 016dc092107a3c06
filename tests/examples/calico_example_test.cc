// examples/calico: the exercise written as a Calico GlobalNetworkPolicy
// default deny and Calico allow rules, with the exercise's intent; and the
// tiered example. Same intent, same verdicts as the fixed exercise.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "examples/same_verdicts_as_fixed_exercise.h"
#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("examples/calico allows exactly what the fixed exercise allows, pair by pair",
          "[examples][calico]") {
  const LoadResult calico = testing::LoadExample("calico");
  REQUIRE(calico.cluster.calico_policies.size() == 5);
  testing::CheckSameVerdictsAsFixedExercise(calico.cluster);
}

TEST_CASE("examples/calico meets the exercise's intent", "[examples][calico]") {
  auto result = testing::RunCli({"check", "--intent", "examples/calico/intent.yaml",
                                 "examples/calico/"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("examples/calico-tiered: the security tier denies quarantined pods before the default "
          "tier allows, and passes the rest",
          "[examples][calico]") {
  const LoadResult tiered = testing::LoadExample("calico-tiered");
  CHECK(testing::AllowedPorts(tiered.cluster, "shop/web", "shop/api").ToString() == "TCP 8080");
  CHECK(testing::AllowedPorts(tiered.cluster, "shop/web-old", "shop/api").IsEmpty());
  CHECK(testing::AllowedPorts(tiered.cluster, "shop/api", "shop/web").ToString() ==
        PortSet::All().ToString());
}

}  // namespace
}  // namespace netpol
