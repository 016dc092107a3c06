// How text writers style what they print: today only whether verdicts
// (ALLOWED, DENIED, MISSING, UNEXPECTED) and lint severities are coloured with
// ANSI escapes. The caller decides (netpol's --color: a terminal, NO_COLOR);
// the library never looks at the terminal or the environment. Machine
// formats (JSON, CSV, markdown, SARIF, DOT) take no style: never coloured.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_TEXT_STYLE_H_
#define NETPOL_TEXT_STYLE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "netpol/api.h"

NETPOL_NAMESPACE_BEGIN

/// Whether and how text output is coloured.
struct TextStyle {
  bool color = false;  ///< Wrap verdicts and severities in ANSI colour codes.
};

/// The colours text output uses.
enum class TextColor { kGreen, kRed, kYellow, kCyan };

/// `text` in `color` when `style.color` (ESC[32m ... ESC[0m and so on), else
/// `text` as is; padded with spaces after it (outside the escapes) to `width`
/// visible characters, so columns line up whether coloured or not.
std::string Paint(std::string_view text, TextColor color, const TextStyle& style,
                  std::size_t width = 0);

NETPOL_NAMESPACE_END

#endif  // NETPOL_TEXT_STYLE_H_
