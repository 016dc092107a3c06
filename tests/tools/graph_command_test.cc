// End-to-end tests of `netpol graph`: golden outputs for the example, exit
// statuses, and the no-partial-output rule.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::Golden;

using testing::ReadFileOrFail;
using testing::RunCli;
using testing::SourceDir;

TEST_CASE("graph of the example matches the golden text output", "[cli][golden]") {
  auto result = RunCli({"graph", "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == Golden("graph.txt"));
}

TEST_CASE("graph of the example matches the golden JSON output", "[cli][golden]") {
  auto result = RunCli({"graph", "--format", "json", "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == Golden("graph.json"));
}

TEST_CASE("graph of the example matches the golden DOT output", "[cli][golden]") {
  auto result = RunCli({"graph", "-o", "dot", "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == Golden("graph.dot"));
}

// The exercise's verdicts, read from the JSON contract rather than from text.
TEST_CASE("the example allows frontend->backend and shows the exercise's two defects", "[cli]") {
  auto result = RunCli({"graph", "--format", "json", "examples/netpol-demo/"});
  REQUIRE(result.exit_code == 0);
  const auto doc = nlohmann::json::parse(result.out);
  auto ports = [&](const std::string& from, const std::string& to) {
    for (const auto& edge : doc.at("edges")) {
      if (edge.at("from") == from && edge.at("to") == to) return edge.at("ports");
    }
    return nlohmann::json::array();
  };
  CHECK(ports("netpol-demo/frontend", "netpol-demo/backend") ==
        nlohmann::json::parse(R"([{"protocol":"TCP","port":80,"endPort":80}])"));
  // default-deny-egress blocks the client's and the backend's egress.
  CHECK(ports("netpol-demo/external-client", "netpol-demo/frontend").empty());
  CHECK(ports("netpol-demo/backend", "netpol-demo/database").empty());
  CHECK(ports("netpol-demo/frontend", "netpol-demo/database").empty());
}

TEST_CASE("graph JSON has the documented node and edge fields", "[cli]") {
  auto result = RunCli({"graph", "--format", "json", "--no-dns-model", "-"}, R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
    ports:
    - {port: 443}
    - {port: 8000, endPort: 8080}
)");
  REQUIRE(result.exit_code == 0);
  const auto doc = nlohmann::json::parse(result.out);
  REQUIRE(doc.at("nodes").size() == 3);
  CHECK(doc["nodes"][0] == nlohmann::json::parse(R"({"id":"x/a","kind":"Pod","namespace":"x","name":"a"})"));
  CHECK(doc["nodes"][1]["kind"] == "IPBlock");
  CHECK(doc["nodes"][1]["cidrs"] ==
        nlohmann::json::parse(R"(["0.0.0.0/5","8.0.0.0/7","11.0.0.0/8","12.0.0.0/6","16.0.0.0/4","32.0.0.0/3","64.0.0.0/2","128.0.0.0/1"])"));
  CHECK(doc["nodes"][2]["cidrs"] == nlohmann::json::parse(R"(["10.0.0.0/8"])"));
  REQUIRE(doc.at("edges").size() == 3);
  CHECK(doc["edges"][0] == nlohmann::json::parse(R"({"from":"x/a","to":"0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255","ports":[
      {"protocol":"TCP","port":443,"endPort":443},{"protocol":"TCP","port":8000,"endPort":8080}]})"));
  // Nothing isolates the pod's ingress: every external address may reach it.
  CHECK(doc["edges"][1]["from"] == "0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255");
  CHECK(doc["edges"][1]["to"] == "x/a");
  CHECK(doc["edges"][2]["from"] == "10.0.0.0/8");
  CHECK(doc["edges"][2]["to"] == "x/a");
}

TEST_CASE("bad input exits 2 with FILE:LINE:COL and prints nothing on stdout", "[cli][errors]") {
  auto result = RunCli({"graph", "-"}, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                                       "metadata: {name: p}\nspec:\n  podSelector: {}\n"
                                       "  ingress:\n  - ports:\n    - port: 99999\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "<stdin>:8:13: error: NetworkPolicy default/p: spec.ingress[0].ports[0].port: must be between 1 and 65535, got 99999\n"
        "      - port: 99999\n"
        "              ^\n"
        "netpol: 1 error in the input; nothing was analysed\n");
}

TEST_CASE("one bad file among good ones still produces no output", "[cli][errors]") {
  auto result = RunCli({"graph", "examples/netpol-demo/", "-"}, "kind: Pod\napiVersion: v1\nmetadata: {name: [x]}\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
}

TEST_CASE("a missing path exits 2", "[cli][errors]") {
  auto result = RunCli({"graph", "no/such/dir"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("no/such/dir: error: no such file or directory") != std::string::npos);
}

TEST_CASE("usage errors exit 2", "[cli][errors]") {
  // Bare `netpol` prints its help and exits 0, as kubectl (kubectl_cli_command_test.cc).
  CHECK(RunCli({"--color=sometimes", "graph", "examples/netpol-demo/"}).exit_code == 2);
  CHECK(RunCli({"graph"}).exit_code == 2);
  CHECK(RunCli({"graph", "--format", "xml", "examples/netpol-demo/"}).exit_code == 2);
  CHECK(RunCli({"frobnicate"}).exit_code == 2);
}

TEST_CASE("netpol --version and --help exit 0", "[cli]") {
  auto version = RunCli({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == std::string("netpol ") + Version() + "\n");
  auto help = RunCli({"graph", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--format") != std::string::npos);
}

TEST_CASE("unknown kinds are noted on stderr and do not change the result", "[cli]") {
  auto plain = RunCli({"graph", "examples/netpol-demo/"});
  auto with_service = RunCli({"graph", "examples/netpol-demo/", "-"},
                             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n");
  CHECK(with_service.exit_code == 0);
  CHECK(with_service.out == plain.out);
  CHECK(with_service.err == "<stdin>:1:1: note: skipped 1 object of kind ConfigMap (v1) (not modelled)\n");
}

TEST_CASE("without a DNS pod in the inputs the graph models kube-system/kube-dns", "[cli][dns]") {
  const std::string input = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns-only, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}]
)";
  auto modelled = RunCli({"graph", "-"}, input);
  CHECK(modelled.exit_code == 0);
  const auto line_start = modelled.out.find("x/a -> kube-system/kube-dns[Modelled] ");
  REQUIRE(line_start != std::string::npos);
  const std::string line = modelled.out.substr(line_start, modelled.out.find('\n', line_start) - line_start);
  CHECK(line.ends_with("  UDP 53"));
  auto plain = RunCli({"graph", "--no-dns-model", "-"}, input);
  CHECK(plain.out.find("kube-dns") == std::string::npos);
  auto custom = RunCli({"graph", "--dns", "kube-system/k8s-app=node-local-dns", "-"}, input);
  // The custom DNS pods are modelled, and this policy's kube-dns peer does not match them.
  CHECK(custom.out.find("x/a -> kube-system/kube-dns[Modelled]") == std::string::npos);
  CHECK(custom.out.find("-> kube-system/kube-dns[Modelled]") != std::string::npos);
  CHECK(RunCli({"graph", "--dns", "nonsense", "-"}, input).exit_code == 2);
}

TEST_CASE("graph --no-ipblock-pods makes ipBlocks match external addresses only", "[cli]") {
  const std::string input = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x}
status: {podIP: 10.0.0.5}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {matchLabels: {}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
)";
  auto matched = RunCli({"graph", "--no-dns-model", "-"}, input);
  CHECK(matched.out.find("x/a -> x/b") != std::string::npos);
  auto external_only = RunCli({"graph", "--no-dns-model", "--no-ipblock-pods", "-"}, input);
  CHECK(external_only.out.find("x/a -> x/b") == std::string::npos);
  CHECK(external_only.out.find("x/a -> 10.0.0.0/8") != std::string::npos);
}

}  // namespace
}  // namespace netpol
