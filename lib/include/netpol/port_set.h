// Sets of (protocol, port) pairs as canonical interval lists.
//
// Bad arguments: PortSet::Range and PortSet::Single take ports the caller
// has already validated (1-65535, first <= last) and abort with a message
// naming the bad argument otherwise, as AllowGraph's accessors do with a bad
// id. Ports that come from a user go through PortSet::CheckedRange, which
// returns kInvalidArgument instead. Nothing here throws.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: set operations are linear in the number of ranges.
#ifndef NETPOL_PORT_SET_H_
#define NETPOL_PORT_SET_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// A transport protocol a NetworkPolicy port can name.
enum class Protocol { kTCP = 0, kUDP = 1, kSCTP = 2 };

/// Every Protocol, in enum order.
inline constexpr std::array<Protocol, 3> kAllProtocols = {Protocol::kTCP, Protocol::kUDP,
                                                          Protocol::kSCTP};
/// The lowest valid port.
inline constexpr int kMinPort = 1;
/// The highest valid port.
inline constexpr int kMaxPort = 65535;

/// "TCP", "UDP" or "SCTP".
[[nodiscard]] const char* ProtocolName(Protocol protocol);
/// Accepts the three names in upper case (what the API server accepts).
[[nodiscard]] std::optional<Protocol> ParseProtocol(std::string_view text);

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
  /// The empty set.
  [[nodiscard]] static PortSet None() { return PortSet(); }
  /// Every port of every protocol.
  [[nodiscard]] static PortSet All();
  /// Every port of `protocol`.
  [[nodiscard]] static PortSet AllOf(Protocol protocol);
  /// One port. Precondition: `port` in 1-65535; checked (prints the bad
  /// argument to stderr and aborts otherwise).
  [[nodiscard]] static PortSet Single(Protocol protocol, int port) {
    return Range(protocol, port, port);
  }
  /// The ports first-last of `protocol`. Precondition: both in 1-65535 and
  /// first <= last; checked (prints the bad argument to stderr and aborts
  /// otherwise, never a silent empty set). Use CheckedRange for unchecked
  /// values.
  [[nodiscard]] static PortSet Range(Protocol protocol, int first, int last);
  /// Range() for values not yet validated: kInvalidArgument with a message
  /// naming the bad argument ("first port 70000 is outside 1-65535", "port 0
  /// is outside 1-65535" when first == last, "first port 8080 is greater
  /// than last port 80") instead of aborting.
  [[nodiscard]] static Result<PortSet> CheckedRange(Protocol protocol, int first, int last);

  /// Adds first-last, clipped to 1-65535; adds nothing when the clipped
  /// range is empty (the engines rely on this for computed ranges).
  void Add(Protocol protocol, int first, int last);
  void AddAll(Protocol protocol) { Add(protocol, kMinPort, kMaxPort); }
  void Merge(const PortSet& other);

  [[nodiscard]] PortSet Union(const PortSet& other) const;
  [[nodiscard]] PortSet Intersect(const PortSet& other) const;
  /// Everything in 1-65535 on the three protocols that is not in this set.
  [[nodiscard]] PortSet Complement() const;

  [[nodiscard]] bool IsEmpty() const;
  [[nodiscard]] bool IsAll() const;
  [[nodiscard]] bool IsAll(Protocol protocol) const;
  [[nodiscard]] bool Contains(Protocol protocol, int port) const;
  [[nodiscard]] const std::vector<PortRange>& Ranges(Protocol protocol) const {
    return ranges_[static_cast<int>(protocol)];
  }

  /// Compact, readable form: "all ports", "TCP 80,443,8000-8080; UDP all",
  /// "none".
  [[nodiscard]] std::string ToString() const;
  bool operator==(const PortSet&) const = default;

 private:
  std::array<std::vector<PortRange>, 3> ranges_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_PORT_SET_H_
