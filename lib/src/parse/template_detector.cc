#include "parse/template_detector.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// A scanner that knows just enough YAML to tell data from structure:
// quoted strings, comments, block scalars, flow collections and where a
// node may start. It never fails; input it does not understand is left to
// the YAML reader.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  std::optional<TextPosition> Find() {
    while (pos_ < text_.size()) {
      if (at_line_start_) {
        StartLine();
        continue;
      }
      const char c = text_[pos_];
      if (c == '\n') {
        NewLine();
        continue;
      }
      if (IsBlank(c)) {
        ++pos_;
        continue;
      }
      if (c == '#' && (pos_ == line_start_ || IsBlank(text_[pos_ - 1]))) {
        SkipToLineEnd();
        continue;
      }
      if (node_start_) {
        if (text_.substr(pos_, 2) == "{{") return Position(pos_);
        if (c == '"' || c == '\'') {
          SkipQuoted(c);
          node_start_ = false;
          after_quoted_ = true;
          continue;
        }
        if ((c == '|' || c == '>') && BlockHeaderFollows(pos_ + 1)) {
          block_indent_ = line_indent_;
          in_block_ = true;
          SkipToLineEnd();
          continue;
        }
        if ((c == '-' || c == '?') && (pos_ + 1 == text_.size() || IsSeparator(text_[pos_ + 1]))) {
          ++pos_;  // sequence entry or complex key: a node follows
          continue;
        }
        if (c == '&' || c == '!') {  // anchor or tag: a node follows
          while (pos_ < text_.size() && !IsSeparator(text_[pos_])) ++pos_;
          continue;
        }
        if (c == '*') {  // alias: a whole node
          while (pos_ < text_.size() && !IsSeparator(text_[pos_])) ++pos_;
          node_start_ = false;
          continue;
        }
      }
      if ((c == '[' || c == '{') && (node_start_ || flow_depth_ > 0)) {
        ++flow_depth_;
        node_start_ = true;
        ++pos_;
        continue;
      }
      if ((c == ']' || c == '}') && flow_depth_ > 0) {
        --flow_depth_;
        node_start_ = false;
        ++pos_;
        continue;
      }
      if (c == ',' && flow_depth_ > 0) {
        node_start_ = true;
        ++pos_;
        continue;
      }
      if (c == ':' && (pos_ + 1 == text_.size() || IsSeparator(text_[pos_ + 1]) ||
                       after_quoted_ || flow_depth_ > 0)) {
        node_start_ = true;  // a mapping value follows
        after_quoted_ = false;
        ++pos_;
        continue;
      }
      // Part of a plain scalar.
      node_start_ = false;
      after_quoted_ = false;
      ++pos_;
    }
    return std::nullopt;
  }

 private:
  static bool IsSeparator(char c) { return IsBlank(c) || c == '\n'; }

  void StartLine() {
    at_line_start_ = false;
    line_start_ = pos_;
    std::size_t p = pos_;
    while (p < text_.size() && IsBlank(text_[p])) ++p;
    const bool blank = p == text_.size() || text_[p] == '\n';
    const int indent = static_cast<int>(p - pos_);
    if (in_block_) {
      if (blank || indent > block_indent_) {
        SkipToLineEnd();  // block scalar content
        return;
      }
      in_block_ = false;
    }
    line_indent_ = indent;
    pos_ = p;
    if (flow_depth_ == 0) {
      node_start_ = true;
      after_quoted_ = false;
    }
    // Document markers.
    if (indent == 0 && (text_.substr(p, 3) == "---" || text_.substr(p, 3) == "...") &&
        (p + 3 == text_.size() || IsSeparator(text_[p + 3]))) {
      pos_ = p + 3;
    }
  }

  void NewLine() {
    ++pos_;
    ++line_;
    at_line_start_ = true;
  }

  void SkipToLineEnd() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  // Skips a quoted scalar starting at pos_ (it may span lines).
  void SkipQuoted(char quote) {
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (quote == '"' && c == '\\') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
          ++line_;
          line_start_ = pos_ + 2;
        }
        ++pos_;
      } else if (c == quote) {
        if (quote == '\'' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
          ++pos_;  // '' is an escaped quote
        } else {
          ++pos_;
          return;
        }
      }
      ++pos_;
    }
  }

  // After `|` or `>`: indentation/chomping indicators, then a blank, a
  // comment or the line end.
  bool BlockHeaderFollows(std::size_t p) const {
    while (p < text_.size() && (text_[p] == '+' || text_[p] == '-' ||
                                (text_[p] >= '1' && text_[p] <= '9'))) {
      ++p;
    }
    return p == text_.size() || IsSeparator(text_[p]);
  }

  TextPosition Position(std::size_t p) const {
    return TextPosition{line_, static_cast<int>(p - line_start_) + 1};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  int line_indent_ = 0;
  bool at_line_start_ = true;
  bool node_start_ = true;
  bool after_quoted_ = false;  // `"key":` in JSON needs no blank after ':'
  bool in_block_ = false;
  int block_indent_ = 0;
  int flow_depth_ = 0;
};

}  // namespace

std::optional<TextPosition> FindTemplateAction(std::string_view text) {
  // The scanner reports only a "{{" it finds at a node's start: a text
  // without one (nearly every manifest) needs no scan, and the search for it
  // runs at memory speed where the scanner walks byte by byte.
  if (text.find("{{") == std::string_view::npos) return std::nullopt;
  return Scanner(text).Find();
}

NETPOL_NAMESPACE_END
