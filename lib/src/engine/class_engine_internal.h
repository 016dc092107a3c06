// The class engine's entry point for the library's own callers (not part of
// the public API).
#ifndef NETPOL_ENGINE_CLASS_ENGINE_INTERNAL_H_
#define NETPOL_ENGINE_CLASS_ENGINE_INTERNAL_H_

#include <optional>
#include <vector>

#include "netpol/callback.h"
#include "netpol/class_engine.h"
#include "netpol/ip.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// ComputeClassGraph with external blocks that also split at `extra_cidrs`
/// (PartitionExternalAddresses(cluster, extra_cidrs)): a diff gives each side
/// the other side's ipBlocks, so that one partition refines both.
ClassGraph ComputeClassGraph(const Cluster& cluster, EvalOptions options,
                             const std::vector<Cidr>& extra_cidrs);

/// ComputeClassGraph(cluster, options), unless `should_stop` answers true
/// first: it is asked between the engine's steps (partitioning addresses,
/// classifying pods, indexing policies) and once per class of pods while the
/// edges are built, so a stop comes within one class's work. Stopped:
/// nullopt, nothing kept. An empty `should_stop` never stops.
std::optional<ClassGraph> ComputeClassGraphUnlessStopped(const Cluster& cluster, EvalOptions options,
                                                         const Callback<bool()>& should_stop);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ENGINE_CLASS_ENGINE_INTERNAL_H_
