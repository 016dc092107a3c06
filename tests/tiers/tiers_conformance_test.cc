// Cases transcribed from the network-policy-api conformance suite
// (tests/data/tiers/, see its README): every probe of every step is checked
// against the Evaluator and against the class-level allow-graph.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "parse/doc_node.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

namespace fs = std::filesystem;

std::string TiersDir() { return std::string(NETPOL_SOURCE_DIR) + "/tests/data/tiers"; }

std::vector<std::string> StepDirs(const std::string& prefix) {
  std::vector<std::string> dirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(TiersDir())) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind(prefix, 0) == 0) dirs.push_back(name);
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

PortSet GraphPorts(const ClassGraph& graph, PodId from, PodId to) {
  const ClassId a = graph.class_of_pod[from];
  const ClassId b = graph.class_of_pod[to];
  for (const ClassEdge& edge : graph.edges) {
    if (edge.from == a && edge.to == b) return graph.port_sets.Get(edge.ports);
  }
  return PortSet::None();
}

// Runs one step directory; returns the number of probes checked.
int RunStep(const std::string& name) {
  INFO("step " << name);
  const std::string dir = TiersDir() + "/" + name;
  const Cluster cluster = LoadOrFail(ReadFileOrFail(TiersDir() + "/base.yaml") + "\n---\n" +
                                         ReadFileOrFail(dir + "/manifests.yaml"),
                                     name + "/manifests.yaml");
  REQUIRE_FALSE(cluster.cluster_policies.empty());
  const Evaluator evaluator(cluster);
  const ClassGraph graph = ComputeClassGraph(cluster);
  const std::string expect_file = dir + "/expect.yaml";
  DiagnosticSink sink;
  const std::vector<DocNode> expect =
      ReadYamlDocuments(ReadFileOrFail(expect_file), expect_file, sink);
  REQUIRE(expect.size() == 1);
  REQUIRE(expect[0].Get("cases"));
  // Every probe field is there, of its type.
  auto field = [](const DocNode& probe, const char* name, DocNode::Resolved type) {
    const DocNode* value = probe.Get(name);
    INFO("probe field " << name);
    REQUIRE(value);
    REQUIRE(value->Resolve() == type);
    return value;
  };
  int checked = 0;
  for (const DocNode& probe : expect[0].Get("cases")->items()) {
    const std::string from = field(probe, "from", DocNode::Resolved::kString)->value();
    const std::string to = field(probe, "to", DocNode::Resolved::kString)->value();
    const auto protocol =
        ParseProtocol(field(probe, "protocol", DocNode::Resolved::kString)->value());
    REQUIRE(protocol.has_value());
    const int port =
        static_cast<int>(*field(probe, "port", DocNode::Resolved::kInteger)->IntegerValue());
    const bool allowed = field(probe, "allowed", DocNode::Resolved::kBool)->BoolValue();
    INFO(from << " -> " << to << " " << ProtocolName(*protocol) << " " << port);
    const Endpoint source = EndpointFor(cluster, from);
    const Endpoint destination = EndpointFor(cluster, to);
    CHECK(evaluator.Evaluate(source, destination).Allows(*protocol, port) == allowed);
    CHECK(GraphPorts(graph, *source.pod, *destination.pod).Contains(*protocol, port) == allowed);
    ++checked;
  }
  REQUIRE(checked > 0);
  // Beyond the probes: the class engine agrees with the evaluator on every
  // ordered pair of distinct pods, on every port.
  for (PodId a = 0; a < cluster.pods.size(); ++a) {
    for (PodId b = 0; b < cluster.pods.size(); ++b) {
      if (a == b) continue;
      INFO(cluster.pods[a].Id() << " -> " << cluster.pods[b].Id());
      CHECK(GraphPorts(graph, a, b) ==
            evaluator.Evaluate(Endpoint::ForPod(a), Endpoint::ForPod(b)).allowed);
    }
  }
  return checked;
}

int RunAll(const std::string& prefix, std::size_t min_steps) {
  const std::vector<std::string> steps = StepDirs(prefix);
  REQUIRE(steps.size() >= min_steps);
  int checked = 0;
  for (const std::string& step : steps) checked += RunStep(step);
  return checked;
}

TEST_CASE("network-policy-api conformance: v1alpha1 AdminNetworkPolicy steps") {
  CHECK(RunAll("anp-", 30) > 100);
}

TEST_CASE("network-policy-api conformance: v1alpha1 BaselineAdminNetworkPolicy steps") {
  CHECK(RunAll("banp-", 8) > 20);
}

TEST_CASE("network-policy-api conformance: ClusterNetworkPolicy Admin tier steps") {
  CHECK(RunAll("cnp-admin-", 40) > 150);
}

TEST_CASE("network-policy-api conformance: ClusterNetworkPolicy Baseline tier steps") {
  CHECK(RunAll("cnp-baseline-", 20) > 50);
}

}  // namespace
}  // namespace netpol::testing
