// Sets of (protocol, port) pairs as canonical interval lists.
#ifndef NETPOL_PORT_SET_H_
#define NETPOL_PORT_SET_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netpol {

enum class Protocol { kTCP = 0, kUDP = 1, kSCTP = 2 };

inline constexpr std::array<Protocol, 3> kAllProtocols = {Protocol::kTCP, Protocol::kUDP,
                                                          Protocol::kSCTP};
inline constexpr int kMinPort = 1;
inline constexpr int kMaxPort = 65535;

/// "TCP", "UDP" or "SCTP".
const char* ProtocolName(Protocol protocol);
/// Accepts the three names in upper case (what the API server accepts).
std::optional<Protocol> ParseProtocol(std::string_view text);

/// An inclusive port range within 1-65535.
struct PortRange {
  int first = kMinPort;
  int last = kMaxPort;
  auto operator<=>(const PortRange&) const = default;
};

/// A set of ports per protocol, kept sorted, disjoint and merged, so two
/// equal sets compare equal.
class PortSet {
 public:
  static PortSet None() { return PortSet(); }
  static PortSet All();
  static PortSet AllOf(Protocol protocol);
  static PortSet Single(Protocol protocol, int port) { return Range(protocol, port, port); }
  static PortSet Range(Protocol protocol, int first, int last);

  void Add(Protocol protocol, int first, int last);
  void AddAll(Protocol protocol) { Add(protocol, kMinPort, kMaxPort); }
  void Merge(const PortSet& other);

  PortSet Union(const PortSet& other) const;
  PortSet Intersect(const PortSet& other) const;
  /// Everything in 1-65535 on the three protocols that is not in this set.
  PortSet Complement() const;

  bool IsEmpty() const;
  bool IsAll() const;
  bool IsAll(Protocol protocol) const;
  bool Contains(Protocol protocol, int port) const;
  const std::vector<PortRange>& Ranges(Protocol protocol) const {
    return ranges_[static_cast<int>(protocol)];
  }

  /// Compact, readable form: "all ports", "TCP 80,443,8000-8080; UDP all",
  /// "none".
  std::string ToString() const;
  bool operator==(const PortSet&) const = default;

 private:
  std::array<std::vector<PortRange>, 3> ranges_;
};

}  // namespace netpol

#endif  // NETPOL_PORT_SET_H_
