// Exposure: which pods that could exist tomorrow, and which external
// addresses, a workload's own policies let in (ingress) or out (egress).
//
// Design. Reachability answers for the pods in the inputs; exposure answers
// for *potential* peers. Each rule peer of the policies that decide a
// workload's side is turned into a description of every pod it admits,
// present or future: `entire-cluster` (any pod of any namespace), pods of
// one namespace, pods of the namespaces matching a selector, or external
// addresses. Descriptions are kept minimal: equal selectors (whatever the
// order of their requirements and values) merge into one entry, and an
// entry that `entire-cluster` (or "any external address") already covers
// on the same ports is dropped.
//
// Both sides count. An entry says what the workload's side admits; for each
// existing namespace where such a new pod would land, it also says whether
// the namespace's own policies would isolate that pod for the opposite
// direction (a default-deny egress there blocks a new client even when the
// workload admits it), and what they would still allow. A namespace that
// does not exist yet has no policies: a new pod there is not isolated.
//
// Cluster-scoped tiers (netpol/cluster_policy.h). Admin-tier rules of the
// policies selecting the workload come first, in precedence order: an Allow
// adds an entry; a Deny or Pass whose peer covers every pod (namespaces {}
// or pods {}/{}) or every address removes its ports from the entries of
// later rules (Deny: all later tiers; Pass: the rest of the Admin tier); a
// narrower Deny is listed on the later entries it may cut (`narrowed_by`),
// because "every pod except those matching S" has no selector form. When no
// NetworkPolicy isolates the workload, Baseline-tier rules run the same way,
// then what remains is open to every peer (the default).
//
// Threads. ComputeExposure only reads the const Analysis: any number of
// threads may call it at once. Cost: for each distinct workload shape
// (namespace, labels, selecting policies) one pass over the rule peers of
// the policies selecting it, plus, per entry, one check per namespace that
// would isolate such a new pod (see Costs below); results are shared between
// workloads of the same shape.
//
// Witness labels. For each entry, `namespace_labels`/`pod_labels` are a
// smallest label set a new namespace/pod needs to match the description
// (In: its first value; Exists: the key with a value no NotIn excludes;
// NotIn and DoesNotExist: nothing). "The labels that open the door".
//
// Costs: workloads with the same namespace, labels, ports, IPs and
// hostNetwork flag have the same exposure and are computed once. The
// namespaces whose policies would isolate a new pod are found once per
// (direction, witness labels) for the whole call, and a workload is matched
// against their rules once per distinct peer list (policies of many
// namespaces repeat the same peers): each shape costs O(entries × isolating
// namespaces + distinct peer lists). 10k pods: ~0.2 s (benchmarks/README.md).
#ifndef NETPOL_EXPOSURE_H_
#define NETPOL_EXPOSURE_H_

#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/direction.h"
#include "netpol/labels.h"
#include "netpol/model.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

class Analysis;

/// Who, present or future, an exposure entry admits.
struct PotentialPeer {
  enum class Kind {
    kEntireCluster,  ///< Any pod of any namespace.
    kPods,           ///< Pods matching `pod_selector` in some namespaces.
    kExternal,       ///< Addresses outside the cluster.
  };
  Kind kind = Kind::kEntireCluster;
  /// kPods: the one namespace, when the description names it (a peer without
  /// namespaceSelector, or one on kubernetes.io/metadata.name only).
  std::string namespace_name;
  /// kPods with an empty `namespace_name`: the namespaces matching this.
  LabelSelector namespace_selector;
  /// kPods: which pods ({} = every pod).
  LabelSelector pod_selector;
  /// kExternal: the block; absent = any external address.
  std::optional<IpBlock> ip_block;

  /// "entire-cluster", "namespace netpol-demo, pods app=backend",
  /// "namespaces env=prod, any pod", "external 10.0.0.0/8",
  /// "any external address".
  std::string ToString() const;
  /// ToString() with selectors in a canonical order: equal descriptions
  /// have equal keys.
  std::string Key() const;
  bool operator==(const PotentialPeer&) const = default;
};

/// A rule that creates (or cuts) an exposure.
struct ExposureCause {
  /// "netpol-demo/allow-frontend-ingress" (NetworkPolicy) or
  /// "ANP deny-all" / "BANP default" / "CNP name" (cluster-scoped).
  std::string policy;
  /// "ingress rule 1" (1-based, as written), or the tier rule's name when it has one.
  std::string rule;
  SourceLoc loc;
  bool operator==(const ExposureCause&) const = default;
};

/// How a new pod matching an entry, created in an existing namespace, would
/// be isolated there for the opposite direction by that namespace's policies.
struct PeerIsolation {
  std::string namespace_name;
  /// The namespace's policies that would select the new pod (with the
  /// witness labels) for the opposite direction, "namespace/name", sorted.
  std::vector<std::string> policies;
  /// True when one of them has an empty podSelector: every new pod there is
  /// isolated, whatever its labels.
  bool every_new_pod = false;
  /// What those policies would still allow towards (ingress entry) or from
  /// (egress entry) the workload, within the entry's ports.
  PortSet allowed;
  bool operator==(const PeerIsolation&) const = default;
};

/// One potential peer of a workload, with the ports it may use.
struct ExposureEntry {
  PotentialPeer peer;
  /// Ports the workload's side admits. For an ingress entry, named ports
  /// are resolved on the workload.
  PortSet ports;
  /// Egress entries only: named ports of the rules, unresolved ("TCP http"):
  /// they open whatever port a destination pod gives that name.
  std::vector<std::string> named_ports;
  /// The rules that create the entry, in policy order.
  std::vector<ExposureCause> because;
  /// Admin-tier Deny rules of narrower peers that may remove part of it.
  std::vector<ExposureCause> narrowed_by;
  /// Witness labels a new namespace (empty when `peer` names its namespace
  /// or admits any) and a new pod need to match `peer` (kPods, kEntireCluster).
  Labels namespace_labels;
  Labels pod_labels;
  /// Existing namespaces where such a new pod would be isolated for the
  /// opposite direction (see PeerIsolation), by namespace name.
  std::vector<PeerIsolation> isolated_in;
  bool operator==(const ExposureEntry&) const = default;
};

/// One side of a workload.
struct DirectionExposure {
  Direction direction = Direction::kIngress;
  /// Some NetworkPolicy isolates the workload for this direction. When
  /// false, netpol-analyzer calls it "not protected".
  bool isolated = false;
  /// Some cluster-scoped policy (either tier) selects the workload.
  bool tiered = false;
  /// The policies that isolate it, "namespace/name", sorted.
  std::vector<std::string> isolating_policies;
  /// Sorted by (kind: entire-cluster, pods, external; then ToString()).
  std::vector<ExposureEntry> entries;
  bool operator==(const DirectionExposure&) const = default;
};

/// One workload's exposure, both directions.
struct WorkloadExposure {
  PodId pod = 0;
  std::string id;  ///< Pod::Id().
  DirectionExposure ingress;
  DirectionExposure egress;
  const DirectionExposure& Side(Direction direction) const {
    return direction == Direction::kIngress ? ingress : egress;
  }
};

/// What ComputeExposure describes.
struct ExposureOptions {
  /// The workloads to describe; empty: every pod of the cluster except
  /// hostNetwork ones (no policy selects those: their traffic is the node's).
  std::vector<PodId> pods;
};

/// Every selected workload's exposure, in pod order.
struct ExposureReport {
  std::vector<WorkloadExposure> workloads;
};

/// Computes the exposure of `options.pods` (see the top of this header).
ExposureReport ComputeExposure(const Analysis& analysis, const ExposureOptions& options = {});

/// A smallest set of labels that `selector` matches; nullopt when no label
/// set does (matchLabels app=a with `app In (b)`, Exists with DoesNotExist).
std::optional<Labels> WitnessLabels(const LabelSelector& selector);

/// `selector` with matchExpressions sorted by (key, operator) and their
/// values sorted: two selectors matching the same labels by the same
/// requirements compare equal.
LabelSelector CanonicalSelector(const LabelSelector& selector);

NETPOL_NAMESPACE_END

#endif  // NETPOL_EXPOSURE_H_
