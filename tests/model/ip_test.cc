#include "netpol/ip.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netpol {
namespace {

Uint128 V6(std::uint64_t high, std::uint64_t low) {
  return (static_cast<Uint128>(high) << 64) | low;
}

IpAddress Addr(const std::string& text) {
  INFO("address " << text);
  const auto address = IpAddress::Parse(text);
  REQUIRE(address.has_value());
  return *address;
}

Cidr Block(const std::string& text) {
  INFO("cidr " << text);
  const auto cidr = Cidr::Parse(text);
  REQUIRE(cidr.has_value());
  return *cidr;
}

std::vector<std::string> Strings(const std::vector<Cidr>& cidrs) {
  std::vector<std::string> out;
  for (const Cidr& c : cidrs) out.push_back(c.ToString());
  return out;
}

TEST_CASE("IpAddress::Parse reads dotted quads", "[ip]") {
  const IpAddress a = Addr("10.1.2.3");
  CHECK(a.family == IpFamily::kV4);
  CHECK(a.value == Uint128{0x0A010203});
  CHECK(a.ToString() == "10.1.2.3");
  CHECK(Addr("0.0.0.0").value == 0);
  CHECK(Addr("255.255.255.255").value == Uint128{0xFFFFFFFF});
  CHECK(Addr("255.255.255.255").ToString() == "255.255.255.255");
}

TEST_CASE("IpAddress::Parse rejects malformed IPv4", "[ip]") {
  for (const char* text : {"", "abc", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.",
                           "a.b.c.d", "1.2.3.4/8", "-1.2.3.4", " 1.2.3.4", "1.2.3.4 "}) {
    INFO("text '" << text << "'");
    CHECK_FALSE(IpAddress::Parse(text).has_value());
  }
}

TEST_CASE("IpAddress::Parse reads IPv6 with ::", "[ip]") {
  const IpAddress any = Addr("::");
  CHECK(any.family == IpFamily::kV6);
  CHECK(any.value == 0);
  CHECK(any.ToString() == "::");
  CHECK(Addr("::1").value == 1);
  CHECK(Addr("::1").ToString() == "::1");
  CHECK(Addr("2001:db8::1").value == V6(0x20010db800000000ULL, 1));
  CHECK(Addr("2001:db8::").value == V6(0x20010db800000000ULL, 0));
  CHECK(Addr("fd00:10:244:a8:96fd:be93:52d8:6b85").value ==
        V6(0xfd000010024400a8ULL, 0x96fdbe9352d86b85ULL));
  CHECK(Addr("FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF").value == ~Uint128{0});
}

TEST_CASE("IpAddress::ToString prints IPv6 per RFC 5952", "[ip]") {
  CHECK(Addr("2001:0db8:0000:0000:0000:0000:0000:0001").ToString() == "2001:db8::1");
  CHECK(Addr("2001:DB8::A").ToString() == "2001:db8::a");
  // The longest run of zero groups is compressed; the first one on a tie.
  CHECK(Addr("2001:db8:0:0:1:0:0:1").ToString() == "2001:db8::1:0:0:1");
  CHECK(Addr("2001:0:0:1:0:0:0:1").ToString() == "2001:0:0:1::1");
  // A single zero group is not compressed.
  CHECK(Addr("2001:db8:0:1:1:1:1:1").ToString() == "2001:db8:0:1:1:1:1:1");
  CHECK(Addr("1:2:3:4:5:6:7:8").ToString() == "1:2:3:4:5:6:7:8");
}

TEST_CASE("IpAddress::Parse reads IPv6 with an embedded IPv4", "[ip]") {
  const IpAddress mapped = Addr("::ffff:1.2.3.4");
  CHECK(mapped.family == IpFamily::kV6);
  CHECK(mapped.value == V6(0, 0x0000ffff01020304ULL));
  CHECK(Addr("2001:0db8::1.2.3.4").value == V6(0x20010db800000000ULL, 0x01020304ULL));
  CHECK(Addr("1:2:3:4:5:6:1.2.3.4").value == V6(0x0001000200030004ULL, 0x0005000601020304ULL));
}

TEST_CASE("IpAddress::Parse rejects malformed IPv6", "[ip]") {
  for (const char* text :
       {":", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", "::1.2.3",
        "::1.2.3.256", "1.2.3.4::", "2001:db8::/32", "1:2:3:4:5:6:7:1.2.3.4"}) {
    INFO("text '" << text << "'");
    CHECK_FALSE(IpAddress::Parse(text).has_value());
  }
}

TEST_CASE("IPv4 addresses order before IPv6 and by value", "[ip]") {
  CHECK(Addr("10.0.0.1") < Addr("10.0.0.2"));
  CHECK(Addr("9.255.255.255") < Addr("10.0.0.0"));
  CHECK(Addr("255.255.255.255") < Addr("::"));
  CHECK(Addr("::1") == Addr("0:0:0:0:0:0:0:1"));
}

TEST_CASE("Cidr::Parse reads canonical blocks", "[ip]") {
  bool had_host_bits = true;
  const auto cidr = Cidr::Parse("10.0.0.0/8", &had_host_bits);
  REQUIRE(cidr.has_value());
  CHECK_FALSE(had_host_bits);
  CHECK(cidr->network == Addr("10.0.0.0"));
  CHECK(cidr->prefix == 8);
  CHECK(cidr->family() == IpFamily::kV4);
  CHECK(cidr->ToString() == "10.0.0.0/8");
  CHECK(Block("0.0.0.0/0").ToString() == "0.0.0.0/0");
  CHECK(Block("1.2.3.4/32").ToString() == "1.2.3.4/32");
  const Cidr v6 = Block("2001:db8::/32");
  CHECK(v6.family() == IpFamily::kV6);
  CHECK(v6.prefix == 32);
  CHECK(v6.ToString() == "2001:db8::/32");
  CHECK(Block("::/0").ToString() == "::/0");
}

TEST_CASE("Cidr::Parse masks host bits and says so", "[ip]") {
  bool had_host_bits = false;
  const auto cidr = Cidr::Parse("10.1.2.3/8", &had_host_bits);
  REQUIRE(cidr.has_value());
  CHECK(had_host_bits);
  CHECK(cidr->network == Addr("10.0.0.0"));
  CHECK(cidr->ToString() == "10.0.0.0/8");
  had_host_bits = false;
  CHECK(Cidr::Parse("192.168.242.213/24", &had_host_bits)->ToString() == "192.168.242.0/24");
  CHECK(had_host_bits);
  had_host_bits = false;
  CHECK(Cidr::Parse("2001:db8::1/32", &had_host_bits)->ToString() == "2001:db8::/32");
  CHECK(had_host_bits);
  CHECK(Cidr::Parse("1.2.3.4/30")->ToString() == "1.2.3.4/30");
  CHECK(Cidr::Parse("1.2.3.5/30")->ToString() == "1.2.3.4/30");
}

TEST_CASE("Cidr::Parse rejects malformed blocks", "[ip]") {
  // A bare address is not a CIDR (the API server rejects it in ipBlock.cidr).
  for (const char* text : {"", "10.0.0.0", "10.0.0.0/", "/8", "10.0.0.0/33", "10.0.0.0/-1",
                           "10.0.0.0/x", "10.0.0/8", "abc/8", "2001:db8::/129", "10.0.0.0/8/8"}) {
    INFO("text '" << text << "'");
    CHECK_FALSE(Cidr::Parse(text).has_value());
  }
}

TEST_CASE("Cidr::Last and Contains", "[ip]") {
  const Cidr ten = Block("10.0.0.0/8");
  CHECK(ten.First() == Addr("10.0.0.0"));
  CHECK(ten.Last() == Addr("10.255.255.255"));
  CHECK(ten.Contains(Addr("10.0.0.0")));
  CHECK(ten.Contains(Addr("10.255.255.255")));
  CHECK_FALSE(ten.Contains(Addr("9.255.255.255")));
  CHECK_FALSE(ten.Contains(Addr("11.0.0.0")));
  CHECK_FALSE(ten.Contains(Addr("::a00:1")));  // Other family.
  CHECK(Block("0.0.0.0/0").Last() == Addr("255.255.255.255"));
  CHECK(Block("0.0.0.0/0").Contains(Addr("1.2.3.4")));
  CHECK_FALSE(Block("0.0.0.0/0").Contains(Addr("::")));
  CHECK(Block("1.2.3.4/32").Last() == Addr("1.2.3.4"));
  CHECK(Block("::/0").Last().value == ~Uint128{0});
  CHECK(Block("2001:db8::/32").Last() == Addr("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK_FALSE(Block("::/0").Contains(Addr("1.2.3.4")));
  CHECK(Block("2001:db8::/32").Range() ==
        IpRange{Addr("2001:db8::"), Addr("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")});
}

TEST_CASE("Cidr::Contains(Cidr) is block inclusion", "[ip]") {
  const Cidr ten = Block("10.0.0.0/8");
  CHECK(ten.Contains(Block("10.1.0.0/16")));
  CHECK(ten.Contains(ten));
  CHECK(ten.Contains(Block("10.255.255.255/32")));
  CHECK_FALSE(ten.Contains(Block("0.0.0.0/0")));
  CHECK_FALSE(ten.Contains(Block("11.0.0.0/16")));
  CHECK_FALSE(Block("10.1.0.0/16").Contains(ten));
  CHECK_FALSE(Block("0.0.0.0/0").Contains(Block("::/0")));
}

TEST_CASE("RangeToCidrs returns the smallest covering list", "[ip]") {
  CHECK(Strings(RangeToCidrs({Addr("10.0.0.0"), Addr("10.255.255.255")})) ==
        std::vector<std::string>{"10.0.0.0/8"});
  CHECK(Strings(RangeToCidrs({Addr("0.0.0.0"), Addr("255.255.255.255")})) ==
        std::vector<std::string>{"0.0.0.0/0"});
  CHECK(Strings(RangeToCidrs({Addr("10.0.0.1"), Addr("10.0.0.6")})) ==
        std::vector<std::string>{"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"});
  CHECK(Strings(RangeToCidrs({Addr("10.0.0.0"), Addr("10.0.2.255")})) ==
        std::vector<std::string>{"10.0.0.0/23", "10.0.2.0/24"});
  CHECK(Strings(RangeToCidrs({Addr("1.2.3.4"), Addr("1.2.3.4")})) ==
        std::vector<std::string>{"1.2.3.4/32"});
  CHECK(Strings(RangeToCidrs({Addr("0.0.0.0"), Addr("10.244.1.10")})) ==
        std::vector<std::string>{"0.0.0.0/5", "8.0.0.0/7", "10.0.0.0/9", "10.128.0.0/10",
                                 "10.192.0.0/11", "10.224.0.0/12", "10.240.0.0/14", "10.244.0.0/24",
                                 "10.244.1.0/29", "10.244.1.8/31", "10.244.1.10/32"});
  CHECK(Strings(RangeToCidrs({Addr("::"), Addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")})) ==
        std::vector<std::string>{"::/0"});
  CHECK(Strings(RangeToCidrs({Addr("::"), Addr("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")})) ==
        std::vector<std::string>{"::/3", "2000::/16", "2001::/21", "2001:800::/22", "2001:c00::/24",
                                 "2001:d00::/25", "2001:d80::/27", "2001:da0::/28",
                                 "2001:db0::/29"});
}

TEST_CASE("IpRange::ToString prints one CIDR as a CIDR, otherwise first-last", "[ip]") {
  CHECK((IpRange{Addr("10.0.0.0"), Addr("10.255.255.255")}).ToString() == "10.0.0.0/8");
  CHECK((IpRange{Addr("10.0.0.1"), Addr("10.0.0.6")}).ToString() == "10.0.0.1-10.0.0.6");
  CHECK((IpRange{Addr("0.0.0.0"), Addr("10.244.1.10")}).ToString() == "0.0.0.0-10.244.1.10");
  CHECK((IpRange{Addr("1.2.3.4"), Addr("1.2.3.4")}).ToString() == "1.2.3.4/32");
  CHECK((IpRange{Addr("::"), Addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")}).ToString() ==
        "::/0");
  CHECK((IpRange{Addr("2001:db8::1"), Addr("2001:db8::5")}).ToString() ==
        "2001:db8::1-2001:db8::5");
}

}  // namespace
}  // namespace netpol
