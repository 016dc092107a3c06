// Cluster::FindPod binary-searches a finalized cluster; these tests pin that
// it answers exactly what the linear scan answers.
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/random_cluster.h"
#include "netpol/model.h"

namespace netpol {
namespace {

// The documented answer, by definition: a bare pod by name, else the first
// workload of that name in pod order.
std::optional<PodId> ScanForPod(const Cluster& cluster, const std::string& ns,
                                const std::string& name) {
  std::optional<PodId> workload;
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    const Pod& pod = cluster.pods[id];
    if (pod.namespace_name != ns || pod.name != name) continue;
    if (!pod.IsWorkload()) return id;
    if (!workload) workload = id;
  }
  return workload;
}

// A random cluster plus workloads that share a name with a pod or with each
// other, finalized again, so the sorted order holds ties on (namespace, name).
Cluster RandomClusterWithWorkloads(std::uint32_t seed) {
  testing::Random rng(seed);
  Cluster cluster = testing::RandomCluster(rng);
  const std::size_t pods = cluster.pods.size();
  for (std::size_t i = 0; i < pods; ++i) {
    if (!rng.Chance(40)) continue;
    for (const char* kind : {"StatefulSet", "Deployment"}) {  // "Pod" sorts between them
      if (!rng.Chance(50)) continue;
      Pod workload = cluster.pods[i];
      workload.kind = kind;
      if (rng.Chance(30)) workload.name += "-only";  // a name no bare pod has
      cluster.pods.push_back(std::move(workload));
    }
  }
  cluster.Finalize();
  return cluster;
}

TEST_CASE("FindPod on a finalized cluster returns what the linear scan returns for every pod",
          "[model][api]") {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    const Cluster cluster = RandomClusterWithWorkloads(seed);
    REQUIRE(cluster.finalized_pod_count == cluster.pods.size());
    for (const Pod& pod : cluster.pods) {
      INFO("seed " << seed << ", " << pod.Id());
      const std::optional<PodId> found = cluster.FindPod(pod.namespace_name, pod.name);
      REQUIRE(found.has_value());
      CHECK(found == ScanForPod(cluster, pod.namespace_name, pod.name));
      CHECK(cluster.pods[*found].name == pod.name);
      CHECK(cluster.pods[*found].namespace_name == pod.namespace_name);
    }
  }
}

TEST_CASE("FindPod on a finalized cluster returns none for a missing namespace or name",
          "[model][api]") {
  for (std::uint32_t seed = 1; seed <= 100; ++seed) {
    const Cluster cluster = RandomClusterWithWorkloads(seed);
    INFO("seed " << seed);
    // Names before, between and after the generated ones in sort order.
    for (const char* ns : {"", "ns", "ns0", "ns1", "ns3", "ns9", "zz"}) {
      for (const char* name : {"", "a", "p", "p1-", "p99", "q"}) {
        CHECK_FALSE(cluster.FindPod(ns, name).has_value());
      }
    }
    for (const Pod& pod : cluster.pods) {  // a pod's name in another namespace
      const std::string other = pod.namespace_name + "x";
      CHECK_FALSE(cluster.FindPod(other, pod.name).has_value());
    }
  }
}

TEST_CASE("FindPod scans a cluster that is not finalized or grew after Finalize",
          "[model][api]") {
  Cluster cluster;
  for (const char* name : {"web", "api", "db"}) {
    Pod pod;
    pod.namespace_name = "shop";
    pod.name = name;
    cluster.pods.push_back(std::move(pod));
  }
  CHECK(cluster.FindPod("shop", "db") == PodId{2});  // unsorted: found by the scan
  cluster.Finalize();
  CHECK(cluster.FindPod("shop", "db") == PodId{1});  // api, db, web
  Pod late;
  late.namespace_name = "shop";
  late.name = "cache";
  cluster.pods.push_back(late);  // after Finalize: out of order
  CHECK(cluster.FindPod("shop", "cache") == PodId{3});
  CHECK(cluster.FindPod("shop", "web") == PodId{2});
}

}  // namespace
}  // namespace netpol
