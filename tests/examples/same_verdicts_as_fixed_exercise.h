// The check the dialect examples (examples/cilium, examples/calico) share:
// the exercise rewritten in another policy dialect allows exactly what the
// fixed exercise (examples/netpol-demo-fixed) allows, pair by pair, on every
// port, between its pods and an external address.
#ifndef NETPOL_TESTS_EXAMPLES_SAME_VERDICTS_AS_FIXED_EXERCISE_H_
#define NETPOL_TESTS_EXAMPLES_SAME_VERDICTS_AS_FIXED_EXERCISE_H_

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol::testing {

inline void CheckSameVerdictsAsFixedExercise(const Cluster& rewritten) {
  const LoadResult fixed = LoadExample("netpol-demo-fixed");
  REQUIRE(rewritten.pods.size() == fixed.cluster.pods.size());
  std::vector<std::string> ids = {"203.0.113.7"};
  for (const Pod& pod : fixed.cluster.pods) ids.push_back(pod.namespace_name + "/" + pod.name);
  REQUIRE(ids.size() >= 5);
  for (const std::string& from : ids) {
    for (const std::string& to : ids) {
      if (from == to) continue;
      INFO(from << " -> " << to);
      CHECK(AllowedPorts(rewritten, from, to).ToString() ==
            AllowedPorts(fixed.cluster, from, to).ToString());
    }
  }
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_EXAMPLES_SAME_VERDICTS_AS_FIXED_EXERCISE_H_
