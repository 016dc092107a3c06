// Matching a Calico selector against labels (CalicoSelector::Matches).
#include <algorithm>
#include <set>

#include "netpol/calico_policy.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using Op = CalicoSelector::Op;

struct Matcher {
  const CalicoSelector& selector;
  const Labels& labels;
  std::string_view implicit_key;
  std::string_view implicit_value;

  const std::string* Find(const std::string& key, std::string& scratch) const {
    auto it = labels.find(key);
    if (it != labels.end()) return &it->second;
    if (!implicit_key.empty() && key == implicit_key) {
      scratch = std::string(implicit_value);
      return &scratch;
    }
    return nullptr;
  }

  bool Eval(int index) const {
    const CalicoSelector::Node& node = selector.nodes[index];
    std::string scratch;
    switch (node.op) {
      case Op::kAll: return true;
      case Op::kGlobal: return false;  // pods and namespaces are namespaced
      case Op::kNot: return !Eval(node.left);
      case Op::kAnd: return Eval(node.left) && Eval(node.right);
      case Op::kOr: return Eval(node.left) || Eval(node.right);
      default: break;
    }
    const std::string* value = Find(node.key, scratch);
    switch (node.op) {
      case Op::kHas: return value != nullptr;
      case Op::kEqual: return value && *value == node.values[0];
      case Op::kNotEqual: return !value || *value != node.values[0];
      case Op::kIn:
        return value && std::find(node.values.begin(), node.values.end(), *value) != node.values.end();
      case Op::kNotIn:
        return !value || std::find(node.values.begin(), node.values.end(), *value) == node.values.end();
      case Op::kContains: return value && value->find(node.values[0]) != std::string::npos;
      case Op::kStartsWith: return value && value->starts_with(node.values[0]);
      case Op::kEndsWith: return value && value->ends_with(node.values[0]);
      default: return false;
    }
  }
};

}  // namespace

bool CalicoSelector::Matches(const Labels& labels, std::string_view implicit_key,
                             std::string_view implicit_value) const {
  if (root < 0) return true;
  return Matcher{*this, labels, implicit_key, implicit_value}.Eval(root);
}

std::vector<std::string> CalicoSelector::Keys() const {
  std::set<std::string> keys;
  for (const Node& node : nodes) {
    if (!node.key.empty()) keys.insert(node.key);
  }
  return {keys.begin(), keys.end()};
}

NETPOL_NAMESPACE_END
