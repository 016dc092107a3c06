// The truth table the Kubernetes e2e suite prints: rows are sources,
// columns destinations, one mark per pod pair.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print. The matrix has endpoints² cells.
#ifndef NETPOL_MATRIX_OUTPUT_H_
#define NETPOL_MATRIX_OUTPUT_H_

#include <optional>
#include <iosfwd>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/group_graph.h"
#include "netpol/port_query.h"

NETPOL_NAMESPACE_BEGIN

/// Pods only, in graph order. Rows are numbered and named; columns carry the
/// row numbers, so the table stays narrow for ~50 pods. `.` allowed (on
/// `port`, or on some port without one), `X` denied, `-` the pod itself
/// (not evaluated). A legend follows. In a graph built with a filter
/// (graph_filter.h), a pair of two unselected pods is blank: not shown.
void WriteMatrixText(const AllowGraph& graph, const std::optional<PortQuery>& port,
                     std::ostream& out);

/// The same table between groups (pod groups only, in GroupGraph order;
/// the pair semantics of group_graph.h, on graph.port when set): `.` all
/// member pairs allowed, `~` some, `X` none, `-` no member pair (a
/// one-member group with itself). Rows are named with their member count; a
/// legend and the allowed pod pair count follow.
void WriteGroupMatrixText(const GroupGraph& graph, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_MATRIX_OUTPUT_H_
