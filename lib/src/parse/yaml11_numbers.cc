#include "parse/yaml11_numbers.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsDigitOrUnderscore(char c) { return IsDigit(c) || c == '_'; }
bool IsOctalOrUnderscore(char c) { return (c >= '0' && c <= '7') || c == '_'; }
bool IsBinaryOrUnderscore(char c) { return c == '0' || c == '1' || c == '_'; }
bool IsHexOrUnderscore(char c) {
  return IsDigitOrUnderscore(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Every character of `text` satisfies `accept` (true for an empty text).
template <typename Predicate>
bool AllOf(std::string_view text, Predicate accept) {
  for (char c : text) {
    if (!accept(c)) return false;
  }
  return true;
}

// At least one character, and every one satisfies `accept`.
template <typename Predicate>
bool OneOrMore(std::string_view text, Predicate accept) {
  return !text.empty() && AllOf(text, accept);
}

std::string_view WithoutSign(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  return text;
}

// The length of the run of characters satisfying `accept` at the start of `text`.
template <typename Predicate>
std::size_t SpanOf(std::string_view text, Predicate accept) {
  std::size_t n = 0;
  while (n < text.size() && accept(text[n])) ++n;
  return n;
}

}  // namespace

bool IsYaml11Integer(std::string_view text) {
  const std::string_view body = WithoutSign(text);
  if (body.empty()) return false;
  if (body.front() >= '1' && body.front() <= '9') return AllOf(body.substr(1), IsDigitOrUnderscore);
  if (body.front() != '0') return false;
  if (body.size() == 1) return true;  // "0"
  if (body[1] == 'x') return OneOrMore(body.substr(2), IsHexOrUnderscore);
  if (body[1] == 'b') return OneOrMore(body.substr(2), IsBinaryOrUnderscore);
  return OneOrMore(body.substr(1), IsOctalOrUnderscore);
}

bool IsYaml11Float(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return true;  // never signed
  std::string_view rest = WithoutSign(text);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") return true;
  // The mantissa: ".digits" or "digit[digits_]*" with an optional ".[digits_]*".
  if (rest.empty()) return false;
  if (rest.front() == '.') {
    const std::size_t digits = SpanOf(rest.substr(1), IsDigit);
    if (digits == 0) return false;
    rest.remove_prefix(1 + digits);
  } else if (IsDigit(rest.front())) {
    rest.remove_prefix(1 + SpanOf(rest.substr(1), IsDigitOrUnderscore));
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1 + SpanOf(rest.substr(1), IsDigitOrUnderscore));
    }
  } else {
    return false;
  }
  if (rest.empty()) return true;
  // The exponent: [eE][-+]?[0-9]+, and nothing after it.
  if (rest.front() != 'e' && rest.front() != 'E') return false;
  return OneOrMore(WithoutSign(rest.substr(1)), IsDigit);
}

NETPOL_NAMESPACE_END
