// A serialisation of label selectors for memo keys: two selectors give the
// same key exactly when they are equal (source locations aside), so a
// selector's matches can be computed once per distinct selector.
#ifndef NETPOL_SRC_SELECT_SELECTOR_KEY_H_
#define NETPOL_SRC_SELECT_SELECTOR_KEY_H_

#include <string>

#include "netpol/label_selector.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Appends `selector`'s key to `key`. Each key is terminated, so keys of
/// several selectors appended one after another stay unambiguous.
void AppendSelectorKey(const LabelSelector& selector, std::string& key);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_SELECT_SELECTOR_KEY_H_
