// Well-formed UTF-8, for the readers that refuse anything else and the
// hand-written JSON writer that must not emit it.
#ifndef NETPOL_SRC_MODEL_UTF8_H_
#define NETPOL_SRC_MODEL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Length of the well-formed UTF-8 sequence that starts at `text[at]`, or 0
/// when the bytes there are not one (overlong forms, surrogates, code points
/// above U+10FFFF, a sequence cut off by the end). `at` < text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at);

/// `text` with control characters shown as escapes, so that input echoed in
/// a diagnostic (a key, a value, a source line) cannot write raw NULs or
/// terminal escape sequences: C0 controls and DEL as `\x00`..`\x1f`, `\x7f`
/// (`\t`, `\n`, `\r` as such, unless `keep_tab`), C1 controls (U+0080 to
/// U+009F) as `\u0080`..`\u009f`. A backslash is left alone: it is no
/// escape in the messages, and doubling it would misquote Windows paths.
std::string EscapeControlCharacters(std::string_view text, bool keep_tab = false);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_MODEL_UTF8_H_
