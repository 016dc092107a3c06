// Folding pods into the workloads that own them.
#ifndef NETPOL_PARSE_WORKLOAD_FOLDING_H_
#define NETPOL_PARSE_WORKLOAD_FOLDING_H_

#include "netpol/diagnostic.h"
#include "netpol/model.h"

namespace netpol {

/// Replicas are one endpoint: a Pod whose controller owner is a workload in
/// the inputs is folded into it (through a ReplicaSet into its Deployment,
/// through a Job into its CronJob), contributing its IPs. Pods whose owner is
/// not in the inputs are folded into one endpoint named after the owner
/// (`ns/owner[Kind]`). A pod whose labels or ports differ from its owner's
/// (or from its siblings') is kept as its own endpoint, with a warning:
/// policies could treat it differently.
void FoldOwnedPods(Cluster& cluster, DiagnosticSink& sink);

}  // namespace netpol

#endif  // NETPOL_PARSE_WORKLOAD_FOLDING_H_
