// Endpoints named as kubectl names objects: KIND/NAMESPACE/NAME and KIND/NAME
// with the kind's kubectl names (po, deploy, deployment.apps, sts, svc...),
// case-insensitive; a first segment that is a kind name is always the kind
// (kubectl's TYPE/NAME), and KIND/NAME is in namespace "default".
#include <catch2/catch.hpp>

#include "netpol/endpoint_ref.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadOrFail;

std::string Workload(const std::string& kind, const std::string& ns, const std::string& name,
                     const std::string& app) {
  return "apiVersion: apps/v1\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: " +
         ns + "}\nspec:\n  template:\n    metadata: {labels: {app: " + app +
         "}}\n    spec: {containers: [{name: c}]}\n";
}

std::string BarePod(const std::string& ns, const std::string& name, const std::string& app) {
  return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns +
         ", labels: {app: " + app + "}}\nspec: {containers: [{name: c}]}\n";
}

// A Pod and a Deployment both named "web" in shop, a StatefulSet "db", a
// Service "web" selecting the Deployment's pods, and a pod in "default".
Cluster KindCluster() {
  return LoadOrFail(BarePod("shop", "web", "debug") + "---\n" +
                    Workload("Deployment", "shop", "web", "web") + "---\n" +
                    Workload("StatefulSet", "shop", "db", "db") + "---\n" +
                    BarePod("default", "tool", "tool") + "---\n" +
                    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
                    "spec: {selector: {app: web}, ports: [{port: 80}]}\n");
}

std::vector<std::string> Resolve(const Cluster& cluster, const std::string& text) {
  const Result<EndpointRef> ref = EndpointRef::Parse(text);
  if (!ref.ok()) return {"error: " + ref.status().message()};
  std::vector<std::string> names;
  for (const Endpoint& endpoint : ResolveEndpointRef(*ref, cluster)) {
    names.push_back(EndpointName(endpoint, cluster));
  }
  return names;
}

TEST_CASE("KIND/NS/NAME endpoints take kubectl's kind names and pick that kind of object",
          "[endpoint_ref][kinds]") {
  const Cluster cluster = KindCluster();
  using Names = std::vector<std::string>;
  const struct {
    const char* text;
    Names expected;
  } kCases[] = {
      {"shop/web", {"shop/web"}},  // the bare pod comes first, as before
      {"pod/shop/web", {"shop/web"}},
      {"po/shop/web", {"shop/web"}},
      {"PODS/shop/web", {"shop/web"}},
      {"deploy/shop/web", {"shop/web[Deployment]"}},
      {"Deployment/shop/web", {"shop/web[Deployment]"}},
      {"deployments/shop/web", {"shop/web[Deployment]"}},
      {"deployment.apps/shop/web", {"shop/web[Deployment]"}},
      {"sts/shop/db", {"shop/db[StatefulSet]"}},
      {"statefulset/shop/db", {"shop/db[StatefulSet]"}},
      {"svc/shop/web", {"shop/web[Deployment]"}},  // the pods the Service selects
      {"services/shop/web", {"shop/web[Deployment]"}},
      {"ds/shop/db", {}},      // no DaemonSet db: nothing, never the StatefulSet
      {"pod/shop/db", {}},     // a StatefulSet is not a Pod
      {"deploy/shop/tool", {}},
      {"pod/tool", {"default/tool"}},  // KIND/NAME: namespace "default", as kubectl
      {"po/tool", {"default/tool"}},
  };
  for (const auto& c : kCases) {
    INFO(c.text);
    CHECK(Resolve(cluster, c.text) == c.expected);
  }
}

TEST_CASE("an unknown or non-endpoint kind is an input error naming the accepted kinds",
          "[endpoint_ref][kinds]") {
  const Cluster cluster = KindCluster();
  const std::string kinds =
      "pod (po), service (svc), deployment (deploy), statefulset (sts), daemonset (ds) or "
      "replicaset (rs)";
  CHECK(Resolve(cluster, "frob/shop/web") ==
        std::vector<std::string>{"error: unknown kind \"frob\" in \"frob/shop/web\": expected "
                                 "KIND/NAMESPACE/NAME with KIND one of " + kinds});
  CHECK(Resolve(cluster, "netpol/shop/web") ==
        std::vector<std::string>{"error: \"netpol/shop/web\" names a NetworkPolicy, not an "
                                 "endpoint: expected " + kinds});
  CHECK(Resolve(cluster, "ns/shop") ==
        std::vector<std::string>{"error: \"ns/shop\" names a Namespace, not an endpoint: "
                                 "expected " + kinds});
  CHECK(Resolve(cluster, "pod//web") ==
        std::vector<std::string>{"error: expected KIND/NAMESPACE/NAME or KIND/NAME, got \"pod//web\""});
}

TEST_CASE("a first segment that is a kind name is the kind; pod/NS/NAME names a pod of such a "
          "namespace", "[endpoint_ref][kinds]") {
  // A namespace named "svc" (a kind's short name): svc/api is the Service api
  // in "default", as `kubectl get svc/api`; pod/svc/api is the pod.
  const Cluster cluster = LoadOrFail(BarePod("svc", "api", "api"));
  CHECK(Resolve(cluster, "svc/api").empty());
  CHECK(Resolve(cluster, "pod/svc/api") == std::vector<std::string>{"svc/api"});
  // Namespaces that are no kind name keep the NS/NAME form, and selectors
  // with a slash in their key are still selectors.
  CHECK(Resolve(cluster, "svc/app=api") == std::vector<std::string>{"svc/api"});
}

}  // namespace
}  // namespace netpol
