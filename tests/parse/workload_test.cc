// Workloads, owner folding, Services and hostNetwork pods: the inputs people
// really have (Deployments, Helm output, `kubectl get -A -o yaml` dumps).
#include <catch2/catch.hpp>

#include "netpol/check.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadOrFail;

std::vector<std::string> Ids(const Cluster& cluster) {
  std::vector<std::string> ids;
  for (const Pod& pod : cluster.pods) ids.push_back(pod.Id());
  return ids;
}

std::string Workload(const std::string& kind, const std::string& api, const std::string& name,
                     const std::string& template_path = "template") {
  std::string text = "apiVersion: " + api + "\nkind: " + kind + "\nmetadata:\n  name: " + name +
                     "\n  namespace: shop\n  labels: {owner-label: not-for-policies}\nspec:\n";
  std::string indent = "  ";
  if (template_path == "jobTemplate") {
    text += "  jobTemplate:\n    spec:\n";
    indent = "      ";
  }
  text += indent + "template:\n" + indent + "  metadata:\n" + indent + "    labels: {app: " + name +
          "}\n" + indent + "  spec:\n" + indent + "    containers:\n" + indent +
          "    - name: c\n" + indent + "      ports: [{containerPort: 8080, name: http}]\n";
  return text;
}

TEST_CASE("every workload kind is one endpoint with its pod template's labels and ports", "[workloads]") {
  Cluster cluster = LoadOrFail(Workload("Deployment", "apps/v1", "web") + "---\n" +
                               Workload("StatefulSet", "apps/v1", "db") + "---\n" +
                               Workload("DaemonSet", "apps/v1", "agent") + "---\n" +
                               Workload("ReplicaSet", "apps/v1", "rs") + "---\n" +
                               Workload("ReplicationController", "v1", "rc") + "---\n" +
                               Workload("Job", "batch/v1", "once") + "---\n" +
                               Workload("CronJob", "batch/v1", "nightly", "jobTemplate"));
  CHECK(Ids(cluster) == std::vector<std::string>{
                            "shop/agent[DaemonSet]", "shop/db[StatefulSet]", "shop/nightly[CronJob]",
                            "shop/once[Job]", "shop/rc[ReplicationController]", "shop/rs[ReplicaSet]",
                            "shop/web[Deployment]"});
  for (const Pod& endpoint : cluster.pods) {
    // Template labels, not metadata (plus what the controller adds, see
    // controller_labels_test.cc).
    CHECK(endpoint.labels.at("app") == endpoint.name);
    CHECK(endpoint.labels.count("owner-label") == 0);
    REQUIRE(endpoint.ports.size() == 1);
    CHECK(endpoint.ports[0].name == "http");
  }
}

TEST_CASE("a workload without a pod template is an error", "[workloads][errors]") {
  CHECK(testing::LoadErrors("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {replicas: 2}\n") ==
        std::vector<std::string>{"test.yaml:4:7: error: Deployment default/w: spec.template: required field missing (a "
                                 "workload needs a pod template)"});
}

TEST_CASE("pods owned by a Deployment's ReplicaSet fold into the Deployment", "[workloads]") {
  Cluster cluster = LoadOrFail(Workload("Deployment", "apps/v1", "web") + R"(---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d9c
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d9c-abcde
  namespace: shop
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9c, controller: true}]
spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}
status: {podIP: 10.1.0.7}
)");
  CHECK(Ids(cluster) == std::vector<std::string>{"shop/web[Deployment]"});
  REQUIRE(cluster.pods[0].ips.size() == 1);
  CHECK(cluster.pods[0].ips[0].ToString() == "10.1.0.7");
  CHECK(cluster.pods[0].folded_pods == 1);
}

TEST_CASE("a pod whose labels differ from its owner's template is reported, not merged", "[workloads]") {
  LoadResult result = LoadText(Workload("Deployment", "apps/v1", "web") + R"(---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels: {app: web, debug: "true"}
  ownerReferences: [{kind: Deployment, name: web, controller: true}]
)",
                               "in.yaml");
  CHECK_FALSE(result.HasErrors());
  CHECK(Ids(result.cluster) == std::vector<std::string>{"shop/web[Deployment]", "shop/web-1"});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].ToString() ==
        "in.yaml:16:1: warning: pod shop/web-1 differs from the pod template of its owner "
        "shop/web[Deployment] (labels, ports or hostNetwork); kept as its own endpoint");
}

TEST_CASE("replicas whose owner is not in the inputs fold into one endpoint named after it", "[workloads]") {
  std::string pods;
  for (const char* name : {"agent-a", "agent-b"}) {
    pods += std::string("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ") + name +
            "\n  namespace: ops\n  labels: {app: agent}\n  ownerReferences: [{kind: DaemonSet, "
            "name: agent, controller: true}]\n";
  }
  Cluster cluster = LoadOrFail(pods);
  CHECK(Ids(cluster) == std::vector<std::string>{"ops/agent[DaemonSet]"});
  CHECK(cluster.pods[0].folded_pods == 2);
}

TEST_CASE("an owner reference that is not the controller does not fold", "[workloads]") {
  Cluster cluster = LoadOrFail("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences: [{kind: ConfigMap, name: c}]\n");
  CHECK(Ids(cluster) == std::vector<std::string>{"default/p"});
}

TEST_CASE("Services load with numeric and named target ports", "[services]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: admin, port: 9000, targetPort: 9090}
  - {name: dns, port: 53, protocol: UDP}
)");
  REQUIRE(cluster.services.size() == 1);
  const Service& service = cluster.services[0];
  CHECK(service.Id() == "shop/web");
  REQUIRE(service.ports.size() == 3);
  CHECK(service.ports[0].target_port_name == "http");
  CHECK(service.ports[1].target_port == 9090);
  CHECK_FALSE(service.ports[2].target_port.has_value());
  Pod pod;
  pod.ports = {ContainerPort{"http", 8080, Protocol::kTCP, {}}};
  CHECK(service.TargetPorts(PortSet::Single(Protocol::kTCP, 80), pod) == PortSet::Single(Protocol::kTCP, 8080));
  CHECK(service.TargetPorts(PortSet::Single(Protocol::kTCP, 9000), pod) == PortSet::Single(Protocol::kTCP, 9090));
  CHECK(service.TargetPorts(PortSet::Single(Protocol::kUDP, 53), pod) == PortSet::Single(Protocol::kUDP, 53));
  CHECK(service.TargetPorts(PortSet::Single(Protocol::kTCP, 443), pod).IsEmpty());
}

TEST_CASE("a Service reference resolves to the pods it selects", "[services]") {
  Cluster cluster = LoadOrFail(Workload("Deployment", "apps/v1", "web") + R"(---
apiVersion: v1
kind: Service
metadata: {name: web-svc, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
)");
  for (const char* text : {"shop/web-svc", "web-svc.shop.svc.cluster.local", "web-svc.shop.svc"}) {
    const Result<EndpointRef> ref = EndpointRef::Parse(text);
    REQUIRE(ref.ok());
    auto endpoints = ResolveEndpointRef(*ref, cluster);
    REQUIRE(endpoints.size() == 1);
    CHECK(EndpointName(endpoints[0], cluster) == "shop/web[Deployment]");
    REQUIRE(ServiceOf(*ref, cluster) != nullptr);
  }
}

TEST_CASE("check translates service ports to the target ports the pods listen on", "[services][check]") {
  Cluster cluster = LoadOrFail(Workload("Deployment", "apps/v1", "web") + R"(---
apiVersion: v1
kind: Service
metadata: {name: web-svc, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: http}]}]
)");
  DiagnosticSink sink;
  auto intent = ParseIntent("apiVersion: netpol.dev/v1alpha1\nkind: Intent\nspec:\n  scope: {namespaces: [shop], mode: open}\n  allow:\n  - {from: shop/client, to: web-svc.shop.svc.cluster.local, ports: [80/TCP]}\n", "i.yaml", sink);
  REQUIRE(intent.has_value());
  Evaluator evaluator(cluster);
  CheckResult result = CheckIntent(evaluator, *intent, sink);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].verdict == CheckVerdict::kOk);
  CHECK(result.findings[0].declared == PortSet::Single(Protocol::kTCP, 8080));
}

TEST_CASE("hostNetwork pods are selected by no policy and matched by no selector peer", "[workloads][eval]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata: {name: node-agent, namespace: ops, labels: {app: agent}}
spec: {hostNetwork: true}
status: {podIP: 192.168.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: ops, labels: {app: app}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ops}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: app-to-agents, namespace: ops}
spec:
  podSelector: {matchLabels: {app: app}}
  egress: [{to: [{podSelector: {matchLabels: {app: agent}}}]}]
)");
  Evaluator evaluator(cluster);
  const PodId agent = *cluster.FindPod("ops", "node-agent");
  CHECK(evaluator.IsolatingPolicies(agent, Direction::kIngress).empty());
  CHECK(evaluator.IsolatingPolicies(agent, Direction::kEgress).empty());
  // The selector peer does not reach the hostNetwork pod: its traffic is node traffic.
  CHECK_FALSE(testing::AllowedPorts(cluster, "ops/app", "ops/node-agent").Contains(Protocol::kTCP, 80));
  CHECK(testing::AllowedPorts(cluster, "ops/node-agent", "8.8.8.8").IsAll());
}

TEST_CASE("Helm and kustomize streams: comments, empty and null documents, CRLF, BOM", "[parse]") {
  const std::string stream =
      "\xEF\xBB\xBF# Source: chart/templates/pod.yaml\r\n---\r\n# only a comment\r\n---\r\n"
      "null\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n---\r\n"
      "--- # trailing document marker comment\r\nfoo: bar\r\n";
  LoadResult result = LoadText(stream, "<stdin>");
  CHECK_FALSE(result.HasErrors());
  CHECK(result.cluster.pods.size() == 1);
  REQUIRE(result.diagnostics.size() == 1);  // the non-Kubernetes document
  CHECK(result.diagnostics[0].severity == Severity::kWarning);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("explain says that policies do not apply to hostNetwork pods", "[workloads][explain]") {
  Cluster cluster = testing::LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: ops, labels: {app: agent}}
spec: {hostNetwork: true}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: ops}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: ops}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress: [{to: [{podSelector: {}}]}]
)");
  Evaluator evaluator(cluster);
  const Endpoint agent = testing::EndpointFor(cluster, "ops/agent");
  const Endpoint app = testing::EndpointFor(cluster, "ops/app");
  Explanation from_agent = Explain(evaluator, agent, app, std::nullopt);
  CHECK(from_agent.egress.summary.find("hostNetwork") != std::string::npos);
  Explanation to_agent = Explain(evaluator, app, agent, std::nullopt);
  CHECK_FALSE(to_agent.allowed.Contains(Protocol::kTCP, 80));
  REQUIRE_FALSE(to_agent.egress.policies.empty());
  bool mentions = false;
  for (const auto& policy : to_agent.egress.policies) {
    for (const auto& rule : policy.rules) mentions = mentions || rule.peer_reason.find("hostNetwork") != std::string::npos;
  }
  CHECK(mentions);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("a KubeVirt VirtualMachine is an endpoint labelled from its template", "[workloads]") {
  Cluster cluster = testing::LoadOrFail(R"(apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: vm-1, namespace: vms}
spec:
  template:
    metadata: {labels: {kubevirt.io/size: small}}
    spec: {domain: {devices: {}}}
)");
  REQUIRE(cluster.pods.size() == 1);
  CHECK(cluster.pods[0].Id() == "vms/vm-1[VirtualMachine]");
  CHECK(cluster.pods[0].labels == Labels{{"kubevirt.io/size", "small"}});
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("explain --to a Service translates --port to the target port", "[services][cli]") {
  const std::string input = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-svc, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 8080}]}]
)";
  auto result = testing::RunCli({"explain", "--from", "shop/client", "--to", "web-svc.shop.svc.cluster.local",
                                 "--port", "80/TCP", "--no-dns-model", "-"},
                                input);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("on TCP 8080") != std::string::npos);
  CHECK(result.out.find("Verdict: ALLOWED on TCP 8080") != std::string::npos);
  auto missing = testing::RunCli({"explain", "--from", "shop/client", "--to", "shop/web-svc",
                                  "--port", "443", "-"},
                                 input);
  CHECK(missing.exit_code == 2);
}

}  // namespace
}  // namespace netpol
