// Interning port sets, with memoised set operations.
#include <unordered_map>
#include <utility>

#include "netpol/class_engine.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

struct PortSetHash {
  std::size_t operator()(const PortSet& set) const {
    std::uint64_t h = 1469598103934665603ull;
    for (Protocol protocol : kAllProtocols) {
      h = (h ^ 0x9e37u) * 1099511628211ull;
      for (const PortRange& range : set.Ranges(protocol)) {
        h = (h ^ static_cast<std::uint64_t>(range.first)) * 1099511628211ull;
        h = (h ^ static_cast<std::uint64_t>(range.last)) * 1099511628211ull;
      }
    }
    return static_cast<std::size_t>(h);
  }
};

std::uint64_t PairKey(PortSetId a, PortSetId b) {
  if (a > b) std::swap(a, b);  // both operations are commutative
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

}  // namespace

struct PortSetTable::Index {
  std::unordered_map<PortSet, PortSetId, PortSetHash> ids;
  std::unordered_map<std::uint64_t, PortSetId> unions;
  std::unordered_map<std::uint64_t, PortSetId> intersections;
};

PortSetTable::PortSetTable() : index_(new Index) {
  Intern(PortSet::None());
  Intern(PortSet::All());
}
PortSetTable::PortSetTable(PortSetTable&& other) noexcept
    : sets_(std::move(other.sets_)), index_(std::exchange(other.index_, nullptr)) {}
PortSetTable& PortSetTable::operator=(PortSetTable&& other) noexcept {
  if (this != &other) {
    sets_ = std::move(other.sets_);
    delete std::exchange(index_, std::exchange(other.index_, nullptr));
  }
  return *this;
}
PortSetTable::~PortSetTable() { delete index_; }

PortSetId PortSetTable::Intern(const PortSet& set) {
  auto [it, inserted] = index_->ids.emplace(set, static_cast<PortSetId>(sets_.size()));
  if (inserted) sets_.push_back(set);
  return it->second;
}

PortSetId PortSetTable::Union(PortSetId a, PortSetId b) {
  if (a == b || b == kEmpty || a == kAll) return a;
  if (a == kEmpty || b == kAll) return b;
  auto [it, inserted] = index_->unions.emplace(PairKey(a, b), 0);
  if (inserted) it->second = Intern(sets_[a].Union(sets_[b]));
  return it->second;
}

PortSetId PortSetTable::Intersect(PortSetId a, PortSetId b) {
  if (a == b || b == kAll || a == kEmpty) return a;
  if (a == kAll || b == kEmpty) return b;
  auto [it, inserted] = index_->intersections.emplace(PairKey(a, b), 0);
  if (inserted) it->second = Intern(sets_[a].Intersect(sets_[b]));
  return it->second;
}

NETPOL_NAMESPACE_END
