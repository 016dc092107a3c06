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

NETPOL_NAMESPACE_BEGIN

/// Parses the `kubectl -l` form ("app=web,tier!=db,env in (a,b),!legacy").
/// Returns false and sets `error` on bad syntax.
bool ParseSelectorString(const std::string& text, LabelSelector* selector,
                         std::string* error);

NETPOL_NAMESPACE_END

#endif  // NETPOL_LABEL_SELECTOR_H_
