// Calico's service account and service matching: `serviceAccountSelector` of
// a policy, `serviceAccounts` and `services` of a rule's source or
// destination. One documented behaviour a case (docs.tigera.io, "Use service
// accounts rules in policy", "Use service rules in policy" and the
// NetworkPolicy reference), checked on the class engine and the Evaluator.
// Pods of kIdentityPods:
//   shop/web   app=web, ServiceAccount web-sa (role=frontend)
//   shop/api   app=api, http TCP 8080, ServiceAccount api-sa (role=backend)
//   shop/api2  app=api, http TCP 8080, no serviceAccountName: `default`,
//              which is not in the inputs
//   other/client app=client, ServiceAccount web-sa of namespace other (role=frontend)
// Service shop/api-svc selects app=api: port 80 -> targetPort http,
// port 9090 -> targetPort 9091. Service shop/manual has no selector.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/two_namespace_pods.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

constexpr const char* kIdentityPods = R"(apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web-sa, namespace: shop, labels: {role: frontend}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api-sa, namespace: shop, labels: {role: backend}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web-sa, namespace: other, labels: {role: frontend}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {serviceAccountName: web-sa, containers: [{name: w, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  serviceAccountName: api-sa
  containers: [{name: a, image: x, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: api2, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: a, image: x, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: other, labels: {app: client}}
spec: {serviceAccount: web-sa, containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Service
metadata: {name: api-svc, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: admin, port: 9090, targetPort: 9091}
---
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: shop}
spec:
  ports: [{port: 80}]
---
)";

std::string Fixture(const std::string& policies) {
  std::string text(kIdentityPods);
  text += policies;
  return text;
}

Cluster With(const std::string& policies) { return LoadOrFail(Fixture(policies)); }

std::string Np(const std::string& name, const std::string& ns, const std::string& spec) {
  std::string text = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: ";
  text += name;
  text += ", namespace: ";
  text += ns;
  text += "}\nspec:\n";
  text += spec;
  text += "\n---\n";
  return text;
}

PortSet Tcp(int port) { return PortSet::Single(Protocol::kTCP, port); }

void CheckPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                const PortSet& expected) {
  INFO(from << " -> " << to << ", expected " << expected.ToString());
  CHECK(EnginePorts(cluster, from, to).ToString() == expected.ToString());
  CHECK(AllowedPorts(cluster, from, to).ToString() == expected.ToString());
}

std::vector<std::string> Warnings(const std::string& policies) {
  LoadResult result = LoadText(Fixture(policies), "test.yaml");
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity != Severity::kNote) out.push_back(d.ToString());
  }
  return out;
}

const Pod& PodNamed(const Cluster& cluster, const std::string& ns, const std::string& name) {
  auto id = cluster.FindPod(ns, name);
  REQUIRE(id);
  return cluster.pods[*id];
}

TEST_CASE("a pod that names no service account uses the default ServiceAccount of its "
          "namespace; serviceAccountName, else the deprecated serviceAccount, names it",
          "[calico][parse]") {
  const Cluster c = With("");
  CHECK(PodNamed(c, "shop", "api2").service_account == "default");
  CHECK(PodNamed(c, "shop", "api").service_account == "api-sa");
  CHECK(PodNamed(c, "other", "client").service_account == "web-sa");  // spec.serviceAccount
  REQUIRE(c.service_accounts.size() == 3);
  const ServiceAccount* account = c.FindServiceAccount("shop", "api-sa");
  REQUIRE(account);
  CHECK(account->labels == Labels{{"role", "backend"}});
  // A workload's pods run under its pod template's account.
  const Cluster workload = LoadOrFail(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: batch, namespace: jobs}
spec:
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec: {serviceAccountName: runner, containers: [{name: b, image: x}]}
)");
  REQUIRE(workload.pods.size() == 1);
  CHECK(workload.pods[0].service_account == "runner");
}

TEST_CASE("Calico serviceAccountSelector: the policy applies only to pods whose ServiceAccount's "
          "labels match it, together with its selector",
          "[calico]") {
  // shop/api and shop/api2 differ only in their ServiceAccount: the class
  // engine must not put them in one class.
  const Cluster c = With(Np("backend-deny", "shop",
                            "  selector: app == 'api'\n"
                            "  serviceAccountSelector: role == 'backend'\n"
                            "  ingress: [{action: Deny}]"));
  CheckPorts(c, "shop/web", "shop/api", PortSet());
  CheckPorts(c, "shop/web", "shop/api2", PortSet::All());
  CheckPorts(c, "shop/api2", "shop/web", PortSet::All());
}

TEST_CASE("Calico serviceAccountSelector: a ServiceAccount is selected by name with the "
          "projectcalico.org/name label",
          "[calico]") {
  const Cluster c = With(Np("by-name", "shop",
                            "  serviceAccountSelector: projectcalico.org/name == 'web-sa'\n"
                            "  egress: [{action: Deny}]"));
  CheckPorts(c, "shop/web", "shop/api", PortSet());
  CheckPorts(c, "shop/api", "shop/web", PortSet::All());
}

TEST_CASE("Calico rule serviceAccounts names: an exact match on the service account name, in "
          "the policy's namespace unless a namespaceSelector widens it",
          "[calico]") {
  const std::string allow_web =
      "  selector: app == 'api'\n"
      "  ingress:\n"
      "  - action: Allow\n"
      "    source: {serviceAccounts: {names: [web-sa]}";
  const Cluster c = With(Np("from-web", "shop", allow_web + "}"));
  CheckPorts(c, "shop/web", "shop/api", PortSet::All());
  CheckPorts(c, "shop/api2", "shop/api", PortSet());        // runs under default
  CheckPorts(c, "other/client", "shop/api", PortSet());     // web-sa of another namespace
  const Cluster wide = With(Np("from-web", "shop", allow_web + ", namespaceSelector: all()}"));
  CheckPorts(wide, "other/client", "shop/api", PortSet::All());
  CheckPorts(wide, "shop/api2", "shop/api", PortSet());
}

TEST_CASE("Calico rule serviceAccounts: names and selector, both given, must both hold",
          "[calico]") {
  const Cluster c = With(Np("both", "shop",
                            "  selector: app == 'web'\n"
                            "  ingress:\n"
                            "  - action: Allow\n"
                            "    source:\n"
                            "      serviceAccounts: {names: [web-sa, api-sa], selector: role == 'backend'}"));
  CheckPorts(c, "shop/api", "shop/web", PortSet::All());   // api-sa, backend
  CheckPorts(c, "shop/web", "shop/web", PortSet());        // web-sa, but frontend
  CheckPorts(c, "shop/api2", "shop/web", PortSet());       // default: not named
}

TEST_CASE("Calico rule serviceAccounts: a ServiceAccount missing from the inputs has no labels, "
          "but its name still matches",
          "[calico]") {
  const Cluster c = With(Np("unlabelled", "shop",
                            "  selector: app == 'web'\n"
                            "  ingress:\n"
                            "  - action: Allow\n"
                            "    source: {serviceAccounts: {selector: '!has(role)'}}\n"
                            "  - action: Allow\n"
                            "    protocol: TCP\n"
                            "    source: {serviceAccounts: {names: [default]}}\n"
                            "    destination: {ports: [443]}"));
  CheckPorts(c, "shop/api2", "shop/web", PortSet::All());
  CheckPorts(c, "shop/api", "shop/web", PortSet());
  const std::vector<std::string> warnings = Warnings(Np("unlabelled", "shop",
                                                        "  ingress:\n"
                                                        "  - action: Allow\n"
                                                        "    source: {serviceAccounts: {selector: has(role)}}"));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "test.yaml:33:1: warning: shop/api2 runs under ServiceAccount shop/default, which is not "
        "in the inputs: netpol reads it without labels, so a Calico service account selector "
        "that reads labels does not match it");
}

TEST_CASE("Calico rule services in a destination: the Service's endpoints, on the ports "
          "detected from the Service (its targetPorts on the pod)",
          "[calico]") {
  const Cluster c = With(Np("to-api", "other",
                            "  selector: app == 'client'\n"
                            "  egress:\n"
                            "  - action: Allow\n"
                            "    destination: {services: {name: api-svc, namespace: shop}}"));
  PortSet api = Tcp(8080);  // port 80 -> targetPort http (8080 on the pod)
  api.Merge(Tcp(9091));     // port 9090 -> targetPort 9091
  CheckPorts(c, "other/client", "shop/api", api);
  CheckPorts(c, "other/client", "shop/api2", api);
  CheckPorts(c, "other/client", "shop/web", PortSet());
  // A protocol on the rule narrows the Service's ports.
  const Cluster udp = With(Np("to-api", "other",
                              "  selector: app == 'client'\n"
                              "  egress:\n"
                              "  - action: Allow\n"
                              "    protocol: UDP\n"
                              "    destination: {services: {name: api-svc, namespace: shop}}"));
  CheckPorts(udp, "other/client", "shop/api", PortSet());
}

TEST_CASE("Calico rule services without a namespace: the namespaced policy's own namespace",
          "[calico]") {
  const Cluster c = With(Np("to-api", "shop",
                            "  selector: app == 'web'\n"
                            "  egress:\n"
                            "  - action: Allow\n"
                            "    destination: {services: {name: api-svc}}"));
  PortSet api = Tcp(8080);
  api.Merge(Tcp(9091));
  CheckPorts(c, "shop/web", "shop/api", api);
}

TEST_CASE("Calico rule services in a source: the Service's endpoints, on any port", "[calico]") {
  const Cluster c = With(Np("from-api", "shop",
                            "  selector: app == 'web'\n"
                            "  ingress:\n"
                            "  - action: Allow\n"
                            "    source: {services: {name: api-svc}}"));
  CheckPorts(c, "shop/api", "shop/web", PortSet::All());
  CheckPorts(c, "shop/api2", "shop/web", PortSet::All());
  CheckPorts(c, "other/client", "shop/web", PortSet());
}

TEST_CASE("Calico rule services naming a Service not in the inputs, or one without a selector: "
          "a warning at its location, and the rule matches nothing",
          "[calico]") {
  const std::string policy = Np("to-missing", "shop",
                                "  selector: app == 'web'\n"
                                "  egress:\n"
                                "  - action: Allow\n"
                                "    destination:\n"
                                "      services: {name: nowhere}\n"
                                "  - action: Allow\n"
                                "    destination:\n"
                                "      services: {name: manual}");
  CHECK(Warnings(policy) ==
        std::vector<std::string>{
            "test.yaml:67:17: warning: NetworkPolicy shop/to-missing: services: no Service "
            "shop/nowhere in the inputs; this rule matches nothing here",
            "test.yaml:70:17: warning: NetworkPolicy shop/to-missing: services: Service shop/manual "
            "has no selector: its endpoints (Endpoints, EndpointSlices) are not modelled; this "
            "rule matches nothing here"});
  const Cluster c = With(policy);
  CheckPorts(c, "shop/web", "shop/api", PortSet());
}

TEST_CASE("Calico rule services in a GlobalNetworkPolicy without a namespace: a warning, and the "
          "rule matches nothing (there is no policy namespace to default to)",
          "[calico]") {
  const std::string policy =
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec:\n"
      "  selector: app == 'web'\n"
      "  egress:\n"
      "  - action: Allow\n"
      "    destination: {services: {name: api-svc}}\n";
  CHECK(Warnings(policy) ==
        std::vector<std::string>{
            "test.yaml:66:29: warning: GlobalNetworkPolicy g: services: Service api-svc names no "
            "namespace and a GlobalNetworkPolicy has none to default to; this rule matches nothing"});
  CheckPorts(With(policy), "shop/web", "shop/api", PortSet());
}

TEST_CASE("Calico rule services in a destination takes no other selection criteria (the API "
          "server rejects it)",
          "[calico][parse]") {
  const std::vector<std::string> errors =
      LoadErrors(Fixture(Np("mixed", "shop",
                            "  egress:\n"
                            "  - action: Allow\n"
                            "    destination: {selector: app == 'api', services: {name: api-svc}}")));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "test.yaml:65:18: error: NetworkPolicy shop/mixed: spec.egress[0].destination: services: a "
        "destination with services may set no other field (the Service gives the endpoints and "
        "their ports)");
}

TEST_CASE("explain names the ServiceAccount and the Service a Calico rule matched",
          "[calico][explain]") {
  const CliResult result = RunCli({"explain", "--from", "shop/checkout", "--to", "shop/ledger",
                                   "tests/data/calico/service-accounts.yaml"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("[serviceAccountSelector matches ServiceAccount shop/payments of "
                        "shop/checkout; destination is an endpoint of Service shop/ledger]") !=
        std::string::npos);
  CHECK(result.out.find("[source shop/checkout runs under ServiceAccount shop/payments]") !=
        std::string::npos);
  CHECK(result.out.find("Verdict: ALLOWED on TCP 9443") != std::string::npos);
}

}  // namespace
}  // namespace netpol::testing
