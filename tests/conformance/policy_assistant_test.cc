// Policy Assistant (formerly cyclonus) cases from
// ../shared/conformance/policy-assistant: integration truth tables, the
// simple-example probe model with its traffic queries, the matcher traffic
// verdicts and the ipBlock membership table.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "conformance/conformance_support.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

std::string PolicyAssistantDir() { return ConformanceDir() + "/policy-assistant"; }

Labels LabelsFromJson(const json& value) {
  Labels labels;
  if (value.is_null()) return labels;
  for (const auto& [key, label] : value.items()) labels[key] = label.get<std::string>();
  return labels;
}

IpAddress AddressOrFail(const std::string& text) {
  INFO("address " << text);
  const std::optional<IpAddress> address = IpAddress::Parse(text);
  REQUIRE(address.has_value());
  return *address;
}

Cidr CidrOrFail(const std::string& text) {
  INFO("cidr " << text);
  const std::optional<Cidr> cidr = Cidr::Parse(text);
  REQUIRE(cidr.has_value());
  return *cidr;
}

// Adds `name` with `labels` unless the cluster already has that namespace.
void AddNamespace(Cluster& cluster, const std::string& name, const Labels& labels) {
  for (const Namespace& ns : cluster.namespaces) {
    if (ns.name == name) return;
  }
  Namespace ns;
  ns.name = name;
  ns.labels = labels;
  ns.declared = true;
  cluster.namespaces.push_back(ns);
}

Pod MakePod(const std::string& namespace_name, const std::string& name, const Labels& labels,
            const std::string& ip) {
  Pod pod;
  pod.namespace_name = namespace_name;
  pod.name = name;
  pod.labels = labels;
  if (!ip.empty()) pod.ips.push_back(AddressOrFail(ip));
  return pod;
}

// The NetworkPolicies of `files` (relative to `dir`), loaded with no errors.
std::vector<NetworkPolicy> PoliciesOrFail(const std::string& dir,
                                          const std::vector<std::string>& files) {
  LoadResult loaded = LoadFilesOrFail(dir, files);
  REQUIRE_FALSE(loaded.cluster.policies.empty());
  return loaded.cluster.policies;
}

// ---------------------------------------------------------------------------
// integration-npv1

void RunIntegrationCase(const std::string& name) {
  const std::string dir = PolicyAssistantDir() + "/integration-npv1/" + name;
  INFO("case integration-npv1/" << name);
  const json expected = ReadJsonOrFail(dir + "/expected.json");
  const std::vector<std::string> pods = StringList(expected.at("pods"));
  const LoadResult loaded = LoadFilesOrFail(dir, {"model.yaml", "policies.yaml"});
  const Evaluator evaluator(loaded.cluster);
  REQUIRE_FALSE(expected.at("probes").empty());
  for (const json& probe : expected.at("probes")) {
    INFO("probe " << probe.at("protocol").get<std::string>() << " " << probe.at("port").get<int>());
    const std::vector<std::string> coverage = CoverageProblems(probe, pods);
    INFO("coverage problems:" << (coverage.empty() ? std::string(" none") : JoinLines(coverage)));
    CHECK(coverage.empty());
    CHECK(CheckProbe(loaded.cluster, evaluator, probe) ==
          static_cast<int>(pods.size() * (pods.size() - 1)));
  }
}

TEST_CASE("policy-assistant integration-npv1 holds deny-all and ingress-port-allowed",
          "[conformance][policy-assistant]") {
  CHECK(SubdirectoriesOrFail(PolicyAssistantDir() + "/integration-npv1") ==
        std::vector<std::string>{"deny-all", "ingress-port-allowed"});
}

TEST_CASE("policy-assistant integration: deny-all", "[conformance][policy-assistant]") {
  RunIntegrationCase("deny-all");
}

TEST_CASE("policy-assistant integration: ingress-port-allowed", "[conformance][policy-assistant]") {
  RunIntegrationCase("ingress-port-allowed");
}

// ---------------------------------------------------------------------------
// simple-example: the model is cyclonus' probe.json, not Kubernetes YAML.

std::string SimpleExampleDir() { return PolicyAssistantDir() + "/simple-example"; }

// Namespaces and pods of probe.json, plus the simple-example policies.
// Not finalized, so that callers can add synthetic pods first.
Cluster SimpleExampleCluster() {
  const std::string dir = SimpleExampleDir();
  const json probe = ReadJsonOrFail(dir + "/probe.json");
  const json& resources = probe.at("Resources");
  Cluster cluster;
  for (const auto& [name, labels] : resources.at("Namespaces").items()) {
    AddNamespace(cluster, name, LabelsFromJson(labels));
  }
  for (const json& p : resources.at("Pods")) {
    Pod pod = MakePod(p.at("Namespace").get<std::string>(), p.at("Name").get<std::string>(),
                      LabelsFromJson(p.at("Labels")), p.at("IP").get<std::string>());
    for (const json& c : p.at("Containers")) {
      ContainerPort port;
      port.name = c.at("PortName").get<std::string>();
      port.port = c.at("Port").get<int>();
      port.protocol = ProtocolFromText(c.at("Protocol").get<std::string>());
      pod.ports.push_back(port);
    }
    cluster.pods.push_back(pod);
  }
  REQUIRE(cluster.pods.size() == 9);
  std::vector<std::string> files;
  const std::string policy_dir = dir + "/policies";
  INFO("directory " << policy_dir);
  REQUIRE(std::filesystem::is_directory(policy_dir));
  for (const auto& entry : std::filesystem::directory_iterator(policy_dir)) {
    files.push_back("policies/" + entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 7);
  cluster.policies = PoliciesOrFail(dir, files);
  REQUIRE(cluster.policies.size() == 7);
  return cluster;
}

TEST_CASE("policy-assistant simple-example: probe tables for TCP 80 and 81",
          "[conformance][policy-assistant]") {
  Cluster cluster = SimpleExampleCluster();
  cluster.Finalize();
  const Evaluator evaluator(cluster);
  const json expected = ReadJsonOrFail(SimpleExampleDir() + "/expected.json");
  const std::vector<std::string> pods = StringList(expected.at("pods"));
  REQUIRE(pods.size() == 9);
  REQUIRE(expected.at("probes").size() == 2);
  int compared = 0;
  for (const json& probe : expected.at("probes")) {
    INFO("probe " << probe.at("protocol").get<std::string>() << " " << probe.at("port").get<int>());
    const std::vector<std::string> coverage = CoverageProblems(probe, pods);
    INFO("coverage problems:" << (coverage.empty() ? std::string(" none") : JoinLines(coverage)));
    CHECK(coverage.empty());
    compared += CheckProbe(cluster, evaluator, probe);
  }
  CHECK(compared == 144);
}

// One side of a traffic.json entry: a synthetic pod when "Internal" is
// given (named after the side), otherwise the external address "IP".
Endpoint TrafficSide(Cluster& cluster, const json& side, const std::string& pod_name,
                     const json& traffic) {
  if (!side.contains("Internal"))
    return Endpoint::ForAddress(AddressOrFail(side.at("IP").get<std::string>()));
  const json& internal = side.at("Internal");
  const std::string ns = internal.at("Namespace").get<std::string>();
  AddNamespace(cluster, ns, LabelsFromJson(internal.value("NamespaceLabels", json())));
  Pod pod = MakePod(ns, pod_name, LabelsFromJson(internal.value("PodLabels", json())),
                    side.value("IP", std::string()));
  ContainerPort port;
  port.name = traffic.value("ResolvedPortName", std::string());
  port.port = traffic.at("ResolvedPort").get<int>();
  port.protocol = ProtocolFromText(traffic.at("Protocol").get<std::string>());
  pod.ports.push_back(port);
  cluster.pods.push_back(pod);
  return Endpoint{};  // Resolved to the pod's id after Finalize().
}

TEST_CASE("policy-assistant simple-example: traffic queries", "[conformance][policy-assistant]") {
  const json expected = ReadJsonOrFail(SimpleExampleDir() + "/expected.json");
  const json& queries = expected.at("traffic_queries");
  REQUIRE(queries.size() == 4);
  for (const json& query : queries) {
    const json& traffic = query.at("traffic");
    INFO("traffic query " << query.at("index").get<int>() << ": " << traffic.dump());
    Cluster cluster = SimpleExampleCluster();
    Endpoint source = TrafficSide(cluster, traffic.at("Source"), "traffic-source", traffic);
    Endpoint destination =
        TrafficSide(cluster, traffic.at("Destination"), "traffic-destination", traffic);
    cluster.Finalize();
    if (traffic.at("Source").contains("Internal")) {
      const auto ns = traffic.at("Source").at("Internal").at("Namespace").get<std::string>();
      source = Endpoint::ForPod(PodOrFail(cluster, ns + "/traffic-source"));
    }
    if (traffic.at("Destination").contains("Internal")) {
      const auto ns = traffic.at("Destination").at("Internal").at("Namespace").get<std::string>();
      destination = Endpoint::ForPod(PodOrFail(cluster, ns + "/traffic-destination"));
    }
    const Evaluator evaluator(cluster);
    const Verdict verdict = evaluator.Evaluate(source, destination);
    INFO("expected because: " << query.value("why", std::string()));
    INFO("engine allows: " << verdict.allowed.ToString());
    CHECK(verdict.Allows(ProtocolFromText(traffic.at("Protocol").get<std::string>()),
                         traffic.at("ResolvedPort").get<int>()) == query.at("allowed").get<bool>());
  }
}

// ---------------------------------------------------------------------------
// matcher-cases: one policy, one flow.

TEST_CASE("policy-assistant matcher cases", "[conformance][policy-assistant]") {
  const std::string dir = PolicyAssistantDir() + "/matcher-cases";
  const json cases = ReadJsonOrFail(dir + "/cases.json").at("cases");
  REQUIRE(cases.size() == 6);
  constexpr int kNamedPortNumber = 8080;
  for (const json& c : cases) {
    INFO("matcher case: " << c.at("name").get<std::string>());
    Cluster cluster;
    cluster.policies = PoliciesOrFail(dir, {c.at("policy").get<std::string>()});
    const bool named = !c.at("port_name").is_null();
    const Protocol protocol = ProtocolFromText(c.at("protocol").get<std::string>());
    const int port = named ? kNamedPortNumber : c.at("port").get<int>();
    auto add_side = [&](const json& side, const std::string& pod_name, bool is_destination) {
      if (side.at("internal").is_null()) return;
      const json& internal = side.at("internal");
      const std::string ns = internal.at("namespace").get<std::string>();
      AddNamespace(cluster, ns, LabelsFromJson(internal.at("namespace_labels")));
      Pod pod = MakePod(ns, pod_name, LabelsFromJson(internal.at("pod_labels")),
                        side.at("ip").get<std::string>());
      if (is_destination && named) {
        ContainerPort container_port;
        container_port.name = c.at("port_name").get<std::string>();
        container_port.port = kNamedPortNumber;
        container_port.protocol = protocol;
        pod.ports.push_back(container_port);
      }
      cluster.pods.push_back(pod);
    };
    add_side(c.at("source"), "source", false);
    add_side(c.at("destination"), "destination", true);
    cluster.Finalize();
    auto endpoint = [&](const json& side, const std::string& pod_name) {
      if (side.at("internal").is_null()) {
        return Endpoint::ForAddress(AddressOrFail(side.at("ip").get<std::string>()));
      }
      return Endpoint::ForPod(PodOrFail(
          cluster, side.at("internal").at("namespace").get<std::string>() + "/" + pod_name));
    };
    const Evaluator evaluator(cluster);
    const Verdict verdict = evaluator.Evaluate(endpoint(c.at("source"), "source"),
                                               endpoint(c.at("destination"), "destination"));
    INFO("probe " << ProtocolName(protocol) << " " << port << "; engine allows "
                  << verdict.allowed.ToString());
    CHECK(verdict.Allows(protocol, port) == c.at("allowed").get<bool>());
  }
}

// ---------------------------------------------------------------------------
// ipblock-membership

TEST_CASE("policy-assistant ipBlock membership table", "[conformance][policy-assistant]") {
  const json table = ReadJsonOrFail(PolicyAssistantDir() + "/ipblock-membership/cases.json");
  const json& cases = table.at("cases");
  REQUIRE(cases.size() == 13);
  for (const json& c : cases) {
    INFO("ip " << c.at("ip").get<std::string>() << " in " << c.dump());
    IpBlock block;
    block.cidr = CidrOrFail(c.at("cidr").get<std::string>());
    for (const json& except : c.at("except"))
      block.except.push_back(CidrOrFail(except.get<std::string>()));
    CHECK(block.Contains(AddressOrFail(c.at("ip").get<std::string>())) ==
          c.at("match").get<bool>());
  }
}

TEST_CASE("policy-assistant ipBlock membership: a malformed IP does not parse",
          "[conformance][policy-assistant]") {
  const json table = ReadJsonOrFail(PolicyAssistantDir() + "/ipblock-membership/cases.json");
  const std::string ip = table.at("error_case").at("ip").get<std::string>();
  REQUIRE(ip == "abc");
  CHECK_FALSE(IpAddress::Parse(ip).has_value());
}

}  // namespace
}  // namespace netpol::testing
