#include "netpol/port_set.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using RangeList = std::vector<PortRange>;

void Normalize(RangeList& ranges) {
  std::sort(ranges.begin(), ranges.end());
  RangeList merged;
  for (const PortRange& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().last + 1) {
      merged.back().last = std::max(merged.back().last, r.last);
    } else {
      merged.push_back(r);
    }
  }
  ranges = std::move(merged);
}

RangeList IntersectRanges(const RangeList& a, const RangeList& b) {
  RangeList out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const int lo = std::max(a[i].first, b[j].first);
    const int hi = std::min(a[i].last, b[j].last);
    if (lo <= hi) out.push_back({lo, hi});
    if (a[i].last < b[j].last) ++i; else ++j;
  }
  return out;
}

bool IsFull(const RangeList& ranges) {
  return ranges.size() == 1 && ranges[0].first == kMinPort && ranges[0].last == kMaxPort;
}

}  // namespace

const char* ProtocolName(Protocol protocol) {
  switch (protocol) {
    case Protocol::kTCP: return "TCP";
    case Protocol::kUDP: return "UDP";
    case Protocol::kSCTP: return "SCTP";
  }
  return "TCP";
}

std::optional<Protocol> ParseProtocol(std::string_view text) {
  if (text == "TCP") return Protocol::kTCP;
  if (text == "UDP") return Protocol::kUDP;
  if (text == "SCTP") return Protocol::kSCTP;
  return std::nullopt;
}

PortSet PortSet::All() {
  PortSet set;
  for (Protocol p : kAllProtocols) set.AddAll(p);
  return set;
}

PortSet PortSet::AllOf(Protocol protocol) {
  PortSet set;
  set.AddAll(protocol);
  return set;
}

PortSet PortSet::Range(Protocol protocol, int first, int last) {
  Result<PortSet> set = CheckedRange(protocol, first, last);
  if (!set.ok()) {
    std::fprintf(stderr, "netpol: PortSet::Range: %s\n", set.status().message().c_str());
    std::abort();
  }
  return std::move(set).value();
}

Result<PortSet> PortSet::CheckedRange(Protocol protocol, int first, int last) {
  // Single(port) is Range(port, port): its message says just "port".
  const char* first_name = first == last ? "port" : "first port";
  for (const auto& [which, port] : {std::pair{first_name, first}, std::pair{"last port", last}}) {
    if (port < kMinPort || port > kMaxPort) {
      return Status::InvalidArgument(
          fmt::format("{} {} is outside {}-{}", which, port, kMinPort, kMaxPort));
    }
  }
  if (first > last) {
    return Status::InvalidArgument(
        fmt::format("first port {} is greater than last port {}", first, last));
  }
  PortSet set;
  set.Add(protocol, first, last);
  return set;
}

void PortSet::Add(Protocol protocol, int first, int last) {
  first = std::max(first, kMinPort);
  last = std::min(last, kMaxPort);
  if (first > last) return;
  RangeList& ranges = ranges_[static_cast<int>(protocol)];
  ranges.push_back({first, last});
  Normalize(ranges);
}

void PortSet::Merge(const PortSet& other) {
  for (int p = 0; p < 3; ++p) {
    if (other.ranges_[p].empty()) continue;
    ranges_[p].insert(ranges_[p].end(), other.ranges_[p].begin(), other.ranges_[p].end());
    Normalize(ranges_[p]);
  }
}

PortSet PortSet::Union(const PortSet& other) const {
  PortSet result = *this;
  result.Merge(other);
  return result;
}

PortSet PortSet::Intersect(const PortSet& other) const {
  PortSet result;
  for (int p = 0; p < 3; ++p) result.ranges_[p] = IntersectRanges(ranges_[p], other.ranges_[p]);
  return result;
}

PortSet PortSet::Complement() const {
  PortSet result;
  for (int p = 0; p < 3; ++p) {
    int next = kMinPort;
    for (const PortRange& r : ranges_[p]) {
      if (r.first > next) result.ranges_[p].push_back({next, r.first - 1});
      next = r.last + 1;
    }
    if (next <= kMaxPort) result.ranges_[p].push_back({next, kMaxPort});
  }
  return result;
}

bool PortSet::IsEmpty() const {
  return std::all_of(ranges_.begin(), ranges_.end(), [](const RangeList& r) { return r.empty(); });
}

bool PortSet::IsAll() const { return std::all_of(ranges_.begin(), ranges_.end(), IsFull); }

bool PortSet::IsAll(Protocol protocol) const { return IsFull(Ranges(protocol)); }

bool PortSet::Contains(Protocol protocol, int port) const {
  const RangeList& ranges = Ranges(protocol);
  auto it = std::upper_bound(ranges.begin(), ranges.end(), port,
                             [](int value, const PortRange& r) { return value < r.first; });
  if (it == ranges.begin()) return false;
  --it;
  return port <= it->last;
}

std::string PortSet::ToString() const {
  if (IsAll()) return "all ports";
  if (IsEmpty()) return "none";
  std::string text;
  for (Protocol p : kAllProtocols) {
    const RangeList& ranges = Ranges(p);
    if (ranges.empty()) continue;
    if (!text.empty()) text += "; ";
    text += ProtocolName(p);
    text += ' ';
    if (IsFull(ranges)) {
      text += "all";
      continue;
    }
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      if (i > 0) text += ',';
      if (ranges[i].first == ranges[i].last) {
        text += fmt::format("{}", ranges[i].first);
      } else {
        text += fmt::format("{}-{}", ranges[i].first, ranges[i].last);
      }
    }
  }
  return text;
}

NETPOL_NAMESPACE_END
