// examples/calico: the exercise written as a Calico GlobalNetworkPolicy
// default deny and Calico allow rules, with the exercise's intent; and the
// tiered example. Same intent, same verdicts as the fixed exercise.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("examples/calico allows exactly what the fixed exercise allows, pair by pair",
          "[examples][calico]") {
  const LoadResult calico = testing::LoadExample("calico");
  const LoadResult fixed = testing::LoadExample("netpol-demo-fixed");
  REQUIRE(calico.cluster.pods.size() == fixed.cluster.pods.size());
  REQUIRE(calico.cluster.calico_policies.size() == 5);
  std::vector<std::string> ids = {"203.0.113.7"};
  for (const Pod& pod : fixed.cluster.pods) ids.push_back(pod.namespace_name + "/" + pod.name);
  for (const std::string& from : ids) {
    for (const std::string& to : ids) {
      if (from == to) continue;
      INFO(from << " -> " << to);
      CHECK(testing::AllowedPorts(calico.cluster, from, to).ToString() ==
            testing::AllowedPorts(fixed.cluster, from, to).ToString());
    }
  }
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
