// Potential peers of an exposure: their readable form, a canonical key, and
// the smallest label set that matches a selector (see netpol/exposure.h).
#include <algorithm>
#include <set>
#include <string>
#include <tuple>

#include "netpol/exposure.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// A value no `NotIn` of `key` in `selector` excludes: "x", "x1", "x2", ...
std::string FreeValue(const LabelSelector& selector, const std::string& key) {
  std::set<std::string> excluded;
  for (const LabelRequirement& r : selector.match_expressions) {
    if (r.key == key && r.op == SelectorOperator::kNotIn) {
      excluded.insert(r.values.begin(), r.values.end());
    }
  }
  std::string value = "x";
  for (int i = 1; excluded.count(value) > 0; ++i) value = "x" + std::to_string(i);
  return value;
}

}  // namespace

LabelSelector CanonicalSelector(const LabelSelector& selector) {
  LabelSelector canonical;
  canonical.match_labels = selector.match_labels;
  for (LabelRequirement r : selector.match_expressions) {
    std::sort(r.values.begin(), r.values.end());
    r.values.erase(std::unique(r.values.begin(), r.values.end()), r.values.end());
    r.loc = {};
    canonical.match_expressions.push_back(std::move(r));
  }
  std::sort(canonical.match_expressions.begin(), canonical.match_expressions.end(),
            [](const LabelRequirement& a, const LabelRequirement& b) {
              return std::tie(a.key, a.op, a.values) < std::tie(b.key, b.op, b.values);
            });
  canonical.match_expressions.erase(
      std::unique(canonical.match_expressions.begin(), canonical.match_expressions.end()),
      canonical.match_expressions.end());
  return canonical;
}

std::optional<Labels> WitnessLabels(const LabelSelector& selector) {
  Labels labels = selector.match_labels;
  // In narrows to a value; Exists needs the key; the rest forbid values or keys.
  for (const LabelRequirement& r : selector.match_expressions) {
    if (r.op != SelectorOperator::kIn || labels.count(r.key) > 0) continue;
    std::vector<std::string> values = r.values;
    std::sort(values.begin(), values.end());
    for (const std::string& value : values) {
      Labels candidate = labels;
      candidate[r.key] = value;
      bool ok = true;
      for (const LabelRequirement& other : selector.match_expressions) {
        if (other.key == r.key && !other.Matches(candidate)) ok = false;
      }
      if (ok) {
        labels[r.key] = value;
        break;
      }
    }
  }
  for (const LabelRequirement& r : selector.match_expressions) {
    if (r.op == SelectorOperator::kExists && labels.count(r.key) == 0) {
      labels[r.key] = FreeValue(selector, r.key);
    }
  }
  if (!selector.Matches(labels)) return std::nullopt;
  return labels;
}

namespace {

std::string SelectorText(const LabelSelector& selector) {
  return CanonicalSelector(selector).ToString();
}

}  // namespace

std::string PotentialPeer::ToString() const {
  switch (kind) {
    case Kind::kEntireCluster:
      return "entire-cluster";
    case Kind::kExternal:
      return ip_block ? "external " + ip_block->ToString() : "any external address";
    case Kind::kPods: {
      std::string text = namespace_name.empty()
                             ? (namespace_selector.IsEmpty()
                                    ? std::string("any namespace")
                                    : "namespaces " + SelectorText(namespace_selector))
                             : "namespace " + namespace_name;
      text += pod_selector.IsEmpty() ? ", any pod" : ", pods " + SelectorText(pod_selector);
      return text;
    }
  }
  return "";
}

std::string PotentialPeer::Key() const {
  const char* order = kind == Kind::kEntireCluster ? "0" : kind == Kind::kPods ? "1" : "2";
  return order + ToString();
}

NETPOL_NAMESPACE_END
