// The pods both engine-level tier tests (tier_merge_test, cilium_policy_test)
// run on: namespaces a (team=a) and b (team=b);
//   a/client (app=client, 10.0.1.10), a/server (app=server, http TCP 80,
//   dns UDP 53, 10.0.1.11), b/other (app=other, 10.0.2.10),
//   b/web (app=web, http TCP 8080, 10.0.2.11).
#ifndef NETPOL_TESTS_ENGINE_TWO_NAMESPACE_PODS_H_
#define NETPOL_TESTS_ENGINE_TWO_NAMESPACE_PODS_H_

#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "netpol/netpol.h"

#include "test_support.h"

namespace netpol::testing {

inline constexpr const char* kTwoNamespacePods = R"(
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: a, labels: {app: client}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: a, labels: {app: server}}
spec:
  containers:
  - name: s
    image: x
    ports:
    - {name: http, containerPort: 80}
    - {name: dns, containerPort: 53, protocol: UDP}
status: {podIP: 10.0.1.11}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: b, labels: {app: other}}
spec: {containers: [{name: o, image: x}]}
status: {podIP: 10.0.2.10}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: b, labels: {app: web}}
spec:
  containers:
  - name: w
    image: x
    ports:
    - {name: http, containerPort: 8080}
status: {podIP: 10.0.2.11}
)";

// The fixture's pods with `policies` (YAML documents) appended.
inline Cluster WithTwoNamespacePods(const std::string& policies) {
  // Appended, not `std::string(...) + ...`: gcc 12 warns falsely
  // (-Warray-bounds) on that temporary in files built with the test PCH.
  std::string text(kTwoNamespacePods);
  text += "\n---\n";
  text += policies;
  return LoadOrFail(text);
}

// The ports from -> to, as the class engine computes them (pods by id).
inline PortSet EnginePorts(const Cluster& cluster, const std::string& from, const std::string& to) {
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster), cluster);
  std::optional<NodeId> a;
  std::optional<NodeId> b;
  for (NodeId id : graph.NodeIds()) {
    if (graph.Node(id).id == from) a = id;
    if (graph.Node(id).id == to) b = id;
  }
  REQUIRE(a);
  REQUIRE(b);
  return graph.PortsBetween(*a, *b);
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_ENGINE_TWO_NAMESPACE_PODS_H_
