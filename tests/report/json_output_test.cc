// The JSON writers never abort a run. The loader refuses text that is not
// UTF-8, but a program that builds a Cluster itself (or a name typed on the
// command line) can still hand them bytes that are not: those are written
// as U+FFFD.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "netpol/allow_graph.h"
#include "netpol/class_engine.h"
#include "netpol/class_graph_output.h"
#include "netpol/evaluator.h"
#include "netpol/graph_output.h"
#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("graph JSON writes a name that is not UTF-8 with U+FFFD instead of throwing",
          "[report][json][utf8]") {
  Cluster cluster = testing::LoadOrFail("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n");
  REQUIRE(cluster.pods.size() == 1);
  cluster.pods[0].name = "we\xFF" "b";
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster), cluster);
  std::ostringstream out;
  REQUIRE_NOTHROW(WriteGraphJson(graph, out));
  CHECK(out.str().find("\"default/we\xEF\xBF\xBD" "b\"") != std::string::npos);
}

TEST_CASE("compact class-graph JSON writes invalid UTF-8 as U+FFFD and keeps valid characters",
          "[report][json][utf8]") {
  Cluster cluster = testing::LoadOrFail(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n---\n"
      "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\n");
  REQUIRE(cluster.pods.size() == 2);
  cluster.pods[0].name = "we\xFF" "b";
  cluster.pods[1].name = "caf\xC3\xA9";
  const ClassGraph classes = ComputeClassGraph(cluster);
  std::ostringstream out;
  WriteClassGraphJson(classes, cluster, out);
  CHECK(out.str().find("\"name\":\"we\xEF\xBF\xBD" "b\"") != std::string::npos);
  CHECK(out.str().find("\"name\":\"caf\xC3\xA9\"") != std::string::npos);
}

}  // namespace
}  // namespace netpol
