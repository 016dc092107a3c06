// Short names for long external blocks in text output.
//
// An external block's id lists its ranges ("0.0.0.0-10.0.0.255,10.0.2.0-..."):
// ipBlock excepts can make it hundreds of characters long, which would pad
// every line of a column to that width. Text writers print such a block as
// `ext-1`, `ext-2`, ... (numbered in order of first appearance in the
// output, so deterministic) and end with a legend giving each alias' ranges.
// JSON output keeps the full ids.
#ifndef NETPOL_SRC_REPORT_BLOCK_ALIASES_H_
#define NETPOL_SRC_REPORT_BLOCK_ALIASES_H_

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// An id gets an alias when it is an external block's id with more than
/// kMaxInlineRanges ranges, or longer than kMaxInlineLength characters.
inline constexpr std::size_t kMaxInlineRanges = 2;
inline constexpr std::size_t kMaxInlineLength = 64;

/// Whether `id` is an ExternalBlock::Id() text (ranges, CIDRs or addresses
/// joined by ","), not a pod's "ns/name".
bool IsBlockId(std::string_view id);

/// Whether `id` prints as an alias.
bool NeedsAlias(std::string_view id);

/// The aliases of one output, handed out in order of first use.
class BlockAliases {
 public:
  /// `id` itself, or its alias when NeedsAlias(id) ("ext-N", numbered on first use).
  std::string Name(const std::string& id);
  /// No alias handed out.
  bool empty() const { return ids_.empty(); }
  /// A blank line, then "ext-N = ID" per alias in number order; nothing when empty().
  void WriteLegend(std::ostream& out) const;

 private:
  std::map<std::string, std::string, std::less<>> alias_of_;
  std::vector<std::string> ids_;  // by alias number - 1
};

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_BLOCK_ALIASES_H_
