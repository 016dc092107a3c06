// One port a user asks about on the command line: "80/TCP", "53/UDP", "80".
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_PORT_QUERY_H_
#define NETPOL_PORT_QUERY_H_

#include <optional>
#include <string>

#include "netpol/api.h"
#include "netpol/port_set.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// One port of one protocol that a query asks about.
struct PortQuery {
  Protocol protocol = Protocol::kTCP;
  int port = 0;

  /// "80/TCP", "53/UDP", "132/SCTP", or "80" (= TCP). Protocol names in any
  /// case. kInvalidArgument saying why for anything else ("70000", "80/ICMP").
  [[nodiscard]] static Result<PortQuery> Parse(const std::string& text);
  /// "TCP 80", as PortSet prints it.
  std::string ToString() const;
  bool operator==(const PortQuery&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_PORT_QUERY_H_
