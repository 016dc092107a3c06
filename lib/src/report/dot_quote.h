// DOT's quoted-string form, shared by every writer that emits Graphviz DOT
// (graph, diff, and the HTML reports of the render component). Inline, so a
// shared libnetpol-render needs no hidden symbol of the core library.
#ifndef NETPOL_SRC_REPORT_DOT_QUOTE_H_
#define NETPOL_SRC_REPORT_DOT_QUOTE_H_

#include <string>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// `text` as a DOT quoted string: `"` and `\` escaped, in double quotes.
inline std::string DotQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_DOT_QUOTE_H_
