#include "report/block_aliases.h"

#include <algorithm>

#include <fmt/format.h>

#include "netpol/ip.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

bool IsBlockId(std::string_view id) {
  if (id.empty()) return false;
  while (true) {
    const std::size_t comma = id.find(',');
    const std::string_view part = id.substr(0, comma);
    bool ok = false;
    if (part.find('/') != std::string_view::npos) {
      ok = Cidr::Parse(part).has_value();
    } else if (const std::size_t dash = part.find('-'); dash != std::string_view::npos) {
      ok = IpAddress::Parse(part.substr(0, dash)) && IpAddress::Parse(part.substr(dash + 1));
    } else {
      ok = IpAddress::Parse(part).has_value();
    }
    if (!ok) return false;
    if (comma == std::string_view::npos) return true;
    id.remove_prefix(comma + 1);
  }
}

bool NeedsAlias(std::string_view id) {
  const auto ranges = static_cast<std::size_t>(std::count(id.begin(), id.end(), ',')) + 1;
  return (ranges > kMaxInlineRanges || id.size() > kMaxInlineLength) && IsBlockId(id);
}

std::string BlockAliases::Name(const std::string& id) {
  if (auto it = alias_of_.find(id); it != alias_of_.end()) return it->second;
  if (!NeedsAlias(id)) return id;
  ids_.push_back(id);
  std::string alias = fmt::format("ext-{}", ids_.size());
  alias_of_.emplace(id, alias);
  return alias;
}

void BlockAliases::WriteLegend(std::ostream& out) const {
  if (ids_.empty()) return;
  out << "\n";
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    out << fmt::format("ext-{} = {}\n", i + 1, ids_[i]);
  }
}

}  // namespace report
NETPOL_NAMESPACE_END
