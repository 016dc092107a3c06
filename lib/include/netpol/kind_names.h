// The object kinds users name on the command line (`--remove KIND/NS/NAME`,
// `KIND/NS/NAME` endpoints), spelt as kubectl accepts them: the kind, its
// singular and plural resource names, their `.GROUP` forms and the short
// names the API (or the network-policy-api CRDs) define, case-insensitive.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: O(1) per lookup (a fixed table).
#ifndef NETPOL_KIND_NAMES_H_
#define NETPOL_KIND_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "netpol/api.h"

NETPOL_NAMESPACE_BEGIN

/// The Kubernetes kinds netpol models.
enum class ObjectKind {
  kNetworkPolicy,
  kPod,
  kNamespace,
  kService,
  kDeployment,
  kStatefulSet,
  kDaemonSet,
  kReplicaSet,
  kAdminNetworkPolicy,
  kBaselineAdminNetworkPolicy,
  kClusterNetworkPolicy,
  kCiliumNetworkPolicy,             ///< cilium.io/v2 (short name ciliumnp: cnp is ClusterNetworkPolicy's).
  kCiliumClusterwideNetworkPolicy,  ///< cilium.io/v2, cluster-scoped (ccnp).
  kCalicoNetworkPolicy,             ///< projectcalico.org/v3 NetworkPolicy: networkpolicies.projectcalico.org.
  kCalicoGlobalNetworkPolicy,       ///< projectcalico.org/v3, cluster-scoped (gnp).
  kCalicoStagedNetworkPolicy,       ///< projectcalico.org/v3 StagedNetworkPolicy.
  kCalicoStagedGlobalNetworkPolicy, ///< projectcalico.org/v3, cluster-scoped.
};

/// The kind `name` names: "NetworkPolicy", "networkpolicy", "networkpolicies",
/// "networkpolicies.networking.k8s.io", "netpol", "deploy", "sts", "ANP"...
/// nullopt for anything else.
std::optional<ObjectKind> ParseKindName(std::string_view name);

/// The kind as manifests spell it: "NetworkPolicy", "Deployment"...
const char* ObjectKindName(ObjectKind kind);

/// Whether objects of `kind` have no namespace (Namespace and the
/// cluster-scoped policy kinds).
bool IsClusterScoped(ObjectKind kind);

/// Whether `kind` is a workload kind (Deployment, StatefulSet, DaemonSet,
/// ReplicaSet), whose pods netpol models as one endpoint.
bool IsWorkloadKind(ObjectKind kind);

NETPOL_NAMESPACE_END

#endif  // NETPOL_KIND_NAMES_H_
