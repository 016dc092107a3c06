// The allow-graph between groups of endpoints (workloads, namespaces, classes),
// for drawings and matrices a person can read at cluster scale.
//
// Semantics. A group is a set of endpoints. For groups A and B the member
// pairs are the ordered pairs (a, b), a in A, b in B, a != b. The edge A -> B
// counts how many member pairs are allowed (on the port asked about, or on
// some port) and its coverage says whether all, some or none of them are.
// Its ports are the union of what the allowed pairs allow: a port in it is
// allowed for at least one pair, not necessarily for all.
//
// Cost. Computed from the class graph (class_engine.h), never from pod
// pairs: O(pods + class edges × groups per class). A class lies in one
// namespace, so at namespace level every class is in exactly one group; at
// workload level nearly always.
//
// Threads: grouping builds a new GroupGraph from const inputs and keeps no
// state; a built GroupGraph is a plain value.
#ifndef NETPOL_GROUP_GRAPH_H_
#define NETPOL_GROUP_GRAPH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/class_engine.h"
#include "netpol/model.h"
#include "netpol/port_query.h"
#include "netpol/port_set.h"

NETPOL_NAMESPACE_BEGIN

/// What one node of a grouped graph or matrix stands for.
enum class GroupBy {
  kPod,        ///< Every endpoint on its own (as the allow-graph).
  kWorkload,   ///< Pods of one workload, see WorkloadName.
  kClass,      ///< Pods no policy tells apart (an equivalence class).
  kNamespace,  ///< Pods of one namespace.
};

/// "pod", "workload", "class", "namespace".
const char* GroupByName(GroupBy by);
/// The inverse of GroupByName; nullopt for anything else.
std::optional<GroupBy> ParseGroupBy(std::string_view text);

/// The workload a pod belongs to, as `--by workload` groups pods:
///  1. a workload endpoint (its replicas already folded into it) is its own
///     workload: "ns/name[Kind]";
///  2. a pod kept apart from its workload's other replicas (Pod::replica_of)
///     belongs to that workload;
///  3. a pod with a controller owner not in the inputs: "ns/owner[Kind]";
///  4. a bare pod with an `app.kubernetes.io/name`, else `app`, else
///     `k8s-app` label: "ns/LABEL=VALUE" (one workload per namespace and
///     value);
///  5. otherwise the pod itself: "ns/name".
std::string WorkloadName(const Pod& pod);

/// Whether all, some or none of a group pair's member pairs are allowed.
enum class Coverage { kNone, kSome, kAll };
/// "none", "some", "all".
const char* CoverageName(Coverage coverage);

/// One node of a GroupGraph.
struct EndpointGroup {
  /// "ns/name" (pod), WorkloadName (workload), "ns/first-pod +N" (class),
  /// "ns" (namespace), or ExternalBlock::Id() for an external block.
  std::string id;
  std::string namespace_name;  ///< Empty for an external block.
  bool external = false;       ///< An external address block (always a group of its own).
  std::vector<PodId> pods;     ///< Members, sorted; empty for a block.
  /// Endpoints in the group (pods; 1 for a block).
  std::uint64_t Size() const { return external ? 1 : pods.size(); }
};

/// Allowed member pairs from one group to another.
struct GroupEdge {
  std::uint32_t from = 0;   ///< Index in GroupGraph::groups.
  std::uint32_t to = 0;     ///< Index in GroupGraph::groups.
  std::uint64_t allowed = 0;  ///< Allowed member pairs (> 0).
  std::uint64_t pairs = 0;    ///< All member pairs.
  PortSet ports;              ///< Union of the ports the allowed pairs allow.
  Coverage coverage() const { return allowed == pairs ? Coverage::kAll : Coverage::kSome; }
};

/// The allow-graph between groups.
struct GroupGraph {
  GroupBy by = GroupBy::kPod;
  std::optional<PortQuery> port;  ///< Pairs count as allowed on this port (else on some port).
  /// Pod groups first — sorted by PodId at pod and class level, by
  /// (namespace, id) at workload and namespace level — then the external
  /// blocks in ClassGraph order. Deterministic for the same inputs.
  std::vector<EndpointGroup> groups;
  /// Sorted by (from, to); only pairs of groups with an allowed member pair.
  std::vector<GroupEdge> edges;

  /// Groups that are not external blocks (they come first).
  std::size_t PodGroupCount() const;
  /// Member pairs from `from` to `to` (0 for a one-member group with itself).
  std::uint64_t PairCount(std::uint32_t from, std::uint32_t to) const;
  /// The edge from `from` to `to`, or nullptr when no member pair is allowed.
  const GroupEdge* Find(std::uint32_t from, std::uint32_t to) const;
  /// kNone when no member pair is allowed (or there is none).
  Coverage CoverageBetween(std::uint32_t from, std::uint32_t to) const;
};

/// Groups `classes` (computed for `cluster`) by `by`. With `port`, a member
/// pair counts as allowed only on that port.
GroupGraph BuildGroupGraph(const ClassGraph& classes, const Cluster& cluster, GroupBy by,
                           const std::optional<PortQuery>& port = std::nullopt);

/// How many pod groups `by` makes of `cluster`'s pods (blocks not counted).
/// O(pods); does not need the class graph except at class level.
std::size_t CountPodGroups(const ClassGraph& classes, const Cluster& cluster, GroupBy by);

/// The level a drawing of at most `max_nodes` nodes uses: pod when every
/// endpoint fits, else workload when the workloads (plus external blocks)
/// fit, else namespace (which may still exceed `max_nodes`).
GroupBy ChooseDrawingLevel(const ClassGraph& classes, const Cluster& cluster,
                           std::size_t max_nodes);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GROUP_GRAPH_H_
