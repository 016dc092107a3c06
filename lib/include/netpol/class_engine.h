// The fast engine: the allow-graph computed on equivalence classes of pods.
//
// Why classes: two pods of one namespace with the same labels, the same named
// container ports, the same hostNetwork flag, IPs in the same ipBlock cells
// and the same address families are indistinguishable to every
// NetworkPolicy: every selector, every ipBlock and every named port treats
// them alike, and they reach the same peers (traffic uses a family both ends
// have, see netpol/evaluator.h). So the engine
//  1. groups pods into classes and gives every external address block a class
//     of its own;
//  2. evaluates each policy's podSelector once per class of its namespace and
//     each distinct peer (selector pair or ipBlock) once, giving sorted class
//     lists;
//  3. groups classes by the exact list of policies that isolate them
//     ("profiles"), and computes one sparse row per ingress profile (which
//     sources, on which ports) and per egress profile (which destinations);
//  4. with cluster-scoped tiers (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
//     ClusterNetworkPolicy), groups peer classes by the tier peers that match
//     them ("peer groups"), runs the tiers' per-port first match once per
//     (cluster-scoped policies selecting the subject, peer group), and merges
//     each subject's NetworkPolicy row into that outcome in precedence order:
//     Admin-tier allows, then, for an isolated subject, the NetworkPolicy
//     row within the ports the Admin tier handed on (unmatched or Pass);
//     else the Baseline tier and the default. A side row is then one default
//     per peer group plus the NetworkPolicy cells as exceptions, so tiers
//     cost about what the NetworkPolicy rows cost;
//  5. joins egress rows with transposed ingress rows into class-level edges,
//     visiting for each source the non-empty cells of the sparser side.
// Port sets are interned in a PortSetTable, so identical sets share one id and
// unions/intersections are cached by id pair. Pods appear only at the end,
// when a writer expands classes to members (BuildAllowGraph does).
//
// Threads: ComputeClassGraph builds a new graph and shares nothing. A
// PortSetTable memoises Union/Intersect in non-const methods: only the code
// building a graph calls them; a finished graph (and its const table, whose
// only query is Get) may be read from any number of threads.
// Cost: see the steps above; Get is O(1), Intern/Union/Intersect O(size of
// the sets) on a miss and O(1) expected on a hit.
#ifndef NETPOL_CLASS_ENGINE_H_
#define NETPOL_CLASS_ENGINE_H_

#include <cstdint>
#include <vector>

#include "netpol/api.h"
#include "netpol/endpoint.h"
#include "netpol/evaluator.h"
#include "netpol/l7_filter.h"
#include "netpol/model.h"
#include "netpol/port_set.h"

NETPOL_NAMESPACE_BEGIN

/// Id of an interned port set.
using PortSetId = std::uint32_t;
/// Index of an equivalence class in ClassGraph.
using ClassId = std::uint32_t;

/// Interned, canonical port sets: equal sets get equal ids. Unions and
/// intersections are memoised by id pair.
class PortSetTable {
 public:
  PortSetTable();
  PortSetTable(PortSetTable&&) noexcept;
  PortSetTable& operator=(PortSetTable&&) noexcept;
  ~PortSetTable();

  static constexpr PortSetId kEmpty = 0;  ///< Always the empty set.
  static constexpr PortSetId kAll = 1;    ///< Always every port of every protocol.

  PortSetId Intern(const PortSet& set);
  const PortSet& Get(PortSetId id) const { return sets_[id]; }
  PortSetId Union(PortSetId a, PortSetId b);
  PortSetId Intersect(PortSetId a, PortSetId b);
  std::size_t size() const { return sets_.size(); }

 private:
  struct Index;
  std::vector<PortSet> sets_;
  Index* index_;  // owned (a raw pointer keeps <memory> out of this header)
};

/// One class-level edge: every endpoint of `from` may reach every endpoint of
/// `to` (except itself) on `ports`.
struct ClassEdge {
  ClassId from = 0;
  ClassId to = 0;
  PortSetId ports = PortSetTable::kEmpty;
  bool operator==(const ClassEdge&) const = default;
};

/// The L7-filtered ports of one class edge (Verdict::l7 of its pairs).
struct ClassEdgeL7 {
  ClassId from = 0;
  ClassId to = 0;
  std::vector<L7Filter> filters;  ///< Not empty.
  bool operator==(const ClassEdgeL7&) const = default;
};

/// The allow-graph at class level. Classes [0, PodClassCount()) are pod
/// classes, numbered by their first member; the rest are external blocks, in
/// PartitionExternalAddresses order.
struct ClassGraph {
  /// Members of each pod class, sorted by PodId.
  std::vector<std::vector<PodId>> pod_classes;
  /// The external address blocks; block i is class PodClassCount() + i.
  std::vector<ExternalBlock> blocks;
  /// The class of each pod.
  std::vector<ClassId> class_of_pod;
  /// Sorted by (from, to); non-empty port sets only; no edge between two
  /// external blocks, and no self edge of a one-member pod class.
  std::vector<ClassEdge> edges;
  PortSetTable port_sets;
  /// The edges with L7-filtered ports, sorted by (from, to); empty unless
  /// some Cilium rule has L7 `rules`. Computed once per such class edge from
  /// one pair of its members (classes are indistinguishable to every rule).
  std::vector<ClassEdgeL7> l7;

  /// The L7-filtered ports of the edge from -> to; empty when none.
  const std::vector<L7Filter>& L7Of(ClassId from, ClassId to) const;

  std::size_t PodClassCount() const { return pod_classes.size(); }
  std::size_t ClassCount() const { return pod_classes.size() + blocks.size(); }
  bool IsExternal(ClassId id) const { return id >= pod_classes.size(); }
  /// Endpoints of a class: its pods, or 1 for a block.
  std::size_t ClassSize(ClassId id) const {
    return IsExternal(id) ? 1 : pod_classes[id].size();
  }
  /// Allowed ordered pairs of distinct endpoints (what BuildAllowGraph's
  /// edge count would be).
  std::uint64_t EndpointPairCount() const;
  /// Distinct port sets among the edges.
  std::size_t DistinctEdgePortSets() const;
};

/// Computes the class-level allow-graph of `cluster`. Exact: expanding it to
/// endpoints gives Evaluator::Evaluate(...).allowed for every ordered pair.
ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options = {});

NETPOL_NAMESPACE_END

#endif  // NETPOL_CLASS_ENGINE_H_
