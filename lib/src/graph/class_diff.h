// What-if on classes: DiffGraphs without evaluating every pair of endpoints.
//
// Each side's class graph (class_engine.h) says what every pair of its
// classes allows. The endpoints of the diff (diff_endpoints.h) fall into
// joint classes, one per (class before, class after) pair, where a pod that
// exists on one side only has no class on the other (it allows nothing
// there). All endpoint pairs of two joint classes change alike, so the
// comparison walks, for each joint class, the out-edges of its before class
// and of its after class (O(edges × fan-out), never classes²), and expands
// to endpoints only the joint class pairs whose ports differ. Policy causes
// are found once per changed joint class pair (a class's members are
// isolated by the same policies), pod and namespace causes per endpoint
// pair. Two endpoints that share one side's pod (a replica compared with its
// workload's endpoint) are evaluated pair by pair: no class edge says what a
// pod allows to itself.
//
// Both sides must see the same external blocks: a side graph whose blocks
// do not contain every block of the common partition is computed again with
// the other side's ipBlocks as extra cuts.
#ifndef NETPOL_GRAPH_CLASS_DIFF_H_
#define NETPOL_GRAPH_CLASS_DIFF_H_

#include "netpol/class_engine.h"
#include "netpol/evaluator.h"
#include "netpol/graph_diff.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// One side of a diff: its evaluator (and cluster) and, when already
/// computed with the evaluator's options, its class graph.
struct DiffSide {
  const Evaluator* evaluator = nullptr;
  const ClassGraph* graph = nullptr;
};

/// What DiffGraphs(before cluster, after cluster, options) returns, computed
/// on classes.
GraphDiff DiffOnClasses(const DiffSide& before, const DiffSide& after);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_CLASS_DIFF_H_
