#include "render/html_support.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

std::string Escape(const std::string& text) {
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

std::string InlineSvg(const std::string& svg) {
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

std::string ScriptSafeJson(std::string json) {
  for (std::size_t pos = 0; (pos = json.find("</", pos)) != std::string::npos; pos += 3) {
    json.replace(pos, 2, "<\\/");
  }
  return json;
}

}  // namespace report
NETPOL_NAMESPACE_END
