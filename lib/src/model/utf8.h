// Well-formed UTF-8, for the readers that refuse anything else and the
// hand-written JSON writer that must not emit it.
#ifndef NETPOL_SRC_MODEL_UTF8_H_
#define NETPOL_SRC_MODEL_UTF8_H_

#include <cstddef>
#include <string_view>

namespace netpol {

/// Length of the well-formed UTF-8 sequence that starts at `text[at]`, or 0
/// when the bytes there are not one (overlong forms, surrogates, code points
/// above U+10FFFF, a sequence cut off by the end). `at` < text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at);

}  // namespace netpol

#endif  // NETPOL_SRC_MODEL_UTF8_H_
