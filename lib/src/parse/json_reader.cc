// JSON → DocNode through nlohmann/json's SAX interface. nlohmann does not
// report where values start, so the input is fed through an iterator that
// watches the characters the lexer consumes and remembers where the latest
// token began.
#include <iterator>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parse/doc_node.h"

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
  DocBuilder(const std::string& file, const LineIndex& lines, const TokenTracker& tracker,
             std::size_t max_nodes, DiagnosticSink& sink)
      : file_(file), lines_(lines), tracker_(tracker), sink_(sink), max_nodes_(max_nodes) {}

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
    pending_key_ = val;
    pending_key_loc_ = lines_.Locate(file_, tracker_.scalar_start);
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
  DocNode TakeRoot() { return std::move(root_); }

 private:
  // Places a new node where the parser is: the root, a list item or the
  // value of the pending key.
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
      stack_.back()->items.emplace_back();
      node = &stack_.back()->items.back();
    } else {
      stack_.back()->entries.push_back({pending_key_, pending_key_loc_, DocNode{}});
      node = &stack_.back()->entries.back().value;
    }
    node->loc = lines_.Locate(file_, offset);
    return node;
  }

  bool AddScalar(DocNode::Type type, DocNode::ScalarKind kind, std::string value) {
    DocNode* node = Place(tracker_.scalar_start);
    if (!node) return false;
    node->type = type;
    node->scalar_kind = kind;
    node->value = std::move(value);
    return true;
  }

  bool Open(DocNode::Type type, std::size_t offset) {
    if (static_cast<int>(stack_.size()) >= kMaxDocumentDepth) {
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
  const TokenTracker& tracker_;
  DiagnosticSink& sink_;
  DocNode root_;
  // Pointers into vectors stay valid: a container's children are only
  // appended while it is the innermost open one, and its parent's vector is
  // not touched until it closes.
  std::vector<DocNode*> stack_;
  std::string pending_key_;
  SourceLoc pending_key_loc_;
  std::size_t max_nodes_;
  std::size_t nodes_ = 0;
  bool failed_ = false;
};

}  // namespace

std::vector<DocNode> ReadJsonDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits) {
  if (!CheckInputSize(text, file_name, limits, sink) || !CheckUtf8(text, file_name, sink)) {
    return {};
  }
  // A UTF-8 byte order mark is not JSON but editors write it.
  std::size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  LineIndex lines(text);
  TokenTracker tracker;
  DocBuilder builder(file_name, lines, tracker, limits.MaxNodes(), sink);
  const char* base = text.data();
  TrackingIterator first(base, base + skip, &tracker);
  TrackingIterator last(base, base + text.size(), &tracker);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(first, last, &builder);
  } catch (const std::exception& e) {
    if (!builder.failed()) sink.Error(SourceLoc{file_name, 0, 0}, std::string("invalid JSON: ") + e.what());
    return {};
  }
  if (!ok || builder.failed()) return {};
  std::vector<DocNode> documents;
  documents.push_back(builder.TakeRoot());
  return documents;
}

NETPOL_NAMESPACE_END
