// The upstream Kubernetes e2e NetworkPolicy truth tables
// (../shared/conformance/k8s-e2e): every step of every case is loaded and
// every listed ordered pod pair is compared with the engine's verdict.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "conformance/conformance_support.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

const std::vector<std::string> kE2eCases = {
    "allow-from-pods-in-same-namespace-by-podselector",
    "allow-ingress-for-a-target",
    "allow-ingress-from-all-namespaces",
    "allow-only-from-other-namespace-by-namespaceselector",
    "any-port-on-specific-protocol",
    "default-deny-all",
    "default-deny-ingress",
    "deny-egress-from-all-pods-in-namespace",
    "deny-ingress-from-other-namespaces",
    "egress-cidr-with-except-clause",
    "egress-denied-on-client-side-although-server-allows",
    "egress-namespaceselector-notin-default-ns-label",
    "egress-on-one-named-port",
    "egress-to-server-in-cidr-block",
    "ingress-and-egress-in-one-policy",
    "ingress-from-namespace-on-one-named-port",
    "ingress-from-updated-namespace-labels",
    "ingress-on-one-named-port",
    "ip-in-both-cidr-and-except",
    "multiple-podselectors-and-namespaceselectors",
    "podselector-and-namespaceselector-one-peer",
    "podselector-or-namespaceselector-two-peers",
    "ports-tcp-81",
    "sctp-policy-not-treated-as-tcp",
    "stacked-policies-overlapping-podselectors",
};

std::string E2eDir() { return ConformanceDir() + "/k8s-e2e"; }

std::vector<std::string> PodsOf(const json& expected) {
  std::vector<std::string> pods = StringList(expected.at("pods"));
  REQUIRE(pods.size() == 9);
  return pods;
}

// Checks one case folder; returns the number of pairs compared.
int RunE2eCase(const std::string& name) {
  const std::string dir = E2eDir() + "/" + name;
  INFO("case " << name);
  const json expected = ReadJsonOrFail(dir + "/expected.json");
  const std::vector<std::string> pods = PodsOf(expected);
  REQUIRE_FALSE(expected.at("steps").empty());
  int compared = 0;
  for (const json& step : expected.at("steps")) {
    INFO("step " << step.at("step").get<int>());
    std::vector<std::string> files = {step.at("model").get<std::string>()};
    for (const std::string& file : StringList(step.at("policies"))) files.push_back(file);
    const LoadResult loaded = LoadFilesOrFail(dir, files);
    const Evaluator evaluator(loaded.cluster);
    REQUIRE_FALSE(step.at("probes").empty());
    for (const json& probe : step.at("probes")) {
      INFO("probe " << probe.at("protocol").get<std::string>() << " "
                    << probe.at("port").get<int>());
      const std::vector<std::string> coverage = CoverageProblems(probe, pods);
      INFO("coverage problems:" << (coverage.empty() ? std::string(" none") : JoinLines(coverage)));
      CHECK(coverage.empty());
      compared += CheckProbe(loaded.cluster, evaluator, probe);
    }
  }
  return compared;
}

TEST_CASE("k8s-e2e holds exactly the 25 transcribed cases", "[conformance][e2e]") {
  CHECK(SubdirectoriesOrFail(E2eDir()) == kE2eCases);
}

TEST_CASE("k8s-e2e probes list 2448 non-self pairs in all", "[conformance][e2e]") {
  int total = 0;
  int probes = 0;
  for (const std::string& name : kE2eCases) {
    INFO("case " << name);
    const json expected = ReadJsonOrFail(E2eDir() + "/" + name + "/expected.json");
    for (const json& step : expected.at("steps")) {
      for (const json& probe : step.at("probes")) {
        ++probes;
        total += static_cast<int>(ExpectedPairs(probe).size());
      }
    }
  }
  CHECK(probes == 34);
  CHECK(total == 2448);
}

TEST_CASE("k8s-e2e: allow-from-pods-in-same-namespace-by-podselector", "[conformance][e2e]") {
  CHECK(RunE2eCase("allow-from-pods-in-same-namespace-by-podselector") == 72);
}
TEST_CASE("k8s-e2e: allow-ingress-for-a-target", "[conformance][e2e]") {
  CHECK(RunE2eCase("allow-ingress-for-a-target") == 72);
}
TEST_CASE("k8s-e2e: allow-ingress-from-all-namespaces", "[conformance][e2e]") {
  CHECK(RunE2eCase("allow-ingress-from-all-namespaces") == 72);
}
TEST_CASE("k8s-e2e: allow-only-from-other-namespace-by-namespaceselector", "[conformance][e2e]") {
  CHECK(RunE2eCase("allow-only-from-other-namespace-by-namespaceselector") == 72);
}
TEST_CASE("k8s-e2e: any-port-on-specific-protocol", "[conformance][e2e]") {
  CHECK(RunE2eCase("any-port-on-specific-protocol") == 144);
}
TEST_CASE("k8s-e2e: default-deny-all", "[conformance][e2e]") {
  CHECK(RunE2eCase("default-deny-all") == 72);
}
TEST_CASE("k8s-e2e: default-deny-ingress", "[conformance][e2e]") {
  CHECK(RunE2eCase("default-deny-ingress") == 72);
}
TEST_CASE("k8s-e2e: deny-egress-from-all-pods-in-namespace", "[conformance][e2e]") {
  CHECK(RunE2eCase("deny-egress-from-all-pods-in-namespace") == 72);
}
TEST_CASE("k8s-e2e: deny-ingress-from-other-namespaces", "[conformance][e2e]") {
  CHECK(RunE2eCase("deny-ingress-from-other-namespaces") == 72);
}
TEST_CASE("k8s-e2e: egress-cidr-with-except-clause", "[conformance][e2e]") {
  CHECK(RunE2eCase("egress-cidr-with-except-clause") == 72);
}
TEST_CASE("k8s-e2e: egress-denied-on-client-side-although-server-allows", "[conformance][e2e]") {
  CHECK(RunE2eCase("egress-denied-on-client-side-although-server-allows") == 72);
}
TEST_CASE("k8s-e2e: egress-namespaceselector-notin-default-ns-label", "[conformance][e2e]") {
  CHECK(RunE2eCase("egress-namespaceselector-notin-default-ns-label") == 72);
}
TEST_CASE("k8s-e2e: egress-on-one-named-port", "[conformance][e2e]") {
  CHECK(RunE2eCase("egress-on-one-named-port") == 144);
}
TEST_CASE("k8s-e2e: egress-to-server-in-cidr-block", "[conformance][e2e]") {
  CHECK(RunE2eCase("egress-to-server-in-cidr-block") == 72);
}
TEST_CASE("k8s-e2e: ingress-and-egress-in-one-policy", "[conformance][e2e]") {
  CHECK(RunE2eCase("ingress-and-egress-in-one-policy") == 144);
}
TEST_CASE("k8s-e2e: ingress-from-namespace-on-one-named-port", "[conformance][e2e]") {
  CHECK(RunE2eCase("ingress-from-namespace-on-one-named-port") == 144);
}
TEST_CASE("k8s-e2e: ingress-from-updated-namespace-labels", "[conformance][e2e]") {
  CHECK(RunE2eCase("ingress-from-updated-namespace-labels") == 144);
}
TEST_CASE("k8s-e2e: ingress-on-one-named-port", "[conformance][e2e]") {
  CHECK(RunE2eCase("ingress-on-one-named-port") == 144);
}
TEST_CASE("k8s-e2e: ip-in-both-cidr-and-except", "[conformance][e2e]") {
  CHECK(RunE2eCase("ip-in-both-cidr-and-except") == 144);
}
TEST_CASE("k8s-e2e: multiple-podselectors-and-namespaceselectors", "[conformance][e2e]") {
  CHECK(RunE2eCase("multiple-podselectors-and-namespaceselectors") == 72);
}
TEST_CASE("k8s-e2e: podselector-and-namespaceselector-one-peer", "[conformance][e2e]") {
  CHECK(RunE2eCase("podselector-and-namespaceselector-one-peer") == 72);
}
TEST_CASE("k8s-e2e: podselector-or-namespaceselector-two-peers", "[conformance][e2e]") {
  CHECK(RunE2eCase("podselector-or-namespaceselector-two-peers") == 72);
}
TEST_CASE("k8s-e2e: ports-tcp-81", "[conformance][e2e]") {
  CHECK(RunE2eCase("ports-tcp-81") == 72);
}
TEST_CASE("k8s-e2e: sctp-policy-not-treated-as-tcp", "[conformance][e2e]") {
  CHECK(RunE2eCase("sctp-policy-not-treated-as-tcp") == 72);
}
TEST_CASE("k8s-e2e: stacked-policies-overlapping-podselectors", "[conformance][e2e]") {
  CHECK(RunE2eCase("stacked-policies-overlapping-podselectors") == 216);
}

}  // namespace
}  // namespace netpol::testing
