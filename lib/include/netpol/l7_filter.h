// Ports allowed subject to L7 filtering (Cilium `toPorts[].rules`).
//
// A Cilium rule whose `toPorts` entry carries L7 `rules` (http, dns, kafka,
// or an l7proto parser) allows its ports at L3/L4, but Cilium's proxy then
// admits only the requests those rules match. netpol does not model requests:
// it carries, beside each allowed port set, which ports are filtered and by
// which L7 protocol, so no output shows such a port as fully open.
//
// Union with plain allows: Cilium documents that when a layer 4 rule and a
// similar layer 4 rule with layer 7 rules both apply, the layer 7 part has no
// effect; so a port another rule allows without L7 rules is plain.
//
// Threads: plain values and pure functions. No global state.
#ifndef NETPOL_L7_FILTER_H_
#define NETPOL_L7_FILTER_H_

#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/port_set.h"

NETPOL_NAMESPACE_BEGIN

/// Ports on which requests are filtered by L7 rules of one protocol.
struct L7Filter {
  /// "http", "dns", "kafka", or the `l7proto` name.
  std::string protocol;
  /// Not empty.
  PortSet ports;
  bool operator==(const L7Filter&) const = default;
};

/// Adds `ports` filtered by `protocol` to `filters`, keeping one entry per
/// protocol, sorted by protocol.
void AddL7Filter(std::vector<L7Filter>& filters, const std::string& protocol,
                 const PortSet& ports);
/// Each filter restricted to `ports`; filters left empty are dropped.
std::vector<L7Filter> RestrictL7Filters(const std::vector<L7Filter>& filters,
                                        const PortSet& ports);
/// The union of the filtered ports.
PortSet L7FilteredPorts(const std::vector<L7Filter>& filters);
/// `ports` written as PortSet::ToString() does, with the filtered part marked:
/// "TCP 443; TCP 80 (L7: http)". Without filters: ports.ToString().
std::string PortsWithL7(const PortSet& ports, const std::vector<L7Filter>& filters);

NETPOL_NAMESPACE_END

#endif  // NETPOL_L7_FILTER_H_
