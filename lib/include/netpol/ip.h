// IPv4/IPv6 addresses, CIDR blocks and address ranges.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: every operation on an address, CIDR or range is O(1); on range
// lists linear in their length.
#ifndef NETPOL_IP_H_
#define NETPOL_IP_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "netpol/api.h"

NETPOL_NAMESPACE_BEGIN

/// A 128-bit unsigned integer: an IPv6 address as a number. Portable
/// standard C++ (two 64-bit halves, no compiler extension) with the
/// semantics of an unsigned 128-bit integer: arithmetic wraps modulo 2^128,
/// shifts by 128 or more give 0, ordering is numeric.
struct Uint128 {
  /// Bits 64-127.
  std::uint64_t high = 0;
  /// Bits 0-63.
  std::uint64_t low = 0;

  /// Zero.
  constexpr Uint128() = default;
  /// The value `value` (implicit, like an integer promotion).
  constexpr Uint128(std::uint64_t value) : low(value) {}  // NOLINT(google-explicit-constructor)
  /// The value high * 2^64 + low.
  static constexpr Uint128 FromHalves(std::uint64_t high, std::uint64_t low) {
    Uint128 v;
    v.high = high;
    v.low = low;
    return v;
  }
  /// The low bits, as a cast of an unsigned 128-bit integer to a narrower
  /// integer type gives (static_cast<std::uint32_t>(v): the low 32 bits).
  template <typename T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  explicit constexpr operator T() const {
    return static_cast<T>(low);
  }
  /// Not zero.
  explicit constexpr operator bool() const { return (high | low) != 0; }

  constexpr bool operator==(const Uint128&) const = default;
  /// Numeric order: the high half first.
  constexpr std::strong_ordering operator<=>(const Uint128&) const = default;

  constexpr Uint128 operator~() const { return FromHalves(~high, ~low); }
  friend constexpr Uint128 operator&(Uint128 a, Uint128 b) {
    return FromHalves(a.high & b.high, a.low & b.low);
  }
  friend constexpr Uint128 operator|(Uint128 a, Uint128 b) {
    return FromHalves(a.high | b.high, a.low | b.low);
  }
  friend constexpr Uint128 operator^(Uint128 a, Uint128 b) {
    return FromHalves(a.high ^ b.high, a.low ^ b.low);
  }
  friend constexpr Uint128 operator+(Uint128 a, Uint128 b) {
    const std::uint64_t low = a.low + b.low;
    return FromHalves(a.high + b.high + (low < a.low ? 1 : 0), low);
  }
  friend constexpr Uint128 operator-(Uint128 a, Uint128 b) {
    return FromHalves(a.high - b.high - (a.low < b.low ? 1 : 0), a.low - b.low);
  }
  friend constexpr Uint128 operator<<(Uint128 a, int shift) {
    if (shift <= 0) return a;
    if (shift >= 128) return {};
    if (shift >= 64) return FromHalves(a.low << (shift - 64), 0);
    return FromHalves((a.high << shift) | (a.low >> (64 - shift)), a.low << shift);
  }
  friend constexpr Uint128 operator>>(Uint128 a, int shift) {
    if (shift <= 0) return a;
    if (shift >= 128) return {};
    if (shift >= 64) return FromHalves(0, a.high >> (shift - 64));
    return FromHalves(a.high >> shift, (a.low >> shift) | (a.high << (64 - shift)));
  }
  constexpr Uint128& operator&=(Uint128 other) { return *this = *this & other; }
  constexpr Uint128& operator|=(Uint128 other) { return *this = *this | other; }
  constexpr Uint128& operator^=(Uint128 other) { return *this = *this ^ other; }
  constexpr Uint128& operator+=(Uint128 other) { return *this = *this + other; }
  constexpr Uint128& operator-=(Uint128 other) { return *this = *this - other; }
  constexpr Uint128& operator<<=(int shift) { return *this = *this << shift; }
  constexpr Uint128& operator>>=(int shift) { return *this = *this >> shift; }
};

/// An address family.
enum class IpFamily { kV4, kV6 };

/// "IPv4" or "IPv6".
const char* IpFamilyName(IpFamily family);

/// An IPv4 or IPv6 address; IPv4 values use the low 32 bits.
struct IpAddress {
  IpFamily family = IpFamily::kV4;
  Uint128 value = 0;

  /// Dotted quad or RFC 4291 text (with `::` and embedded IPv4).
  static std::optional<IpAddress> Parse(std::string_view text);
  static int Bits(IpFamily family) { return family == IpFamily::kV4 ? 32 : 128; }
  /// Canonical text (RFC 5952 for IPv6).
  std::string ToString() const;
  auto operator<=>(const IpAddress&) const = default;
};

/// An inclusive range of addresses of one family.
struct IpRange {
  IpAddress first;
  IpAddress last;

  /// "a.b.c.d/n" when the range is exactly one CIDR, otherwise "first-last".
  std::string ToString() const;
  auto operator<=>(const IpRange&) const = default;
};

/// A CIDR block. `network` always has its host bits cleared.
struct Cidr {
  IpAddress network;
  int prefix = 0;

  /// Parses "addr/len". Host bits are accepted and masked off (the API
  /// server accepts `10.1.2.3/8` as `10.0.0.0/8`); `had_host_bits` tells.
  static std::optional<Cidr> Parse(std::string_view text, bool* had_host_bits = nullptr);
  IpFamily family() const { return network.family; }
  IpAddress First() const { return network; }
  IpAddress Last() const;
  bool Contains(const IpAddress& address) const;
  /// True when `other` lies entirely inside this block.
  bool Contains(const Cidr& other) const;
  IpRange Range() const { return {First(), Last()}; }
  std::string ToString() const;
  auto operator<=>(const Cidr&) const = default;
};

/// A set of address families: those of a pod's IPs, or those two endpoints
/// share (traffic between two endpoints uses a family both have).
class FamilySet {
 public:
  /// The empty set.
  constexpr FamilySet() = default;
  static constexpr FamilySet Of(IpFamily family) {
    return FamilySet(family == IpFamily::kV4 ? kV4Bit : kV6Bit);
  }
  static constexpr FamilySet Both() { return FamilySet(kV4Bit | kV6Bit); }
  /// The families of `addresses`; empty when there is none.
  static FamilySet OfAddresses(const std::vector<IpAddress>& addresses);

  constexpr bool Has(IpFamily family) const { return (bits_ & Of(family).bits_) != 0; }
  constexpr bool IsEmpty() const { return bits_ == 0; }
  constexpr FamilySet Intersect(FamilySet other) const { return FamilySet(bits_ & other.bits_); }
  constexpr FamilySet Union(FamilySet other) const { return FamilySet(bits_ | other.bits_); }
  /// 0 (empty) to 3 (both): a compact key.
  constexpr std::uint8_t Bits() const { return bits_; }
  /// "IPv4", "IPv6", "IPv4 and IPv6", or "no address family".
  std::string ToString() const;
  auto operator<=>(const FamilySet&) const = default;

 private:
  static constexpr std::uint8_t kV4Bit = 1;
  static constexpr std::uint8_t kV6Bit = 2;
  constexpr explicit FamilySet(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;
};

/// The smallest list of CIDRs whose union is exactly `range`.
std::vector<Cidr> RangeToCidrs(const IpRange& range);

NETPOL_NAMESPACE_END

#endif  // NETPOL_IP_H_
