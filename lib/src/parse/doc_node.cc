#include "parse/doc_node.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "model/utf8.h"
#include "parse/fast_utf8.h"
#include "parse/yaml11_numbers.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

std::size_t ReadLimits::MaxNodes() const {
  return std::max(kMaxDocumentNodes, max_input_bytes / 8);
}

bool CheckInputSize(std::string_view text, const std::string& file_name, const ReadLimits& limits,
                    DiagnosticSink& sink) {
  if (text.size() <= limits.max_input_bytes) return true;
  sink.Error(SourceLoc{file_name, 1, 1},
             fmt::format("input too large: {} bytes, the limit is {} ({} bytes); "
                         "--max-input-size SIZE raises it",
                         text.size(), FormatByteSize(limits.max_input_bytes),
                         limits.max_input_bytes));
  return false;
}

bool CheckUtf8(std::string_view text, const std::string& file_name, DiagnosticSink& sink) {
  // The common case at memory speed; the walk below only locates the fault.
  if (IsWellFormedUtf8(text)) return true;
  int line = 1, column = 1;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) {
      sink.Error(SourceLoc{file_name, line, column},
                 fmt::format("invalid UTF-8: byte 0x{:02X} does not start a well-formed "
                             "character; manifests must be UTF-8 text",
                             static_cast<unsigned char>(text[at])));
      return false;
    }
    if (text[at] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    at += length;
  }
  return true;
}

const DocNode* DocNode::Get(std::string_view key) const {
  for (auto it = entries().rbegin(); it != entries().rend(); ++it) {
    if (it->key == key) return &it->value;
  }
  return nullptr;
}

std::string DocNode::Describe() const {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kSequence: return "a list";
    case Type::kMap: return "a mapping";
    case Type::kScalar: break;
  }
  switch (Resolve()) {
    case Resolved::kString: return "a string";
    case Resolved::kInteger:
    case Resolved::kFloat: return "a number";
    case Resolved::kBool: return "a boolean";
    case Resolved::kNull: return "null";
  }
  return "a scalar";
}

namespace {

bool IsYamlNull(const std::string& v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

bool IsYamlBool(const std::string& v, bool* value) {
  static const char* const kTrue[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
                                      "true", "True", "TRUE"};
  static const char* const kFalse[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF",
                                       "false", "False", "FALSE"};
  for (const char* t : kTrue) {
    if (v == t) {
      if (value) *value = true;
      return true;
    }
  }
  for (const char* f : kFalse) {
    if (v == f) {
      if (value) *value = false;
      return true;
    }
  }
  return false;
}

}  // namespace

DocNode::Resolved DocNode::Resolve() const {
  if (type == Type::kNull) return Resolved::kNull;
  switch (scalar_kind) {
    case ScalarKind::kString: return Resolved::kString;
    case ScalarKind::kBool: return Resolved::kBool;
    case ScalarKind::kNumber:
      return value().find_first_of(".eE") == std::string::npos ? Resolved::kInteger
                                                             : Resolved::kFloat;
    case ScalarKind::kPlain: break;
  }
  if (IsYamlNull(value())) return Resolved::kNull;
  if (IsYamlBool(value(), nullptr)) return Resolved::kBool;
  // Cheap pre-check: resolution only matters for scalars that start like a number.
  const char c = value()[0];
  if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.')) {
    return Resolved::kString;
  }
  if (IsYaml11Integer(value())) return Resolved::kInteger;
  if (IsYaml11Float(value())) return Resolved::kFloat;
  return Resolved::kString;
}

bool DocNode::BoolValue() const {
  bool result = false;
  IsYamlBool(value(), &result);
  return result;
}

std::optional<long long> DocNode::IntegerValue() const {
  if (Resolve() != Resolved::kInteger) return std::nullopt;
  std::string digits;
  for (char c : value()) {
    if (c != '_') digits += c;
  }
  int base = 10;
  std::string_view body = digits;
  bool negative = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'b')) {
    base = body[1] == 'x' ? 16 : 2;
    body.remove_prefix(2);
  } else if (body.size() > 1 && body[0] == '0' && scalar_kind == ScalarKind::kPlain) {
    base = 8;
  }
  errno = 0;
  const std::string text(body);
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, base);
  if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
  return negative ? -v : v;
}

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  // memchr rather than a byte loop: JSON dumps are indexed whole, 100 MB and more.
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* at = begin; at < end;) {
    const void* newline = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
    if (newline == nullptr) break;
    at = static_cast<const char*>(newline) + 1;
    line_starts_.push_back(static_cast<std::size_t>(at - begin));
  }
}

std::pair<int, int> LineIndex::LineColumn(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
  const std::size_t column = offset - line_starts_[line - 1] + 1;
  return {static_cast<int>(line), static_cast<int>(column)};
}

SourceLoc LineIndex::Locate(const std::string& file, std::size_t offset) const {
  const auto [line, column] = LineColumn(offset);
  return SourceLoc{file, line, column};
}

SourceLoc DocLoc::ToSourceLoc() const {
  if (!file) return SourceLoc{};
  if (lines) {
    const auto [l, c] = lines->LineColumn(offset);
    return SourceLoc{*file, l, c};
  }
  return SourceLoc{*file, line, column};
}

NETPOL_NAMESPACE_END
