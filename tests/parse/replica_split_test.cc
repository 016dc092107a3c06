// Replicas of one workload are one endpoint only when every ipBlock (and
// every `networks` peer of a cluster-scoped policy) matches them alike;
// otherwise the workload is split and a warning says why.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "netpol/analysis.h"
#include "netpol/endpoint_ref.h"
#include "test_support.h"

namespace netpol {
namespace {

// The issue's example: shop/web (a Deployment, its ReplicaSet and two pods
// from a dump) and shop/srv, whose ingress admits only `admitted`.
std::string Shop(const std::string& ip_a, const std::string& ip_b,
                 const std::string& admitted = "{ipBlock: {cidr: 10.0.1.0/24}}") {
  std::string text = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9f
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec:
  template:
    metadata: {labels: {app: web, pod-template-hash: 7d9f}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: srv, namespace: shop}
spec:
  template:
    metadata: {labels: {app: srv}}
    spec: {containers: [{name: srv, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: srv-allow, namespace: shop}
spec:
  podSelector: {matchLabels: {app: srv}}
  ingress:
  - from: [)" + admitted + "]\n";
  int n = 0;
  for (const std::string& ip : {ip_a, ip_b}) {
    text += "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-7d9f-" +
            std::string(1, static_cast<char>('a' + n++)) +
            "\n  namespace: shop\n  labels: {app: web, pod-template-hash: 7d9f}\n"
            "  ownerReferences: [{kind: ReplicaSet, name: web-7d9f, controller: true}]\n"
            "spec: {containers: [{name: web, image: nginx}]}\nstatus: {podIP: " + ip + "}\n";
  }
  return text;
}

std::vector<std::string> Ids(const Cluster& cluster) {
  std::vector<std::string> ids;
  for (const Pod& pod : cluster.pods) ids.push_back(pod.Id());
  return ids;
}

std::vector<std::string> Warnings(const LoadResult& result) {
  std::vector<std::string> warnings;
  for (const Diagnostic& d : result.diagnostics) warnings.push_back(d.ToString());
  return warnings;
}

TEST_CASE("replicas whose IPs every ipBlock matches alike fold into one endpoint", "[workloads][replica-split]") {
  struct Case {
    std::string ip_a, ip_b, admitted;
  };
  const std::vector<Case> cases = {
      {"10.0.1.5", "10.0.1.6", "{ipBlock: {cidr: 10.0.1.0/24}}"},
      {"10.0.2.5", "10.0.3.5", "{ipBlock: {cidr: 10.0.1.0/24}}"},  // both outside
      {"10.0.1.5", "10.0.1.200", "{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.2.0/24]}}"},
      {"10.0.1.5", "10.0.2.5", "{podSelector: {}}"},  // no ipBlock at all
  };
  for (const Case& c : cases) {
    INFO(c.ip_a << " " << c.ip_b << " " << c.admitted);
    LoadResult result = LoadText(Shop(c.ip_a, c.ip_b, c.admitted), "shop.yaml");
    CHECK(result.diagnostics.empty());
    REQUIRE(Ids(result.cluster) == std::vector<std::string>{"shop/srv[Deployment]", "shop/web[Deployment]"});
    CHECK(result.cluster.pods[1].folded_pods == 2);
    CHECK(result.cluster.pods[1].ips.size() == 2);
  }
}

TEST_CASE("replicas in different ipBlock cells are split, and a warning names the ipBlock",
          "[workloads][replica-split]") {
  struct Case {
    std::string ip_a, ip_b, admitted, reason;
  };
  const std::vector<Case> cases = {
      {"10.0.1.5", "10.0.2.5", "{ipBlock: {cidr: 10.0.1.0/24}}",
       "ipBlock 10.0.1.0/24 of NetworkPolicy shop/srv-allow contains 10.0.1.5 (shop/web-7d9f-a) "
       "but not 10.0.2.5 (shop/web-7d9f-b)"},
      {"10.0.1.5", "10.0.2.5", "{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.2.0/24]}}",
       "ipBlock 10.0.0.0/16 except 10.0.2.0/24 of NetworkPolicy shop/srv-allow contains 10.0.1.5 "
       "(shop/web-7d9f-a) but not 10.0.2.5 (shop/web-7d9f-b)"},
      {"10.0.2.5", "10.0.1.5", "{ipBlock: {cidr: 10.0.1.0/24}}",
       "ipBlock 10.0.1.0/24 of NetworkPolicy shop/srv-allow contains 10.0.1.5 (shop/web-7d9f-b) "
       "but not 10.0.2.5 (shop/web-7d9f-a)"},
  };
  for (const Case& c : cases) {
    INFO(c.admitted);
    LoadResult result = LoadText(Shop(c.ip_a, c.ip_b, c.admitted), "shop.yaml");
    REQUIRE_FALSE(result.HasErrors());
    REQUIRE(Ids(result.cluster) == std::vector<std::string>{"shop/srv[Deployment]",
                                                            "shop/web[Deployment]", "shop/web-7d9f-b"});
    CHECK(result.cluster.pods[2].replica_of == "shop/web[Deployment]");
    CHECK(Warnings(result) ==
          std::vector<std::string>{"shop.yaml:46:1: warning: replicas of shop/web[Deployment] are "
                                   "matched differently by address: " + c.reason +
                                   "; pod shop/web-7d9f-b is kept as its own endpoint"});
    // Each endpoint now has the verdict of its own replicas.
    CHECK(testing::Allowed(result.cluster, "shop/web", "shop/srv", 8080) ==
          (c.ip_a == "10.0.1.5"));
    CHECK(testing::Allowed(result.cluster, "shop/web-7d9f-b", "shop/srv", 8080) ==
          (c.ip_b == "10.0.1.5"));
  }
}

TEST_CASE("the networks of an AdminNetworkPolicy split replicas too", "[workloads][replica-split]") {
  const std::string anp = R"(---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: office}
spec:
  priority: 10
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: [10.0.2.0/24, 10.0.3.0/24]}]
)";
  LoadResult result = LoadText(Shop("10.0.1.5", "10.0.2.5", "{podSelector: {}}") + anp, "shop.yaml");
  CHECK(Warnings(result) ==
        std::vector<std::string>{"shop.yaml:46:1: warning: replicas of shop/web[Deployment] are "
                                 "matched differently by address: networks 10.0.2.0/24,10.0.3.0/24 "
                                 "of AdminNetworkPolicy office contains 10.0.2.5 (shop/web-7d9f-b) "
                                 "but not 10.0.1.5 (shop/web-7d9f-a); pod shop/web-7d9f-b is kept "
                                 "as its own endpoint"});
  // Two networks of one peer are one cell: replicas in either fold.
  LoadResult alike = LoadText(Shop("10.0.2.5", "10.0.3.5", "{podSelector: {}}") + anp, "shop.yaml");
  CHECK(alike.diagnostics.empty());
}

TEST_CASE("the largest group of alike replicas keeps the workload's name", "[workloads][replica-split]") {
  std::string text = Shop("10.0.2.5", "10.0.1.5");
  text += "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-7d9f-c\n  namespace: shop\n"
          "  labels: {app: web, pod-template-hash: 7d9f}\n"
          "  ownerReferences: [{kind: ReplicaSet, name: web-7d9f, controller: true}]\n"
          "spec: {containers: [{name: web, image: nginx}]}\nstatus: {podIP: 10.0.1.6}\n";
  LoadResult result = LoadText(text, "shop.yaml");
  REQUIRE(Ids(result.cluster) == std::vector<std::string>{"shop/srv[Deployment]",
                                                          "shop/web[Deployment]", "shop/web-7d9f-a"});
  CHECK(result.cluster.pods[1].folded_pods == 2);
}

TEST_CASE("when ipBlocks do not match pod IPs (--no-ipblock-pods) replicas are not split",
          "[workloads][replica-split]") {
  LoadOptions options;
  options.ip_blocks_match_pods = false;
  LoadResult result = LoadText(Shop("10.0.1.5", "10.0.2.5"), "shop.yaml", options);
  CHECK(result.diagnostics.empty());
  CHECK(Ids(result.cluster) == std::vector<std::string>{"shop/srv[Deployment]", "shop/web[Deployment]"});
}

TEST_CASE("naming a split workload names its replicas kept apart too", "[workloads][replica-split]") {
  const Cluster cluster = testing::LoadOrFail(Shop("10.0.1.5", "10.0.2.5"));
  const Result<EndpointRef> ref = EndpointRef::Parse("shop/web");
  REQUIRE(ref.ok());
  std::vector<std::string> names;
  for (const Endpoint& e : ResolveEndpointRef(*ref, cluster)) names.push_back(EndpointName(e, cluster));
  CHECK(names == std::vector<std::string>{"shop/web[Deployment]", "shop/web-7d9f-b"});
}

TEST_CASE("explain and check see the replica an ipBlock denies (issue #15's example)",
          "[workloads][replica-split][cli]") {
  const std::string manifests = Shop("10.0.1.5", "10.0.2.5");
  auto explain = testing::RunCli({"explain", "--from", "shop/web", "--to", "shop/srv", "-"}, manifests);
  CHECK(explain.exit_code == 0);
  CHECK_THAT(explain.out, Catch::Contains("shop/web[Deployment] -> shop/srv[Deployment]"));
  CHECK_THAT(explain.out, Catch::Contains("shop/web-7d9f-b -> shop/srv[Deployment]"));
  CHECK_THAT(explain.out,
             Catch::Contains("from[0] no match: ipBlock 10.0.1.0/24 does not contain pod IP 10.0.2.5"));
  CHECK_THAT(explain.out, Catch::Contains("Verdict: DENIED"));
  CHECK_THAT(explain.err, Catch::Contains("replicas of shop/web[Deployment] are matched differently"));

  const std::string intent = R"(apiVersion: netpol.dev/v1alpha1
kind: Intent
metadata: {name: shop}
spec:
  scope: {mode: open}
  allow:
  - {from: shop/web, to: shop/srv, ports: [8080/TCP]}
)";
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "netpol-replica-split-test.yaml";
  std::ofstream(file) << manifests;
  auto check = testing::RunCli({"check", "--intent", "-", file.string()}, intent);
  std::filesystem::remove(file);
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("MISSING     shop/web-7d9f-b -> shop/srv[Deployment]"));

  auto relaxed = testing::RunCli(
      {"explain", "--no-ipblock-pods", "--from", "shop/web", "--to", "shop/srv", "-"}, manifests);
  CHECK_THAT(relaxed.out, !Catch::Contains("shop/web-7d9f-b"));
}

TEST_CASE("examples/workloads gives the results the README shows", "[workloads][replica-split][cli]") {
  auto explain = testing::RunCli(
      {"explain", "--from", "shop/web", "--to", "shop/srv", "examples/workloads/shop.yaml"});
  CHECK(explain.exit_code == 0);
  CHECK_THAT(explain.out, Catch::Contains("shop/web-7d9f-fghij -> shop/srv[Deployment]"));
  CHECK_THAT(explain.out, Catch::Contains("Verdict: DENIED on all ports"));
  auto check = testing::RunCli({"check", "--intent", "examples/workloads/intent.yaml",
                                "examples/workloads/shop.yaml"});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("1 ok, 1 MISSING, 0 UNEXPECTED"));
  auto jobs = testing::RunCli(
      {"explain", "--from", "shop/backup", "--to", "shop/db", "examples/workloads/jobs.yaml"});
  CHECK(jobs.exit_code == 0);
  CHECK_THAT(jobs.err, Catch::Contains("selects statefulset.kubernetes.io/pod-name=db-0"));
  CHECK_THAT(jobs.out, Catch::Contains("job-name=<generated>"));
}

TEST_CASE("a what-if that adds an ipBlock splits the replicas it tells apart, and diff says what the split one lost",
          "[workloads][replica-split][diff]") {
  // Before: srv admits every pod of shop, so web's replicas fold into one.
  Result<Analysis> before = Analysis::FromTexts(
      {InputFile{"shop.yaml", Shop("10.0.1.5", "10.0.2.5", "{podSelector: {}}")}});
  REQUIRE(before.ok());
  CHECK(Ids(before->cluster()) == std::vector<std::string>{
                                      "kube-system/kube-dns[Modelled]", "shop/srv[Deployment]",
                                      "shop/web[Deployment]"});
  // The change: srv-allow admits only 10.0.1.0/24.
  const std::string narrowed = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: srv-allow, namespace: shop}
spec:
  podSelector: {matchLabels: {app: srv}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.1.0/24}}]
)";
  Result<Analysis> after = before->With({InputFile{"narrow.yaml", narrowed}});
  REQUIRE(after.ok());
  CHECK(Ids(after->cluster()) == std::vector<std::string>{"kube-system/kube-dns[Modelled]",
                                                          "shop/srv[Deployment]",
                                                          "shop/web[Deployment]",
                                                          "shop/web-7d9f-b"});
  const GraphDiff diff = before->Diff(*after);
  std::vector<std::string> changes;
  for (const ConnectionChange& c : diff.connections) {
    changes.push_back(std::string(ConnectionChangeKindName(c.kind)) + " " + c.from + " -> " + c.to);
  }
  CHECK(std::find(changes.begin(), changes.end(), "newly denied shop/web-7d9f-b -> shop/srv[Deployment]") !=
        changes.end());
  CHECK(std::find(changes.begin(), changes.end(), "newly denied shop/web[Deployment] -> shop/srv[Deployment]") ==
        changes.end());
  // Removing the Deployment removes its ReplicaSet and pods too, as the
  // garbage collector would.
  Result<Analysis> removed = after->With({}, {"Pod/shop/web"});
  REQUIRE(removed.ok());
  CHECK(Ids(removed->cluster()) ==
        std::vector<std::string>{"kube-system/kube-dns[Modelled]", "shop/srv[Deployment]"});
}

TEST_CASE("replicas with other address families are split where the cluster has both families",
          "[workloads][replica-split][families]") {
  // No ipBlock: addresses matter only through their families.
  const std::string v6_peer = R"(---
apiVersion: v1
kind: Pod
metadata: {name: v6-only, namespace: shop}
spec: {containers: [{name: c, image: nginx}]}
status: {podIPs: [{ip: "fd00::9"}]}
)";
  const std::string dual = Shop("10.0.1.5", "10.0.1.6", "{podSelector: {}}");
  // Same families: one endpoint.
  CHECK(Ids(testing::LoadOrFail(dual + v6_peer)) ==
        std::vector<std::string>{"shop/srv[Deployment]", "shop/v6-only", "shop/web[Deployment]"});
  // web-7d9f-a gains an IPv6 address: it can reach the IPv6-only pod, its sibling cannot.
  std::string mixed = dual;
  const std::string from = "  name: web-7d9f-a\n";
  const std::size_t at = mixed.find("status: {podIP: 10.0.1.5}", mixed.find(from));
  REQUIRE(at != std::string::npos);
  mixed.replace(at, std::string("status: {podIP: 10.0.1.5}").size(),
                "status: {podIPs: [{ip: 10.0.1.5}, {ip: \"fd00::5\"}]}");
  const LoadResult split = LoadText(mixed + v6_peer, "test.yaml");
  REQUIRE_FALSE(split.HasErrors());
  CHECK(Ids(split.cluster) == std::vector<std::string>{"shop/srv[Deployment]", "shop/v6-only",
                                                       "shop/web[Deployment]", "shop/web-7d9f-b"});
  const auto warnings = Warnings(split);
  CHECK(std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
    return w.find("has IPv4 addresses (10.0.1.6) and pod shop/web-7d9f-a IPv4 and IPv6") !=
           std::string::npos;
  }));
  // With the IPv6 address alone (no IPv6 peer), the internet's IPv6 blocks still tell them apart.
  CHECK(Ids(testing::LoadOrFail(mixed)).size() == 3);
  // Without any IPv6 address in the cluster, families tell nobody apart: a
  // replica with no known IP folds with one that has an IPv4 address.
  std::string pending = dual;
  pending.replace(pending.find("status: {podIP: 10.0.1.6}"), std::string("status: {podIP: 10.0.1.6}").size(),
                  "status: {phase: Pending}");
  CHECK(Ids(testing::LoadOrFail(pending)) ==
        std::vector<std::string>{"shop/srv[Deployment]", "shop/web[Deployment]"});
}

}  // namespace
}  // namespace netpol
