// What-if: the connections that change between two sets of manifests, and
// the object changes that caused them.
//
// Both sides are evaluated over the same endpoints: the union of their pods
// (by namespace/name) and one partition of the external addresses that
// refines both sides' ipBlocks, so every block means the same addresses
// before and after. A connection's causes are the changed policies that
// isolate its source for egress or its destination for ingress (before or
// after the change), and changes to the two pods or their namespaces.
//
// Computed on equivalence classes (class_engine.h): endpoints are grouped by
// their (class before, class after) pair, the two class graphs are compared
// pair of groups by pair of groups, and only groups whose ports changed are
// expanded to endpoints, so a change that touches few pods costs about two
// class graphs however large the cluster.
//
// Threads: DiffGraphs builds its own evaluators over const clusters and
// shares nothing; concurrent calls on distinct or const inputs are safe.
#ifndef NETPOL_GRAPH_DIFF_H_
#define NETPOL_GRAPH_DIFF_H_

#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/evaluator.h"
#include "netpol/l7_filter.h"
#include "netpol/model.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// How an object changed between two inputs.
enum class ChangeKind { kAdded, kRemoved, kModified };
/// "added", "removed" or "modified".
const char* ChangeKindName(ChangeKind kind);

/// A Namespace, Pod, NetworkPolicy, cluster-scoped policy (ANP, BANP, CNP),
/// enforced Calico policy (kind "NetworkPolicy.projectcalico.org" or
/// "GlobalNetworkPolicy") or Calico Tier that differs (source locations and
/// the order of objects are ignored).
struct ObjectChange {
  ChangeKind change = ChangeKind::kModified;
  std::string kind;  ///< "Namespace", "Pod", "NetworkPolicy", "AdminNetworkPolicy", ...
  std::string namespace_name;  ///< Empty for a Namespace and cluster-scoped kinds.
  std::string name;
  SourceLoc before_loc;  ///< Unknown when added.
  SourceLoc after_loc;   ///< Unknown when removed.

  /// "NetworkPolicy/netpol-demo/default-deny-egress", "Namespace/x".
  std::string Id() const;
  bool operator==(const ObjectChange&) const = default;
};

/// Why an object change is a cause of a connection change.
struct ChangeCause {
  std::size_t object = 0;  ///< Index into GraphDiff::objects.
  /// "isolates the source for Egress", "is the destination pod", ...
  std::string relation;
  bool operator==(const ChangeCause&) const = default;
};

/// One connection whose verdict differs between before and after.
struct ConnectionChange {
  enum class Kind { kNewlyAllowed, kNewlyDenied, kPortsChanged };
  Kind kind = Kind::kPortsChanged;
  std::string from;  ///< "ns/name" or an external block id.
  std::string to;
  PortSet before;
  PortSet after;
  /// The ports of `before` / `after` allowed only subject to L7 filtering
  /// (Cilium `toPorts[].rules`, Verdict::l7); empty without L7 rules. A
  /// connection whose ports stay but whose L7 filtering changes is a
  /// kPortsChanged change.
  std::vector<L7Filter> before_l7;
  std::vector<L7Filter> after_l7;
  std::vector<ChangeCause> causes;  ///< Empty when no changed object explains it.
  bool operator==(const ConnectionChange&) const = default;
};

/// "newly allowed", "newly denied" or "ports changed".
const char* ConnectionChangeKindName(ConnectionChange::Kind kind);

/// Everything that differs between two analyses: objects, then connections.
struct GraphDiff {
  std::vector<ObjectChange> objects;          ///< Sorted by kind, namespace, name.
  std::vector<ConnectionChange> connections;  ///< Sorted by from, to (pods first).

  bool Empty() const { return connections.empty(); }
  bool operator==(const GraphDiff&) const = default;
};

/// Compares every ordered pair of distinct endpoints before and after (not
/// two external blocks). Computed on equivalence classes of pods: the cost
/// is two class graphs plus the changed pairs, not one evaluation per pair.
GraphDiff DiffGraphs(const Cluster& before, const Cluster& after, EvalOptions options = {});

/// `base` plus the objects of `added`; an object with the same kind,
/// namespace and name replaces the earlier one (as `kubectl apply` would).
Cluster AddObjects(const Cluster& base, const Cluster& added);

/// `cluster` with every staged Calico policy enforced, as Calico enforces
/// one: a StagedNetworkPolicy becomes a NetworkPolicy, a
/// StagedGlobalNetworkPolicy a GlobalNetworkPolicy, and replaces the enforced
/// policy of the same kind, namespace and name (its tier, order, selector and
/// rules are the staged ones); with no such policy it is added. A staged
/// policy with `stagedAction: Delete` deletes that enforced policy instead.
/// No staged policy is left. `enforced`, when not null, receives how many
/// staged policies there were. The answer to "what would enforcing the staged
/// policies change?" is DiffGraphs(cluster, EnforceStagedPolicies(cluster)).
Cluster EnforceStagedPolicies(const Cluster& cluster, std::size_t* enforced = nullptr);

/// Removes the object named "KIND/NAMESPACE/NAME" (NetworkPolicy, Pod,
/// Service, Deployment, StatefulSet, DaemonSet, ReplicaSet) or "KIND/NAME"
/// (Namespace, AdminNetworkPolicy, BaselineAdminNetworkPolicy,
/// ClusterNetworkPolicy) from `cluster`; KIND as kubectl accepts it
/// (ParseKindName: netpol, deploy, svc, ANP...). kNotFound when there is no
/// such object, kInvalidArgument when the reference is malformed (an unknown
/// kind, a missing namespace); `cluster` is unchanged then.
[[nodiscard]] Status RemoveObject(Cluster* cluster, const std::string& reference);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_DIFF_H_
