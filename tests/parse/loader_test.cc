// Loading manifests: formats, kinds, namespaces, and the error for every
// class of input the API server would reject.
#include <sstream>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;
using testing::LoadOrFail;

const char* const kPolicyHeader = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: ns
spec:
)";

// Loads a policy whose spec is `spec` (indented by two spaces) and returns
// the errors. Line 7 of the text is the first line of `spec`.
std::vector<std::string> SpecErrors(const std::string& spec) {
  return LoadErrors(std::string(kPolicyHeader) + spec);
}

TEST_CASE("multi-document YAML loads every object", "[parse]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x}
---
---
apiVersion: v1
kind: Namespace
metadata: {name: x, labels: {team: t}}
)");
  REQUIRE(cluster.pods.size() == 2);
  CHECK(cluster.pods[0].Id() == "x/a");
  CHECK(cluster.pods[0].labels == Labels{{"app", "a"}});
  REQUIRE(cluster.namespaces.size() == 1);
  CHECK(cluster.namespaces[0].declared);
  CHECK(cluster.namespaces[0].labels.at("team") == "t");
}

TEST_CASE("objects without metadata.namespace are in default", "[parse]") {
  Cluster cluster = LoadOrFail("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n");
  REQUIRE(cluster.pods.size() == 1);
  CHECK(cluster.pods[0].namespace_name == "default");
  REQUIRE(cluster.FindNamespace("default") != nullptr);
}

TEST_CASE("a referenced namespace exists with its automatic name label", "[parse]") {
  Cluster cluster = LoadOrFail("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\n");
  const Namespace* ns = cluster.FindNamespace("shop");
  REQUIRE(ns != nullptr);
  CHECK_FALSE(ns->declared);
  CHECK(ns->labels.at("kubernetes.io/metadata.name") == "shop");
}

TEST_CASE("a declared namespace also gets kubernetes.io/metadata.name", "[parse]") {
  Cluster cluster = LoadOrFail("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {a: b}}\n");
  REQUIRE(cluster.namespaces.size() == 1);
  CHECK(cluster.namespaces[0].labels ==
        Labels{{"a", "b"}, {"kubernetes.io/metadata.name", "shop"}});
}

TEST_CASE("kind: List loads its items, as kubectl get -o yaml prints them", "[parse]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a, namespace: x}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec: {podSelector: {}}
)");
  CHECK(cluster.pods.size() == 1);
  CHECK(cluster.policies.size() == 1);
}

TEST_CASE("JSON input loads, including kind: List", "[parse]") {
  Cluster cluster = LoadOrFail(R"({"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Pod",
   "metadata": {"name": "a", "namespace": "x", "labels": {"app": "web"}},
   "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 8080, "name": "http"}]}]},
   "status": {"podIP": "10.0.0.5", "podIPs": [{"ip": "10.0.0.5"}, {"ip": "fd00::5"}]}}
]})",
                               "dump.json");
  REQUIRE(cluster.pods.size() == 1);
  const Pod& pod = cluster.pods[0];
  CHECK(pod.labels.at("app") == "web");
  REQUIRE(pod.ports.size() == 1);
  CHECK(pod.ports[0].name == "http");
  CHECK(pod.ports[0].port == 8080);
  CHECK(pod.ports[0].protocol == Protocol::kTCP);
  REQUIRE(pod.ips.size() == 2);
  CHECK(pod.ips[0].ToString() == "10.0.0.5");
  CHECK(pod.ips[1].ToString() == "fd00::5");
}

TEST_CASE("JSON is recognised by content when the name says nothing", "[parse]") {
  Cluster cluster = LoadOrFail(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}})", "<stdin>");
  CHECK(cluster.pods.size() == 1);
}

TEST_CASE("unknown kinds are skipped and counted, never an error", "[parse]") {
  LoadResult result = LoadText(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: s}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: t}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: d}
)",
                               "in.yaml");
  CHECK_FALSE(result.HasErrors());
  CHECK(result.skipped_kinds == std::map<std::string, int>{{"ConfigMap (v1)", 2},
                                                           {"Widget (example.com/v1)", 1}});
  std::vector<std::string> notes;
  for (const Diagnostic& d : result.diagnostics) notes.push_back(d.ToString());
  CHECK(notes == std::vector<std::string>{
                     "in.yaml:1:1: note: skipped 2 objects of kind ConfigMap (v1) (not modelled)",
                     "in.yaml:9:1: note: skipped 1 object of kind Widget (example.com/v1) (not modelled)"});
}

TEST_CASE("documents that are not Kubernetes objects are warned about and skipped", "[parse]") {
  LoadResult result = LoadText("- just\n- a list\n", "in.yaml");
  CHECK_FALSE(result.HasErrors());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Severity::kWarning);
}

TEST_CASE("completed pods are not part of the cluster's traffic", "[parse]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata: {name: done}
status: {phase: Succeeded}
)");
  CHECK(cluster.pods.empty());
}

TEST_CASE("a duplicate object replaces the earlier one with a warning", "[parse]") {
  LoadResult result = LoadText(R"(apiVersion: v1
kind: Pod
metadata: {name: a, labels: {v: "1"}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {v: "2"}}
)",
                               "in.yaml");
  CHECK_FALSE(result.HasErrors());
  REQUIRE(result.cluster.pods.size() == 1);
  CHECK(result.cluster.pods[0].labels.at("v") == "2");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].ToString() ==
        "in.yaml:5:1: warning: duplicate Pod default/a (first defined at in.yaml:1:1); this "
        "later definition replaces it");
}

TEST_CASE("policy fields decode into the model", "[parse]") {
  Cluster cluster = LoadOrFail(std::string(kPolicyHeader) + R"(  podSelector:
    matchLabels: {app: db}
    matchExpressions:
    - {key: tier, operator: In, values: [a, b]}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {team: x}}
      podSelector: {}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
    - {port: 80}
    - {protocol: UDP, port: dns}
    - {protocol: SCTP, port: 1000, endPort: 2000}
    - {protocol: UDP}
  egress: []
)");
  REQUIRE(cluster.policies.size() == 1);
  const NetworkPolicy& p = cluster.policies[0];
  CHECK(p.pod_selector.ToString() == "app=db,tier in (a,b)");
  REQUIRE(p.policy_types.has_value());
  CHECK(*p.policy_types == std::vector<Direction>{Direction::kIngress, Direction::kEgress});
  REQUIRE(p.ingress.size() == 1);
  const Rule& rule = p.ingress[0];
  REQUIRE(rule.peers.size() == 2);
  CHECK(rule.peers[0].namespace_selector.has_value());
  CHECK(rule.peers[0].pod_selector.has_value());
  CHECK(rule.peers[0].pod_selector->IsEmpty());
  CHECK_FALSE(rule.peers[0].ip_block.has_value());
  REQUIRE(rule.peers[1].ip_block.has_value());
  CHECK(rule.peers[1].ip_block->ToString() == "10.0.0.0/8 except 10.1.0.0/16");
  REQUIRE(rule.ports.size() == 4);
  CHECK(rule.ports[0].ToString() == "TCP 80");
  CHECK(rule.ports[1].ToString() == "UDP dns");
  CHECK(rule.ports[2].ToString() == "SCTP 1000-2000");
  CHECK(rule.ports[3].ToString() == "UDP all");
  CHECK(rule.loc == SourceLoc{"test.yaml", 13, 5});
  CHECK(p.egress.empty());
}

TEST_CASE("a non-canonical CIDR is accepted as its masked network", "[parse]") {
  Cluster cluster = LoadOrFail(std::string(kPolicyHeader) +
                               "  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.1.2.3/8}\n");
  CHECK(cluster.policies[0].ingress[0].peers[0].ip_block->cidr.ToString() == "10.0.0.0/8");
}

TEST_CASE("CRLF line endings and a byte order mark are accepted", "[parse]") {
  Cluster cluster = LoadOrFail("\xEF\xBB\xBF" "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n");
  CHECK(cluster.pods.size() == 1);
}

// --- Errors: one test per class, asserting the whole message. ---

TEST_CASE("malformed YAML is an error with its position", "[parse][errors]") {
  CHECK(LoadErrors("a: [b\n") ==
        std::vector<std::string>{"test.yaml:2:1: error: invalid YAML: flow sequence without a closing bracket"});
}

TEST_CASE("malformed JSON is an error at the offending token", "[parse][errors]") {
  CHECK(LoadErrors("{\"apiVersion\": \"v1\",\n \"kind\": \"Pod\" \"x\"}", "in.json") ==
        std::vector<std::string>{
            "in.json:2:16: error: invalid JSON: syntax error while parsing object - unexpected "
            "string literal; expected '}'"});
}


TEST_CASE("a wrong field type names the field and what was expected", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: []\n") ==
        std::vector<std::string>{"test.yaml:7:16: error: NetworkPolicy ns/p: spec.podSelector: expected a label "
                                 "selector (a mapping), got a list"});
  CHECK(SpecErrors("  podSelector: {}\n  ingress: {}\n") ==
        std::vector<std::string>{"test.yaml:8:12: error: NetworkPolicy ns/p: spec.ingress: expected a list, got a mapping"});
}

TEST_CASE("a number where a string is expected says to quote it", "[parse][errors]") {
  CHECK(LoadErrors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {version: 1.0}\n") ==
        std::vector<std::string>{"test.yaml:5:21: error: Pod default/a: metadata.labels.version: expected a "
                                 "string, got a number (quote it: \"1.0\")"});
}

TEST_CASE("an omitted podSelector defaults to {} (every pod of the namespace), as the API server defaults it",
          "[parse][defaults]") {
  CHECK(SpecErrors("  policyTypes: [Ingress]\n").empty());
  const Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec:
  policyTypes: [Ingress]
)");
  REQUIRE(cluster.policies.size() == 1);
  CHECK(cluster.policies[0].pod_selector.IsEmpty());
  const Evaluator evaluator(cluster);
  CHECK(evaluator.IsolatingPolicies(*cluster.FindPod("x", "a"), Direction::kIngress).size() == 1);
}

struct ApiVersionCase {
  const char* manifest;
  const char* error;  // "" when the object loads or is skipped with a note
};

TEST_CASE("a modelled kind at an API version netpol does not read is an input error; the same kind name in another group is another kind",
          "[parse][errors][api-version]") {
  const ApiVersionCase cases[] = {
      {"apiVersion: networking.k8s.io/v2\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {}\n",
       "test.yaml:1:13: error: apiVersion: NetworkPolicy networking.k8s.io/v2 is not a version "
       "netpol reads; expected networking.k8s.io/v1"},
      {"apiVersion: v2\nkind: Pod\nmetadata: {name: a}\n",
       "test.yaml:1:13: error: apiVersion: Pod v2 is not a version netpol reads; expected v1"},
      {"kind: Namespace\nmetadata: {name: a}\n",
       "test.yaml:1:1: error: apiVersion: missing on a Namespace; netpol reads it as v1"},
      // Calico's NetworkPolicy is another kind: read as a Calico policy, not an error.
      {"apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {}\n", ""},
      {"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {}\n", ""},
  };
  for (const ApiVersionCase& c : cases) {
    INFO(c.manifest);
    const std::vector<std::string> errors = LoadErrors(c.manifest);
    if (*c.error) {
      CHECK(errors == std::vector<std::string>{c.error});
    } else {
      CHECK(errors.empty());
    }
  }
  const LoadResult calico = LoadText(cases[3].manifest, "test.yaml");
  CHECK(calico.skipped_kinds.empty());
  REQUIRE(calico.cluster.calico_policies.size() == 1);
  CHECK(calico.cluster.policies.empty());
}

TEST_CASE("an unknown selector operator is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector:\n    matchExpressions:\n    - {key: a, operator: Gt, values: [\"1\"]}\n") ==
        std::vector<std::string>{
            "test.yaml:9:26: error: NetworkPolicy ns/p: spec.podSelector.matchExpressions[0].operator: expected one "
            "of In, NotIn, Exists, DoesNotExist, got \"Gt\""});
}

TEST_CASE("In and NotIn require values", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector:\n    matchExpressions:\n    - {key: a, operator: NotIn, values: []}\n") ==
        std::vector<std::string>{"test.yaml:9:41: error: NetworkPolicy ns/p: spec.podSelector.matchExpressions[0]."
                                 "values: must be non-empty when operator is NotIn"});
  CHECK(SpecErrors("  podSelector:\n    matchExpressions:\n    - {key: a, operator: In}\n") ==
        std::vector<std::string>{"test.yaml:9:7: error: NetworkPolicy ns/p: spec.podSelector.matchExpressions[0]."
                                 "values: must be non-empty when operator is In"});
}

TEST_CASE("Exists and DoesNotExist forbid values", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector:\n    matchExpressions:\n    - {key: a, operator: Exists, values: [x]}\n") ==
        std::vector<std::string>{"test.yaml:9:42: error: NetworkPolicy ns/p: spec.podSelector.matchExpressions[0]."
                                 "values: must be empty when operator is Exists"});
}

TEST_CASE("an invalid CIDR is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/33}\n") ==
        std::vector<std::string>{"test.yaml:10:23: error: NetworkPolicy ns/p: spec.egress[0].to[0].ipBlock.cidr: "
                                 "expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32, got "
                                 "\"10.0.0.0/33\""});
  CHECK(SpecErrors("  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.1}\n").size() == 1);
}

TEST_CASE("an except outside its cidr is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [11.0.0.0/16]\n") ==
        std::vector<std::string>{"test.yaml:12:18: error: NetworkPolicy ns/p: spec.egress[0].to[0].ipBlock.except[0]: "
                                 "11.0.0.0/16 must be a strict subset of cidr 10.0.0.0/8"});
}

TEST_CASE("an except equal to its cidr is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [10.0.0.0/8]\n").size() == 1);
}

TEST_CASE("a port outside 1-65535 is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - port: 0\n") ==
        std::vector<std::string>{"test.yaml:10:13: error: NetworkPolicy ns/p: spec.ingress[0].ports[0].port: must be "
                                 "between 1 and 65535, got 0"});
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - port: 65536\n").size() == 1);
}

TEST_CASE("endPort below port is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - {port: 90, endPort: 80}\n") ==
        std::vector<std::string>{"test.yaml:10:27: error: NetworkPolicy ns/p: spec.ingress[0].ports[0].endPort: must "
                                 "be greater than or equal to port (90), got 80"});
}

TEST_CASE("endPort with a named port or without a port is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - {port: http, endPort: 80}\n") ==
        std::vector<std::string>{"test.yaml:10:29: error: NetworkPolicy ns/p: spec.ingress[0].ports[0].endPort: may "
                                 "not be specified when port is a named port"});
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - {endPort: 80}\n") ==
        std::vector<std::string>{"test.yaml:10:17: error: NetworkPolicy ns/p: spec.ingress[0].ports[0].endPort: may "
                                 "not be specified without port"});
}

TEST_CASE("an unknown protocol is an error (names are case-sensitive)", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - {protocol: tcp, port: 80}\n") ==
        std::vector<std::string>{"test.yaml:10:18: error: NetworkPolicy ns/p: spec.ingress[0].ports[0].protocol: "
                                 "expected one of TCP, UDP, SCTP, got \"tcp\""});
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - {protocol: ICMP}\n").size() == 1);
}

TEST_CASE("an invalid named port is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - port: \"80\"\n") ==
        std::vector<std::string>{
            "test.yaml:10:13: error: NetworkPolicy ns/p: spec.ingress[0].ports[0].port: invalid named port \"80\": "
            "must contain at least one letter (a number must not be quoted)"});
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - port: Http\n").size() == 1);
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - ports:\n    - port: a-very-long-port-name\n").size() == 1);
}

TEST_CASE("a peer combining ipBlock with a selector is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      namespaceSelector: {}\n") ==
        std::vector<std::string>{"test.yaml:10:7: error: NetworkPolicy ns/p: spec.ingress[0].from[0]: ipBlock may not "
                                 "be combined with podSelector or namespaceSelector in one peer "
                                 "(use separate list items)"});
}

TEST_CASE("an empty peer is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  ingress:\n  - from:\n    - {}\n") ==
        std::vector<std::string>{
            "test.yaml:10:7: error: NetworkPolicy ns/p: spec.ingress[0].from[0]: must specify podSelector, "
            "namespaceSelector or ipBlock (an empty peer is rejected by the API server; omit "
            "`from`/`to` to allow every peer)"});
}

TEST_CASE("an unknown policy type is an error", "[parse][errors]") {
  CHECK(SpecErrors("  podSelector: {}\n  policyTypes: [Ingres]\n") ==
        std::vector<std::string>{"test.yaml:8:17: error: NetworkPolicy ns/p: spec.policyTypes[0]: expected Ingress or "
                                 "Egress, got \"Ingres\""});
}

TEST_CASE("invalid label keys and values are errors", "[parse][errors]") {
  CHECK(LoadErrors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {\"a b\": x}\n") ==
        std::vector<std::string>{"test.yaml:5:12: error: Pod default/a: metadata.labels.a b: invalid label key: "
                                 "may contain only alphanumerics, '-', '_' and '.'"});
  CHECK(LoadErrors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {a: \"-x\"}\n").size() == 1);
}

TEST_CASE("a missing or invalid name is an error", "[parse][errors]") {
  CHECK(LoadErrors("apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n") ==
        std::vector<std::string>{"test.yaml:3:11: error: Pod: metadata.name: required field missing"});
  CHECK(LoadErrors("apiVersion: v1\nkind: Pod\nmetadata: {name: Web_1}\n") ==
        std::vector<std::string>{
            "test.yaml:3:18: error: Pod default/Web_1: metadata.name: invalid name \"Web_1\": must consist of "
            "lowercase alphanumerics, '-' and '.', and start and end with an alphanumeric character"});
}

TEST_CASE("every error of one input is reported, not just the first", "[parse][errors]") {
  auto errors = SpecErrors(R"(  podSelector: {}
  ingress:
  - ports:
    - port: 0
    - protocol: icmp
  - from:
    - {}
)");
  CHECK(errors.size() == 3);
}

TEST_CASE("an object with errors is not added to the cluster", "[parse][errors]") {
  LoadResult result = LoadText(std::string(kPolicyHeader) + "  podSelector: {}\n  ingress:\n  - ports:\n    - port: 0\n", "x.yaml");
  CHECK(result.HasErrors());
  CHECK(result.cluster.policies.empty());
}

TEST_CASE("an unreadable path is an error naming it", "[parse][errors]") {
  std::istringstream in;
  LoadResult result = LoadPaths({"/nonexistent/netpol/input.yaml"}, in);
  REQUIRE(result.HasErrors());
  CHECK(result.diagnostics[0].ToString() ==
        "/nonexistent/netpol/input.yaml: error: no such file or directory");
}

TEST_CASE("hostile input: deep nesting is an error, not a crash", "[parse][errors]") {
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  CHECK_FALSE(LoadErrors(deep, "deep.json").empty());
  std::string deep_yaml;
  for (int i = 0; i < 400; ++i) deep_yaml += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  CHECK_FALSE(LoadErrors(deep_yaml, "deep.yaml").empty());
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

// kubectl reads YAML with YAML 1.1 typing (go-yaml v2): plain y/yes/on are
// booleans, so `namespace: y` reaches the API server as `true` and is
// rejected. We report it the same way, with the fix.
TEST_CASE("a plain y is a YAML 1.1 boolean, so a name written so must be quoted", "[parse][errors]") {
  CHECK(testing::LoadErrors("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: y}\n") ==
        std::vector<std::string>{"test.yaml:3:32: error: Pod y/a: metadata.namespace: expected a string, "
                                 "got a boolean (quote it: \"y\")"});
  CHECK(testing::LoadOrFail("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: \"y\"}\n")
            .pods[0].namespace_name == "y");
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("items of typed lists (PodList) without kind are read as the list's item kind", "[parse]") {
  Cluster cluster = testing::LoadOrFail(R"({"apiVersion": "v1", "kind": "PodList", "items": [
    {"metadata": {"name": "a", "namespace": "x"}},
    {"metadata": {"name": "b", "namespace": "x"}}]})", "pods.json");
  CHECK(cluster.pods.size() == 2);
  Cluster namespaces = testing::LoadOrFail("apiVersion: v1\nkind: NamespaceList\nitems:\n- metadata: {name: x, labels: {team: t}}\n");
  REQUIRE(namespaces.namespaces.size() == 1);
  CHECK(namespaces.namespaces[0].labels.at("team") == "t");
}

}  // namespace
}  // namespace netpol
