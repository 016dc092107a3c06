// YAML → DocNode through libfyaml's event parser. The only file that includes
// libfyaml.
//
// Events rather than a document tree: a tree is built in full before
// anything can be checked, so hostile input (a 1M-element list, an alias
// bomb) would exhaust memory before a limit could apply. Building DocNodes
// from events lets every limit apply while parsing and stops at once when
// one is hit.
//
// libfyaml reports each scalar's style (plain or quoted) and leaves plain
// scalars untyped; DocNode::Resolve types them with the YAML 1.1 rules
// kubectl's reader uses (`yes` and `on` are booleans), so the parser's own
// schema never decides a value's type.
#include <libfyaml.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "parse/doc_node.h"
#include "parse/yaml_hazard_scan.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Thrown by the builder to stop the parser after reporting an error.
struct Abort {};

// The YAML merge key (a plain `<<`; a quoted "<<" is an ordinary key).
constexpr std::string_view kMergeKey = "<<";

// The share of alias-expanded nodes a document may have, as go-yaml (and so
// kubectl) allows it: almost any in small documents, at most 10% in
// documents of millions of nodes. Stops "billion laughs" without refusing
// ordinary anchors and aliases.
double AllowedAliasRatio(std::size_t decoded) {
  constexpr double kLow = 400'000, kHigh = 4'000'000;
  if (decoded <= kLow) return 0.99;
  if (decoded >= kHigh) return 0.10;
  return 0.99 - 0.89 * ((static_cast<double>(decoded) - kLow) / (kHigh - kLow));
}

// A position in the part being read: 0-based line and column, or none (an
// implicit end has no position of its own).
struct Mark {
  int line = -1;
  int column = -1;
  bool IsNull() const { return line < 0; }
};

// Line starts of the part, so that a byte offset from libfyaml becomes a
// line and a byte column as yaml-cpp counted them (libfyaml counts columns
// in characters and tabs to tab stops).
class PartLines {
 public:
  explicit PartLines(std::string_view part) : text_(part) {
    // yaml-cpp counted columns after a byte order mark.
    starts_.push_back(part.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    if (part.find('\r') == std::string_view::npos) {
      // The common case (the loader normalizes line ends): memchr per line.
      for (std::size_t at = part.find('\n'); at != std::string_view::npos;
           at = part.find('\n', at + 1)) {
        starts_.push_back(at + 1);
      }
      return;
    }
    for (std::size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '\n') {
        starts_.push_back(i + 1);
      } else if (part[i] == '\r' && (i + 1 == part.size() || part[i + 1] != '\n')) {
        starts_.push_back(i + 1);
      }
    }
  }
  // Positions come mostly in text order: look from the last line found.
  Mark At(std::size_t offset) const {
    if (offset < starts_[0]) return Mark{0, 0};
    std::size_t line = last_line_;
    if (offset < starts_[line]) {
      line = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                      starts_.begin()) - 1;
    } else {
      while (line + 1 < starts_.size() && starts_[line + 1] <= offset) ++line;
    }
    last_line_ = line;
    return Mark{static_cast<int>(line), static_cast<int>(offset - starts_[line])};
  }

  // The offset of the next token at or after `offset`: blanks, line breaks
  // and comments skipped, and first the one indicator (`:`, `-`, `?`) that
  // introduces the node being placed, if it is there. yaml-cpp put a node
  // that has no text of its own (an empty value) and a block scalar at the
  // token that follows its indicator.
  std::size_t NextToken(std::size_t offset) const {
    offset = SkipBlanks(offset);
    if (offset < text_.size() && (text_[offset] == ':' || text_[offset] == '-' ||
                                  text_[offset] == '?')) {
      const std::size_t next = offset + 1;
      if (next >= text_.size() || IsBlank(text_[next]) || text_[next] == ',' ||
          text_[next] == '}' || text_[next] == ']') {
        offset = SkipBlanks(next);
      }
    }
    return offset;
  }

 private:
  static bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  std::size_t SkipBlanks(std::size_t offset) const {
    bool after_blank = true;
    while (offset < text_.size()) {
      const char c = text_[offset];
      if (IsBlank(c)) {
        after_blank = true;
        ++offset;
      } else if (c == '#' && after_blank) {
        while (offset < text_.size() && text_[offset] != '\n' && text_[offset] != '\r') ++offset;
      } else if (offset == 0 && text_.starts_with("\xEF\xBB\xBF")) {
        offset = 3;
      } else {
        break;
      }
    }
    return offset;
  }

  std::string_view text_;
  std::vector<std::size_t> starts_;
  mutable std::size_t last_line_ = 0;
};

std::string_view TokenText(fy_token* token) {
  if (!token) return {};
  std::size_t length = 0;
  const char* text = fy_token_get_text(token, &length);
  return text ? std::string_view(text, length) : std::string_view{};
}

class DocBuilder {
 public:
  // `line_base`: lines of the text before the part being read.
  DocBuilder(const std::string& file, std::string_view part, std::size_t max_nodes,
             DiagnosticSink& sink, int line_base = 0)
      : file_(file), sink_(sink), lines_(part), max_direct_(2 * part.size() + 16),
        max_nodes_(max_nodes), line_base_(line_base) {}

  std::size_t decoded() const { return decoded_; }
  std::size_t aliased() const { return aliased_; }

  std::vector<DocNode> TakeDocuments() { return std::move(documents_); }

  DocLoc Loc(const Mark& mark) const {
    if (mark.IsNull()) return DocLoc{&file_, nullptr, 0, 0, 0};
    return DocLoc{&file_, nullptr, 0, line_base_ + mark.line + 1, mark.column + 1};
  }
  Mark MarkOf(const fy_mark* mark) const {
    return mark ? lines_.At(mark->input_pos) : Mark{};
  }
  // At the `*`: libfyaml's alias token starts after it.
  Mark AliasMark(fy_token* token) const {
    const fy_mark* mark = token ? fy_token_start_mark(token) : nullptr;
    if (!mark) return Mark{};
    return lines_.At(mark->input_pos > 0 ? mark->input_pos - 1 : 0);
  }

  // Handles one event; throws Abort after reporting an error.
  void Handle(fy_event* event) {
    HandleEvent(event);
    // Where the text read so far ends, for the position of a node that
    // has no text of its own.
    if (event->type == FYET_SEQUENCE_START || event->type == FYET_MAPPING_START) {
      // A block collection's start token is its first entry: scan from it.
      if (const fy_mark* mark = fy_event_start_mark(event)) {
        const bool flow = event->type == FYET_SEQUENCE_START
                              ? fy_event_get_node_style(event) == FYNS_FLOW
                              : fy_event_get_node_style(event) == FYNS_FLOW;
        last_end_ = flow ? mark->input_pos + 1 : mark->input_pos;
      }
    } else if (const fy_mark* mark = fy_event_end_mark(event)) {
      last_end_ = mark->input_pos;
      if (event->type == FYET_SCALAR) {
        const fy_scalar_style style = fy_token_scalar_style(event->scalar.value);
        if (style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) ++last_end_;
      }
    }
  }

  void HandleEvent(fy_event* event) {
    switch (event->type) {
      case FYET_DOCUMENT_START:
        OnDocumentStart(MarkOf(fy_event_start_mark(event)));
        break;
      case FYET_DOCUMENT_END:
        OnDocumentEnd();
        break;
      case FYET_SCALAR:
        OnScalar(event);
        break;
      case FYET_ALIAS:
        OnAlias(AliasMark(event->alias.anchor), TokenText(event->alias.anchor));
        break;
      case FYET_SEQUENCE_START:
        Open(ContainerMark(event, event->sequence_start.anchor, event->sequence_start.tag),
             DocNode::Type::kSequence, TokenText(event->sequence_start.anchor));
        break;
      case FYET_MAPPING_START:
        Open(ContainerMark(event, event->mapping_start.anchor, event->mapping_start.tag),
             DocNode::Type::kMap, TokenText(event->mapping_start.anchor));
        break;
      case FYET_SEQUENCE_END:
      case FYET_MAPPING_END:
        Close();
        break;
      default:
        break;
    }
  }

  [[noreturn]] void Fail(const SourceLoc& loc, std::string message) {
    sink_.Error(loc, std::move(message));
    throw Abort{};
  }

 private:
  struct Frame {
    DocNode* node = nullptr;
    std::string anchor;
    bool key_pending = false;  // maps: a key was read, its value comes next
    bool has_merge = false;    // maps: a plain `<<` key was read
    std::string key;
    DocLoc key_loc;
  };

  void OnDocumentStart(const Mark& mark) {
    root_ = DocNode{};
    root_.loc = Loc(mark);
    stack_.clear();
    for (std::vector<DocNode>& items : item_scratch_) items.clear();
    for (std::vector<DocNode::Entry>& entries : entry_scratch_) entries.clear();
    anchors_.clear();
  }
  void OnDocumentEnd() {
    if (!root_.loc.IsKnown() || root_.loc.line == 0) root_.loc = DocLoc{&file_, nullptr, 0, 1, 1};
    documents_.push_back(std::move(root_));
    root_ = DocNode{};
  }

  void OnScalar(fy_event* event) {
    fy_token* token = event->scalar.value;
    const fy_scalar_style style = fy_token_scalar_style(token);
    const Mark mark = ScalarMark(event, style);
    const std::string_view value = TokenText(token);
    const std::string_view anchor = TokenText(event->scalar.anchor);
    std::string tag;
    if (event->scalar.tag) {
      tag = std::string(TokenText(event->scalar.tag));
    }
    const bool plain = style == FYSS_PLAIN && tag.empty();
    // A plain, untagged empty, `~` or `null` is a null node, as in
    // kubectl's reader; it is no mapping key.
    if (plain && (value.empty() || value == "~" || value == "null" || value == "Null" ||
                  value == "NULL")) {
      if (TakeKey(mark, nullptr, "null")) return;
      DocNode* node = Place(mark);
      node->type = DocNode::Type::kNull;
      Remember(anchor, *node);
      return;
    }
    std::string text(value);
    if (TakeKey(mark, &text, "", plain)) return;
    DocNode* node = Place(mark);
    node->type = DocNode::Type::kScalar;
    node->mutable_value() = std::move(text);
    node->scalar_kind = plain ? DocNode::ScalarKind::kPlain : DocNode::ScalarKind::kString;
    if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
      node->scalar_kind = DocNode::ScalarKind::kNumber;
    } else if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
      node->scalar_kind = DocNode::ScalarKind::kPlain;
    }
    Remember(anchor, *node);
  }

  // Where a scalar starts: at its anchor or tag when it has one, else at
  // its opening quote (libfyaml's token starts after it).
  Mark ScalarMark(fy_event* event, fy_scalar_style style) {
    std::size_t offset = PropertiesStart(event->scalar.anchor, event->scalar.tag);
    if (offset != SIZE_MAX) return lines_.At(offset);
    if (const fy_mark* mark = fy_token_start_mark(event->scalar.value);
        mark && style != FYSS_LITERAL && style != FYSS_FOLDED) {
      offset = mark->input_pos;
      if ((style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) && offset > 0) --offset;
      return lines_.At(offset);
    }
    // An empty value or a block scalar: at the token after its indicator.
    // The next empty value's indicator comes after that token.
    const std::size_t next = lines_.NextToken(last_end_);
    if (!fy_event_end_mark(event)) last_end_ = next;
    return lines_.At(next);
  }

  // Where a node's anchor or tag starts (an anchor token starts after its
  // `&`), or SIZE_MAX.
  static std::size_t PropertiesStart(fy_token* anchor, fy_token* tag) {
    std::size_t offset = SIZE_MAX;
    if (anchor) {
      if (const fy_mark* mark = fy_token_start_mark(anchor); mark && mark->input_pos > 0) {
        offset = mark->input_pos - 1;
      }
    }
    if (tag) {
      if (const fy_mark* mark = fy_token_start_mark(tag)) offset = std::min(offset, mark->input_pos);
    }
    return offset;
  }

  Mark ContainerMark(fy_event* event, fy_token* anchor, fy_token* tag) const {
    const std::size_t offset = PropertiesStart(anchor, tag);
    if (offset != SIZE_MAX) return lines_.At(offset);
    return MarkOf(fy_event_start_mark(event));
  }

  void OnAlias(const Mark& mark, std::string_view name) {
    auto it = anchors_.find(std::string(name));
    if (it == anchors_.end()) {
      if (open_anchors_.count(std::string(name))) {
        Fail(Loc(mark), "alias refers to a node that contains it (recursive alias)");
      }
      Fail(Loc(mark), "invalid YAML: the referenced anchor is not defined");
    }
    const DocNode& target = it->second;
    if (Frame* top = Top(); top && top->node->IsMap() && !top->key_pending) {
      if (!target.IsScalar()) TakeKey(mark, nullptr, target.Describe());
      std::string key = target.value();
      TakeKey(mark, &key, "");
      return;
    }
    DocNode* node = Place(mark);
    alias_mark_ = mark;
    CopyCounted(target, node, true);
    node->loc = Loc(mark);
  }

  Frame* Top() { return stack_.empty() ? nullptr : &stack_.back(); }

  void Count(const Mark& mark, bool aliased) {
    ++decoded_;
    if (aliased) ++aliased_;
    // Every node read from the text takes at least half a byte of it (`a:`
    // is a key and a null value): a parser that produces more does not
    // advance.
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
  bool TakeKey(const Mark& mark, std::string* value, const std::string& what,
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
    top->key = std::move(*value);
    top->key_loc = loc;
    return true;
  }

  // Where the next value goes: the root, a new list item or the value of the
  // pending key.
  DocNode* Place(const Mark& mark) {
    Count(mark, false);
    DocNode* node = nullptr;
    Frame* top = Top();
    if (!top) {
      node = &root_;
    } else if (top->node->IsSequence()) {
      std::vector<DocNode>& items = item_scratch_[stack_.size() - 1];
      items.emplace_back();
      node = &items.back();
    } else {
      std::vector<DocNode::Entry>& entries = entry_scratch_[stack_.size() - 1];
      entries.push_back({std::move(top->key), top->key_loc, DocNode{}});
      top->key_pending = false;
      node = &entries.back().value;
    }
    node->loc = Loc(mark);
    // An empty value has no position of its own: use its key's.
    if (top && top->node->IsMap() && node->loc.line == 0) node->loc = top->key_loc;
    return node;
  }

  void Open(const Mark& mark, DocNode::Type type, std::string_view anchor) {
    if (Frame* top = Top(); top && top->node->IsMap() && !top->key_pending) {
      TakeKey(mark, nullptr, type == DocNode::Type::kMap ? "a mapping" : "a list");
    }
    if (static_cast<int>(stack_.size()) >= kMaxDocumentDepth) {
      Fail(Loc(mark), fmt::format("document nested deeper than {} levels", kMaxDocumentDepth));
    }
    DocNode* node = Place(mark);
    node->type = type;
    // A container's children are gathered in the scratch vector of its
    // depth (kept from one container to the next, so it rarely grows) and
    // moved into the container, sized once, when it closes. Pointers into a
    // scratch vector stay valid: children are only appended to the
    // innermost open container.
    if (item_scratch_.size() <= stack_.size()) {
      item_scratch_.resize(stack_.size() + 1);
      entry_scratch_.resize(stack_.size() + 1);
    }
    Frame frame;
    frame.node = node;
    frame.anchor = std::string(anchor);
    if (!frame.anchor.empty()) {
      anchors_.erase(frame.anchor);
      open_anchors_.insert(frame.anchor);
    }
    stack_.push_back(std::move(frame));
  }

  void Close() {
    DocNode* node = stack_.back().node;
    const std::string anchor = std::move(stack_.back().anchor);
    const bool has_merge = stack_.back().has_merge;
    stack_.pop_back();
    if (node->IsSequence()) {
      std::vector<DocNode>& items = item_scratch_[stack_.size()];
      node->mutable_items().assign(std::make_move_iterator(items.begin()),
                                   std::make_move_iterator(items.end()));
      items.clear();
    } else {
      std::vector<DocNode::Entry>& entries = entry_scratch_[stack_.size()];
      node->mutable_entries().assign(std::make_move_iterator(entries.begin()),
                                     std::make_move_iterator(entries.end()));
      entries.clear();
    }
    if (has_merge) ApplyMergeKeys(*node);
    if (!anchor.empty()) open_anchors_.erase(anchor);
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
    for (DocNode::Entry& entry : map.mutable_entries()) {
      if (entry.key != kMergeKey) {
        entries.push_back(std::move(entry));
        continue;
      }
      if (entry.value.IsMap()) {
        sources.push_back(std::move(entry.value));
      } else if (entry.value.IsSequence()) {
        for (DocNode& item : entry.value.mutable_items()) {
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
      if (!source.IsMap()) continue;  // reported above
      for (DocNode::Entry& entry : source.mutable_entries()) {
        if (keys.insert(entry.key).second) entries.push_back(std::move(entry));
      }
    }
    map.mutable_entries() = std::move(entries);
  }

  void Remember(std::string_view anchor, const DocNode& node) {
    if (anchor.empty()) return;
    DocNode& copy = anchors_[std::string(anchor)];
    copy = DocNode{};
    CopyCounted(node, &copy, false);
  }

  // Copies node by node so that the limits apply during the copy.
  void CopyCounted(const DocNode& from, DocNode* to, bool aliased) {
    if (aliased) Count(alias_mark_, true);
    to->type = from.type;
    to->scalar_kind = from.scalar_kind;
    to->loc = from.loc;
    if (!from.value().empty()) to->mutable_value() = from.value();
    if (!from.items().empty()) {
      std::vector<DocNode>& items = to->mutable_items();
      items.reserve(from.items().size());
      for (const DocNode& item : from.items()) {
        items.emplace_back();
        CopyCounted(item, &items.back(), aliased);
      }
    }
    if (!from.entries().empty()) {
      std::vector<DocNode::Entry>& entries = to->mutable_entries();
      entries.reserve(from.entries().size());
      for (const DocNode::Entry& entry : from.entries()) {
        entries.push_back({entry.key, entry.key_loc, DocNode{}});
        CopyCounted(entry.value, &entries.back().value, aliased);
      }
    }
  }

  const std::string& file_;
  DiagnosticSink& sink_;
  PartLines lines_;
  std::vector<DocNode> documents_;
  DocNode root_;
  std::vector<Frame> stack_;
  std::vector<std::vector<DocNode>> item_scratch_;  // by depth: the open list's items
  std::vector<std::vector<DocNode::Entry>> entry_scratch_;  // by depth: the open map's entries
  std::unordered_map<std::string, DocNode> anchors_;
  std::unordered_set<std::string> open_anchors_;  // anchored containers being read
  std::size_t decoded_ = 0;  // nodes and keys, over all documents of the text
  std::size_t aliased_ = 0;  // of which copied from aliases
  std::size_t max_direct_;   // nodes the text can hold
  std::size_t max_nodes_;    // nodes it may have
  int line_base_;
  Mark alias_mark_;
  std::size_t last_end_ = 0;  // offset in the part where the last event's text ends
};

// Owns a libfyaml parser whose diagnostics are collected, not printed.
class Parser {
 public:
  explicit Parser(std::string_view part) {
    fy_diag_cfg diag_cfg;
    fy_diag_cfg_default(&diag_cfg);
    diag_cfg.fp = nullptr;
    diag_cfg.output_fn = [](fy_diag*, void*, const char*, size_t) {};
    diag_cfg.colorize = false;
    diag_ = fy_diag_create(&diag_cfg);
    if (diag_) fy_diag_set_collect_errors(diag_, true);
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_1 |
                                                FYPCF_JSON_NONE | FYPCF_ALLOW_DUPLICATE_KEYS |
                                                FYPCF_DISABLE_DEPTH_LIMIT);
    cfg.diag = diag_;
    parser_ = fy_parser_create(&cfg);
    if (parser_ && fy_parser_set_string(parser_, part.data(), part.size()) != 0) {
      fy_parser_destroy(parser_);
      parser_ = nullptr;
    }
  }
  ~Parser() {
    if (parser_) fy_parser_destroy(parser_);
    if (diag_) fy_diag_unref(diag_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  bool ok() const { return parser_ != nullptr; }
  fy_parser* get() const { return parser_; }
  bool failed() const { return fy_parser_get_stream_error(parser_); }

  // The first error libfyaml collected: its message and 0-based position.
  struct Error {
    std::string message;
    std::optional<std::size_t> offset;
    int line = 0;
    int column = 0;
  };
  Error FirstError() const {
    Error error{"the parser stopped", std::nullopt, 0, 0};
    if (!diag_) return error;
    void* iter = nullptr;
    while (fy_diag_error* diag_error = fy_diag_errors_iterate(diag_, &iter)) {
      if (diag_error->type != FYET_ERROR) continue;
      error.message = diag_error->msg ? diag_error->msg : "syntax error";
      // libfyaml 0.7's spelling.
      if (const std::size_t at = error.message.find("indendation"); at != std::string::npos) {
        error.message.replace(at, 11, "indentation");
      }
      error.line = diag_error->line;
      error.column = diag_error->column;
      if (diag_error->fyt) {
        if (const fy_mark* mark = fy_token_start_mark(diag_error->fyt)) {
          error.offset = mark->input_pos;
        }
      }
      break;
    }
    return error;
  }

 private:
  fy_diag* diag_ = nullptr;
  fy_parser* parser_ = nullptr;
};

// Frees an event when it goes out of scope, also when the builder throws.
struct EventDeleter {
  fy_parser* parser;
  void operator()(fy_event* event) const { fy_parser_event_free(parser, event); }
};

// Reads text[begin, end); `*limit` (when given) says whether a failure was
// one of the builder's limits rather than the parser's syntax error.
std::optional<std::vector<DocNode>> ReadYamlRange(std::string_view text, std::size_t begin,
                                                  std::size_t end, int line_base,
                                                  const std::string& file_name,
                                                  DiagnosticSink& sink, std::size_t max_nodes,
                                                  std::size_t* decoded, std::size_t* aliased,
                                                  bool* limit) {
  if (limit) *limit = false;
  const std::string_view part = text.substr(begin, end - begin);
  DocBuilder builder(file_name, part, max_nodes, sink, line_base);
  Parser parser(part);
  if (!parser.ok()) {
    sink.Error(SourceLoc{file_name, line_base + 1, 1}, "invalid YAML: the parser could not start");
    return std::nullopt;
  }
  bool syntax_error = false;
  try {
    while (true) {
      std::unique_ptr<fy_event, EventDeleter> event(fy_parser_parse(parser.get()),
                                                    EventDeleter{parser.get()});
      if (!event) break;
      builder.Handle(event.get());
    }
    if (parser.failed()) {
      syntax_error = true;
      const Parser::Error error = parser.FirstError();
      const DocLoc loc = error.offset ? builder.Loc(PartLines(part).At(*error.offset))
                                      : builder.Loc(Mark{error.line, error.column});
      builder.Fail(loc, "invalid YAML: " + error.message);
    }
  } catch (const Abort&) {
    if (limit) *limit = !syntax_error;
    return std::nullopt;
  }
  if (decoded) *decoded = builder.decoded();
  if (aliased) *aliased = builder.aliased();
  return builder.TakeDocuments();
}

}  // namespace

std::optional<std::vector<DocNode>> ReadYamlPart(std::string_view text, std::size_t begin,
                                                 std::size_t end, int line_base,
                                                 const std::string& file_name, DiagnosticSink& sink,
                                                 std::size_t max_nodes, std::size_t* decoded,
                                                 std::size_t* aliased) {
  // Hostile shapes that libfyaml would read in full before any limit
  // applies: read the prefix in which the scan saw one first. If a limit
  // stops that read, the whole text stops there too, with the same error;
  // if not, the scan misread the text and it is read whole.
  if (const std::optional<std::size_t> hazard =
          FindYamlHazard(text.substr(begin, end - begin), kMaxDocumentDepth)) {
    DiagnosticSink trial;
    bool limit = false;
    if (!ReadYamlRange(text, begin, begin + *hazard, line_base, file_name, trial, max_nodes,
                       nullptr, nullptr, &limit) &&
        limit) {
      for (const Diagnostic& diagnostic : trial.diagnostics()) sink.Add(diagnostic);
      return std::nullopt;
    }
  }
  return ReadYamlRange(text, begin, end, line_base, file_name, sink, max_nodes, decoded, aliased,
                       nullptr);
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
