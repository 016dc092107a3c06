#include "netpol/port_query.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

Result<PortQuery> PortQuery::Parse(const std::string& text) {
  const std::size_t slash = text.find('/');
  const std::string number = text.substr(0, slash);
  PortQuery query;
  if (slash != std::string::npos) {
    std::string name = text.substr(slash + 1);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    auto protocol = ParseProtocol(name);
    if (!protocol) {
      return Status::InvalidArgument(
          fmt::format("bad port \"{}\": protocol must be TCP, UDP or SCTP", text));
    }
    query.protocol = *protocol;
  }
  const bool digits = !number.empty() && number.size() <= 5 &&
                      std::all_of(number.begin(), number.end(),
                                  [](unsigned char c) { return std::isdigit(c) != 0; });
  const int port = digits ? std::stoi(number) : 0;
  if (port < kMinPort || port > kMaxPort) {
    return Status::InvalidArgument(
        fmt::format("bad port \"{}\": expected PORT or PORT/PROTOCOL (e.g. 80/TCP) with a "
                    "port between 1 and 65535",
                    text));
  }
  query.port = port;
  return query;
}

std::string PortQuery::ToString() const { return fmt::format("{} {}", ProtocolName(protocol), port); }

NETPOL_NAMESPACE_END
