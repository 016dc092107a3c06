#include "select/selector_key.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

void AppendSelectorKey(const LabelSelector& selector, std::string& key) {
  for (const auto& [k, v] : selector.match_labels) {
    key += k;
    key += '\x1f';
    key += v;
    key += '\x1e';
  }
  key += '\x1d';
  for (const LabelRequirement& r : selector.match_expressions) {
    key += r.key;
    key += '\x1f';
    key += static_cast<char>('0' + static_cast<int>(r.op));
    for (const std::string& value : r.values) {
      key += '\x1f';
      key += value;
    }
    key += '\x1e';
  }
  key += '\x1c';
}

NETPOL_NAMESPACE_END
