// Likely label typos: a selector that misses pods (or namespaces) by one
// small edit of a label, or a pod label one edit away from what policies
// select. `lint` (likely-label-typo), `check` and `check --suggest` name the
// typo instead of its symptoms (a policy that selects nothing, a MISSING
// connection, a new policy to open it).
//
// Design. The cluster holds few distinct label keys and values compared with
// its objects, so the search runs on them: every (key, value) that selectors
// name (matchLabels, matchExpressions `In`) is compared with every value the
// same key has on the objects in reach (and every key with a key), by edit
// distance; objects are looked at only for the few close pairs found. A close
// pair is a typo when the selector, with the object's spelling, would select
// an object it does not select now, and either the selector selects nothing
// at all, or nothing of that policy selects the object. Which side is wrong
// is a guess: the spelling more objects and selectors use is the intended
// one (a tie blames the selector: the pods run, the policy is new).
//
// Threads: FindLabelTypos reads a const cluster and shares nothing.
// Cost: O(distinct selector terms × distinct labels × key length) edit
// distances, each bounded by its limit (see EditDistance).
#ifndef NETPOL_LABEL_TYPO_H_
#define NETPOL_LABEL_TYPO_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/direction.h"
#include "netpol/model.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// Where a selector sits in a NetworkPolicy.
struct SelectorSite {
  PolicyId policy = 0;
  /// Empty for the policy's spec.podSelector; else the peer's rule.
  std::optional<Direction> direction;
  std::size_t rule = 0;
  std::size_t peer = 0;
  bool namespace_selector = false;  ///< The peer's namespaceSelector (else its podSelector).
  SourceLoc loc;  ///< The selector term (matchLabels entry or expression), else the selector.

  /// "podSelector", "ingress[0].from[1].namespaceSelector".
  std::string Path() const;
  bool operator==(const SelectorSite&) const = default;
};

/// One likely typo: spelling `written` of a label where `intended` was meant.
struct LabelTypo {
  /// Which side is likely mistyped.
  enum class Side { kSelector, kObjectLabel };
  Side wrong = Side::kSelector;
  bool namespaces = false;  ///< Namespace labels (a namespaceSelector), else pod labels.
  std::string selector_key, selector_value;  ///< What the selectors say.
  std::string label_key, label_value;        ///< What the objects carry.
  /// The selectors naming selector_key=selector_value that miss the objects,
  /// in source order.
  std::vector<SelectorSite> selectors;
  /// The pods (or namespaces, by index in Cluster::namespaces) carrying
  /// label_key=label_value that the selectors would select, ascending.
  std::vector<std::size_t> objects;
  /// Where the mistyped side is written: the first selector term, or the
  /// label on the first object (its pod template's for a workload).
  SourceLoc loc;
  /// Where the other side is written.
  SourceLoc other_loc;

  /// "app=backend": the spelling believed intended.
  std::string Intended() const;
  /// "app=backnd": the spelling believed mistyped.
  std::string Written() const;
  bool operator==(const LabelTypo&) const = default;
};

/// The likely typos in `cluster`, sorted by `loc` (file, line, column), then
/// spelling. Considers NetworkPolicies' podSelectors and their peers'
/// podSelectors and namespaceSelectors. Two spellings are close when they
/// differ only in case, or by at most 2 edits (1 for spellings of at most 5
/// characters, none for spellings of at most 3, where a few edits make most
/// words alike), and not only in digits (v1/v2 are versions).
std::vector<LabelTypo> FindLabelTypos(const Cluster& cluster);

/// One sentence for messages: "pod netpol-demo/backend has app=backnd, but
/// 3 selectors select app=backend and nothing carries it: did you mean
/// app=backend?".
std::string DescribeLabelTypo(const LabelTypo& typo, const Cluster& cluster);

/// `cluster` with the typo fixed on its wrong side: the objects' label
/// renamed, or the selectors' term. The result is finalized as before.
Cluster WithLabelTypoFixed(const Cluster& cluster, const LabelTypo& typo);

/// Levenshtein distance between `a` and `b`, or `limit + 1` when it exceeds
/// `limit` (computed in O(|a| × (2 limit + 1))).
std::size_t EditDistance(const std::string& a, const std::string& b, std::size_t limit);

/// Of `candidates`, the closest to `text` (case-insensitive equality, or the
/// edit-distance bound above), preferring smaller distance then the first
/// in order; nullopt when none is close.
std::optional<std::string> ClosestSpelling(const std::string& text,
                                           const std::vector<std::string>& candidates);

NETPOL_NAMESPACE_END

#endif  // NETPOL_LABEL_TYPO_H_
