#include "netpol/labels.h"

#include <algorithm>

NETPOL_INTERNAL_NAMESPACE_BEGIN

const char* SelectorOperatorName(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::kIn: return "In";
    case SelectorOperator::kNotIn: return "NotIn";
    case SelectorOperator::kExists: return "Exists";
    case SelectorOperator::kDoesNotExist: return "DoesNotExist";
  }
  return "In";
}

std::string LabelRequirement::ToString() const {
  auto joined = [this] {
    std::vector<std::string> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    std::string text;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (i > 0) text += ",";
      text += sorted[i];
    }
    return text;
  };
  switch (op) {
    case SelectorOperator::kIn: return key + " in (" + joined() + ")";
    case SelectorOperator::kNotIn: return key + " notin (" + joined() + ")";
    case SelectorOperator::kExists: return key;
    case SelectorOperator::kDoesNotExist: return "!" + key;
  }
  return key;
}

std::string LabelSelector::ToString() const {
  if (IsEmpty()) return "{}";
  std::string text;
  for (const auto& [key, value] : match_labels) {
    if (!text.empty()) text += ",";
    text += key + "=" + value;
  }
  for (const LabelRequirement& r : match_expressions) {
    if (!text.empty()) text += ",";
    text += r.ToString();
  }
  return text;
}

NETPOL_NAMESPACE_END
