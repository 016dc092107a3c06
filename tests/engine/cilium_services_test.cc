// Cilium toServices (policy/language "Services based"): a k8sService peer is
// the pods of the Service it names, a k8sServiceSelector peer the pods of
// every Service whose labels its selector matches ("the service's selector
// is used as endpoint selector"); what netpol cannot resolve (a missing
// Service, one without a selector, whose EndpointSlice addresses Cilium
// reads as CIDRs that never select pods) is a warning and matches nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"
#include "engine/two_namespace_pods.h"

namespace netpol::testing {
namespace {

// Services of namespace b: `web` selects app=web, `external` has no selector.
const std::string kServices = R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: b}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: b}
spec: {ports: [{port: 443}]}
---
)";

// A CNP on a/client whose only egress peer is `services` (a toServices list).
std::string ClientTo(const std::string& services) {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: client, "
         "namespace: a}\nspec:\n  endpointSelector: {matchLabels: {app: client}}\n  egress:\n"
         "  - toServices: " + services + "\n";
}

std::vector<std::string> Warnings(const std::string& text) {
  LoadResult result = LoadText(std::string(kTwoNamespacePods) + "\n---\n" + text, "test.yaml");
  std::vector<std::string> warnings;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kWarning) warnings.push_back(d.ToString());
  }
  return warnings;
}

TEST_CASE("toServices k8sService allows the pods the named Service selects", "[cilium][services]") {
  const Cluster cluster = WithTwoNamespacePods(
      kServices + ClientTo("[{k8sService: {serviceName: web, namespace: b}}]"));
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "all ports");
  CHECK(EnginePorts(cluster, "a/client", "b/web").ToString() == "all ports");
  // Not the other pods of the namespace, nor of the policy's own.
  CHECK(AllowedPorts(cluster, "a/client", "b/other").ToString() == "none");
  CHECK(AllowedPorts(cluster, "a/client", "a/server").ToString() == "none");
}

TEST_CASE("toServices k8sService without a namespace names a Service of the policy's namespace",
          "[cilium][services]") {
  const std::vector<std::string> warnings =
      Warnings(kServices + ClientTo("[{k8sService: {serviceName: web}}]"));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "test.yaml:62:31: warning: toServices: no Service a/web in the inputs; "
                       "this entry matches nothing here");
}

TEST_CASE("toServices naming a Service not in the inputs, or one without a selector, is a "
          "warning and matches nothing",
          "[cilium][services]") {
  const std::string missing = ClientTo("[{k8sService: {serviceName: api, namespace: b}}]");
  CHECK(Warnings(kServices + missing) ==
        std::vector<std::string>{"test.yaml:62:31: warning: toServices: no Service b/api in the "
                                 "inputs; this entry matches nothing here"});
  const Cluster cluster = WithTwoNamespacePods(kServices + missing);
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "none");

  CHECK(Warnings(kServices + ClientTo("[{k8sService: {serviceName: external, namespace: b}}]")) ==
        std::vector<std::string>{
            "test.yaml:62:31: warning: toServices: Service b/external has no selector: its "
            "endpoints (Endpoints, EndpointSlices) are not modelled; this entry matches nothing "
            "here"});
}

TEST_CASE("explain names the Service behind a toServices peer and where it is written",
          "[cilium][services][explain]") {
  const Cluster cluster = WithTwoNamespacePods(
      kServices + ClientTo("[{k8sService: {serviceName: web, namespace: b}}]"));
  const Evaluator evaluator(cluster);
  const Endpoint client = Endpoint::ForPod(*cluster.FindPod("a", "client"));
  std::string prefix = "toServices k8sService b/web (";
  const SourceLoc& service_loc = cluster.FindService("b", "web")->loc;
  prefix += service_loc.file;
  prefix += ":";
  prefix += std::to_string(service_loc.line);
  prefix += "): the pods its selector app=web selects; ";
  struct Case {
    const char* pod;
    bool matched;
  };
  for (const Case& c : {Case{"web", true}, Case{"other", false}}) {
    INFO(c.pod);
    const Explanation e = Explain(evaluator, client, Endpoint::ForPod(*cluster.FindPod("b", c.pod)));
    REQUIRE(e.egress.policies.size() == 1);
    REQUIRE(e.egress.policies[0].rules.size() == 1);
    REQUIRE(e.egress.policies[0].rules[0].peers.size() == 1);
    const PeerTrace& peer = e.egress.policies[0].rules[0].peers[0];
    CHECK(peer.matched == c.matched);
    CHECK(peer.reason.substr(0, prefix.size()) == prefix);
  }
  // A Service that is not in the inputs is named too.
  const Cluster missing = WithTwoNamespacePods(
      kServices + ClientTo("[{k8sService: {serviceName: api, namespace: b}}]"));
  const Evaluator missing_evaluator(missing);
  const Explanation e =
      Explain(missing_evaluator, Endpoint::ForPod(*missing.FindPod("a", "client")),
              Endpoint::ForPod(*missing.FindPod("b", "web")));
  REQUIRE(e.egress.policies.size() == 1);
  CHECK(e.egress.policies[0].rules[0].peers[0].reason.rfind(
            "toServices k8sService b/api: no such Service in the inputs, so ", 0) == 0);
}

// A CCNP on every app=client pod whose only egress peer is `services`.
std::string CcnpClientTo(const std::string& services) {
  std::string text =
      "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: "
      "client}\nspec:\n  endpointSelector: {matchLabels: {app: client}}\n  egress:\n"
      "  - toServices: ";
  text += services;
  text += "\n";
  return text;
}

TEST_CASE("a CCNP toServices k8sService without a namespace matches a Service of that name in "
          "every namespace (Cilium's rule translation: an empty namespace matches any)",
          "[cilium][services]") {
  // b/web selects app=web; a Service of the same name in namespace a
  // selects app=server.
  std::string text = kServices;
  text += "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: a}\n"
          "spec: {selector: {app: server}, ports: [{port: 80}]}\n---\n";
  text += CcnpClientTo("[{k8sService: {serviceName: web}}]");
  const Cluster cluster = WithTwoNamespacePods(text);
  for (const char* to : {"b/web", "a/server"}) {
    INFO(to);
    CHECK(AllowedPorts(cluster, "a/client", to).ToString() == "all ports");
    CHECK(EnginePorts(cluster, "a/client", to).ToString() == "all ports");
  }
  CHECK(AllowedPorts(cluster, "a/client", "b/other").ToString() == "none");
  CHECK(Warnings(text).empty());
}

TEST_CASE("a CCNP toServices k8sService without a namespace naming no Service is a warning at "
          "the entry and matches nothing",
          "[cilium][services]") {
  const std::string ccnp = CcnpClientTo("[{k8sService: {serviceName: nothere}}]");
  std::string text(kTwoNamespacePods);
  text += "\n---\n";
  text += kServices;
  // Where the k8sService map starts: its line and column in the input.
  const std::size_t at = text.size() + ccnp.find("{serviceName");
  text += ccnp;
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  const std::size_t col = at - text.rfind('\n', at);
  std::string expected = "test.yaml:";
  expected += std::to_string(line);
  expected += ":";
  expected += std::to_string(col);
  expected += ": warning: toServices: no Service named nothere in any namespace of the inputs (a "
              "k8sService without a namespace in a CiliumClusterwideNetworkPolicy matches that "
              "name in every namespace); this entry matches nothing here";
  CHECK(Warnings(kServices + ccnp) == std::vector<std::string>{expected});
  const Cluster cluster = WithTwoNamespacePods(kServices + ccnp);
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "none");
}

// Labelled Services: b/web (tier=api, selects app=web), b/other-svc
// (tier=batch, selects app=other), a/server (tier=api, selects app=server)
// and b/external (tier=api, no selector).
const std::string kLabelledServices = R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: b, labels: {tier: api}}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: other-svc, namespace: b, labels: {tier: batch}}
spec: {selector: {app: other}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: server, namespace: a, labels: {tier: api}}
spec: {selector: {app: server}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: b, labels: {tier: api}}
spec: {ports: [{port: 443}]}
---
)";

TEST_CASE("a CCNP toServices k8sService without a namespace naming a Service without a selector "
          "is a warning naming that Service, and adds nothing",
          "[cilium][services]") {
  // b/external has no selector; no other Service is named external.
  const std::string text = std::string(kLabelledServices) +
                           CcnpClientTo("[{k8sService: {serviceName: external}}]");
  const std::vector<std::string> warnings = Warnings(text);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].ends_with(
      ": warning: toServices: Service b/external has no selector: its endpoints (Endpoints, "
      "EndpointSlices) are not modelled; it adds nothing here"));
  const Cluster cluster = WithTwoNamespacePods(text);
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "none");
}

TEST_CASE("toServices k8sServiceSelector allows the pods of every Service of its namespace whose "
          "labels the selector matches (Cilium: Services referenced by label selector; the "
          "Service's selector is the endpoint selector)",
          "[cilium][services]") {
  const std::string cnp =
      ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: api}}, namespace: b}}]");
  const Cluster cluster = WithTwoNamespacePods(kLabelledServices + cnp);
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "all ports");
  CHECK(EnginePorts(cluster, "a/client", "b/web").ToString() == "all ports");
  // b/other-svc is labelled tier=batch; a/server's Service is in namespace a.
  for (const char* to : {"b/other", "a/server"}) {
    INFO(to);
    CHECK(AllowedPorts(cluster, "a/client", to).ToString() == "none");
    CHECK(EnginePorts(cluster, "a/client", to).ToString() == "none");
  }
}

TEST_CASE("toServices k8sServiceSelector without a namespace selects Services of the policy's "
          "namespace in a CiliumNetworkPolicy",
          "[cilium][services]") {
  const Cluster cluster = WithTwoNamespacePods(
      kLabelledServices + ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: api}}}}]"));
  CHECK(AllowedPorts(cluster, "a/client", "a/server").ToString() == "all ports");
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "none");
}

TEST_CASE("toServices k8sServiceSelector without a namespace in a CCNP selects Services of every "
          "namespace (Cilium's rule translation: an empty namespace matches any)",
          "[cilium][services]") {
  const Cluster cluster = WithTwoNamespacePods(
      kLabelledServices +
      CcnpClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: api}}}}]"));
  for (const char* to : {"b/web", "a/server"}) {
    INFO(to);
    CHECK(AllowedPorts(cluster, "a/client", to).ToString() == "all ports");
    CHECK(EnginePorts(cluster, "a/client", to).ToString() == "all ports");
  }
  CHECK(AllowedPorts(cluster, "a/client", "b/other").ToString() == "none");
}

TEST_CASE("toServices k8sServiceSelector reads matchExpressions and the k8s: source prefix as an "
          "endpoint selector does",
          "[cilium][services]") {
  struct Case {
    const char* selector;
    const char* web;    // a/client -> b/web
    const char* other;  // a/client -> b/other
  };
  for (const Case& c : {
           Case{"{matchExpressions: [{key: tier, operator: In, values: [api, batch]}]}",
                "all ports", "all ports"},
           Case{"{matchExpressions: [{key: tier, operator: NotIn, values: [api]}]}", "none",
                "all ports"},
           Case{"{matchLabels: {'k8s:tier': batch}}", "none", "all ports"},
           Case{"{matchLabels: {'any:tier': api}}", "all ports", "none"},
       }) {
    INFO(c.selector);
    std::string services = "[{k8sServiceSelector: {namespace: b, selector: ";
    services += c.selector;
    services += "}}]";
    const Cluster cluster = WithTwoNamespacePods(kLabelledServices + ClientTo(services));
    CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == c.web);
    CHECK(AllowedPorts(cluster, "a/client", "b/other").ToString() == c.other);
  }
}

TEST_CASE("toServices k8sServiceSelector that selects no Service, or a Service without a "
          "selector, is a warning naming both and adds nothing",
          "[cilium][services]") {
  CHECK(Warnings(kLabelledServices +
                 ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: web}}, "
                          "namespace: b}}]")) ==
        std::vector<std::string>{
            "test.yaml:72:39: warning: toServices: k8sServiceSelector tier=web selects no Service "
            "in namespace b of the inputs; this entry matches nothing here"});
  const std::string api_in_b =
      ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: api}}, namespace: b}}]");
  CHECK(Warnings(kLabelledServices + api_in_b) ==
        std::vector<std::string>{
            "test.yaml:72:39: warning: toServices: k8sServiceSelector tier=api selects Service "
            "b/external, which has no selector: its endpoints (Endpoints, EndpointSlices) are "
            "not modelled; it adds nothing here"});
  // Unmatched, the peer matches no pod at all (not every pod: the selector
  // is a Service label selector, never a pod selector).
  const Cluster none = WithTwoNamespacePods(
      kLabelledServices +
      ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: web}}, namespace: b}}]"));
  CHECK(AllowedPorts(none, "a/client", "b/web").ToString() == "none");
  // A Service selected by name that also carries the selector's labels is
  // the same Service: no label of a selected Service leaks into the pods.
  const Cluster app_labelled = WithTwoNamespacePods(
      kLabelledServices +
      ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: batch}}, namespace: b}}]"));
  CHECK(AllowedPorts(app_labelled, "a/client", "b/other").ToString() == "all ports");
  CHECK(AllowedPorts(app_labelled, "a/client", "b/web").ToString() == "none");
}

TEST_CASE("toServices k8sServiceSelector with a namespace label in its selector selects no "
          "Service (Services carry only their own labels): a warning, matching nothing",
          "[cilium][services]") {
  const std::string cnp = ClientTo(
      "[{k8sServiceSelector: {selector: {matchLabels: {'k8s:io.kubernetes.pod.namespace': b}}}}]");
  const std::vector<std::string> warnings = Warnings(kLabelledServices + cnp);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("a namespace label selects no Service"));
  const Cluster cluster = WithTwoNamespacePods(kLabelledServices + cnp);
  CHECK(AllowedPorts(cluster, "a/client", "b/web").ToString() == "none");
}

TEST_CASE("toServices k8sServiceSelector without its required selector is an input error",
          "[cilium][services]") {
  const std::vector<std::string> errors = LoadErrors(
      std::string(kTwoNamespacePods) + "\n---\n" + ClientTo("[{k8sServiceSelector: {namespace: b}}]"));
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::Contains("spec.egress[0].toServices[0].k8sServiceSelector.selector"));
}

TEST_CASE("explain names the k8sServiceSelector and the Service it selected behind a peer",
          "[cilium][services][explain]") {
  const Cluster cluster = WithTwoNamespacePods(
      kLabelledServices +
      ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {tier: api}}, namespace: b}}]"));
  const Evaluator evaluator(cluster);
  const Explanation e = Explain(evaluator, Endpoint::ForPod(*cluster.FindPod("a", "client")),
                                Endpoint::ForPod(*cluster.FindPod("b", "web")));
  REQUIRE(e.egress.policies.size() == 1);
  REQUIRE(e.egress.policies[0].rules.size() == 1);
  const std::vector<PeerTrace>& peers = e.egress.policies[0].rules[0].peers;
  REQUIRE(peers.size() == 1);  // b/external has no selector: no peer
  CHECK(peers[0].matched);
  const SourceLoc& loc = cluster.FindService("b", "web")->loc;
  std::string prefix = "toServices k8sServiceSelector tier=api selects Service b/web (";
  prefix += loc.file;
  prefix += ":";
  prefix += std::to_string(loc.line);
  prefix += "): the pods its selector app=web selects; ";
  CHECK(peers[0].reason.substr(0, prefix.size()) == prefix);
}

}  // namespace
}  // namespace netpol::testing
