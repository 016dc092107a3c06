// Kubernetes label selectors: matching them against labels, and parsing the
// `kubectl -l` string form. The value types are the model's (netpol/labels.h).
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: Matches is O(terms × log labels); parsing linear in the text.
#ifndef NETPOL_LABEL_SELECTOR_H_
#define NETPOL_LABEL_SELECTOR_H_

#include <string>

#include "netpol/api.h"
#include "netpol/labels.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// Parses the `kubectl -l` form ("app=web,tier!=db,env in (a,b),!legacy").
/// kInvalidArgument naming the problem and its offset on bad syntax.
[[nodiscard]] Result<LabelSelector> ParseSelectorString(const std::string& text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_LABEL_SELECTOR_H_
