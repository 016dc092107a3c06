// Cilium toServices: a k8sService peer is the pods of the Service it names;
// what netpol cannot resolve is a warning and matches nothing.
#include <catch2/catch.hpp>

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
  CHECK(Warnings(kServices + ClientTo("[{k8sServiceSelector: {selector: {matchLabels: {a: "
                                      "b}}}}]")) ==
        std::vector<std::string>{
            "test.yaml:62:39: warning: CiliumNetworkPolicy a/client: spec.egress[0].toServices[0].k8sServiceSelector: "
            "selecting Services by their labels is not modelled (netpol does not read Service "
            "labels); this entry matches nothing here"});
}

}  // namespace
}  // namespace netpol::testing
