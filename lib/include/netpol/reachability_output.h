// Writers for blast-radius and path results.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_REACHABILITY_OUTPUT_H_
#define NETPOL_REACHABILITY_OUTPUT_H_

#include <iosfwd>
#include <vector>

#include "netpol/api.h"
#include "netpol/reachability.h"

NETPOL_NAMESPACE_BEGIN


/// What `start` reaches (or, with `towards`, what reaches it): one line per
/// endpoint with its hop count and a shortest path, then a summary line.
void WriteReachText(const AllowGraph& graph, NodeId start, bool towards,
                    const std::vector<Reached>& reached, std::ostream& out);

/// Numbered paths, with their hop counts, then a summary line.
void WritePathsText(const AllowGraph& graph, NodeId from, NodeId to,
                    const std::vector<GraphPath>& paths, std::size_t max_paths, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_REACHABILITY_OUTPUT_H_
