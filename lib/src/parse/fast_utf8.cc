#include "parse/fast_utf8.h"

#include <simdjson.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

bool IsWellFormedUtf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

NETPOL_NAMESPACE_END
