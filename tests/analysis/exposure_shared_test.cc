// ComputeExposure shares work between workloads (one computation per
// workload shape, the namespaces that would isolate a new pod per witness
// label set, one peer match per distinct far-side peer list). Pinned here:
// on seeded random clusters, with and without cluster-scoped tiers, each
// workload's exposure computed with the whole cluster equals its exposure
// computed alone, with nothing shared.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "engine/random_cluster.h"
#include "netpol/analysis.h"
#include "netpol/exposure.h"

namespace netpol {
namespace {

using testing::Random;
using testing::RandomCluster;

// The first workload whose shared and alone exposures differ, or "".
std::string FirstDifference(const Analysis& analysis) {
  const ExposureReport all = ComputeExposure(analysis);
  for (const WorkloadExposure& shared : all.workloads) {
    const ExposureReport alone = ComputeExposure(analysis, ExposureOptions{{shared.pod}});
    if (alone.workloads.size() != 1) return shared.id + ": alone gave no single workload";
    const WorkloadExposure& single = alone.workloads.front();
    if (single.ingress != shared.ingress) return shared.id + ": ingress differs";
    if (single.egress != shared.egress) return shared.id + ": egress differs";
  }
  return "";
}

TEST_CASE("exposure computed for the whole cluster equals each workload's exposure computed alone",
          "[exposure][differential]") {
  constexpr std::uint32_t kClusters = 300;
  for (std::uint32_t seed = 1; seed <= kClusters; ++seed) {
    for (bool tiered : {false, true}) {
      Random rng(seed);
      const Analysis analysis = Analysis::FromCluster(RandomCluster(rng, tiered));
      const std::string difference = FirstDifference(analysis);
      if (!difference.empty()) FAIL("seed " << seed << " tiered=" << tiered << ": " << difference);
    }
  }
  SUCCEED(kClusters << " clusters agree");
}

}  // namespace
}  // namespace netpol
