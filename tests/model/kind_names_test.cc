// The kind table: every name kubectl accepts for a kind, case-insensitive.
#include <catch2/catch.hpp>

#include "netpol/kind_names.h"

namespace netpol {
namespace {

TEST_CASE("ParseKindName accepts kubectl's names, short names and resource.group forms",
          "[model][kind]") {
  struct Case {
    const char* name;
    ObjectKind kind;
  };
  const Case cases[] = {
      {"NetworkPolicy", ObjectKind::kNetworkPolicy},
      {"networkpolicy", ObjectKind::kNetworkPolicy},
      {"networkpolicies", ObjectKind::kNetworkPolicy},
      {"netpol", ObjectKind::kNetworkPolicy},
      {"NETPOL", ObjectKind::kNetworkPolicy},
      {"networkpolicies.networking.k8s.io", ObjectKind::kNetworkPolicy},
      {"po", ObjectKind::kPod},
      {"pod", ObjectKind::kPod},
      {"Pods", ObjectKind::kPod},
      {"ns", ObjectKind::kNamespace},
      {"namespace", ObjectKind::kNamespace},
      {"namespaces", ObjectKind::kNamespace},
      {"svc", ObjectKind::kService},
      {"services", ObjectKind::kService},
      {"deploy", ObjectKind::kDeployment},
      {"Deployment", ObjectKind::kDeployment},
      {"deployments.apps", ObjectKind::kDeployment},
      {"sts", ObjectKind::kStatefulSet},
      {"statefulsets", ObjectKind::kStatefulSet},
      {"ds", ObjectKind::kDaemonSet},
      {"DaemonSet", ObjectKind::kDaemonSet},
      {"rs", ObjectKind::kReplicaSet},
      {"anp", ObjectKind::kAdminNetworkPolicy},
      {"AdminNetworkPolicy", ObjectKind::kAdminNetworkPolicy},
      {"adminnetworkpolicies.policy.networking.k8s.io", ObjectKind::kAdminNetworkPolicy},
      {"banp", ObjectKind::kBaselineAdminNetworkPolicy},
      {"baselineadminnetworkpolicies", ObjectKind::kBaselineAdminNetworkPolicy},
      {"cnp", ObjectKind::kClusterNetworkPolicy},
      {"clusternetworkpolicy", ObjectKind::kClusterNetworkPolicy},
      // Cilium's: cnp stays ClusterNetworkPolicy's short name.
      {"CiliumNetworkPolicy", ObjectKind::kCiliumNetworkPolicy},
      {"ciliumnp", ObjectKind::kCiliumNetworkPolicy},
      {"ciliumnetworkpolicies.cilium.io", ObjectKind::kCiliumNetworkPolicy},
      {"ccnp", ObjectKind::kCiliumClusterwideNetworkPolicy},
      {"ciliumclusterwidenetworkpolicies", ObjectKind::kCiliumClusterwideNetworkPolicy},
      // Calico's NetworkPolicy only by its group; the bare names are Kubernetes'.
      {"networkpolicies.projectcalico.org", ObjectKind::kCalicoNetworkPolicy},
      {"gnp", ObjectKind::kCalicoGlobalNetworkPolicy},
      {"GlobalNetworkPolicy", ObjectKind::kCalicoGlobalNetworkPolicy},
      {"stagednetworkpolicies", ObjectKind::kCalicoStagedNetworkPolicy},
      {"stagedglobalnetworkpolicy", ObjectKind::kCalicoStagedGlobalNetworkPolicy},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    REQUIRE(ParseKindName(c.name).has_value());
    CHECK(*ParseKindName(c.name) == c.kind);
  }
}

TEST_CASE("ParseKindName rejects other words, partial names and the wrong group", "[model][kind]") {
  for (const char* name : {"", "netpols", "np", "deploys", "pods.apps", "networkpolicies.apps",
                           "deployments.networking.k8s.io", "pod.", "frobnicate", "service/"}) {
    CAPTURE(name);
    CHECK_FALSE(ParseKindName(name).has_value());
  }
}

TEST_CASE("ObjectKindName and IsClusterScoped describe each kind as manifests do", "[model][kind]") {
  CHECK(std::string(ObjectKindName(ObjectKind::kNetworkPolicy)) == "NetworkPolicy");
  CHECK(std::string(ObjectKindName(ObjectKind::kStatefulSet)) == "StatefulSet");
  CHECK(std::string(ObjectKindName(ObjectKind::kBaselineAdminNetworkPolicy)) ==
        "BaselineAdminNetworkPolicy");
  CHECK(IsClusterScoped(ObjectKind::kNamespace));
  CHECK(IsClusterScoped(ObjectKind::kAdminNetworkPolicy));
  CHECK(IsClusterScoped(ObjectKind::kCiliumClusterwideNetworkPolicy));
  CHECK_FALSE(IsClusterScoped(ObjectKind::kCiliumNetworkPolicy));
  CHECK(IsClusterScoped(ObjectKind::kCalicoGlobalNetworkPolicy));
  CHECK_FALSE(IsClusterScoped(ObjectKind::kCalicoNetworkPolicy));
  CHECK_FALSE(IsClusterScoped(ObjectKind::kNetworkPolicy));
  CHECK_FALSE(IsClusterScoped(ObjectKind::kDeployment));
  CHECK(IsWorkloadKind(ObjectKind::kDaemonSet));
  CHECK_FALSE(IsWorkloadKind(ObjectKind::kPod));
}

}  // namespace
}  // namespace netpol
