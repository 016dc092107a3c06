#include "serve/listen_address.h"

#include <charconv>

#include <boost/asio/ip/address.hpp>
#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("--listen \"{}\": {}; expected HOST:PORT with HOST an IP address "
                    "(127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080) or :PORT",
                    text, why));
  };
  std::string host;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || text.substr(close + 1).size() < 2 ||
        text[close + 1] != ':') {
      return invalid("an IPv6 address in brackets must be followed by :PORT");
    }
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else if (const std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    if (text.find(':') != colon) return invalid("write an IPv6 address in brackets");
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  } else {
    port_text = text;
  }
  if (host.empty() || host == "localhost") host = "127.0.0.1";
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid("the port must be a number in 0-65535");
  }
  boost::system::error_code error;
  const boost::asio::ip::address address = boost::asio::ip::make_address(host, error);
  if (error) return invalid(fmt::format("\"{}\" is not an IP address", host));
  ListenAddress out;
  out.host = address.to_string();
  out.port = static_cast<unsigned short>(port);
  out.loopback = address.is_loopback();
  return out;
}

NETPOL_NAMESPACE_END
