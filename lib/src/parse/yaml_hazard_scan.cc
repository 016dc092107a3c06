#include "parse/yaml_hazard_scan.h"

#include <string_view>
#include <unordered_map>
#include <vector>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsBreak(char c) { return c == '\n' || c == '\r'; }
bool IsFlowIndicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// One pass over the text; see yaml_hazard_scan.h. `token_start_` says a node
// may begin here (after indentation, an indicator, a property or, in a flow
// collection, a `,` or an opening bracket); elsewhere the scan is inside a
// plain scalar, where brackets and quotes are text.
class HazardScanner {
 public:
  HazardScanner(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

  std::optional<std::size_t> Run() {
    StartLine();
    while (pos_ < text_.size()) {
      if (!token_start_ && !InFlow()) {
        // Most bytes: inside a plain scalar in block context, where only a
        // line break, `: ` and ` #` matter.
        std::size_t at = pos_;
        while (at < text_.size()) {
          const char b = text_[at];
          if (b == ':' || b == '#' || b == '\n' || b == '\r') break;
          ++at;
        }
        if (at != pos_) {
          after_blank_ = IsBlank(text_[at - 1]);
          pos_ = at;
          if (pos_ == text_.size()) break;
        }
      }
      const char c = text_[pos_];
      if (IsBreak(c)) {
        ++pos_;
        StartLine();
        continue;
      }
      if (IsBlank(c)) {
        ++pos_;
        after_blank_ = true;
        continue;
      }
      const bool after_blank = after_blank_;
      after_blank_ = false;
      if (c == '#' && after_blank) {
        SkipToLineEnd();
        continue;
      }
      if (InFlow()) {
        if (std::optional<std::size_t> hazard = FlowChar(c)) return hazard;
      } else if (std::optional<std::size_t> hazard = BlockChar(c)) {
        return hazard;
      }
    }
    return std::nullopt;
  }

 private:
  struct Frame {
    std::string_view anchor;
  };

  bool InFlow() const { return !flow_.empty(); }

  // At the first byte of a line: skips its indentation, and a document
  // marker or a directive, which end any flow collection left open (an
  // error the parser reports; the scan just starts afresh).
  void StartLine() {
    after_blank_ = true;
    line_start_ = pos_;
    if (text_.compare(pos_, 3, "---") == 0 || text_.compare(pos_, 3, "...") == 0) {
      const std::size_t next = pos_ + 3;
      if (next == text_.size() || IsBlank(text_[next]) || IsBreak(text_[next])) {
        flow_.clear();
        open_anchors_.clear();
        pos_ = next;
        token_start_ = true;
        return;
      }
    }
    if (!InFlow() && pos_ < text_.size() && text_[pos_] == '%') {
      SkipToLineEnd();
      return;
    }
    // In a flow collection a line break does not end a plain scalar.
    if (!InFlow()) token_start_ = true;
  }

  void SkipToLineEnd() {
    while (pos_ < text_.size() && !IsBreak(text_[pos_])) ++pos_;
  }

  // Whether the byte after `pos_` ends an indicator (`-`, `?`, `:`).
  bool IndicatorAt(std::size_t at) const {
    const std::size_t next = at + 1;
    return next == text_.size() || IsBlank(text_[next]) || IsBreak(text_[next]) ||
           (InFlow() && IsFlowIndicator(text_[next]));
  }

  std::optional<std::size_t> BlockChar(char c) {
    if (!token_start_) {
      // Inside a plain or after a quoted scalar: only `: ` starts a value.
      if (c == ':' && IndicatorAt(pos_)) token_start_ = true;
      ++pos_;
      return std::nullopt;
    }
    switch (c) {
      case '-':
      case '?':
      case ':':
        if (IndicatorAt(pos_)) {
          ++pos_;
          return std::nullopt;
        }
        break;
      case '|':
      case '>':
        NodeStarts();
        SkipBlockScalar();
        return std::nullopt;
      default:
        break;
    }
    return NodeChar(c);
  }

  std::optional<std::size_t> FlowChar(char c) {
    switch (c) {
      case '[':
      case '{':
      case ']':
      case '}':
        return NodeChar(c);
      case ',':
        ++pos_;
        token_start_ = true;
        return std::nullopt;
      case ':':
      case '?':
        // A value (or key) indicator, also right after a quoted key as in
        // JSON; otherwise text of a plain scalar (`http://x`).
        if (IndicatorAt(pos_) || after_quoted_) {
          ++pos_;
          token_start_ = true;
          after_quoted_ = false;
          return std::nullopt;
        }
        break;
      default:
        break;
    }
    if (!token_start_) {
      ++pos_;
      return std::nullopt;
    }
    return NodeChar(c);
  }

  // A byte where a node may start, or a flow bracket.
  std::optional<std::size_t> NodeChar(char c) {
    after_quoted_ = false;
    switch (c) {
      case '[':
      case '{': {
        flow_.push_back(Frame{pending_anchor_});
        if (!pending_anchor_.empty()) open_anchors_[pending_anchor_] = flow_.size();
        pending_anchor_ = {};
        ++pos_;
        token_start_ = true;
        if (static_cast<int>(flow_.size()) > max_depth_) return pos_;
        return std::nullopt;
      }
      case ']':
      case '}': {
        if (InFlow()) {
          const std::string_view anchor = flow_.back().anchor;
          if (!anchor.empty()) {
            auto it = open_anchors_.find(anchor);
            if (it != open_anchors_.end() && it->second == flow_.size()) open_anchors_.erase(it);
          }
          flow_.pop_back();
        }
        ++pos_;
        token_start_ = false;
        return std::nullopt;
      }
      case '"':
      case '\'':
        NodeStarts();
        SkipQuoted(c);
        token_start_ = false;
        after_quoted_ = true;
        return std::nullopt;
      case '&':
        NodeStarts();  // an anchor before this one named nothing
        pending_anchor_ = Name();
        return std::nullopt;
      case '!':
        Name();  // a tag: the node follows
        return std::nullopt;
      case '*': {
        NodeStarts();
        const std::string_view name = Name();
        token_start_ = false;
        if (open_anchors_.count(name)) return pos_;
        return std::nullopt;
      }
      default:
        NodeStarts();
        ++pos_;
        token_start_ = false;
        return std::nullopt;
    }
  }

  // A node other than a flow collection starts: a pending anchor names it,
  // and no longer any flow collection that is open.
  void NodeStarts() {
    if (!pending_anchor_.empty()) open_anchors_.erase(pending_anchor_);
    pending_anchor_ = {};
  }

  // From the indicator (`&`, `*`, `!`) to the next blank or flow indicator.
  std::string_view Name() {
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && !IsBlank(text_[pos_]) && !IsBreak(text_[pos_]) &&
           !IsFlowIndicator(text_[pos_])) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  void SkipQuoted(char quote) {
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (quote == '"' && c == '\\') {
        if (pos_ < text_.size()) ++pos_;
      } else if (c == quote) {
        if (quote == '\'' && pos_ < text_.size() && text_[pos_] == '\'') {
          ++pos_;  // '' is a quote inside single quotes
        } else {
          return;
        }
      }
    }
  }

  // A literal or folded scalar: its header line, then every line that is
  // blank or indented more than the line it starts on (after `---`, any
  // line up to the next document marker).
  void SkipBlockScalar() {
    std::size_t indent = 0;
    while (line_start_ + indent < text_.size() && text_[line_start_ + indent] == ' ') ++indent;
    const bool document_level = text_.compare(line_start_, 3, "---") == 0;
    SkipToLineEnd();
    while (pos_ < text_.size()) {
      // pos_ is at a line break.
      std::size_t next = pos_ + 1;
      if (text_[pos_] == '\r' && next < text_.size() && text_[next] == '\n') ++next;
      std::size_t spaces = 0;
      while (next + spaces < text_.size() && text_[next + spaces] == ' ') ++spaces;
      std::size_t end = next + spaces;
      while (end < text_.size() && IsBlank(text_[end])) ++end;
      const bool blank = end == text_.size() || IsBreak(text_[end]);
      bool content = blank || spaces > indent;
      if (document_level && !blank) {
        const bool marker = spaces == 0 && (text_.compare(next, 3, "---") == 0 ||
                                            text_.compare(next, 3, "...") == 0);
        content = !marker;
      }
      if (!content) return;  // the line break is read as usual
      pos_ = next;
      SkipToLineEnd();
    }
  }

  std::string_view text_;
  int max_depth_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  bool token_start_ = true;
  bool after_blank_ = true;
  bool after_quoted_ = false;
  std::string_view pending_anchor_;
  std::vector<Frame> flow_;  // at most max_depth + 1 entries
  // Anchors that name a flow collection still open, with its depth (so at
  // most as many as flow_ holds).
  std::unordered_map<std::string_view, std::size_t> open_anchors_;
};

}  // namespace

std::optional<std::size_t> FindYamlHazard(std::string_view text, int max_depth) {
  return HazardScanner(text, max_depth).Run();
}

NETPOL_NAMESPACE_END
