#include "netpol/text_style.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

const char* AnsiCode(TextColor color) {
  switch (color) {
    case TextColor::kGreen: return "\x1b[32m";
    case TextColor::kRed: return "\x1b[31m";
    case TextColor::kYellow: return "\x1b[33m";
    case TextColor::kCyan: return "\x1b[36m";
  }
  return "";
}

}  // namespace

std::string Paint(std::string_view text, TextColor color, const TextStyle& style,
                  std::size_t width) {
  std::string painted = style.color ? AnsiCode(color) + std::string(text) + "\x1b[0m"
                                    : std::string(text);
  if (text.size() < width) painted.append(width - text.size(), ' ');
  return painted;
}

NETPOL_NAMESPACE_END
