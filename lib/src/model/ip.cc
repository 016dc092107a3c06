#include "netpol/ip.h"

#include <charconv>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

Uint128 AllOnes(int bits) {
  if (bits <= 0) return 0;
  if (bits >= 128) return ~Uint128{0};
  return (Uint128{1} << bits) - 1;
}

Uint128 HostMask(IpFamily family, int prefix) {
  return AllOnes(IpAddress::Bits(family) - prefix);
}

bool ParseDecimal(std::string_view text, int max, int* value) {
  if (text.empty() || text.size() > 3) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  // Leading zeros are ambiguous (octal in some parsers); Go's net.ParseIP
  // rejects them, and so does the API server.
  if (text.size() > 1 && text[0] == '0') return false;
  int v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  if (v > max) return false;
  *value = v;
  return true;
}

std::optional<uint32_t> ParseV4(std::string_view text) {
  uint32_t value = 0;
  int parts = 0;
  while (true) {
    std::size_t dot = text.find('.');
    std::string_view part = text.substr(0, dot);
    int octet = 0;
    if (!ParseDecimal(part, 255, &octet)) return std::nullopt;
    value = (value << 8) | static_cast<uint32_t>(octet);
    ++parts;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (parts != 4) return std::nullopt;
  return value;
}

bool ParseHexGroup(std::string_view text, uint32_t* value) {
  if (text.empty() || text.size() > 4) return false;
  uint32_t v = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return false;
    v = v * 16 + static_cast<uint32_t>(digit);
  }
  *value = v;
  return true;
}

// Parses a ':'-separated list of groups (the last may be a dotted IPv4).
bool ParseGroups(std::string_view text, std::vector<uint32_t>* groups, bool allow_v4_tail) {
  if (text.empty()) return true;
  while (true) {
    std::size_t colon = text.find(':');
    std::string_view part = text.substr(0, colon);
    if (colon == std::string_view::npos && allow_v4_tail &&
        part.find('.') != std::string_view::npos) {
      auto v4 = ParseV4(part);
      if (!v4) return false;
      groups->push_back(*v4 >> 16);
      groups->push_back(*v4 & 0xffff);
      return true;
    }
    uint32_t group = 0;
    if (!ParseHexGroup(part, &group)) return false;
    groups->push_back(group);
    if (colon == std::string_view::npos) return true;
    text.remove_prefix(colon + 1);
  }
}

std::optional<Uint128> ParseV6(std::string_view text) {
  std::vector<uint32_t> head;
  std::vector<uint32_t> tail;
  std::size_t gap = text.find("::");
  if (gap != std::string_view::npos) {
    if (text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    if (!ParseGroups(text.substr(0, gap), &head, false)) return std::nullopt;
    if (!ParseGroups(text.substr(gap + 2), &tail, true)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  } else {
    if (!ParseGroups(text, &head, true)) return std::nullopt;
    if (head.size() != 8) return std::nullopt;
  }
  Uint128 value = 0;
  for (uint32_t g : head) value = (value << 16) | g;
  const std::size_t zeros = 8 - head.size() - tail.size();
  for (std::size_t i = 0; i < zeros; ++i) value <<= 16;
  for (uint32_t g : tail) value = (value << 16) | g;
  return value;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    auto v6 = ParseV6(text);
    if (!v6) return std::nullopt;
    return IpAddress{IpFamily::kV6, *v6};
  }
  auto v4 = ParseV4(text);
  if (!v4) return std::nullopt;
  return IpAddress{IpFamily::kV4, *v4};
}

std::string IpAddress::ToString() const {
  if (family == IpFamily::kV4) {
    const auto v = static_cast<uint32_t>(value);
    return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  }
  uint32_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint32_t>(value >> (16 * (7 - i))) & 0xffff;
  // RFC 5952: compress the longest run (of at least two) of zero groups.
  int best_start = -1;
  int best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string text;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      text += "::";
      i += best_len - 1;
      continue;
    }
    if (!text.empty() && text.back() != ':') text += ':';
    text += fmt::format("{:x}", groups[i]);
  }
  return text;
}

std::string IpRange::ToString() const {
  auto cidrs = RangeToCidrs(*this);
  if (cidrs.size() == 1) return cidrs.front().ToString();
  if (first == last) return first.ToString();
  return first.ToString() + "-" + last.ToString();
}

std::optional<Cidr> Cidr::Parse(std::string_view text, bool* had_host_bits) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = IpAddress::Parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  std::string_view length = text.substr(slash + 1);
  int prefix = 0;
  if (!ParseDecimal(length, IpAddress::Bits(address->family), &prefix)) return std::nullopt;
  Cidr cidr;
  cidr.prefix = prefix;
  cidr.network = *address;
  cidr.network.value &= ~HostMask(address->family, prefix) & AllOnes(IpAddress::Bits(address->family));
  if (had_host_bits) *had_host_bits = cidr.network.value != address->value;
  return cidr;
}

IpAddress Cidr::Last() const {
  return IpAddress{network.family, network.value | HostMask(network.family, prefix)};
}

bool Cidr::Contains(const IpAddress& address) const {
  return address.family == network.family && address.value >= network.value &&
         address.value <= Last().value;
}

bool Cidr::Contains(const Cidr& other) const {
  return other.family() == family() && other.prefix >= prefix && Contains(other.network);
}

std::string Cidr::ToString() const { return fmt::format("{}/{}", network.ToString(), prefix); }

std::vector<Cidr> RangeToCidrs(const IpRange& range) {
  std::vector<Cidr> cidrs;
  const IpFamily family = range.first.family;
  const int bits = IpAddress::Bits(family);
  Uint128 start = range.first.value;
  const Uint128 last = range.last.value;
  while (start <= last) {
    // The largest aligned block starting at `start` that stays within range.
    int host_bits = 0;
    while (host_bits < bits) {
      const Uint128 mask = AllOnes(host_bits + 1);
      if ((start & mask) != 0) break;
      if (start + mask > last || start + mask < start) break;
      ++host_bits;
    }
    cidrs.push_back(Cidr{IpAddress{family, start}, bits - host_bits});
    const Uint128 end = start + AllOnes(host_bits);
    if (end >= last) break;
    start = end + 1;
  }
  return cidrs;
}

const char* IpFamilyName(IpFamily family) {
  return family == IpFamily::kV4 ? "IPv4" : "IPv6";
}

FamilySet FamilySet::OfAddresses(const std::vector<IpAddress>& addresses) {
  FamilySet families;
  for (const IpAddress& address : addresses) families.bits_ |= Of(address.family).bits_;
  return families;
}

std::string FamilySet::ToString() const {
  if (*this == Both()) return "IPv4 and IPv6";
  if (Has(IpFamily::kV4)) return "IPv4";
  if (Has(IpFamily::kV6)) return "IPv6";
  return "no address family";
}

NETPOL_NAMESPACE_END
