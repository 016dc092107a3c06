#include "parse/validation.h"

#include <cctype>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool Fail(std::string* why, const char* message) {
  if (why) *why = message;
  return false;
}

// The name part of a qualified name, and label values.
bool IsNamePart(std::string_view text, std::string* why, bool allow_empty) {
  if (text.empty()) return allow_empty || Fail(why, "must not be empty");
  if (text.size() > 63) return Fail(why, "must be at most 63 characters");
  if (!IsAlnum(text.front()) || !IsAlnum(text.back())) {
    return Fail(why, "must start and end with an alphanumeric character");
  }
  for (char c : text) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') {
      return Fail(why, "may contain only alphanumerics, '-', '_' and '.'");
    }
  }
  return true;
}

}  // namespace

bool IsDnsLabel(std::string_view text, std::string* why) {
  if (text.empty()) return Fail(why, "must not be empty");
  if (text.size() > 63) return Fail(why, "must be at most 63 characters");
  if (!IsLowerAlnum(text.front()) || !IsLowerAlnum(text.back())) {
    return Fail(why, "must start and end with a lowercase alphanumeric character");
  }
  for (char c : text) {
    if (!IsLowerAlnum(c) && c != '-') {
      return Fail(why, "may contain only lowercase alphanumerics and '-'");
    }
  }
  return true;
}

bool IsDnsSubdomain(std::string_view text, std::string* why) {
  if (text.empty()) return Fail(why, "must not be empty");
  if (text.size() > 253) return Fail(why, "must be at most 253 characters");
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view label = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty()) return Fail(why, "must not contain empty dot-separated parts");
    if (!IsLowerAlnum(label.front()) || !IsLowerAlnum(label.back())) {
      return Fail(why, "must consist of lowercase alphanumerics, '-' and '.', and start and end "
                       "with an alphanumeric character");
    }
    for (char c : label) {
      if (!IsLowerAlnum(c) && c != '-') {
        return Fail(why, "may contain only lowercase alphanumerics, '-' and '.'");
      }
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsQualifiedName(std::string_view text, std::string* why) {
  std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    if (text.find('/', slash + 1) != std::string_view::npos) {
      return Fail(why, "may contain at most one '/'");
    }
    std::string prefix_why;
    if (!IsDnsSubdomain(text.substr(0, slash), &prefix_why)) {
      if (why) *why = "prefix " + prefix_why;
      return false;
    }
    text = text.substr(slash + 1);
  }
  return IsNamePart(text, why, /*allow_empty=*/false);
}

bool IsLabelValue(std::string_view text, std::string* why) {
  return IsNamePart(text, why, /*allow_empty=*/true);
}

bool IsIanaSvcName(std::string_view text, std::string* why) {
  if (text.empty()) return Fail(why, "must not be empty");
  if (text.size() > 15) return Fail(why, "must be at most 15 characters");
  bool has_letter = false;
  for (char c : text) {
    if (!IsLowerAlnum(c) && c != '-') {
      return Fail(why, "may contain only lowercase alphanumerics and '-'");
    }
    if (c >= 'a' && c <= 'z') has_letter = true;
  }
  if (!has_letter) return Fail(why, "must contain at least one letter");
  if (text.front() == '-' || text.back() == '-') return Fail(why, "must not begin or end with '-'");
  if (text.find("--") != std::string_view::npos) return Fail(why, "must not contain \"--\"");
  return true;
}

bool IsPolicyDomainName(std::string_view text, bool legacy_pattern, std::string* why) {
  // The CRD pattern is
  // ^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$
  // (v1alpha1 and v1alpha2 wrote `A-z` for the first character of a label).
  if (text.empty()) return Fail(why, "must not be empty");
  if (text.starts_with("*.")) text.remove_prefix(2);
  if (text.ends_with('.')) text.remove_suffix(1);
  auto first_ok = [&](char c) {
    return IsAlnum(c) || (legacy_pattern && c >= 'A' && c <= 'z');
  };
  auto middle_ok = [](char c) { return IsAlnum(c) || c == '-' || c == '_'; };
  int labels = 0;
  for (std::size_t start = 0; start <= text.size(); ++labels) {
    std::size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) dot = text.size();
    const std::string_view label = text.substr(start, dot - start);
    if (label.empty()) return Fail(why, "must not contain empty labels");
    if (!first_ok(label.front()) || (label.size() > 1 && !IsAlnum(label.back()))) {
      return Fail(why, "labels must start and end with an alphanumeric character");
    }
    for (char c : label.substr(1)) {
      if (!middle_ok(c)) return Fail(why, "may contain only alphanumerics, '-', '_' and '.'");
    }
    start = dot + 1;
  }
  if (labels < 2) return Fail(why, "must have at least two labels, such as example.com");
  return true;
}

NETPOL_NAMESPACE_END
