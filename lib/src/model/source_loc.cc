#include "netpol/source_loc.h"

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

std::string SourceLoc::ToString() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

NETPOL_NAMESPACE_END
