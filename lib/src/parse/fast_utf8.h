// Whether a text is well-formed UTF-8, by simdjson's vectorised validator
// (runtime-dispatched: AVX-512, AVX2 or SSE4.2 as the CPU has them). Every
// input is checked before it is parsed; CheckUtf8 (doc_node.h) walks the text
// byte by byte for a line and column only when this says it is not.
#ifndef NETPOL_PARSE_FAST_UTF8_H_
#define NETPOL_PARSE_FAST_UTF8_H_

#include <string_view>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates,
/// code points above U+10FFFF or cut-off sequences): the rule of
/// Utf8SequenceLength (model/utf8.h), which the tests check it against.
bool IsWellFormedUtf8(std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_FAST_UTF8_H_
