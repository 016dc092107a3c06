// Calico policies (projectcalico.org/v3): NetworkPolicy, GlobalNetworkPolicy,
// their staged forms, and Tier objects, as model values.
//
// How a Calico cluster decides one side of a connection (the source's egress
// or the destination's ingress), as Calico documents it:
//  1. Tiers by `order`, lowest first, ties by name: the Tier objects, the
//     `default` tier at 1,000,000, `adminnetworkpolicy` (AdminNetworkPolicies)
//     at 1,000 and `baselineadminnetworkpolicy` (the BaselineAdminNetworkPolicy)
//     at 10,000,000, both with defaultAction Pass; a tier without order is
//     last. Within a tier the policies that select the endpoint for the
//     direction, by `order` (lower first, unset last), then by name.
//     Kubernetes NetworkPolicies sit in the default tier at order 1000,
//     named `knp.default.<name>`; an ANP's order is its priority, the BANP's
//     1000.
//  2. The first rule whose match applies decides: Allow admits, Deny drops,
//     Pass skips to the next tier; Log records and goes on.
//  3. A tier in which some policy selects the endpoint but no rule decides
//     ends in its defaultAction: Deny (drops) unless the tier says Pass. A
//     tier selecting nothing is skipped.
//  4. What every tier passed goes to the profile (allow).
// Staged policies are read but never enforced.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_CALICO_POLICY_H_
#define NETPOL_CALICO_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/ip.h"
#include "netpol/labels.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// A parsed selector of Calico's selector language ("app == 'web' &&
/// has(tier)"), held as an expression tree. The empty text is all().
struct CalicoSelector {
  enum class Op {
    kAll,         ///< all()
    kGlobal,      ///< global(): non-namespaced resources (never a pod or namespace)
    kHas,         ///< has(key)
    kEqual,       ///< key == 'v'
    kNotEqual,    ///< key != 'v' (also true when the key is absent)
    kIn,          ///< key in {'a', 'b'}
    kNotIn,       ///< key not in {...} (also true when absent)
    kContains,    ///< key contains 's'
    kStartsWith,  ///< key starts with 's'
    kEndsWith,    ///< key ends with 's'
    kNot,         ///< !expr
    kAnd,         ///< expr && expr
    kOr,          ///< expr || expr
  };
  struct Node {
    Op op = Op::kAll;
    std::string key;
    std::vector<std::string> values;  ///< The value(s) of a comparison.
    int left = -1;                    ///< kNot, kAnd, kOr.
    int right = -1;                   ///< kAnd, kOr.
    bool operator==(const Node&) const = default;
  };
  std::vector<Node> nodes;
  int root = -1;  ///< -1: the empty selector, all().
  std::string text;

  /// Whether `labels` match. `implicit_key`/`implicit_value` is a label the
  /// object carries without writing it (a pod's projectcalico.org/namespace,
  /// a namespace's projectcalico.org/name); written labels take precedence.
  bool Matches(const Labels& labels, std::string_view implicit_key = {},
               std::string_view implicit_value = {}) const;
  /// Every label key the selector reads.
  std::vector<std::string> Keys() const;
  const std::string& ToString() const { return text; }
  bool operator==(const CalicoSelector&) const = default;
};

/// Which kind a CalicoPolicy was read from.
enum class CalicoPolicyKind {
  kNetworkPolicy,
  kGlobalNetworkPolicy,
  kStagedNetworkPolicy,
  kStagedGlobalNetworkPolicy,
};
/// "NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", ...
const char* CalicoPolicyKindName(CalicoPolicyKind kind);

/// A staged policy's `spec.stagedAction`: what enforcing it does to the
/// enforced policy of the same name (and namespace).
enum class CalicoStagedAction {
  kSet,     ///< "Set" (the default): the staged policy becomes the enforced one.
  kDelete,  ///< "Delete": enforcing it deletes the enforced policy.
};

/// A rule's action.
enum class CalicoAction { kAllow, kDeny, kPass, kLog };
/// "Allow", "Deny", "Pass", "Log".
const char* CalicoActionName(CalicoAction action);

/// One `ports` / `notPorts` entry: a number, a range "80:90", or a name.
struct CalicoPort {
  int first = 0;
  int last = 0;
  std::string name;  ///< A named port (then first/last are 0).
  SourceLoc loc;
  bool operator==(const CalicoPort&) const = default;
};

/// An entity rule's `serviceAccounts`: pods running under a ServiceAccount
/// named in `names` (any, when empty) whose labels match `selector` (any,
/// when absent); both must hold. Scoped like `selector`.
struct CalicoServiceAccountMatch {
  std::vector<std::string> names;
  std::optional<CalicoSelector> selector;
  SourceLoc loc;
  bool operator==(const CalicoServiceAccountMatch&) const = default;
};

/// An entity rule's `services`: the endpoints of one Kubernetes Service (the
/// pods its selector selects in its namespace). In a destination the rule's
/// ports are the Service's ports, as they land on the pod (targetPort).
struct CalicoServiceMatch {
  std::string name;
  /// As written; empty: the namespaced policy's own namespace.
  std::string namespace_name;
  SourceLoc loc;
  bool operator==(const CalicoServiceMatch&) const = default;
};

/// `source` or `destination` of a rule. Every field present must match.
struct CalicoEntityRule {
  std::optional<CalicoSelector> selector;
  std::optional<CalicoSelector> not_selector;
  std::optional<CalicoSelector> namespace_selector;
  std::vector<Cidr> nets;      ///< Empty: any.
  std::vector<Cidr> not_nets;
  std::vector<CalicoPort> ports;      ///< Destination ports (source ports: see has_source_ports).
  std::vector<CalicoPort> not_ports;
  std::optional<CalicoServiceAccountMatch> service_accounts;
  std::optional<CalicoServiceMatch> service;  ///< `services`
  /// Fields netpol cannot match offline (source ports): the rule then
  /// matches nothing, and the decoder warned.
  bool unmodelled = false;
  SourceLoc loc;

  /// Whether any of selector, notSelector, namespaceSelector,
  /// serviceAccounts, services is present: then only pods match.
  bool SelectsEndpoints() const {
    return selector || not_selector || namespace_selector || service_accounts || service;
  }
  bool operator==(const CalicoEntityRule&) const = default;
};

/// One ingress or egress rule.
struct CalicoRule {
  CalicoAction action = CalicoAction::kAllow;
  /// IANA protocol numbers; nullopt: any. TCP 6, UDP 17, SCTP 132, ICMP 1,
  /// ICMPv6 58. netpol models TCP, UDP and SCTP ports: a rule for another
  /// protocol matches none of them.
  std::optional<int> protocol;
  std::optional<int> not_protocol;
  CalicoEntityRule source;
  CalicoEntityRule destination;
  SourceLoc loc;

  /// The protocols of TCP/UDP/SCTP the rule's protocol fields admit.
  PortSet ProtocolMask() const;
  bool operator==(const CalicoRule&) const = default;
};

/// A Calico NetworkPolicy or GlobalNetworkPolicy (or a staged one).
struct CalicoPolicy {
  CalicoPolicyKind kind = CalicoPolicyKind::kNetworkPolicy;
  std::string name;
  std::string namespace_name;  ///< Empty for the global kinds.
  std::string tier = "default";
  std::optional<double> order;  ///< Unset: after every ordered policy.
  CalicoSelector selector;
  /// GlobalNetworkPolicy only: the namespaces whose pods it may select.
  std::optional<CalicoSelector> namespace_selector;
  /// spec.serviceAccountSelector: the policy selects only pods whose
  /// ServiceAccount's labels match it (a ServiceAccount carries its name as
  /// projectcalico.org/name).
  std::optional<CalicoSelector> service_account_selector;
  bool applies_ingress = true;  ///< From `types` (or Calico's defaulting).
  bool applies_egress = false;
  std::vector<CalicoRule> ingress;
  std::vector<CalicoRule> egress;
  /// A host-endpoint policy (doNotTrack, preDNAT): netpol does not model
  /// host endpoints, so it selects no pod (the decoder warned).
  bool skipped = false;
  /// Staged kinds only: what enforcing the policy does.
  CalicoStagedAction staged_action = CalicoStagedAction::kSet;
  SourceLoc loc;

  bool IsGlobal() const {
    return kind == CalicoPolicyKind::kGlobalNetworkPolicy ||
           kind == CalicoPolicyKind::kStagedGlobalNetworkPolicy;
  }
  bool IsStaged() const {
    return kind == CalicoPolicyKind::kStagedNetworkPolicy ||
           kind == CalicoPolicyKind::kStagedGlobalNetworkPolicy;
  }
  const std::vector<CalicoRule>& Rules(bool ingress_side) const {
    return ingress_side ? ingress : egress;
  }
  /// "GlobalNetworkPolicy default-deny", "NetworkPolicy shop/allow-web".
  std::string Id() const;
  bool operator==(const CalicoPolicy&) const = default;
};

/// The kind a staged kind becomes when enforced (StagedNetworkPolicy:
/// NetworkPolicy, StagedGlobalNetworkPolicy: GlobalNetworkPolicy); an
/// enforced kind is returned as is.
CalicoPolicyKind EnforcedCalicoKind(CalicoPolicyKind kind);

/// A projectcalico.org/v3 Tier.
struct CalicoTier {
  std::string name;
  std::optional<double> order;  ///< Unset: after every ordered tier.
  /// spec.defaultAction Pass: what no rule decides goes on to the next tier
  /// instead of being dropped.
  bool default_pass = false;
  SourceLoc loc;
  bool operator==(const CalicoTier&) const = default;
};

/// The order of the `default` tier, fixed by Calico.
inline constexpr double kCalicoDefaultTierOrder = 1000000;
/// The order Calico gives every Kubernetes NetworkPolicy in the default tier.
inline constexpr double kCalicoKubernetesPolicyOrder = 1000;
/// The tier Calico puts every AdminNetworkPolicy in (an ANP's priority is its
/// order there, its name `kanp.adminnetworkpolicy.<name>`), at order 1,000,
/// with defaultAction Pass: a Calico tier of lower order decides first.
inline constexpr const char* kCalicoAdminTier = "adminnetworkpolicy";
/// The order of tier adminnetworkpolicy (and of kube-admin).
inline constexpr double kCalicoAdminTierOrder = 1000;
/// The tier of the BaselineAdminNetworkPolicy (order 1,000 in it, named
/// `kbanp.baselineadminnetworkpolicy.<name>`), at order 10,000,000, with
/// defaultAction Pass: after the default tier, before tiers without order.
inline constexpr const char* kCalicoBaselineTier = "baselineadminnetworkpolicy";
/// The order of tier baselineadminnetworkpolicy (and of kube-baseline).
inline constexpr double kCalicoBaselineTierOrder = 10000000;
/// The order of the BaselineAdminNetworkPolicy within its tier.
inline constexpr double kCalicoBaselinePolicyOrder = 1000;
/// The tiers of ClusterNetworkPolicies (tier Admin, tier Baseline), at the
/// same orders, priority as order, named `kcnp.<tier>.<name>`.
inline constexpr const char* kCalicoKubeAdminTier = "kube-admin";
/// The tier of ClusterNetworkPolicies with tier: Baseline.
inline constexpr const char* kCalicoKubeBaselineTier = "kube-baseline";
/// The label Calico gives a ServiceAccount (its name) for service account
/// selectors, and a Namespace (its name) for namespace selectors.
inline constexpr const char* kCalicoNameLabel = "projectcalico.org/name";

NETPOL_NAMESPACE_END

#endif  // NETPOL_CALICO_POLICY_H_
