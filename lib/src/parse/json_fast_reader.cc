#include "parse/json_fast_reader.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <simdjson.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

namespace od = simdjson::ondemand;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimRight(std::string_view token) {
  while (!token.empty() && IsJsonSpace(token.back())) token.remove_suffix(1);
  return token;
}

// RFC 8259's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
bool IsJsonNumber(std::string_view s, bool* integer) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  *integer = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    *integer = false;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    *integer = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// The text nlohmann's reader gives a number: the integer it parsed, printed
// (the same digits, but "-0" is "0"), or the token as written for a float or
// an integer beyond 64 bits, which it rejects when not finite.
bool NumberText(std::string_view token, std::string* out) {
  bool integer = false;
  if (!IsJsonNumber(token, &integer)) return false;
  const bool negative = token[0] == '-';
  if (integer) {
    // Fits when shorter than the limit, or as long and not greater.
    const std::string_view limit = negative ? "-9223372036854775808" : "18446744073709551615";
    if (token.size() < limit.size() || (token.size() == limit.size() && token <= limit)) {
      *out = token == "-0" ? std::string_view("0") : token;
      return true;
    }
  }
  const std::string copy(token);
  if (!std::isfinite(std::strtod(copy.c_str(), nullptr))) return false;
  *out = token;
  return true;
}

class FastBuilder {
 public:
  // `base`: where byte 0 of the parsed buffer sits in the located text;
  // from buffer byte `cut` on, `gap` more (bytes left out of the buffer).
  FastBuilder(const char* buffer, std::size_t base, const JsonLocating& at, std::size_t max_nodes,
              std::size_t cut = std::size_t(-1), std::size_t gap = 0)
      : buffer_(buffer), base_(base), cut_(cut), gap_(gap), at_(at), max_nodes_(max_nodes) {}

  std::size_t nodes() const { return nodes_; }

  // `level`: the containers enclosing this value in its document.
  bool Build(od::value value, DocNode& node, int level) {
    const std::string_view token = value.raw_json_token();
    if (token.empty() || ++nodes_ > max_nodes_) return false;
    node.loc = At(token.data());
    switch (token[0]) {
      case '{': {
        if (level >= kMaxDocumentDepth) return false;
        // Sized once: growing moves every entry (184 bytes each) again.
        std::size_t count = 0;
        if (value.count_fields().get(count) != simdjson::SUCCESS) return false;
        node.mutable_entries().reserve(count);
        od::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS) return false;
        node.type = DocNode::Type::kMap;
        for (auto result : object) {
          od::field field;
          if (std::move(result).get(field) != simdjson::SUCCESS) return false;
          const char* key_quote = field.key().raw() - 1;
          std::string_view key;
          if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
          node.mutable_entries().push_back({std::string(key), At(key_quote), DocNode{}});
          if (!Build(field.value(), node.mutable_entries().back().value, level + 1)) return false;
        }
        return true;
      }
      case '[': {
        if (level >= kMaxDocumentDepth) return false;
        std::size_t count = 0;
        if (value.count_elements().get(count) != simdjson::SUCCESS) return false;
        node.mutable_items().reserve(count);
        od::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) return false;
        node.type = DocNode::Type::kSequence;
        return Items(array, node.mutable_items(), level + 1);
      }
      case '"': {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return false;
        node.type = DocNode::Type::kScalar;
        node.scalar_kind = DocNode::ScalarKind::kString;
        node.mutable_value() = text;
        return true;
      }
      default: break;
    }
    const std::string_view word = TrimRight(token);
    if (word == "null") return true;  // a default DocNode is null
    if (word == "true" || word == "false") {
      node.type = DocNode::Type::kScalar;
      node.scalar_kind = DocNode::ScalarKind::kBool;
      node.mutable_value() = word;
      return true;
    }
    node.type = DocNode::Type::kScalar;
    node.scalar_kind = DocNode::ScalarKind::kNumber;
    return NumberText(word, &node.mutable_value());
  }

  bool Items(od::array& array, std::vector<DocNode>& items, int level) {
    for (auto result : array) {
      od::value item;
      if (std::move(result).get(item) != simdjson::SUCCESS) return false;
      items.emplace_back();
      if (!Build(item, items.back(), level)) return false;
    }
    return true;
  }

 private:
  DocLoc At(const char* where) const {
    const std::size_t index = static_cast<std::size_t>(where - buffer_);
    const std::size_t offset = base_ + index + (index >= cut_ ? gap_ : 0);
    if (at_.lazy) return DocLoc{at_.file, at_.lines, offset};
    const auto [line, column] = at_.lines->LineColumn(offset);
    return DocLoc{at_.file, nullptr, 0, line, column};
  }

  const char* buffer_;
  std::size_t base_;
  std::size_t cut_;
  std::size_t gap_;
  const JsonLocating& at_;
  std::size_t max_nodes_;
  std::size_t nodes_ = 0;
};

// text[begin, end) without text[cut, resume), with `open` and `close`
// around it (when not '\0'), followed by simdjson's padding.
struct PaddedCopy {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
};

PaddedCopy Copy(std::string_view text, std::size_t begin, std::size_t end, char open,
                char close, std::size_t cut, std::size_t resume) {
  PaddedCopy copy;
  const std::size_t length = (end - begin) - (resume - cut);
  copy.size = length + (open ? 1 : 0) + (close ? 1 : 0);
  copy.bytes = std::make_unique_for_overwrite<char[]>(copy.size + simdjson::SIMDJSON_PADDING);
  char* out = copy.bytes.get();
  if (open) *out++ = open;
  std::memcpy(out, text.data() + begin, cut - begin);
  out += cut - begin;
  std::memcpy(out, text.data() + resume, end - resume);
  out += end - resume;
  if (close) *out++ = close;
  std::memset(out, 0, simdjson::SIMDJSON_PADDING);
  return copy;
}

// Nothing but blanks follows the value read (simdjson 3.0's document has no
// at_end(): its position is out of bounds once every token is read).
bool AtEnd(od::document& document) {
  return document.current_location().error() != simdjson::SUCCESS;
}

bool StartsContainer(std::string_view text, std::size_t begin, std::size_t end) {
  while (begin < end && IsJsonSpace(text[begin])) ++begin;
  return begin < end && (text[begin] == '{' || text[begin] == '[');
}

}  // namespace

std::optional<DocNode> ReadJsonValueFast(std::string_view text, std::size_t begin,
                                         std::size_t end, const JsonLocating& at,
                                         std::size_t max_nodes, int depth_base,
                                         std::size_t* nodes) {
  return ReadJsonValueWithoutFast(text, begin, end, end, end, at, max_nodes, depth_base, nodes);
}

std::optional<DocNode> ReadJsonValueWithoutFast(std::string_view text, std::size_t begin,
                                                std::size_t end, std::size_t cut,
                                                std::size_t resume, const JsonLocating& at,
                                                std::size_t max_nodes, int depth_base,
                                                std::size_t* nodes) {
  // A bare scalar is not a manifest: leave it (and its diagnostics) to the
  // nlohmann reader, as simdjson reads root scalars differently.
  if (!StartsContainer(text, begin, end) || cut < begin || resume < cut || end < resume) {
    return std::nullopt;
  }
  const PaddedCopy copy = Copy(text, begin, end, '\0', '\0', cut, resume);
  od::parser parser;
  od::document document;
  if (parser.iterate(copy.bytes.get(), copy.size, copy.size + simdjson::SIMDJSON_PADDING)
          .get(document) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  od::value root;
  if (document.get_value().get(root) != simdjson::SUCCESS) return std::nullopt;
  FastBuilder builder(copy.bytes.get(), begin, at, max_nodes, cut - begin, resume - cut);
  DocNode node;
  if (!builder.Build(root, node, depth_base) || !AtEnd(document)) return std::nullopt;
  if (nodes) *nodes = builder.nodes();
  return node;
}

std::optional<std::vector<DocNode>> ReadJsonItemsFast(std::string_view text, std::size_t begin,
                                                      std::size_t end, const JsonLocating& at,
                                                      std::size_t max_nodes, int depth_base,
                                                      std::size_t* nodes) {
  // Read as the array "[" text[begin, end) "]", its bracket one byte before
  // `begin`; the array itself is no node.
  const PaddedCopy copy = Copy(text, begin, end, '[', ']', end, end);
  od::parser parser;
  od::document document;
  if (parser.iterate(copy.bytes.get(), copy.size, copy.size + simdjson::SIMDJSON_PADDING)
          .get(document) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  od::array array;
  if (document.get_array().get(array) != simdjson::SUCCESS) return std::nullopt;
  FastBuilder builder(copy.bytes.get(), begin - 1, at, max_nodes);
  std::vector<DocNode> items;
  if (!builder.Items(array, items, depth_base) || !AtEnd(document)) return std::nullopt;
  if (nodes) *nodes = builder.nodes();
  return items;
}

NETPOL_NAMESPACE_END
