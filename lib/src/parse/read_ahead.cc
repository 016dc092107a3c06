#include "parse/read_ahead.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

ReadAhead::ReadAhead(const std::vector<std::size_t>& sizes, unsigned jobs, std::size_t budget)
    : jobs_(jobs), budget_(budget) {
  totals_.reserve(sizes.size() + 1);
  totals_.push_back(0);
  for (std::size_t size : sizes) totals_.push_back(totals_.back() + size);
}

bool ReadAhead::MayRead(std::size_t decoding, std::size_t next) const {
  if (next <= decoding) return true;
  if (next - decoding >= jobs_ || next + 1 >= totals_.size()) return false;
  return totals_[next + 1] - totals_[decoding] <= budget_;
}

NETPOL_NAMESPACE_END
