// JSON → DocNode. Well-formed input is read by simdjson (json_fast_reader.cc);
// what it rejects is read again here, through nlohmann/json's SAX interface,
// whose messages and positions are the diagnostics users see and tests pin.
// nlohmann does not report where values start, so the input is fed through an
// iterator that watches the characters the lexer consumes and remembers where
// the latest token began.
#include <iterator>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parse/doc_node.h"
#include "parse/json_fast_reader.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Tracks token starts in the characters consumed so far.
struct TokenTracker {
  std::size_t scalar_start = 0;     // latest string quote, number or literal
  std::size_t container_start = 0;  // latest '{' or '['
  std::size_t token_start = 0;      // latest token of any kind
  bool in_string = false;
  bool escape = false;
  bool in_bare = false;

  void See(char c, std::size_t offset) {
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      return;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && !in_bare) token_start = offset;
    switch (c) {
      case '"':
        in_string = true;
        in_bare = false;
        scalar_start = offset;
        break;
      case '{':
      case '[':
        in_bare = false;
        container_start = offset;
        break;
      case '}':
      case ']':
      case ',':
      case ':':
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        in_bare = false;
        break;
      default:
        if (!in_bare) scalar_start = offset;
        in_bare = true;
    }
  }
};

// A forward iterator over the text that reports every dereferenced
// character to the tracker. nlohmann reads each character exactly once.
class TrackingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator() = default;
  TrackingIterator(const char* base, const char* current, TokenTracker* tracker)
      : base_(base), current_(current), tracker_(tracker) {}

  reference operator*() const {
    if (tracker_) tracker_->See(*current_, static_cast<std::size_t>(current_ - base_));
    return *current_;
  }
  TrackingIterator& operator++() {
    ++current_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator copy = *this;
    ++current_;
    return copy;
  }
  bool operator==(const TrackingIterator& other) const { return current_ == other.current_; }
  bool operator!=(const TrackingIterator& other) const { return current_ != other.current_; }

 private:
  const char* base_ = nullptr;
  const char* current_ = nullptr;
  TokenTracker* tracker_ = nullptr;
};

class DocBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  // `lazy`: nodes keep byte offsets into `lines` (which outlives them)
  // instead of lines and columns.
  // `depth_base`: how deep the text being read sits in its document (a
  // List item read on its own is 2 levels down).
  DocBuilder(const std::string& file, const LineIndex& lines, bool lazy,
             const TokenTracker& tracker, std::size_t max_nodes, DiagnosticSink& sink,
             int depth_base = 0)
      : file_(file), lines_(lines), lazy_(lazy), tracker_(tracker), sink_(sink),
        max_nodes_(max_nodes), depth_base_(depth_base) {}

  bool null() override { return AddScalar(DocNode::Type::kNull, DocNode::ScalarKind::kPlain, ""); }
  bool boolean(bool val) override {
    return AddScalar(DocNode::Type::kScalar, DocNode::ScalarKind::kBool, val ? "true" : "false");
  }
  bool number_integer(number_integer_t val) override {
    return AddScalar(DocNode::Type::kScalar, DocNode::ScalarKind::kNumber, std::to_string(val));
  }
  bool number_unsigned(number_unsigned_t val) override {
    return AddScalar(DocNode::Type::kScalar, DocNode::ScalarKind::kNumber, std::to_string(val));
  }
  bool number_float(number_float_t, const string_t& s) override {
    return AddScalar(DocNode::Type::kScalar, DocNode::ScalarKind::kNumber, s);
  }
  bool string(string_t& val) override {
    return AddScalar(DocNode::Type::kScalar, DocNode::ScalarKind::kString, val);
  }
  bool binary(binary_t&) override { return false; }

  bool start_object(std::size_t) override {
    return Open(DocNode::Type::kMap, tracker_.container_start);
  }
  // A key written twice is kept twice (DocNode::Get finds the last): the
  // decoder reports it, by --validate, in the objects it models.
  bool key(string_t& val) override {
    pending_key_ = std::move(val);
    pending_key_loc_ = At(tracker_.scalar_start);
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    return Open(DocNode::Type::kSequence, tracker_.container_start);
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    if (auto colon = message.find(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
    // nlohmann reports the offset after the offending token; point at its start.
    sink_.Error(lines_.Locate(file_, tracker_.token_start), "invalid JSON: " + message);
    failed_ = true;
    return false;
  }

  bool failed() const { return failed_; }
  std::size_t nodes() const { return nodes_; }
  DocNode TakeRoot() { return std::move(root_); }

 private:
  // Places a new node where the parser is: the root, a list item or the
  // value of the pending key.
  DocLoc At(std::size_t offset) const {
    if (lazy_) return DocLoc{&file_, &lines_, offset};
    const auto [line, column] = lines_.LineColumn(offset);
    return DocLoc{&file_, nullptr, 0, line, column};
  }

  DocNode* Place(std::size_t offset) {
    if (++nodes_ > max_nodes_) {
      sink_.Error(lines_.Locate(file_, offset),
                  fmt::format("document too large: more than {} nodes; --max-input-size SIZE "
                              "raises the limit",
                              max_nodes_));
      failed_ = true;
      return nullptr;
    }
    DocNode* node = nullptr;
    if (stack_.empty()) {
      node = &root_;
    } else if (stack_.back()->IsSequence()) {
      stack_.back()->mutable_items().emplace_back();
      node = &stack_.back()->mutable_items().back();
    } else {
      stack_.back()->mutable_entries().push_back(
          {std::move(pending_key_), pending_key_loc_, DocNode{}});
      node = &stack_.back()->mutable_entries().back().value;
    }
    node->loc = At(offset);
    return node;
  }

  bool AddScalar(DocNode::Type type, DocNode::ScalarKind kind, std::string value) {
    DocNode* node = Place(tracker_.scalar_start);
    if (!node) return false;
    node->type = type;
    node->scalar_kind = kind;
    node->mutable_value() = std::move(value);
    return true;
  }

  bool Open(DocNode::Type type, std::size_t offset) {
    if (static_cast<int>(stack_.size()) + depth_base_ >= kMaxDocumentDepth) {
      sink_.Error(lines_.Locate(file_, offset),
                  fmt::format("document nested deeper than {} levels", kMaxDocumentDepth));
      failed_ = true;
      return false;
    }
    DocNode* node = Place(offset);
    if (!node) return false;
    node->type = type;
    stack_.push_back(node);
    return true;
  }

  const std::string& file_;
  const LineIndex& lines_;
  bool lazy_;
  const TokenTracker& tracker_;
  DiagnosticSink& sink_;
  DocNode root_;
  // Pointers into vectors stay valid: a container's children are only
  // appended while it is the innermost open one, and its parent's vector is
  // not touched until it closes.
  std::vector<DocNode*> stack_;
  std::string pending_key_;
  DocLoc pending_key_loc_;
  std::size_t max_nodes_;
  std::size_t nodes_ = 0;
  int depth_base_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<DocNode> ReadJsonValue(std::string_view text, std::size_t begin, std::size_t end,
                                     const std::string& file_name, DiagnosticSink& sink,
                                     std::size_t max_nodes, const LineIndex& lines, bool lazy,
                                     int depth_base, std::size_t* nodes) {
  const JsonLocating at{&file_name, &lines, lazy};
  if (std::optional<DocNode> fast =
          ReadJsonValueFast(text, begin, end, at, max_nodes, depth_base, nodes)) {
    return fast;
  }
  return ReadJsonValueExact(text, begin, end, file_name, sink, max_nodes, lines, lazy, depth_base,
                            nodes);
}

std::optional<DocNode> ReadJsonValueExact(std::string_view text, std::size_t begin,
                                          std::size_t end, const std::string& file_name,
                                          DiagnosticSink& sink, std::size_t max_nodes,
                                          const LineIndex& lines, bool lazy, int depth_base,
                                          std::size_t* nodes) {
  TokenTracker tracker;
  DocBuilder builder(file_name, lines, lazy, tracker, max_nodes, sink, depth_base);
  const char* base = text.data();
  TrackingIterator first(base, base + begin, &tracker);
  TrackingIterator last(base, base + end, &tracker);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(first, last, &builder);
  } catch (const std::exception& e) {
    if (!builder.failed()) sink.Error(SourceLoc{file_name, 0, 0}, std::string("invalid JSON: ") + e.what());
    return std::nullopt;
  }
  if (nodes) *nodes = builder.nodes();
  if (!ok || builder.failed()) return std::nullopt;
  return builder.TakeRoot();
}

std::vector<DocNode> ReadJsonDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits,
                                       const LineIndex* lines) {
  if (!CheckInputSize(text, file_name, limits, sink) || !CheckUtf8(text, file_name, sink)) {
    return {};
  }
  // A UTF-8 byte order mark is not JSON but editors write it.
  std::size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::optional<LineIndex> own_lines;
  if (!lines) lines = &own_lines.emplace(text);
  std::optional<DocNode> root = ReadJsonValue(text, skip, text.size(), file_name, sink,
                                              limits.MaxNodes(), *lines, /*lazy=*/!own_lines,
                                              /*depth_base=*/0, nullptr);
  if (!root) return {};
  std::vector<DocNode> documents;
  documents.push_back(std::move(*root));
  return documents;
}

NETPOL_NAMESPACE_END
