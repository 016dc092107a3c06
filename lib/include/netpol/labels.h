// Labels and label selectors (metav1.LabelSelector) as model values.
//
// The value types live in the model so that the model depends on nothing:
// their data, equality and string forms are defined in model/labels.cc.
// Matching them against labels and parsing the `kubectl -l` form is the
// select module's work (netpol/label_selector.h, select/label_selector.cc);
// the Matches members below are declared here so that they read as methods
// of the value, and are defined there.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_LABELS_H_
#define NETPOL_LABELS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// Labels of a pod or namespace. Ordered so that output is deterministic.
using Labels = std::map<std::string, std::string>;
/// Where each label of a Labels map was written (its key), for messages that
/// point at one label. Labels netpol adds itself have no entry.
using LabelLocs = std::map<std::string, SourceLoc>;

/// Values of labels a controller gives the pods it creates that cannot be
/// known offline: a UID, a hash of the pod template, the generated name of a
/// CronJob's Job (kGeneratedLabelValue), or a value that differs from replica
/// to replica such as a StatefulSet pod's name (kPerReplicaLabelValue). The
/// label exists, so `Exists` matches it and `DoesNotExist` does not; its value
/// is taken as one no selector names: '<' is not allowed in a label value, so
/// no valid selector value equals it (`In` never matches, `NotIn` always
/// does). Output prints it as written, e.g. `controller-uid=<generated>`.
inline constexpr std::string_view kGeneratedLabelValue = "<generated>";
/// Stands for a label value that differs per replica of a workload
/// (statefulset.kubernetes.io/pod-name and the like).
inline constexpr std::string_view kPerReplicaLabelValue = "<per-replica>";

/// Whether `value` is one of the placeholders above.
inline bool IsPlaceholderLabelValue(std::string_view value) {
  return value == kGeneratedLabelValue || value == kPerReplicaLabelValue;
}

/// The operator of a matchExpressions term.
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
  /// (Defined by the select module.)
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
  LabelLocs match_label_locs;  ///< Where each matchLabels entry was written.

  /// (Defined by the select module.)
  bool Matches(const Labels& labels) const;
  /// True for `{}`: no labels and no expressions.
  bool IsEmpty() const { return match_labels.empty() && match_expressions.empty(); }
  /// Kubernetes' selector string form: "app=web,tier in (a,b)"; "{}" when empty.
  std::string ToString() const;
  bool operator==(const LabelSelector&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_LABELS_H_
