// Kubernetes label selectors: matching them against labels, and parsing the
// `kubectl -l` string form. The value types are the model's (netpol/labels.h).
#ifndef NETPOL_LABEL_SELECTOR_H_
#define NETPOL_LABEL_SELECTOR_H_

#include <string>

#include "netpol/labels.h"

namespace netpol {

/// Parses the `kubectl -l` form ("app=web,tier!=db,env in (a,b),!legacy").
/// Returns false and sets `error` on bad syntax.
bool ParseSelectorString(const std::string& text, LabelSelector* selector,
                         std::string* error);

}  // namespace netpol

#endif  // NETPOL_LABEL_SELECTOR_H_
