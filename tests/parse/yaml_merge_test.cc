// YAML merge keys (`<<`), read as kubectl's YAML reader reads them.
#include <catch2/catch.hpp>

#include <string>

#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;
using testing::LoadOrFail;

Labels LabelsOf(const Cluster& cluster, const std::string& name) {
  const auto pod = cluster.FindPod("x", name);
  REQUIRE(pod);
  return cluster.pods[*pod].labels;
}

// Anchors live within one YAML document, so each case is one List whose
// first item defines them.
Cluster LoadList(const std::string& items) {
  return LoadOrFail("apiVersion: v1\nkind: List\nitems:\n" + items);
}

TEST_CASE("a << merge key merges an anchored mapping into the mapping that holds it",
          "[parse][yaml][merge]") {
  const Cluster cluster = LoadList(R"(- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: x
    labels: &common {app: web, tier: front}
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
    namespace: x
    labels:
      <<: *common
      env: prod
)");
  CHECK(LabelsOf(cluster, "b") == Labels{{"app", "web"}, {"env", "prod"}, {"tier", "front"}});
}

TEST_CASE("keys written in the mapping win over merged ones, wherever the << stands",
          "[parse][yaml][merge]") {
  const Cluster cluster = LoadList(R"(- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: x
    labels: &common {app: web, tier: front}
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
    namespace: x
    labels:
      app: api
      <<: *common
- apiVersion: v1
  kind: Pod
  metadata:
    name: c
    namespace: x
    labels:
      <<: *common
      app: db
)");
  CHECK(LabelsOf(cluster, "b") == Labels{{"app", "api"}, {"tier", "front"}});
  CHECK(LabelsOf(cluster, "c") == Labels{{"app", "db"}, {"tier", "front"}});
}

TEST_CASE("in a list of merged mappings an earlier one wins over a later one",
          "[parse][yaml][merge]") {
  const Cluster cluster = LoadList(R"(- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: x
    labels: &first {app: web}
    annotations: &second {app: other, team: blue}
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
    namespace: x
    labels:
      <<: [*first, *second]
)");
  CHECK(LabelsOf(cluster, "b") == Labels{{"app", "web"}, {"team", "blue"}});
}

TEST_CASE("a merge key whose value is not a mapping is an error at that value",
          "[parse][yaml][merge][errors]") {
  CHECK(LoadErrors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    <<: 5\n") ==
        std::vector<std::string>{"test.yaml:6:9: error: <<: a merge key takes a mapping or a "
                                 "list of mappings, got a number"});
}

TEST_CASE("a quoted \"<<\" is an ordinary key, not a merge", "[parse][yaml][merge]") {
  const std::vector<std::string> errors =
      LoadErrors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    \"<<\": x\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("test.yaml:6:5: error: Pod default/a: metadata.labels") == 0);
}

}  // namespace
}  // namespace netpol
