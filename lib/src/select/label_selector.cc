#include "netpol/label_selector.h"

#include <algorithm>
#include <cctype>

NETPOL_INTERNAL_NAMESPACE_BEGIN

bool LabelRequirement::Matches(const Labels& labels) const {
  auto it = labels.find(key);
  const bool present = it != labels.end();
  switch (op) {
    case SelectorOperator::kIn:
      return present && std::find(values.begin(), values.end(), it->second) != values.end();
    case SelectorOperator::kNotIn:
      return !present || std::find(values.begin(), values.end(), it->second) == values.end();
    case SelectorOperator::kExists: return present;
    case SelectorOperator::kDoesNotExist: return !present;
  }
  return false;
}

bool LabelSelector::Matches(const Labels& labels) const {
  for (const auto& [key, value] : match_labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return std::all_of(match_expressions.begin(), match_expressions.end(),
                     [&](const LabelRequirement& r) { return r.Matches(labels); });
}

namespace {

// A small recursive-descent parser for the kubectl selector syntax.
class SelectorParser {
 public:
  explicit SelectorParser(const std::string& text) : text_(text) {}

  bool Parse(LabelSelector* selector, std::string* error) {
    SkipSpace();
    if (AtEnd()) return true;
    while (true) {
      if (!ParseRequirement(selector, error)) return false;
      SkipSpace();
      if (AtEnd()) return true;
      if (!Consume(',')) return Fail(error, "expected ',' between requirements");
      SkipSpace();
    }
  }

 private:
  bool ParseRequirement(LabelSelector* selector, std::string* error) {
    if (Consume('!')) {
      std::string key = Word();
      if (key.empty()) return Fail(error, "expected a label key after '!'");
      selector->match_expressions.push_back({key, SelectorOperator::kDoesNotExist, {}, {}});
      return true;
    }
    std::string key = Word();
    if (key.empty()) return Fail(error, "expected a label key");
    SkipSpace();
    if (Consume('=')) {
      Consume('=');
      return AddEquals(selector, key, error);
    }
    if (Consume('!')) {
      if (!Consume('=')) return Fail(error, "expected '!=' after key");
      SkipSpace();
      std::string value = Word();
      selector->match_expressions.push_back({key, SelectorOperator::kNotIn, {value}, {}});
      return true;
    }
    std::size_t save = pos_;
    std::string op = Word();
    if (op == "in" || op == "notin") {
      std::vector<std::string> values;
      if (!ParseSet(&values, error)) return false;
      selector->match_expressions.push_back(
          {key, op == "in" ? SelectorOperator::kIn : SelectorOperator::kNotIn, values, {}});
      return true;
    }
    pos_ = save;
    selector->match_expressions.push_back({key, SelectorOperator::kExists, {}, {}});
    return true;
  }

  bool AddEquals(LabelSelector* selector, const std::string& key, std::string* error) {
    SkipSpace();
    std::string value = Word();
    auto [it, inserted] = selector->match_labels.emplace(key, value);
    if (!inserted && it->second != value) return Fail(error, "conflicting values for key " + key);
    return true;
  }

  bool ParseSet(std::vector<std::string>* values, std::string* error) {
    SkipSpace();
    if (!Consume('(')) return Fail(error, "expected '(' after in/notin");
    while (true) {
      SkipSpace();
      std::string value = Word();
      if (value.empty()) return Fail(error, "expected a value");
      values->push_back(value);
      SkipSpace();
      if (Consume(')')) return true;
      if (!Consume(',')) return Fail(error, "expected ',' or ')' in value set");
    }
  }

  std::string Word() {
    std::size_t start = pos_;
    while (!AtEnd()) {
      const char c = text_[pos_];
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == '/') {
        ++pos_;
      } else {
        break;
      }
    }
    return text_.substr(start, pos_ - start);
  }

  void SkipSpace() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    if (!AtEnd() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool Fail(std::string* error, const std::string& message) {
    *error = message + " at offset " + std::to_string(pos_);
    return false;
  }

  const std::string& text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<LabelSelector> ParseSelectorString(const std::string& text) {
  LabelSelector parsed;
  std::string error;
  if (!SelectorParser(text).Parse(&parsed, &error)) return Status::InvalidArgument(error);
  return parsed;
}

NETPOL_NAMESPACE_END
