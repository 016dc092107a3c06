// Writers for the class-level allow-graph: compact JSON and a summary.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_CLASS_GRAPH_OUTPUT_H_
#define NETPOL_CLASS_GRAPH_OUTPUT_H_

#include <iosfwd>

#include "netpol/api.h"
#include "netpol/class_engine.h"
#include "netpol/graph_filter.h"
#include "netpol/model.h"

NETPOL_NAMESPACE_BEGIN

/// The compact JSON form (`netpol graph --format json --compact`):
/// {"nodes":[...], "classes":[{"id":N,"members":[node indices]}],
///  "portSets":[[ports...]], "edges":[{"from":class,"to":class,"ports":set}]},
/// as documented in the README. Nodes are those of WriteGraphJson, in the
/// same order.
void WriteClassGraphJson(const ClassGraph& graph, const Cluster& cluster, std::ostream& out);

/// Wall-clock seconds spent in each phase of a `graph` run.
struct PhaseTimes {
  double parse = 0;
  double compute = 0;
  double output = 0;
};

/// Counts, one "key: value" per line in a fixed order, then the phase times.
/// With `selection` (a filter's, see graph_filter.h), also the selected
/// endpoints and the allowed pairs with a selected end, before the times.
void WriteGraphSummary(const ClassGraph& graph, const PhaseTimes& times, std::ostream& out,
                       const ClassSelection* selection = nullptr);

NETPOL_NAMESPACE_END

#endif  // NETPOL_CLASS_GRAPH_OUTPUT_H_
