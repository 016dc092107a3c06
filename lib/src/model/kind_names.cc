#include "netpol/kind_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// One row per kind: its names as the API server lists them (kubectl
// api-resources): singular, plural, short names, and API group ("" = core).
struct KindRow {
  ObjectKind kind;
  const char* name;
  const char* singular;
  const char* plural;
  std::initializer_list<const char*> short_names;
  const char* group;
  bool cluster_scoped;
};

const std::array<KindRow, 17>& KindTable() {
  static const std::array<KindRow, 17> kTable = {{
      {ObjectKind::kNetworkPolicy, "NetworkPolicy", "networkpolicy", "networkpolicies", {"netpol"},
       "networking.k8s.io", false},
      {ObjectKind::kPod, "Pod", "pod", "pods", {"po"}, "", false},
      {ObjectKind::kNamespace, "Namespace", "namespace", "namespaces", {"ns"}, "", true},
      {ObjectKind::kService, "Service", "service", "services", {"svc"}, "", false},
      {ObjectKind::kDeployment, "Deployment", "deployment", "deployments", {"deploy"}, "apps", false},
      {ObjectKind::kStatefulSet, "StatefulSet", "statefulset", "statefulsets", {"sts"}, "apps", false},
      {ObjectKind::kDaemonSet, "DaemonSet", "daemonset", "daemonsets", {"ds"}, "apps", false},
      {ObjectKind::kReplicaSet, "ReplicaSet", "replicaset", "replicasets", {"rs"}, "apps", false},
      // Short names from the network-policy-api CRDs (policy.networking.k8s.io).
      {ObjectKind::kAdminNetworkPolicy, "AdminNetworkPolicy", "adminnetworkpolicy",
       "adminnetworkpolicies", {"anp"}, "policy.networking.k8s.io", true},
      {ObjectKind::kBaselineAdminNetworkPolicy, "BaselineAdminNetworkPolicy",
       "baselineadminnetworkpolicy", "baselineadminnetworkpolicies", {"banp"},
       "policy.networking.k8s.io", true},
      {ObjectKind::kClusterNetworkPolicy, "ClusterNetworkPolicy", "clusternetworkpolicy",
       "clusternetworkpolicies", {"cnp"}, "policy.networking.k8s.io", true},
      // Cilium's CRDs; their short name cnp is taken by ClusterNetworkPolicy
      // above (kubectl, too, picks one kind for an ambiguous short name).
      {ObjectKind::kCiliumNetworkPolicy, "CiliumNetworkPolicy", "ciliumnetworkpolicy",
       "ciliumnetworkpolicies", {"ciliumnp"}, "cilium.io", false},
      {ObjectKind::kCiliumClusterwideNetworkPolicy, "CiliumClusterwideNetworkPolicy",
       "ciliumclusterwidenetworkpolicy", "ciliumclusterwidenetworkpolicies", {"ccnp"},
       "cilium.io", true},
      // Calico's v3 kinds: its NetworkPolicy shares the Kubernetes kind's
      // names, so only networkpolicies.projectcalico.org names it (the rows
      // above come first).
      {ObjectKind::kCalicoNetworkPolicy, "NetworkPolicy", "networkpolicy", "networkpolicies", {},
       "projectcalico.org", false},
      {ObjectKind::kCalicoGlobalNetworkPolicy, "GlobalNetworkPolicy", "globalnetworkpolicy",
       "globalnetworkpolicies", {"gnp"}, "projectcalico.org", true},
      {ObjectKind::kCalicoStagedNetworkPolicy, "StagedNetworkPolicy", "stagednetworkpolicy",
       "stagednetworkpolicies", {}, "projectcalico.org", false},
      {ObjectKind::kCalicoStagedGlobalNetworkPolicy, "StagedGlobalNetworkPolicy",
       "stagedglobalnetworkpolicy", "stagedglobalnetworkpolicies", {}, "projectcalico.org", true},
  }};
  return kTable;
}

const KindRow& RowOf(ObjectKind kind) {
  for (const KindRow& row : KindTable()) {
    if (row.kind == kind) return row;
  }
  return KindTable().front();  // unreachable: every kind has a row
}

}  // namespace

std::optional<ObjectKind> ParseKindName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const KindRow& row : KindTable()) {
    for (const char* resource : {row.singular, row.plural}) {
      if (lower == resource) return row.kind;
      // resource.GROUP, as kubectl disambiguates (core kinds have no group).
      if (*row.group != '\0' && lower == std::string(resource) + "." + row.group) return row.kind;
    }
    for (const char* short_name : row.short_names) {
      if (lower == short_name) return row.kind;
    }
  }
  return std::nullopt;
}

const char* ObjectKindName(ObjectKind kind) { return RowOf(kind).name; }

bool IsClusterScoped(ObjectKind kind) { return RowOf(kind).cluster_scoped; }

bool IsWorkloadKind(ObjectKind kind) {
  return kind == ObjectKind::kDeployment || kind == ObjectKind::kStatefulSet ||
         kind == ObjectKind::kDaemonSet || kind == ObjectKind::kReplicaSet;
}

NETPOL_NAMESPACE_END
