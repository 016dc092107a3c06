// The address `netpol serve --listen` binds: "HOST:PORT", "[IPV6]:PORT",
// ":PORT" or "PORT" (the loopback address), "localhost" meaning 127.0.0.1.
// A host is an IP address: a name that DNS could point anywhere is refused,
// so the server listens beyond the loopback interface only on an address
// the user wrote.
#ifndef NETPOL_SERVE_LISTEN_ADDRESS_H_
#define NETPOL_SERVE_LISTEN_ADDRESS_H_

#include <string>
#include <string_view>

#include "netpol/api.h"
#include "netpol/status.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

struct ListenAddress {
  std::string host;  ///< An IP address, without brackets.
  unsigned short port = 0;
  /// Whether `host` is a loopback address (127.0.0.0/8, ::1).
  bool loopback = true;
};

/// Parses a --listen value. kInvalidArgument, saying what was expected.
[[nodiscard]] Result<ListenAddress> ParseListenAddress(std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SERVE_LISTEN_ADDRESS_H_
