// Helpers shared by the HTML report's writers.
#ifndef NETPOL_SRC_REPORT_HTML_SUPPORT_H_
#define NETPOL_SRC_REPORT_HTML_SUPPORT_H_

#include <string>

namespace netpol::report {

/// `text` with &, <, > and " escaped for HTML text and attributes.
inline std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// JSON text made safe inside a <script> element (no "</").
inline std::string ScriptSafe(std::string json) {
  for (std::size_t pos = 0; (pos = json.find("</", pos)) != std::string::npos; pos += 3) {
    json.replace(pos, 2, "<\\/");
  }
  return json;
}

/// SVG from Graphviz without its XML prolog and DOCTYPE, which do not
/// belong inside HTML.
inline std::string InlineSvg(const std::string& svg) {
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

}  // namespace netpol::report

#endif  // NETPOL_SRC_REPORT_HTML_SUPPORT_H_
