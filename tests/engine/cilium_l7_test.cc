// Cilium L7 rules (`toPorts[].rules`: http, dns, kafka, l7proto): the port is
// allowed subject to L7 filtering, and every engine and output says so
// (netpol/l7_filter.h). Pods as in engine/two_namespace_pods.h.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "netpol/netpol.h"
#include "test_support.h"
#include "engine/two_namespace_pods.h"

namespace netpol::testing {
namespace {

std::string Cnp(const std::string& name, const std::string& spec, const std::string& ns = "a") {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec + "\n---\n";
}

const std::string kServer = "  endpointSelector: {matchLabels: {app: server}}\n";
const std::string kClient = "  endpointSelector: {matchLabels: {app: client}}\n";

// An ingress rule from every pod of namespace a on `ports` (YAML flow list),
// with `rules` (a YAML flow map) when not empty.
std::string IngressPorts(const std::string& ports, const std::string& rules) {
  return "  - fromEndpoints: [{}]\n    toPorts:\n    - ports: " + ports + "\n" +
         (rules.empty() ? "" : "      rules: " + rules + "\n");
}

// from -> to as the class engine's graph shows it, and as the Evaluator's
// verdict shows it: both must agree.
std::string Shown(const Cluster& cluster, const std::string& from, const std::string& to) {
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster), cluster);
  const NodeId a = *graph.FindNode(from);
  const NodeId b = *graph.FindNode(to);
  const std::string engine = PortsWithL7(graph.PortsBetween(a, b), graph.L7Between(a, b));
  const Evaluator evaluator(cluster);
  const Verdict verdict = evaluator.Evaluate(graph.Node(a).endpoint, graph.Node(b).endpoint);
  CHECK(PortsWithL7(verdict.allowed, verdict.l7) == engine);
  return engine;
}

TEST_CASE("an L7 rule allows its port subject to L7 filtering, named by its protocol",
          "[cilium][l7]") {
  struct Case {
    const char* rules;
    const char* shown;
  };
  const Case cases[] = {
      {"{http: [{method: GET, path: /}]}", "TCP 80 (L7: http)"},
      {"{kafka: [{topic: orders}]}", "TCP 80 (L7: kafka)"},
      {"{dns: [{matchPattern: \"*\"}]}", "TCP 80 (L7: dns)"},
      {"{l7proto: envoy.filters.network.r2d2, l7: [{cmd: READ}]}",
       "TCP 80 (L7: envoy.filters.network.r2d2)"},
  };
  for (const Case& c : cases) {
    INFO(c.rules);
    const Cluster cluster = WithTwoNamespacePods(
        Cnp("l7", kServer + "  ingress:\n" + IngressPorts("[{port: \"80\", protocol: TCP}]", c.rules)));
    CHECK(Shown(cluster, "a/client", "a/server") == c.shown);
  }
}

TEST_CASE("L7 rules with no rule in them filter nothing: all traffic on the port is permitted",
          "[cilium][l7]") {
  for (const char* rules : {"{}", "{http: []}"}) {
    INFO(rules);
    const Cluster cluster = WithTwoNamespacePods(
        Cnp("l7", kServer + "  ingress:\n" + IngressPorts("[{port: \"80\", protocol: TCP}]", rules)));
    CHECK(Shown(cluster, "a/client", "a/server") == "TCP 80");
  }
}

TEST_CASE("a plain layer 4 rule on the same port makes the L7 rules of another have no effect",
          "[cilium][l7]") {
  // Cilium: "If a layer 4 rule is specified in the policy, and a similar
  // layer 4 rule with layer 7 rules is also specified, then the layer 7
  // portions of the latter rule will have no effect."
  const std::string l7 =
      Cnp("l7", kServer + "  ingress:\n" +
                    IngressPorts("[{port: \"80\", protocol: TCP}, {port: \"81\", protocol: TCP}]",
                                 "{http: [{method: GET}]}"));
  const std::string plain_80 =
      Cnp("plain", kServer + "  ingress:\n" + IngressPorts("[{port: \"80\", protocol: TCP}]", ""));
  CHECK(Shown(WithTwoNamespacePods(l7 + plain_80), "a/client", "a/server") ==
        "TCP 80; TCP 81 (L7: http)");
  // The same holds when the plain allow is a Kubernetes NetworkPolicy.
  const std::string np =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: a}\n"
      "spec:\n  podSelector: {matchLabels: {app: server}}\n  ingress:\n"
      "  - ports: [{port: 81, protocol: TCP}]\n---\n";
  CHECK(Shown(WithTwoNamespacePods(l7 + np), "a/client", "a/server") ==
        "TCP 81; TCP 80 (L7: http)");
}

TEST_CASE("a plain allow for another peer leaves the L7 filtering of this peer in place",
          "[cilium][l7]") {
  // The plain rule admits namespace b only: a/client still goes through the proxy.
  const std::string text =
      Cnp("l7", kServer + "  ingress:\n" +
                    IngressPorts("[{port: \"80\", protocol: TCP}]", "{http: [{method: GET}]}")) +
      Cnp("plain-b", kServer +
                         "  ingress:\n  - fromEndpoints: [{matchLabels: "
                         "{k8s:io.kubernetes.pod.namespace: b}}]\n"
                         "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n");
  const Cluster cluster = WithTwoNamespacePods(text);
  CHECK(Shown(cluster, "a/client", "a/server") == "TCP 80 (L7: http)");
  CHECK(Shown(cluster, "b/other", "a/server") == "TCP 80");
}

TEST_CASE("an egress L7 rule filters the connection even when the ingress side allows it plainly",
          "[cilium][l7]") {
  const Cluster cluster = WithTwoNamespacePods(
      Cnp("dns-only", kClient +
                          "  egress:\n  - toEndpoints: [{}]\n    toPorts:\n"
                          "    - ports: [{port: \"53\", protocol: UDP}]\n"
                          "      rules: {dns: [{matchPattern: \"*\"}]}\n"));
  CHECK(Shown(cluster, "a/client", "a/server") == "UDP 53 (L7: dns)");
  CHECK(Shown(cluster, "a/server", "a/client") == "all ports");
}

TEST_CASE("an L7 port rule without ports filters every port", "[cilium][l7]") {
  const Cluster cluster = WithTwoNamespacePods(
      Cnp("l7", kServer +
                    "  ingress:\n  - fromEndpoints: [{}]\n    toPorts:\n"
                    "    - rules: {http: [{method: GET}]}\n"));
  CHECK(Shown(cluster, "a/client", "a/server") == "all ports (L7: http)");
}

TEST_CASE("L7 rules are modelled, no longer warned about", "[cilium][l7]") {
  LoadResult result = LoadText(
      std::string(kTwoNamespacePods) + "\n---\n" +
          Cnp("l7", kServer + "  ingress:\n" +
                        IngressPorts("[{port: \"80\", protocol: TCP}]", "{http: [{method: GET}]}")),
      "test.yaml");
  for (const Diagnostic& d : result.diagnostics) CHECK(d.ToString().find("L7") == std::string::npos);
}

TEST_CASE("graph, explain and JSON mark the L7-filtered port and name the rule", "[cilium][l7]") {
  const Cluster cluster = WithTwoNamespacePods(
      Cnp("l7", kServer + "  ingress:\n" +
                    IngressPorts("[{port: \"80\", protocol: TCP}]", "{http: [{method: GET}]}")));
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster), cluster);
  std::ostringstream text;
  WriteGraphText(graph, text);
  const std::string shown = text.str();
  const std::size_t line = shown.find("a/client -> a/server ");
  REQUIRE(line != std::string::npos);
  CHECK(shown.substr(line, shown.find('\n', line) - line).ends_with("  TCP 80 (L7: http)"));
  std::ostringstream json;
  WriteGraphJson(graph, json);
  CHECK(json.str().find("\"l7\": [\n        {\n          \"protocol\": \"http\"") !=
        std::string::npos);

  const Evaluator evaluator(cluster);
  const Explanation e = Explain(evaluator, graph.Node(*graph.FindNode("a/client")).endpoint,
                                graph.Node(*graph.FindNode("a/server")).endpoint,
                                PortQuery{Protocol::kTCP, 80});
  REQUIRE(e.l7.size() == 1);
  CHECK(e.l7[0].protocol == "http");
  CHECK(e.reasons.back().find("ingress of a/server: TCP 80 allowed subject to L7 filtering (http) "
                              "by CiliumNetworkPolicy a/l7 ingress rule 0 at test.yaml:") == 0);
  std::ostringstream out;
  WriteExplanationsText({e}, out, TextStyle{});
  CHECK(out.str().find("Verdict: ALLOWED on TCP 80 (L7: http)\n") != std::string::npos);
}

TEST_CASE("diff reports an allow whose ports stay but whose L7 filtering changes, with the L7 "
          "marks graph shows",
          "[cilium][l7][diff]") {
  // The server accepts namespace a on TCP 80; after the change only through
  // an HTTP parser. Same ports, not the same allow.
  const Cluster before = WithTwoNamespacePods(
      Cnp("server-in", kServer + "  ingress:\n" + IngressPorts("[{port: \"80\", protocol: TCP}]", "")));
  const Cluster after = WithTwoNamespacePods(Cnp(
      "server-in", kServer + "  ingress:\n" +
                       IngressPorts("[{port: \"80\", protocol: TCP}]", "{http: [{method: GET}]}")));
  const GraphDiff diff = DiffGraphs(before, after);
  const ConnectionChange* change = nullptr;
  for (const ConnectionChange& c : diff.connections) {
    if (c.from == "a/client" && c.to == "a/server") change = &c;
  }
  REQUIRE(change != nullptr);
  CHECK(change->kind == ConnectionChange::Kind::kPortsChanged);
  CHECK(change->before == change->after);
  CHECK(change->before_l7.empty());
  REQUIRE(change->after_l7.size() == 1);
  CHECK(change->after_l7[0].protocol == "http");

  std::ostringstream text;
  WriteGraphDiffText(diff, text);
  CHECK(text.str().find("a/client -> a/server  TCP 80 -> TCP 80 (L7: http)") != std::string::npos);
  std::ostringstream json;
  WriteGraphDiffJson(diff, json);
  CHECK(json.str().find("\"afterL7\"") != std::string::npos);
  CHECK(json.str().find("\"beforeL7\"") == std::string::npos);

  // Unchanged L7 filtering is no change.
  CHECK(DiffGraphs(after, after).connections.empty());
}

}  // namespace
}  // namespace netpol::testing
