// Which endpoints an output shows: `-n/--namespace`, `-l/--selector` and
// `--focus` of graph, report, diff and reach.
//
// A filter never changes what is computed: the allow-graph is exact over the
// whole cluster, and writers print only the connections that touch a
// selected endpoint (its source or its destination is selected). So a
// connection from a selected pod to an unselected one is shown.
//
// An endpoint is selected when it passes every part that is given (as
// kubectl combines -n and -l):
//  * namespaces (-n, repeatable): a pod in one of them. External address
//    blocks are in no namespace, so -n never selects them;
//  * selector (-l, kubectl syntax): a pod whose labels match. Blocks have no
//    labels, so -l never selects them;
//  * focus (--focus, repeatable, a union): one of the pods the endpoint
//    texts denote (by Pod::Id()), or a block overlapping one of the address
//    ranges they denote.
// With no part given, every endpoint is selected.
//
// Pods of one equivalence class (class_engine.h) share their namespace and
// labels, so -n and -l select whole classes; only --focus on pods selects a
// part of one (graph_filter.h handles both).
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: making a filter resolves each --focus text (see
// Analysis::ResolveEndpoints); a query on a built filter does not walk the
// cluster.
#ifndef NETPOL_ENDPOINT_FILTER_H_
#define NETPOL_ENDPOINT_FILTER_H_

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/ip.h"
#include "netpol/labels.h"
#include "netpol/model.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// The filter as the command line gives it, before the focus endpoints are
/// resolved in a cluster (see MakeEndpointFilter in analysis.h).
struct EndpointFilterSpec {
  std::vector<std::string> namespaces;  ///< -n/--namespace, repeatable.
  std::string selector;                 ///< -l/--selector, kubectl syntax; empty: none.
  std::vector<std::string> focus;       ///< --focus endpoint texts (endpoint_ref.h).

  /// Nothing given: the filter selects everything.
  bool Empty() const { return namespaces.empty() && selector.empty() && focus.empty(); }
};

/// A resolved filter: immutable once built, queried through const methods.
class EndpointFilter {
 public:
  /// Selects every endpoint.
  EndpointFilter() = default;

  /// A filter on namespaces and a selector in `kubectl -l` syntax (empty:
  /// no selector). kInvalidArgument, naming -l/--selector, when the
  /// selector is malformed.
  [[nodiscard]] static Result<EndpointFilter> Make(std::vector<std::string> namespaces,
                                                   std::string_view selector);

  /// Restricts to the focus set (the first call) and adds the pod whose
  /// Pod::Id() is `pod_id` to it.
  void AddFocusPod(std::string pod_id);
  /// Restricts to the focus set (the first call) and adds the addresses of
  /// `range` to it.
  void AddFocusRange(const IpRange& range);

  /// No part given: every endpoint is selected.
  bool SelectsEverything() const { return !has_namespaces_ && !has_selector_ && !has_focus_; }
  /// Whether --focus is part of the filter (it may select part of a class).
  bool HasFocus() const { return has_focus_; }
  /// Whether -n or -l is part of the filter (blocks are then never selected).
  bool RestrictsToPods() const { return has_namespaces_ || has_selector_; }

  /// The namespace and selector parts alone: true for every pod of a class
  /// when true for one.
  bool MatchesNamespaceAndLabels(std::string_view namespace_name, const Labels& labels) const;
  /// Whether `pod` is selected.
  bool Selects(const Pod& pod) const;
  /// Whether the external block made of `ranges` is selected.
  bool SelectsAddresses(std::span<const IpRange> ranges) const;

 private:
  bool has_namespaces_ = false;
  bool has_selector_ = false;
  bool has_focus_ = false;
  std::set<std::string, std::less<>> namespaces_;
  LabelSelector selector_;
  std::set<std::string, std::less<>> focus_pods_;
  std::vector<IpRange> focus_ranges_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_ENDPOINT_FILTER_H_
