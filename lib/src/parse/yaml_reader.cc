// YAML → DocNode through yaml-cpp's event parser. The only file that includes
// yaml-cpp.
//
// Events rather than YAML::Load: yaml-cpp's node tree costs ~600 bytes per
// node and is built in full before anything can be checked, so hostile input
// (a 1M-element list, an alias bomb) would exhaust memory before a limit
// could apply. Building DocNodes from events lets every limit apply while
// parsing and stops the parser at once (by throwing Abort) when one is hit.
#include <optional>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Reads a string_view as a stream without copying it.
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Thrown by the builder to stop the parser after reporting an error.
struct Abort {};

// The share of alias-expanded nodes a document may have, as go-yaml (and so
// kubectl) allows it: almost any in small documents, at most 10% in
// documents of millions of nodes. Stops "billion laughs" without refusing
// ordinary anchors and aliases.
// The YAML merge key (a plain `<<`; a quoted "<<" is an ordinary key).
constexpr const char* kMergeKey = "<<";

double AllowedAliasRatio(std::size_t decoded) {
  constexpr double kLow = 400'000, kHigh = 4'000'000;
  if (decoded <= kLow) return 0.99;
  if (decoded >= kHigh) return 0.10;
  return 0.99 - 0.89 * ((static_cast<double>(decoded) - kLow) / (kHigh - kLow));
}

class DocBuilder : public YAML::EventHandler {
 public:
  // `line_base`: lines of the text before the part being read.
  DocBuilder(const std::string& file, std::size_t input_size, std::size_t max_nodes,
             DiagnosticSink& sink, int line_base = 0)
      : file_(file), sink_(sink), max_direct_(2 * input_size + 16), max_nodes_(max_nodes),
        line_base_(line_base) {}

  std::size_t decoded() const { return decoded_; }
  std::size_t aliased() const { return aliased_; }

  std::vector<DocNode> TakeDocuments() { return std::move(documents_); }

  DocLoc Loc(const YAML::Mark& mark) const {
    if (mark.is_null()) return DocLoc{&file_, nullptr, 0, 0, 0};
    return DocLoc{&file_, nullptr, 0, line_base_ + mark.line + 1, mark.column + 1};
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    root_ = DocNode{};
    root_.loc = Loc(mark);
    stack_.clear();
    anchors_.clear();
  }
  void OnDocumentEnd() override {
    if (!root_.loc.IsKnown() || root_.loc.line == 0) root_.loc = DocLoc{&file_, nullptr, 0, 1, 1};
    documents_.push_back(std::move(root_));
    root_ = DocNode{};
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (TakeKey(mark, nullptr, "null")) return;
    DocNode* node = Place(mark);
    node->type = DocNode::Type::kNull;
    Remember(anchor, *node);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (TakeKey(mark, &value, "", /*plain=*/tag == "?")) return;
    DocNode* node = Place(mark);
    node->type = DocNode::Type::kScalar;
    node->value = value;
    // yaml-cpp tags quoted scalars "!" and plain ones "?".
    node->scalar_kind = tag == "?" ? DocNode::ScalarKind::kPlain : DocNode::ScalarKind::kString;
    if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
      node->scalar_kind = DocNode::ScalarKind::kNumber;
    } else if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
      node->scalar_kind = DocNode::ScalarKind::kPlain;
    }
    Remember(anchor, *node);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      Fail(Loc(mark), "alias refers to a node that contains it (recursive alias)");
    }
    const DocNode& target = it->second;
    if (Frame* top = Top(); top && top->node->IsMap() && !top->key_pending) {
      if (!target.IsScalar()) TakeKey(mark, nullptr, target.Describe());
      TakeKey(mark, &target.value, "");
      return;
    }
    DocNode* node = Place(mark);
    CopyAliased(target, node, mark);
    node->loc = Loc(mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, DocNode::Type::kSequence, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, DocNode::Type::kMap, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    DocNode* node = nullptr;
    YAML::anchor_t anchor = YAML::NullAnchor;
    bool key_pending = false;  // maps: a key was read, its value comes next
    bool has_merge = false;    // maps: a plain `<<` key was read
    std::string key;
    DocLoc key_loc;
  };

  Frame* Top() { return stack_.empty() ? nullptr : &stack_.back(); }

  [[noreturn]] void Fail(const SourceLoc& loc, std::string message) {
    sink_.Error(loc, std::move(message));
    throw Abort{};
  }

  void Count(const YAML::Mark& mark, bool aliased) {
    ++decoded_;
    if (aliased) ++aliased_;
    // Every node read from the text takes at least half a byte of it (`a:`
    // is a key and a null value). yaml-cpp 0.7 can loop on some malformed
    // input, producing null nodes without advancing; stop it here.
    if (!aliased && decoded_ - aliased_ > max_direct_) {
      Fail(Loc(mark), "invalid YAML: the parser does not advance (more nodes than the input can "
                      "hold)");
    }
    if (decoded_ > max_nodes_) {
      Fail(Loc(mark), fmt::format("document too large: more than {} nodes; --max-input-size "
                                  "SIZE raises the limit",
                                  max_nodes_));
    }
    if (aliased_ > 100 && decoded_ > 1000 &&
        static_cast<double>(aliased_) / static_cast<double>(decoded_) >
            AllowedAliasRatio(decoded_)) {
      Fail(Loc(mark), fmt::format("document contains excessive aliasing ({} of {} nodes come "
                                  "from aliases)",
                                  aliased_, decoded_));
    }
  }

  // In a map awaiting a key, consumes the event as the key and returns true.
  // `value` is the key's text, or nullptr when the key is not a scalar
  // (`what` says what it is).
  bool TakeKey(const YAML::Mark& mark, const std::string* value, const std::string& what,
               bool plain = false) {
    Frame* top = Top();
    if (!top || !top->node->IsMap() || top->key_pending) return false;
    const DocLoc loc = Loc(mark);
    if (!value) Fail(loc, fmt::format("expected a scalar mapping key, got {}", what));
    if (plain && *value == kMergeKey) top->has_merge = true;
    // A key written twice is kept twice (DocNode::Get finds the last, as
    // go-yaml v2 keeps the last): the decoder reports it, by --validate.
    Count(mark, false);
    top->key_pending = true;
    top->key = *value;
    top->key_loc = loc;
    return true;
  }

  // Where the next value goes: the root, a new list item or the value of the
  // pending key.
  DocNode* Place(const YAML::Mark& mark) {
    Count(mark, false);
    DocNode* node = nullptr;
    Frame* top = Top();
    if (!top) {
      node = &root_;
    } else if (top->node->IsSequence()) {
      top->node->items.emplace_back();
      node = &top->node->items.back();
    } else {
      top->node->entries.push_back({std::move(top->key), top->key_loc, DocNode{}});
      top->key_pending = false;
      node = &top->node->entries.back().value;
    }
    node->loc = Loc(mark);
    // An empty value has no position of its own: use its key's.
    if (top && top->node->IsMap() && node->loc.line == 0) node->loc = top->key_loc;
    return node;
  }

  void Open(const YAML::Mark& mark, DocNode::Type type, YAML::anchor_t anchor) {
    if (Frame* top = Top(); top && top->node->IsMap() && !top->key_pending) {
      TakeKey(mark, nullptr, type == DocNode::Type::kMap ? "a mapping" : "a list");
    }
    if (static_cast<int>(stack_.size()) >= kMaxDocumentDepth) {
      Fail(Loc(mark), fmt::format("document nested deeper than {} levels", kMaxDocumentDepth));
    }
    DocNode* node = Place(mark);
    node->type = type;
    // Pointers into vectors stay valid: a container's children are only
    // appended while it is the innermost open one.
    Frame frame;
    frame.node = node;
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  void Close() {
    DocNode* node = stack_.back().node;
    const YAML::anchor_t anchor = stack_.back().anchor;
    const bool has_merge = stack_.back().has_merge;
    stack_.pop_back();
    if (has_merge) ApplyMergeKeys(*node);
    Remember(anchor, *node);
  }

  // YAML merge keys, as kubectl's YAML reader (go-yaml) applies them: the
  // value of `<<` is a mapping, or a list of mappings, whose entries join
  // this one; keys written here win over merged ones, and in a list an
  // earlier mapping wins over a later one. The merged entries are moved,
  // not copied: the aliases they came from were counted already.
  void ApplyMergeKeys(DocNode& map) {
    std::vector<DocNode::Entry> entries;
    std::vector<DocNode> sources;  // in precedence order
    for (DocNode::Entry& entry : map.entries) {
      if (entry.key != kMergeKey) {
        entries.push_back(std::move(entry));
        continue;
      }
      if (entry.value.IsMap()) {
        sources.push_back(std::move(entry.value));
      } else if (entry.value.IsSequence()) {
        for (DocNode& item : entry.value.items) {
          if (!item.IsMap()) {
            Fail(item.loc, fmt::format("<<: a merge key takes a mapping or a list of mappings, "
                                       "got a list holding {}",
                                       item.Describe()));
          }
          sources.push_back(std::move(item));
        }
      } else {
        Fail(entry.value.loc, fmt::format("<<: a merge key takes a mapping or a list of "
                                          "mappings, got {}",
                                          entry.value.Describe()));
      }
    }
    std::unordered_set<std::string> keys;
    for (const DocNode::Entry& entry : entries) keys.insert(entry.key);
    for (DocNode& source : sources) {
      for (DocNode::Entry& entry : source.entries) {
        if (keys.insert(entry.key).second) entries.push_back(std::move(entry));
      }
    }
    map.entries = std::move(entries);
  }

  void Remember(YAML::anchor_t anchor, const DocNode& node) {
    if (anchor == YAML::NullAnchor) return;
    DocNode& copy = anchors_[anchor];
    copy = DocNode{};
    CopyCounted(node, &copy, false);
  }

  void CopyAliased(const DocNode& from, DocNode* to, const YAML::Mark& mark) {
    alias_mark_ = mark;
    CopyCounted(from, to, true);
  }

  // Copies node by node so that the limits apply during the copy.
  void CopyCounted(const DocNode& from, DocNode* to, bool aliased) {
    if (aliased) Count(alias_mark_, true);
    to->type = from.type;
    to->scalar_kind = from.scalar_kind;
    to->value = from.value;
    to->loc = from.loc;
    to->items.reserve(from.items.size());
    for (const DocNode& item : from.items) {
      to->items.emplace_back();
      CopyCounted(item, &to->items.back(), aliased);
    }
    to->entries.reserve(from.entries.size());
    for (const DocNode::Entry& entry : from.entries) {
      to->entries.push_back({entry.key, entry.key_loc, DocNode{}});
      CopyCounted(entry.value, &to->entries.back().value, aliased);
    }
  }

  const std::string& file_;
  DiagnosticSink& sink_;
  std::vector<DocNode> documents_;
  DocNode root_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, DocNode> anchors_;
  std::size_t decoded_ = 0;  // nodes and keys, over all documents of the text
  std::size_t aliased_ = 0;  // of which copied from aliases
  std::size_t max_direct_;   // nodes the text can hold
  std::size_t max_nodes_;    // nodes it may have
  int line_base_;
  YAML::Mark alias_mark_;
};

}  // namespace

std::optional<std::vector<DocNode>> ReadYamlPart(std::string_view text, std::size_t begin,
                                                 std::size_t end, int line_base,
                                                 const std::string& file_name, DiagnosticSink& sink,
                                                 std::size_t max_nodes, std::size_t* decoded,
                                                 std::size_t* aliased) {
  const std::string_view part = text.substr(begin, end - begin);
  DocBuilder builder(file_name, part.size(), max_nodes, sink, line_base);
  try {
    ViewBuffer buffer(part);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const Abort&) {
    return std::nullopt;
  } catch (const YAML::DeepRecursion& e) {
    sink.Error(builder.Loc(e.mark), fmt::format("invalid YAML: document nested deeper than {} "
                                                "levels",
                                                kMaxDocumentDepth));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    sink.Error(builder.Loc(e.mark), "invalid YAML: " + e.msg);
    return std::nullopt;
  } catch (const std::exception& e) {
    sink.Error(SourceLoc{file_name, 1, 1}, std::string("invalid YAML: ") + e.what());
    return std::nullopt;
  }
  if (decoded) *decoded = builder.decoded();
  if (aliased) *aliased = builder.aliased();
  return builder.TakeDocuments();
}

std::vector<DocNode> ReadYamlDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits) {
  if (!CheckInputSize(text, file_name, limits, sink) || !CheckUtf8(text, file_name, sink)) {
    return {};
  }
  std::optional<std::vector<DocNode>> documents =
      ReadYamlPart(text, 0, text.size(), 0, file_name, sink, limits.MaxNodes(), nullptr, nullptr);
  return documents ? std::move(*documents) : std::vector<DocNode>{};
}

NETPOL_NAMESPACE_END
