// Folding pods into the workloads that own them.
#ifndef NETPOL_PARSE_WORKLOAD_FOLDING_H_
#define NETPOL_PARSE_WORKLOAD_FOLDING_H_

#include "netpol/diagnostic.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

struct FoldOptions {
  /// Whether ipBlocks (and `networks` peers) match pod IPs: only then can
  /// they tell replicas apart (EvalOptions::ip_blocks_match_pods).
  bool ip_blocks_match_pods = true;
};

/// Replicas that behave alike are one endpoint: a Pod whose controller owner
/// is a workload in the inputs is folded into it (through a ReplicaSet into
/// its Deployment, through a Job into its CronJob), contributing its IPs.
/// Pods whose owner is not in the inputs are folded into one endpoint named
/// after the owner (`ns/owner[Kind]`). Alike means: the same labels, ports
/// and hostNetwork as the owner's pod template (or as most of their
/// siblings), where a controller-added label (pod-template-hash, a
/// StatefulSet pod's name, ...) whose value no selector names matches any
/// value, and IPs that every ipBlock and `networks` peer matches alike. A pod
/// that is not alike is kept as its own endpoint, with a warning that says
/// why, and `replica_of` naming the workload's endpoint.
///
/// Also warns when a policy names a value of a controller-added label that
/// a workload endpoint standing for its pod template only (no pod of it in
/// the inputs) holds as a placeholder: netpol cannot tell which pod has it.
void FoldOwnedPods(Cluster& cluster, DiagnosticSink& sink, const FoldOptions& options = {});

/// False when FoldOwnedPods would leave every pod of `cluster` as it is
/// (it changes nothing else): no pod has an owner.
bool FoldingMayChangePods(const Cluster& cluster);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_WORKLOAD_FOLDING_H_
