#include "netpol/l7_filter.h"

#include <algorithm>

NETPOL_NAMESPACE_BEGIN

void AddL7Filter(std::vector<L7Filter>& filters, const std::string& protocol,
                 const PortSet& ports) {
  if (ports.IsEmpty()) return;
  auto it = std::lower_bound(filters.begin(), filters.end(), protocol,
                             [](const L7Filter& f, const std::string& p) { return f.protocol < p; });
  if (it != filters.end() && it->protocol == protocol) {
    it->ports.Merge(ports);
    return;
  }
  filters.insert(it, L7Filter{protocol, ports});
}

std::vector<L7Filter> RestrictL7Filters(const std::vector<L7Filter>& filters,
                                        const PortSet& ports) {
  std::vector<L7Filter> result;
  for (const L7Filter& filter : filters) {
    PortSet kept = filter.ports.Intersect(ports);
    if (!kept.IsEmpty()) result.push_back({filter.protocol, std::move(kept)});
  }
  return result;
}

PortSet L7FilteredPorts(const std::vector<L7Filter>& filters) {
  PortSet all;
  for (const L7Filter& filter : filters) all.Merge(filter.ports);
  return all;
}

std::string PortsWithL7(const PortSet& ports, const std::vector<L7Filter>& filters) {
  const std::vector<L7Filter> shown = RestrictL7Filters(filters, ports);
  if (shown.empty()) return ports.ToString();
  std::string text;
  const PortSet plain = ports.Intersect(L7FilteredPorts(shown).Complement());
  if (!plain.IsEmpty()) text = plain.ToString();
  for (const L7Filter& filter : shown) {
    if (!text.empty()) text += "; ";
    text += filter.ports.ToString() + " (L7: " + filter.protocol + ")";
  }
  return text;
}

NETPOL_NAMESPACE_END
