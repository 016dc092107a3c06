// The class engine's entry point for the library's own callers (not part of
// the public API).
#ifndef NETPOL_ENGINE_CLASS_ENGINE_INTERNAL_H_
#define NETPOL_ENGINE_CLASS_ENGINE_INTERNAL_H_

#include <vector>

#include "netpol/class_engine.h"
#include "netpol/ip.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// ComputeClassGraph with external blocks that also split at `extra_cidrs`
/// (PartitionExternalAddresses(cluster, extra_cidrs)): a diff gives each side
/// the other side's ipBlocks, so that one partition refines both.
ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options,
                             const std::vector<Cidr>& extra_cidrs);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ENGINE_CLASS_ENGINE_INTERNAL_H_
