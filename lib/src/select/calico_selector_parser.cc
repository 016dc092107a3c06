// A recursive-descent parser for Calico selectors; see calico_selector_parser.h.
#include "select/calico_selector_parser.h"

#include <cctype>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using Op = CalicoSelector::Op;

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == '/';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::variant<CalicoSelector, CalicoSelectorError> Run() {
    out_.text = std::string(text_);
    SkipSpace();
    if (pos_ == text_.size()) return std::move(out_);  // empty: all()
    int root = Or();
    if (failed_) return error_;
    SkipSpace();
    if (pos_ != text_.size()) {
      Fail("unexpected '" + std::string(text_.substr(pos_, 1)) + "': expected '&&', '||' or the end");
      return error_;
    }
    out_.root = root;
    return std::move(out_);
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  int Fail(std::string message) {
    if (!failed_) error_ = {pos_, std::move(message)};
    failed_ = true;
    return -1;
  }

  bool Accept(std::string_view token) {
    SkipSpace();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  // A word operator (in, not, contains...) must not run into a key.
  bool AcceptWord(std::string_view word) {
    SkipSpace();
    if (text_.substr(pos_, word.size()) != word) return false;
    const std::size_t end = pos_ + word.size();
    if (end < text_.size() && IsKeyChar(text_[end])) return false;
    pos_ = end;
    return true;
  }

  int Add(CalicoSelector::Node node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<int>(out_.nodes.size() - 1);
  }

  int Or() {
    int left = And();
    while (!failed_ && Accept("||")) {
      int right = And();
      left = Add({Op::kOr, "", {}, left, right});
    }
    return left;
  }

  int And() {
    int left = Unary();
    while (!failed_ && Accept("&&")) {
      int right = Unary();
      left = Add({Op::kAnd, "", {}, left, right});
    }
    return left;
  }

  std::string Key() {
    SkipSpace();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && IsKeyChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::optional<std::string> String() {
    SkipSpace();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
      Fail("expected a quoted string");
      return std::nullopt;
    }
    const char quote = text_[pos_];
    const std::size_t start = pos_;
    const std::size_t close = text_.find(quote, pos_ + 1);
    if (close == std::string_view::npos) {
      Fail("unterminated string");
      pos_ = start;
      return std::nullopt;
    }
    pos_ = close + 1;
    return std::string(text_.substr(start + 1, close - start - 1));
  }

  int Unary() {
    if (failed_) return -1;
    SkipSpace();
    if (pos_ >= text_.size()) return Fail("unexpected end of selector: expected an expression");
    if (Accept("!")) {
      if (Accept("has(")) return HasRest(true);
      int operand = Unary();
      return Add({Op::kNot, "", {}, operand, -1});
    }
    if (Accept("(")) {
      int inner = Or();
      if (failed_) return -1;
      if (!Accept(")")) return Fail("expected ')'");
      return inner;
    }
    if (Accept("all()")) return Add({Op::kAll, "", {}, -1, -1});
    if (Accept("global()")) return Add({Op::kGlobal, "", {}, -1, -1});
    if (Accept("has(")) return HasRest(false);
    const std::size_t key_pos = pos_;
    std::string key = Key();
    if (key.empty()) {
      return Fail("unexpected '" + std::string(text_.substr(pos_, 1)) +
                  "': expected a label key, '!', '(', all(), global() or has()");
    }
    SkipSpace();
    CalicoSelector::Node node{Op::kEqual, key, {}, -1, -1};
    if (Accept("==")) {
      node.op = Op::kEqual;
    } else if (Accept("!=")) {
      node.op = Op::kNotEqual;
    } else if (AcceptWord("in")) {
      node.op = Op::kIn;
      return SetRest(std::move(node));
    } else if (AcceptWord("not")) {
      if (!AcceptWord("in")) return Fail("expected 'in' after 'not'");
      node.op = Op::kNotIn;
      return SetRest(std::move(node));
    } else if (AcceptWord("contains")) {
      node.op = Op::kContains;
    } else if (AcceptWord("starts")) {
      if (!AcceptWord("with")) return Fail("expected 'with' after 'starts'");
      node.op = Op::kStartsWith;
    } else if (AcceptWord("ends")) {
      if (!AcceptWord("with")) return Fail("expected 'with' after 'ends'");
      node.op = Op::kEndsWith;
    } else {
      (void)key_pos;
      return Fail("expected an operator after '" + key +
                  "' (==, !=, in, not in, contains, starts with, ends with)");
    }
    auto value = String();
    if (!value) return -1;
    node.values.push_back(std::move(*value));
    return Add(std::move(node));
  }

  int HasRest(bool negated) {
    std::string key = Key();
    if (key.empty()) return Fail("expected a label key in has()");
    if (!Accept(")")) return Fail("expected ')' after the key of has()");
    int has = Add({Op::kHas, std::move(key), {}, -1, -1});
    return negated ? Add({Op::kNot, "", {}, has, -1}) : has;
  }

  int SetRest(CalicoSelector::Node node) {
    if (!Accept("{")) return Fail("expected '{' after 'in'");
    if (!Accept("}")) {
      do {
        auto value = String();
        if (!value) return -1;
        node.values.push_back(std::move(*value));
      } while (Accept(","));
      if (!Accept("}")) return Fail("expected ',' or '}' in the set");
    }
    return Add(std::move(node));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  CalicoSelectorError error_;
  CalicoSelector out_;
};

}  // namespace

std::variant<CalicoSelector, CalicoSelectorError> ParseCalicoSelector(std::string_view text) {
  return Parser(text).Run();
}

NETPOL_NAMESPACE_END
