// Kubernetes label selectors (metav1.LabelSelector) and their matching rules.
#ifndef NETPOL_LABEL_SELECTOR_H_
#define NETPOL_LABEL_SELECTOR_H_

#include <map>
#include <string>
#include <vector>

#include "netpol/source_loc.h"

namespace netpol {

/// Labels of a pod or namespace. Ordered so that output is deterministic.
using Labels = std::map<std::string, std::string>;

enum class SelectorOperator { kIn, kNotIn, kExists, kDoesNotExist };

/// "In", "NotIn", "Exists" or "DoesNotExist".
const char* SelectorOperatorName(SelectorOperator op);

/// One `matchExpressions` entry.
struct LabelRequirement {
  std::string key;
  SelectorOperator op = SelectorOperator::kExists;
  std::vector<std::string> values;
  SourceLoc loc;

  /// In: key present with one of the values. NotIn: key absent, or present
  /// with none of the values. Exists / DoesNotExist: key presence.
  bool Matches(const Labels& labels) const;
  /// "key in (a,b)", "!key", ...
  std::string ToString() const;
  bool operator==(const LabelRequirement&) const = default;
};

/// `matchLabels` AND every `matchExpressions` entry. An empty selector
/// matches everything.
struct LabelSelector {
  Labels match_labels;
  std::vector<LabelRequirement> match_expressions;
  SourceLoc loc;

  bool Matches(const Labels& labels) const;
  /// True for `{}`: no labels and no expressions.
  bool IsEmpty() const { return match_labels.empty() && match_expressions.empty(); }
  /// Kubernetes' selector string form: "app=web,tier in (a,b)"; "{}" when empty.
  std::string ToString() const;
  bool operator==(const LabelSelector&) const = default;
};

/// Parses the `kubectl -l` form ("app=web,tier!=db,env in (a,b),!legacy").
/// Returns false and sets `error` on bad syntax.
bool ParseSelectorString(const std::string& text, LabelSelector* selector,
                         std::string* error);

}  // namespace netpol

#endif  // NETPOL_LABEL_SELECTOR_H_
