// What Analysis::With() edits is the cluster as read, rebuilt from the
// analysed (folded, DNS-modelled) cluster instead of kept as a second copy
// (analysis/unfolded_cluster.h). Each case takes the steps Analysis takes
// (fold, finalize, model the cluster DNS) and requires the rebuilt cluster to
// equal the one read, member for member.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/unfolded_cluster.h"
#include "netpol/analysis.h"
#include "netpol/cluster_dns.h"
#include "parse/load.h"
#include "parse/workload_folding.h"

namespace netpol {
namespace {

constexpr const char* kWebPolicy = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {}}]}]
)";

std::string BarePod(const std::string& name, const std::string& ns, const std::string& labels) {
  return "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns +
         ", labels: {" + labels + "}}\nspec: {containers: [{name: c, image: i}]}\n";
}

std::string ReplicaOf(const std::string& owner_kind, const std::string& owner,
                      const std::string& name, const std::string& labels) {
  return "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
         "\n  namespace: shop\n  labels: {" + labels + "}\n  ownerReferences: [{kind: " +
         owner_kind + ", name: " + owner + ", controller: true}]\n"
         "spec: {containers: [{name: c, image: i}]}\n";
}

constexpr const char* kWebDeployment = R"(---
apiVersion: apps/v1
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
)";

// A clusterwide policy is expanded into one copy per namespace where it
// selects a pod (Finalize); this one names a per-replica label's value, so
// the StatefulSet's replicas stay apart.
constexpr const char* kPickReplicaZero = R"(---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: db-0-only}
spec:
  endpointSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: db-0}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
)";

struct Case {
  const char* name;
  std::string text;
  ClusterDnsOptions dns;
  bool keeps_pods;       // folding may change the pods
  bool dns_modelled;     // Analysis adds a DNS pod
};

ClusterDnsOptions DnsOff() {
  ClusterDnsOptions dns;
  dns.model_when_missing = false;
  return dns;
}

ClusterDnsOptions DnsIn(const std::string& ns) {
  ClusterDnsOptions dns;
  dns.namespace_name = ns;
  return dns;
}

std::vector<Case> Cases() {
  const std::string shop = std::string(kWebPolicy) + BarePod("a", "shop", "app: web") +
                           BarePod("b", "shop", "app: api");
  const std::string kube_system = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: "
                                  "kube-system}\n";
  const std::string dns_pod = BarePod("coredns-1", "kube-system", "k8s-app: kube-dns");
  const std::string replicas = std::string(kWebPolicy) + kWebDeployment +
                               ReplicaOf("ReplicaSet", "web-7d9f", "web-7d9f-a",
                                         "app: web, pod-template-hash: 7d9f") +
                               ReplicaOf("ReplicaSet", "web-7d9f", "web-7d9f-b",
                                         "app: web, pod-template-hash: 7d9f");
  const std::string differing = replicas + ReplicaOf("ReplicaSet", "web-7d9f", "web-7d9f-c",
                                                     "app: web-canary, pod-template-hash: 7d9f");
  const std::string stateful =
      std::string(kPickReplicaZero) + BarePod("web", "shop", "app: web") +
      ReplicaOf("StatefulSet", "db", "db-0", "app: db, statefulset.kubernetes.io/pod-name: db-0") +
      ReplicaOf("StatefulSet", "db", "db-1", "app: db, statefulset.kubernetes.io/pod-name: db-1");
  return {
      {"bare pods, no kube-system: the DNS pod and its namespace are modelled", shop, {}, false,
       true},
      {"kube-system declared without a DNS pod: the DNS pod is modelled into it",
       shop + kube_system, {}, false, true},
      {"a DNS pod in the input: nothing is modelled", shop + dns_pod, {}, false, false},
      {"DNS modelling turned off", shop, DnsOff(), false, false},
      {"DNS in a namespace of its own (--dns-namespace)", shop, DnsIn("dns-system"), false, true},
      {"replicas of a Deployment fold into it", replicas, {}, true, true},
      {"a replica that differs from its template stays apart (replica_of)", differing, {}, true,
       true},
      {"replicas a clusterwide policy tells apart by their pod names", stateful, {},
       true, true},
  };
}

Cluster Read(const std::string& text) {
  LoadOptions options;
  options.fold_owned_pods = false;  // as Analysis reads: it folds later
  LoadResult loaded = LoadInputs({{"in.yaml", text}}, options);
  REQUIRE_FALSE(loaded.HasErrors());
  return std::move(loaded.cluster);
}

TEST_CASE("the cluster With() edits is rebuilt equal to the cluster as read",
          "[analysis][what-if][unfolded]") {
  for (const Case& c : Cases()) {
    SECTION(c.name) {
      const Cluster read = Read(c.text);
      const UnfoldedCluster unfolded(read, c.dns);
      CHECK(unfolded.keeps_pods() == c.keeps_pods);
      CHECK(FoldingMayChangePods(read) == c.keeps_pods);
      // The steps Analysis takes from the cluster as read.
      Cluster analysed = read;
      DiagnosticSink sink;
      FoldOwnedPods(analysed, sink);
      analysed.Finalize();
      const bool dns_modelled = ModelClusterDnsIfMissing(analysed, c.dns);
      if (dns_modelled) analysed.Finalize();
      REQUIRE(dns_modelled == c.dns_modelled);
      // Something to undo: folding or DNS modelling changed the cluster.
      CHECK((analysed != read) == (c.keeps_pods || c.dns_modelled));
      CHECK(unfolded.Rebuild(analysed, dns_modelled) == read);
    }
  }
}

TEST_CASE("folding leaves every pod as it is when no pod has an owner",
          "[analysis][what-if][unfolded][workloads]") {
  for (const Case& c : Cases()) {
    if (c.keeps_pods) continue;
    SECTION(c.name) {
      const Cluster read = Read(c.text);
      Cluster folded = read;
      DiagnosticSink sink;
      FoldOwnedPods(folded, sink);
      CHECK(folded == read);
    }
  }
}

TEST_CASE("With() without an edit analyses the cluster as read again",
          "[analysis][what-if][unfolded]") {
  for (const Case& c : Cases()) {
    SECTION(c.name) {
      AnalysisOptions options;
      options.dns = c.dns;
      Result<Analysis> analysis = Analysis::FromTexts({{"in.yaml", c.text}}, options);
      REQUIRE(analysis.ok());
      Result<Analysis> again = analysis->With({});
      REQUIRE(again.ok());
      CHECK(again->cluster() == analysis->cluster());
      CHECK(again->cluster().pods.size() == analysis->cluster().pods.size());
    }
  }
}

}  // namespace
}  // namespace netpol
