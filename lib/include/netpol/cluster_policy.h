// Cluster-scoped policy tiers of policy.networking.k8s.io: AdminNetworkPolicy
// and BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy
// (v1alpha2), in one model.
//
// How the tiers combine, per direction and per port (each side of a
// connection, the source's egress and the destination's ingress, goes through
// all tiers independently):
//  1. Admin tier (ANPs, and CNPs with tier: Admin), in precedence order
//     (priority ascending, then rule order). The first rule whose peers match
//     the other end and whose ports hold the port decides: Allow (Accept)
//     admits, Deny drops, Pass skips the rest of the tier.
//  2. NetworkPolicy tier: when a NetworkPolicy isolates the pod for the
//     direction, it decides what reaches it (allowed or dropped).
//  3. Baseline tier (the BANP `default`, CNPs with tier: Baseline): first
//     matching rule decides (Allow/Accept or Deny; Pass goes to the default).
//  4. Default: allowed.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_CLUSTER_POLICY_H_
#define NETPOL_CLUSTER_POLICY_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/direction.h"
#include "netpol/ip.h"
#include "netpol/labels.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// Index of a policy in Cluster::cluster_policies.
using ClusterPolicyId = std::size_t;

/// The tier a cluster-scoped policy belongs to: Admin rules decide before
/// NetworkPolicies, Baseline rules after.
enum class PolicyTier { kAdmin = 0, kBaseline = 1 };
/// "Admin" or "Baseline".
const char* PolicyTierName(PolicyTier tier);

/// A rule's action. v1alpha2 `Accept` is kAllow.
enum class TierAction { kAllow, kDeny, kPass };
/// "Allow", "Deny" or "Pass" (the v1alpha1 spelling).
const char* TierActionName(TierAction action);

/// Which object kind a ClusterPolicy was read from.
enum class ClusterPolicyKind {
  kAdminNetworkPolicy,          ///< v1alpha1 ANP, tier Admin.
  kBaselineAdminNetworkPolicy,  ///< v1alpha1 BANP (singleton `default`), tier Baseline.
  kClusterNetworkPolicy,        ///< v1alpha2 CNP, tier from spec.tier.
  /// The deny rules (ingressDeny/egressDeny) of one rule of a cilium.io/v2
  /// CiliumNetworkPolicy: Admin tier, before every other policy (priority
  /// -1), so that they take precedence over every allow of every kind.
  kCiliumNetworkPolicy,
  kCiliumClusterwideNetworkPolicy,  ///< Likewise, of a CiliumClusterwideNetworkPolicy.
};
/// "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy".
const char* ClusterPolicyKindName(ClusterPolicyKind kind);
/// "ANP", "BANP", "CNP", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy".
const char* ClusterPolicyKindAbbrev(ClusterPolicyKind kind);

/// Pods selected by namespace AND pod labels (`pods:` of subjects and peers).
struct NamespacedPodSelector {
  LabelSelector namespace_selector;
  LabelSelector pod_selector;
  bool operator==(const NamespacedPodSelector&) const = default;
};

/// `subject`: exactly one of namespaces / pods. hostNetwork pods are never
/// subjects.
struct ClusterPolicySubject {
  std::optional<LabelSelector> namespaces;
  std::optional<NamespacedPodSelector> pods;
  SourceLoc loc;

  /// "namespaces team=a" / "pods app=db in namespaces {}".
  std::string ToString() const;
  bool operator==(const ClusterPolicySubject&) const = default;
};

/// One `from`/`to` entry: exactly one kind.
struct ClusterPolicyPeer {
  enum class Kind { kNamespaces, kPods, kNodes, kNetworks, kDomainNames };
  Kind kind = Kind::kNamespaces;
  LabelSelector namespaces;       ///< kNamespaces.
  NamespacedPodSelector pods;     ///< kPods.
  LabelSelector nodes;            ///< kNodes (netpol has no Node objects: matches nothing).
  std::vector<Cidr> networks;     ///< kNetworks.
  std::vector<std::string> domain_names;  ///< kDomainNames (not resolvable offline: matches nothing).
  /// kNetworks of a Cilium deny rule: addresses outside the cluster only
  /// (Cilium matches pods by identity, never by CIDR).
  bool outside_cluster = false;
  SourceLoc loc;

  std::string ToString() const;
  bool operator==(const ClusterPolicyPeer&) const = default;
};

/// One `ports` (v1alpha1) or `protocols` (v1alpha2) entry.
struct ClusterPolicyPort {
  enum class Kind { kAllOf, kRange, kNamed };
  Kind kind = Kind::kRange;
  Protocol protocol = Protocol::kTCP;  ///< kAllOf, kRange.
  int first = 0;                       ///< kRange (a single port has first == last).
  int last = 0;
  /// kNamed: a container port name, matched by name on the destination pod
  /// whatever its protocol.
  std::string name;
  SourceLoc loc;

  /// "TCP 80", "TCP 8000-9000", "UDP all", "named port dns".
  std::string ToString() const;
  bool operator==(const ClusterPolicyPort&) const = default;
};

/// One ingress or egress rule of a cluster-scoped policy.
struct ClusterPolicyRule {
  std::string name;  ///< Optional in the API; may be empty.
  TierAction action = TierAction::kAllow;
  std::vector<ClusterPolicyPeer> peers;  ///< At least one.
  std::vector<ClusterPolicyPort> ports;  ///< Empty = every port of every protocol.
  SourceLoc loc;
  bool operator==(const ClusterPolicyRule&) const = default;
};

/// An AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy.
struct ClusterPolicy {
  ClusterPolicyKind kind = ClusterPolicyKind::kAdminNetworkPolicy;
  std::string name;
  PolicyTier tier = PolicyTier::kAdmin;
  /// 0-1000, lower first. The BANP has none and is given 0.
  int priority = 0;
  ClusterPolicySubject subject;
  std::vector<ClusterPolicyRule> ingress;
  std::vector<ClusterPolicyRule> egress;
  std::map<std::string, std::string> annotations;
  SourceLoc loc;

  const std::vector<ClusterPolicyRule>& Rules(Direction direction) const {
    return direction == Direction::kIngress ? ingress : egress;
  }
  /// "ANP sensitive-ns", "BANP default", "CNP deny-restricted".
  std::string Id() const;
  /// Precedence order within a tier: (tier, priority, kind, name).
  bool PrecedesInOrder(const ClusterPolicy& other) const;
  bool operator==(const ClusterPolicy&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_CLUSTER_POLICY_H_
