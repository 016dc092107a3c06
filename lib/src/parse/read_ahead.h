// How far reading inputs may run ahead of decoding them. A text's document
// tree takes about twelve times the text (doc_node.h), so texts read ahead
// are bounded in bytes as well as in number: small files are read on every
// thread while one is decoded, a large one (read in parts on every thread
// itself, split_reader.h) is read only when it is the next to decode.
#ifndef NETPOL_PARSE_READ_AHEAD_H_
#define NETPOL_PARSE_READ_AHEAD_H_

#include <cstddef>
#include <vector>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// The text bytes that may be read and not yet decoded at once, the one
/// being decoded included, when more than one text is.
inline constexpr std::size_t kReadAheadBytes = std::size_t{16} << 20;

/// Which input texts may be read while another is decoded.
class ReadAhead {
 public:
  /// `sizes`: the bytes of each input text, in input order.
  ReadAhead(const std::vector<std::size_t>& sizes, unsigned jobs,
            std::size_t budget = kReadAheadBytes);

  /// Whether input `next` may be read while inputs [decoding, next) are
  /// being read or decoded: always when it is the one to decode next
  /// (`next == decoding`); otherwise when it is fewer than `jobs` inputs
  /// ahead and inputs [decoding, next] hold at most the budget.
  bool MayRead(std::size_t decoding, std::size_t next) const;

 private:
  std::vector<std::size_t> totals_;  // totals_[i]: bytes of inputs [0, i)
  unsigned jobs_;
  std::size_t budget_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_READ_AHEAD_H_
