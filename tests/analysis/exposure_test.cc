// netpol::ComputeExposure: potential peers of a workload, the labels that
// open the door, and how a new peer would be isolated on its own side.
#include "netpol/exposure.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "netpol/analysis.h"
#include "netpol/exposure_output.h"
#include "netpol/label_selector.h"
#include "test_support.h"

namespace netpol {
namespace {

// shop/db, the workload under test, with one policy admitting `from_peer`
// (YAML of one `from` entry, indented for the list) on TCP 5432.
std::string DbWithPeer(const std::string& from_peer) {
  return R"(apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - )" + from_peer + R"(
    ports: [{port: 5432}]
)";
}

Analysis LoadOrFail(const std::string& text) {
  AnalysisOptions options;
  options.dns.model_when_missing = false;
  Result<Analysis> analysis = Analysis::FromTexts({{"test.yaml", text}}, options);
  INFO(analysis.status().message());
  REQUIRE(analysis.ok());
  return *analysis;
}

WorkloadExposure ExposureOf(const Analysis& analysis, const std::string& ns,
                            const std::string& name) {
  const std::optional<PodId> pod = analysis.cluster().FindPod(ns, name);
  REQUIRE(pod);
  ExposureOptions options;
  options.pods = {*pod};
  const ExposureReport report = ComputeExposure(analysis, options);
  REQUIRE(report.workloads.size() == 1);
  return report.workloads.front();
}

std::vector<std::string> Doors(const DirectionExposure& side) {
  std::vector<std::string> doors;
  for (const ExposureEntry& entry : side.entries) {
    doors.push_back(entry.ports.ToString() + ": " + DoorText(entry));
  }
  return doors;
}

TEST_CASE("exposure --to names the labels that open the door for each selector form",
          "[exposure]") {
  struct Case {
    const char* peer;
    std::vector<std::string> doors;
  };
  const std::vector<Case> cases = {
      {"podSelector: {matchLabels: {app: api}}",
       {"TCP 5432: a pod labelled app=api in namespace shop"}},
      {"podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}",
       {"TCP 5432: a pod matching app in (api,web) (e.g. labelled app=api) in namespace shop"}},
      {"podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}",
       {"TCP 5432: a pod matching app notin (web) (no label needed) in namespace shop"}},
      {"podSelector: {matchExpressions: [{key: tier, operator: Exists}]}",
       {"TCP 5432: a pod matching tier (e.g. labelled tier=x) in namespace shop"}},
      {"podSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}",
       {"TCP 5432: a pod matching !tier (no label needed) in namespace shop"}},
      {"podSelector: {matchExpressions: [{key: tier, operator: Exists}, "
       "{key: tier, operator: NotIn, values: [x, x1]}]}",
       {"TCP 5432: a pod matching tier notin (x,x1),tier (e.g. labelled tier=x2) in namespace shop"}},
      {"namespaceSelector: {matchLabels: {env: prod}}",
       {"TCP 5432: any pod in a namespace labelled env=prod"}},
      {"namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}",
       {"TCP 5432: any pod in a namespace matching env in (prod) (e.g. labelled env=prod)"}},
      {"namespaceSelector: {matchExpressions: [{key: env, operator: DoesNotExist}]}",
       {"TCP 5432: any pod in a namespace matching !env (no label needed)"}},
      {"{namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {app: api}}}",
       {"TCP 5432: a pod labelled app=api in a namespace labelled env=prod"}},
      {"{namespaceSelector: {matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}, "
       "podSelector: {matchExpressions: [{key: app, operator: Exists}]}}",
       {"TCP 5432: a pod matching app (e.g. labelled app=x) in a namespace matching env "
        "notin (dev) (no label needed)"}},
      {"namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: billing}}",
       {"TCP 5432: any pod in namespace billing"}},
      {"namespaceSelector: {}", {"TCP 5432: any pod in any namespace"}},
      {"{namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}",
       {"TCP 5432: a pod labelled app=api in any namespace"}},
      {"ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}",
       {"TCP 5432: an address in 10.0.0.0/8 except 10.1.0.0/16"}},
      // No pod can match: no door at all.
      {"podSelector: {matchLabels: {app: a}, matchExpressions: [{key: app, operator: In, "
       "values: [b]}]}",
       {}},
  };
  for (const Case& c : cases) {
    INFO("peer " << c.peer);
    const Analysis analysis = LoadOrFail(DbWithPeer(c.peer));
    const WorkloadExposure exposure = ExposureOf(analysis, "shop", "db");
    CHECK(exposure.ingress.isolated);
    CHECK(Doors(exposure.ingress) == c.doors);
  }
}

TEST_CASE("exposure without policies is entire-cluster and any external address on all ports",
          "[exposure]") {
  const Analysis analysis = LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
)");
  const WorkloadExposure exposure = ExposureOf(analysis, "x", "a");
  for (const DirectionExposure* side : {&exposure.ingress, &exposure.egress}) {
    CHECK_FALSE(side->isolated);
    REQUIRE(side->entries.size() == 2);
    CHECK(side->entries[0].peer.ToString() == "entire-cluster");
    CHECK(side->entries[1].peer.ToString() == "any external address");
    CHECK(side->entries[0].ports.IsAll());
    CHECK(side->entries[1].ports.IsAll());
  }
}

TEST_CASE("exposure says when a default-deny egress in the peer's namespace still blocks a new pod",
          "[exposure]") {
  const std::string text = DbWithPeer("podSelector: {matchLabels: {app: api}}") + R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
)";
  const WorkloadExposure exposure = ExposureOf(LoadOrFail(text), "shop", "db");
  REQUIRE(exposure.ingress.entries.size() == 1);
  const ExposureEntry& entry = exposure.ingress.entries.front();
  REQUIRE(entry.isolated_in.size() == 1);
  CHECK(entry.isolated_in[0].namespace_name == "shop");
  CHECK(entry.isolated_in[0].policies == std::vector<std::string>{"shop/deny-egress"});
  CHECK(entry.isolated_in[0].every_new_pod);
  CHECK(entry.isolated_in[0].allowed.IsEmpty());
  REQUIRE(entry.because.size() == 1);
  CHECK(entry.because[0].policy == "shop/db-in");
  CHECK(entry.because[0].rule == "ingress rule 1");
  CHECK(entry.because[0].loc.ToString() == "test.yaml:15:5");
}

TEST_CASE("exposure merges equal selectors written in another order and drops covered ones",
          "[exposure]") {
  const std::string text = R"(apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: one, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [a, b]}, {key: tier, operator: Exists}]}}]
    ports: [{port: 80}]
  - from: [{namespaceSelector: {}}]
    ports: [{port: 443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: two, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchExpressions: [{key: tier, operator: Exists}, {key: env, operator: In, values: [b, a]}]}}]
    ports: [{port: 81}]
  - from: [{podSelector: {matchLabels: {app: x}}}]
    ports: [{port: 443}]
)";
  const WorkloadExposure exposure = ExposureOf(LoadOrFail(text), "shop", "db");
  std::vector<std::string> lines;
  for (const ExposureEntry& entry : exposure.ingress.entries) {
    lines.push_back(entry.peer.ToString() + ": " + entry.ports.ToString() + " (" +
                    std::to_string(entry.because.size()) + " rules)");
  }
  CHECK(lines == std::vector<std::string>{
                     "entire-cluster: TCP 443 (1 rules)",
                     "namespaces env in (a,b),tier, any pod: TCP 80-81 (2 rules)",
                 });
}

TEST_CASE("exposure: an AdminNetworkPolicy Deny removes exposure for every future pod it selects",
          "[exposure]") {
  const std::string text = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-in}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{portNumber: {protocol: TCP, port: 22}}]
  - action: Deny
    from: [{namespaces: {matchLabels: {env: dev}}}]
  - action: Allow
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: mon}}}}]
    ports: [{portNumber: {protocol: TCP, port: 22}}, {portNumber: {protocol: TCP, port: 9100}}]
)";
  const WorkloadExposure exposure = ExposureOf(LoadOrFail(text), "x", "a");
  CHECK(exposure.ingress.tiered);
  CHECK_FALSE(exposure.ingress.isolated);
  std::vector<std::string> lines;
  for (const ExposureEntry& entry : exposure.ingress.entries) {
    lines.push_back(entry.peer.ToString() + ": " + entry.ports.ToString() + " narrowed by " +
                    std::to_string(entry.narrowed_by.size()));
  }
  CHECK(lines == std::vector<std::string>{
                     "entire-cluster: TCP 1-21,23-65535; UDP all; SCTP all narrowed by 1",
                     // The Allow of app=mon is left with TCP 9100 (22 was denied
                     // to every pod first), which entire-cluster covers.
                     "any external address: all ports narrowed by 0",
                 });
}

TEST_CASE("WitnessLabels finds a smallest matching label set or none", "[exposure]") {
  struct Case {
    const char* selector;  // kubectl -l form
    std::optional<Labels> witness;
  };
  const std::vector<Case> cases = {
      {"app=web", Labels{{"app", "web"}}},
      {"app in (b,a)", Labels{{"app", "a"}}},
      {"app notin (a)", Labels{}},
      {"app", Labels{{"app", "x"}}},
      {"!app", Labels{}},
      {"app,app notin (x)", Labels{{"app", "x1"}}},
      {"app=a,app in (b)", std::nullopt},
      {"app,!app", std::nullopt},
      {"app in (a,b),app notin (a)", Labels{{"app", "b"}}},
  };
  for (const Case& c : cases) {
    INFO("selector " << c.selector);
    const Result<LabelSelector> selector = ParseSelectorString(c.selector);
    REQUIRE(selector.ok());
    CHECK(WitnessLabels(*selector) == c.witness);
  }
}

}  // namespace
}  // namespace netpol
