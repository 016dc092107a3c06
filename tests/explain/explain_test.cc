// Explain: the trace's verdict is the Evaluator's, and every reason is concrete.
#include "netpol/explain.h"

#include <catch2/catch.hpp>

#include "conformance/conformance_support.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::EndpointFor;
using testing::LoadOrFail;

const char* const kPolicyHeader = R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
)";

// Two pods in x, one in y, one with a named port; `spec` is appended.
Cluster Fixture(const std::string& spec) {
  return LoadOrFail(R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec:
  containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: "y", labels: {app: b}}
status: {podIP: 10.1.0.5}
---
apiVersion: v1
kind: Namespace
metadata: {name: "y", labels: {team: blue}}
---)" + std::string(kPolicyHeader) + spec);
}

std::vector<std::string> PeerReasons(const SideTrace& side) {
  std::vector<std::string> reasons;
  for (const PolicyTrace& policy : side.policies) {
    for (const RuleTrace& rule : policy.rules) reasons.push_back(rule.peer_reason);
  }
  return reasons;
}

TEST_CASE("explain's verdict equals Evaluate on every pair of the example", "[explain]") {
  const LoadResult loaded = testing::LoadExample("netpol-demo");
  const Evaluator evaluator(loaded.cluster);
  std::vector<Endpoint> endpoints;
  for (PodId id = 0; id < loaded.cluster.pods.size(); ++id) endpoints.push_back(Endpoint::ForPod(id));
  endpoints.push_back(Endpoint::ForAddress(*IpAddress::Parse("1.2.3.4")));
  for (const Endpoint& from : endpoints) {
    for (const Endpoint& to : endpoints) {
      if (from == to) continue;
      const Verdict verdict = evaluator.Evaluate(from, to);
      const Explanation e = Explain(evaluator, from, to);
      INFO(e.source_name << " -> " << e.destination_name);
      CHECK(e.allowed == verdict.allowed);
      CHECK(e.egress.allowed == verdict.egress.allowed);
      CHECK(e.ingress.allowed == verdict.ingress.allowed);
      CHECK(e.egress.isolated == verdict.egress.isolated);
      CHECK(e.allows == verdict.AllowsAnything());
      const Explanation on80 = Explain(evaluator, from, to, PortQuery{Protocol::kTCP, 80});
      CHECK(on80.allows == verdict.Allows(Protocol::kTCP, 80));
    }
  }
}

TEST_CASE("explain's verdict equals Evaluate on a conformance case", "[explain][conformance]") {
  const std::string dir =
      testing::ConformanceDir() + "/k8s-e2e/podselector-and-namespaceselector-one-peer";
  const LoadResult loaded = testing::LoadFilesOrFail(dir, {"model.yaml", "policies.yaml"});
  const Evaluator evaluator(loaded.cluster);
  for (PodId a = 0; a < loaded.cluster.pods.size(); ++a) {
    for (PodId b = 0; b < loaded.cluster.pods.size(); ++b) {
      if (a == b) continue;
      const Explanation e = Explain(evaluator, Endpoint::ForPod(a), Endpoint::ForPod(b));
      CHECK(e.allowed == evaluator.Evaluate(Endpoint::ForPod(a), Endpoint::ForPod(b)).allowed);
    }
  }
  const Explanation denied = Explain(evaluator, EndpointFor(loaded.cluster, "x/c"),
                                     EndpointFor(loaded.cluster, "x/a"));
  CHECK_FALSE(denied.allows);
  CHECK(PeerReasons(denied.ingress) ==
        std::vector<std::string>{"namespaceSelector kubernetes.io/metadata.name notin (x) does "
                                 "not match namespace x (labels kubernetes.io/metadata.name=x)"});
  const Explanation allowed = Explain(evaluator, EndpointFor(loaded.cluster, "y/b"),
                                      EndpointFor(loaded.cluster, "x/a"));
  CHECK(allowed.allows);
  CHECK(PeerReasons(allowed.ingress) ==
        std::vector<std::string>{"namespaceSelector kubernetes.io/metadata.name notin (x) "
                                 "matches namespace y, podSelector pod=b matches labels pod=b"});
}

TEST_CASE("a podSelector that does not match names the selector and the labels", "[explain]") {
  const Cluster cluster = Fixture(R"(spec:
  podSelector: {matchLabels: {app: a}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]
)");
  const Evaluator evaluator(cluster);
  const Explanation e = Explain(evaluator, EndpointFor(cluster, "x/b"), EndpointFor(cluster, "x/a"));
  CHECK_FALSE(e.allows);
  REQUIRE(e.ingress.policies.size() == 1);
  CHECK(e.ingress.policies[0].loc.line == 21);  // the policy's apiVersion line
  CHECK(e.ingress.policies[0].loc.file == "test.yaml");
  CHECK(PeerReasons(e.ingress) ==
        std::vector<std::string>{"podSelector app=frontend does not match labels app=b"});
  CHECK(e.reasons[0] == "egress of x/b allows it: not isolated (no policy in namespace x "
                        "selects it for Egress)");
  CHECK(e.reasons[1] == "ingress of x/a blocks it: isolated by x/p, and no rule allows "
                        "anything from x/b");
}

TEST_CASE("a podSelector-only peer selects the policy's namespace", "[explain]") {
  const Cluster cluster = Fixture(R"(spec:
  podSelector: {matchLabels: {app: a}}
  ingress: [{from: [{podSelector: {matchLabels: {app: b}}}]}]
)");
  const Evaluator evaluator(cluster);
  CHECK(PeerReasons(Explain(evaluator, EndpointFor(cluster, "y/c"), EndpointFor(cluster, "x/a"))
                        .ingress) ==
        std::vector<std::string>{"pod is in namespace y; a podSelector-only peer selects the "
                                 "policy's namespace x"});
  CHECK(PeerReasons(Explain(evaluator, EndpointFor(cluster, "x/b"), EndpointFor(cluster, "x/a"))
                        .ingress) ==
        std::vector<std::string>{"pod is in the policy's namespace x, podSelector app=b matches "
                                 "labels app=b"});
}

TEST_CASE("namespaceSelector and ipBlock misses are concrete", "[explain]") {
  const Cluster cluster = Fixture(R"(spec:
  podSelector: {matchLabels: {app: a}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: red}}}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
)");
  const Evaluator evaluator(cluster);
  CHECK(PeerReasons(Explain(evaluator, EndpointFor(cluster, "y/c"), EndpointFor(cluster, "x/a"))
                        .ingress) ==
        std::vector<std::string>{
            "namespaceSelector team=red does not match namespace y (labels "
            "kubernetes.io/metadata.name=y,team=blue)",
            "ipBlock 10.0.0.0/8 except 10.1.0.0/16 excludes pod IP 10.1.0.5 (except 10.1.0.0/16)"});
  CHECK(PeerReasons(Explain(evaluator, EndpointFor(cluster, "x/b"), EndpointFor(cluster, "x/a"))
                        .ingress)[1] == "pod has no IP; ipBlocks match no pod without a known IP");
  const Explanation external =
      Explain(evaluator, EndpointFor(cluster, "1.2.3.4"), EndpointFor(cluster, "x/a"));
  CHECK(PeerReasons(external.ingress) ==
        std::vector<std::string>{
            "1.2.3.4 is not a pod; podSelector and namespaceSelector peers match only pods",
            "ipBlock 10.0.0.0/8 except 10.1.0.0/16 does not contain 1.2.3.4"});
  CHECK(external.egress.summary == "an external address: no policy applies, everything is allowed");
}

TEST_CASE("port misses say what the rule allows and what was asked", "[explain]") {
  const Cluster cluster = Fixture(R"(spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 443}]
  - ports: [{port: http}]
)");
  const Evaluator evaluator(cluster);
  const Explanation to_b = Explain(evaluator, EndpointFor(cluster, "x/a"),
                                   EndpointFor(cluster, "x/b"), PortQuery{Protocol::kTCP, 80});
  REQUIRE(to_b.egress.policies.size() == 1);
  const auto& rules = to_b.egress.policies[0].rules;
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].peer_matched);
  CHECK_FALSE(rules[0].port_matched);
  CHECK(rules[0].port_reason == "rule allows TCP 443, asked TCP 80");
  CHECK(rules[1].port_reason ==
        "rule allows no port here, asked TCP 80; named port http: destination has no TCP port "
        "named http");
  CHECK(to_b.reasons[0] == "egress of x/a blocks it: isolated by x/p, and no rule allows TCP 80 "
                           "towards x/b (matching rules allow only TCP 443)");
  // Towards x/a the named port resolves.
  const Explanation to_a = Explain(evaluator, EndpointFor(cluster, "x/b"),
                                   EndpointFor(cluster, "x/a"), PortQuery{Protocol::kTCP, 8080});
  CHECK(to_a.allows);
  CHECK(to_a.egress.policies[0].rules[1].port_entries[0].reason == "named port http is TCP 8080 on x/a");
}

TEST_CASE("a policy without rules isolates and allows nothing; both sides must allow", "[explain]") {
  const Cluster cluster = Fixture(R"(spec:
  podSelector: {matchLabels: {app: b}}
  policyTypes: [Egress]
)");
  const Evaluator evaluator(cluster);
  const Explanation e = Explain(evaluator, EndpointFor(cluster, "x/b"), EndpointFor(cluster, "x/a"));
  CHECK(e.egress.isolated);
  CHECK(e.egress.policies[0].rules.empty());
  CHECK(e.egress.summary == "isolated by 1 policy; their rules allow nothing towards x/a");
  CHECK(e.reasons.back() ==
        "both sides must allow a connection: only a rule on the egress side can open it");
}

TEST_CASE("PortQuery parses 80/TCP, 53/udp and 80", "[explain]") {
  CHECK(PortQuery::Parse("80/TCP").value() == PortQuery{Protocol::kTCP, 80});
  CHECK(PortQuery::Parse("53/udp").value() == PortQuery{Protocol::kUDP, 53});
  CHECK(PortQuery::Parse("80").value() == PortQuery{Protocol::kTCP, 80});
  const Result<PortQuery> zero = PortQuery::Parse("0");
  CHECK_FALSE(zero.ok());
  CHECK(zero.status().message() ==
        "bad port \"0\": expected PORT or PORT/PROTOCOL (e.g. 80/TCP) with a port "
        "between 1 and 65535");
  const Result<PortQuery> icmp = PortQuery::Parse("80/ICMP");
  CHECK_FALSE(icmp.ok());
  CHECK(icmp.status().message() == "bad port \"80/ICMP\": protocol must be TCP, UDP or SCTP");
  CHECK_FALSE(PortQuery::Parse("http").ok());
}

}  // namespace
}  // namespace netpol
