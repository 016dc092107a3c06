// NP021 service-port-not-target-port (issue #17, reproduction 7): a policy
// port that is a Service's `port` where the pods behind it listen on the
// `targetPort`. Policies see the pod's port after the Service forwards the
// connection, so such an entry does not admit the Service's traffic.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol {
namespace {

// shop/web listens on 8080 (named http) behind Service web, port 80 ->
// targetPort SERVICE_TARGET; shop/client calls it. The policy starts at line 28.
const std::string kBase = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{name: http, containerPort: 8080}WEB_EXTRA_PORT]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: SERVICE_NAMESPACE}
spec:
  SERVICE_SELECTOR
  ports: [{port: 80SERVICE_TARGET}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: curl, image: curl}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
)";

// The policy: `ingress` of web, or `egress` of client, with PORTS.
std::string Ingress(const std::string& ports, const std::string& selector = "app: web") {
  return "metadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {" + selector +
         "}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: "
         "client}}}]\n    ports:\n" + ports;
}
std::string Egress(const std::string& ports) {
  return "metadata: {name: client, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: "
         "client}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: "
         "web}}}]\n    ports:\n" + ports;
}

struct Variant {
  std::string target = ", targetPort: http";
  std::string selector = "selector: {app: web}";
  std::string service_namespace = "shop";
  std::string extra_port;
};

std::string Text(const std::string& policy, const Variant& v = {}) {
  std::string text = kBase + policy;
  auto replace = [&](const std::string& key, const std::string& value) {
    text.replace(text.find(key), key.size(), value);
  };
  replace("SERVICE_TARGET", v.target);
  replace("SERVICE_SELECTOR", v.selector);
  replace("SERVICE_NAMESPACE", v.service_namespace);
  replace("WEB_EXTRA_PORT", v.extra_port);
  return text;
}

std::vector<LintFinding> Lint(const std::string& text) {
  LoadResult loaded = LoadText(text, "test.yaml");
  REQUIRE_FALSE(loaded.HasErrors());
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {"NP021"};
  return RunLint(registry, loaded.cluster, options);
}

TEST_CASE("NP021 flags a policy allowing the Service port 80 where the pods listen on targetPort http (8080), at the ports entry", "[lint]") {
  const std::string text = Text(Ingress("    - port: 80\n"));
  const auto findings = Lint(text);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].loc.ToString() == "test.yaml:35:7");
  CHECK(findings[0].severity == LintSeverity::kWarning);
  CHECK(findings[0].message ==
        "ingress[0] of shop/web allows TCP 80, the port of Service shop/web (test.yaml:19:11), "
        "but the Service forwards it to targetPort http = TCP 8080 on shop/web[Deployment] and "
        "policies see the pod's port: no pod behind it (shop/web[Deployment]) declares TCP 80, so "
        "this entry does not admit the Service's traffic");
  CHECK(findings[0].fix == "use the targetPort: `port: http` (its name) or `port: 8080`");
  // As explain says: the Service's traffic (TCP 8080 at the pod) is denied,
  // and either fix admits it.
  CHECK_FALSE(testing::Allowed(testing::LoadOrFail(text), "shop/client", "shop/web", 8080));
  for (const char* fixed : {"    - port: http\n", "    - port: 8080\n"}) {
    const std::string fixed_text = Text(Ingress(fixed));
    CHECK(Lint(fixed_text).empty());
    CHECK(testing::Allowed(testing::LoadOrFail(fixed_text), "shop/client", "shop/web", 8080));
  }
}

TEST_CASE("NP021 cases: the entry must match a Service port whose target is another port no pod behind it declares", "[lint]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> expected;  // "line:col", then the fix
  };
  Variant numeric;
  numeric.target = ", targetPort: 8080";
  Variant no_target;
  no_target.target = "";
  Variant listens_on_80;
  listens_on_80.extra_port = ", {containerPort: 80}";
  Variant no_selector;
  no_selector.selector = "type: ClusterIP";
  Variant elsewhere;
  elsewhere.service_namespace = "other";
  const std::vector<Case> cases = {
      {"egress of the client to the Service's port", Text(Egress("    - port: 80\n")),
       {"test.yaml:35:7", "use the targetPort: `port: http` (its name) or `port: 8080`"}},
      {"a numeric targetPort", Text(Ingress("    - port: 80\n"), numeric),
       {"test.yaml:35:7", "use the targetPort: `port: 8080`"}},
      {"an endPort range with the Service port but not the target",
       Text(Ingress("    - port: 70\n      endPort: 90\n")),
       {"test.yaml:35:7", "use the targetPort: `port: http` (its name) or `port: 8080`"}},
      {"the second entry of a rule", Text(Ingress("    - port: 443\n    - port: 80\n")),
       {"test.yaml:36:7", "use the targetPort: `port: http` (its name) or `port: 8080`"}},
      {"no targetPort: it is the port itself", Text(Ingress("    - port: 80\n"), no_target), {}},
      {"the pods also listen on 80", Text(Ingress("    - port: 80\n"), listens_on_80), {}},
      {"another entry of the rule allows the target",
       Text(Ingress("    - port: 80\n    - port: 8080\n")), {}},
      {"another entry names the target", Text(Ingress("    - port: 80\n    - port: http\n")), {}},
      {"the entry is the named target", Text(Ingress("    - port: http\n")), {}},
      {"another protocol", Text(Ingress("    - port: 80\n      protocol: UDP\n")), {}},
      {"a Service without selector", Text(Ingress("    - port: 80\n"), no_selector), {}},
      {"a Service of another namespace (it selects no pod of shop)",
       Text(Ingress("    - port: 80\n"), elsewhere), {}},
      {"the policy selects other pods than the Service",
       Text(Ingress("    - port: 80\n", "app: client")), {}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::vector<std::string> actual;
    for (const LintFinding& f : Lint(c.text)) {
      actual.push_back(f.loc.ToString());
      actual.push_back(f.fix);
    }
    CHECK(actual == c.expected);
  }
}

}  // namespace
}  // namespace netpol
