#include "netpol/endpoint_filter.h"

#include <utility>

#include "netpol/label_selector.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

Result<EndpointFilter> EndpointFilter::Make(std::vector<std::string> namespaces,
                                            std::string_view selector) {
  EndpointFilter filter;
  filter.has_namespaces_ = !namespaces.empty();
  for (std::string& name : namespaces) {
    if (name.empty()) return Status::InvalidArgument("-n/--namespace: empty namespace name");
    filter.namespaces_.insert(std::move(name));
  }
  if (!selector.empty()) {
    Result<LabelSelector> parsed = ParseSelectorString(std::string(selector));
    if (!parsed.ok()) return Status::InvalidArgument("-l/--selector: " + parsed.status().message());
    filter.selector_ = std::move(parsed).value();
    filter.has_selector_ = true;
  }
  return filter;
}

void EndpointFilter::AddFocusPod(std::string pod_id) {
  has_focus_ = true;
  focus_pods_.insert(std::move(pod_id));
}

void EndpointFilter::AddFocusRange(const IpRange& range) {
  has_focus_ = true;
  focus_ranges_.push_back(range);
}

bool EndpointFilter::MatchesNamespaceAndLabels(std::string_view namespace_name,
                                               const Labels& labels) const {
  if (has_namespaces_ && !namespaces_.contains(namespace_name)) return false;
  return !has_selector_ || selector_.Matches(labels);
}

bool EndpointFilter::Selects(const Pod& pod) const {
  if (!MatchesNamespaceAndLabels(pod.namespace_name, pod.labels)) return false;
  return !has_focus_ || focus_pods_.contains(pod.Id());
}

bool EndpointFilter::SelectsAddresses(std::span<const IpRange> ranges) const {
  if (RestrictsToPods()) return false;
  if (!has_focus_) return true;
  for (const IpRange& range : ranges) {
    for (const IpRange& focus : focus_ranges_) {
      if (range.first.family == focus.first.family && range.first <= focus.last &&
          focus.first <= range.last) {
        return true;
      }
    }
  }
  return false;
}

NETPOL_NAMESPACE_END
