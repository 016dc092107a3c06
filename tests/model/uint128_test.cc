// netpol::Uint128 (netpol/ip.h) is portable standard C++ with the semantics
// of GCC's unsigned __int128, which it replaced in the public header: every
// operator is checked against the compiler's type on random and edge values.
// (The test may use the extension; the public headers may not.)
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "netpol/ip.h"

namespace netpol {
namespace {

__extension__ typedef unsigned __int128 Native;

Native ToNative(Uint128 v) { return (static_cast<Native>(v.high) << 64) | v.low; }
Uint128 FromNative(Native v) {
  return Uint128::FromHalves(static_cast<std::uint64_t>(v >> 64), static_cast<std::uint64_t>(v));
}

TEST_CASE("Uint128 operators match unsigned __int128 on random and edge values", "[ip]") {
  std::mt19937_64 random(20261130);
  std::vector<Native> values = {0, 1, 2, ~Native{0}, ~Native{0} - 1, Native{1} << 63,
                                Native{1} << 64, (Native{1} << 64) - 1, Native{0xffffffffu}};
  for (int i = 0; i < 200; ++i) {
    values.push_back((static_cast<Native>(random()) << 64) | random());
    values.push_back(random() >> (random() % 64));  // small values too
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Native a = values[i];
    const Native b = values[(i * 7 + 3) % values.size()];
    const Uint128 x = FromNative(a);
    const Uint128 y = FromNative(b);
    INFO("pair " << i);
    CHECK(ToNative(x) == a);
    CHECK(ToNative(x + y) == a + b);
    CHECK(ToNative(x - y) == a - b);
    CHECK(ToNative(x & y) == (a & b));
    CHECK(ToNative(x | y) == (a | b));
    CHECK(ToNative(x ^ y) == (a ^ b));
    CHECK(ToNative(~x) == ~a);
    CHECK((x < y) == (a < b));
    CHECK((x == y) == (a == b));
    CHECK((x > y) == (a > b));
    for (int shift : {0, 1, 16, 31, 63, 64, 65, 100, 127}) {
      CHECK(ToNative(x << shift) == a << shift);
      CHECK(ToNative(x >> shift) == a >> shift);
    }
    CHECK((x << 128) == Uint128{0});
    CHECK((x >> 200) == Uint128{0});
    CHECK(static_cast<std::uint64_t>(x) == static_cast<std::uint64_t>(a));
    Uint128 z = x;
    z += y;
    z -= 1;
    z <<= 3;
    z >>= 1;
    z |= 5;
    z &= ~Uint128{2};
    z ^= y;
    Native n = a;
    n += b;
    n -= 1;
    n <<= 3;
    n >>= 1;
    n |= 5;
    n &= ~Native{2};
    n ^= b;
    CHECK(ToNative(z) == n);
  }
}

TEST_CASE("Uint128 converts from 64-bit integers and compiles as a constant", "[ip]") {
  constexpr Uint128 kMax = ~Uint128{0};
  static_assert(kMax.high == ~std::uint64_t{0} && kMax.low == ~std::uint64_t{0});
  static_assert((Uint128{1} << 64).high == 1);
  static_assert(Uint128{5} - 7 == kMax - 1);
  CHECK(Uint128{0xffffffffu} + 1 == Uint128::FromHalves(0, 0x100000000u));
  CHECK(kMax + 1 == Uint128{0});
}

}  // namespace
}  // namespace netpol
