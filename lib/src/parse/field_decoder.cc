#include "parse/field_decoder.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "parse/validation.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

std::string FieldDecoder::Prefixed(const std::string& message) const {
  return object_.empty() ? message : object_ + ": " + message;
}

void FieldDecoder::Error(const DocNode& node, const std::string& path, const std::string& message) {
  sink_.Error(node.loc, Prefixed(path + ": " + message));
  ok_ = false;
}

void FieldDecoder::Warn(const SourceLoc& loc, const std::string& message) {
  sink_.Warning(loc, Prefixed(message));
}

namespace {

// Whether a duplicate field can be under `node` (paths are built only then:
// a dump's managedFields hold millions of empty mappings).
bool HasEntries(const DocNode& node) {
  return (node.IsMap() && !node.entries().empty()) || (node.IsSequence() && !node.items().empty());
}

}  // namespace

// Most mappings hold no duplicate, and a dump holds millions of them: the
// path of a field is a chain of links on the stack, and text only when a
// duplicate is reported.
struct FieldDecoder::PathLink {
  const PathLink* parent = nullptr;  // null at the root
  const std::string* root = nullptr;  // the root's path
  std::string_view key;               // a field, or
  std::size_t index = 0;              // a sequence item, when is_index
  bool is_index = false;
};

std::string FieldDecoder::PathText(const PathLink& link) {
  if (link.parent == nullptr) return *link.root;
  const std::string parent = PathText(*link.parent);
  return link.is_index ? Index(parent, link.index) : Join(parent, link.key);
}

void FieldDecoder::CheckDuplicateFields(const DocNode& node, const std::string& path) {
  if (validation_ == FieldValidation::kIgnore) return;
  CheckDuplicatesAt(node, PathLink{.parent = nullptr, .root = &path, .key = {}, .index = 0, .is_index = false});
}

void FieldDecoder::CheckDuplicatesAt(const DocNode& node, const PathLink& path) {
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.items().size(); ++i) {
      if (HasEntries(node.items()[i])) {
        CheckDuplicatesAt(node.items()[i], PathLink{.parent = &path, .root = nullptr, .key = {},
                                                  .index = i, .is_index = true});
      }
    }
    return;
  }
  if (!node.IsMap()) return;
  const auto& entries = node.entries();
  // Most mappings in manifests are small: compare pairwise, and index only
  // large ones (hostile input may hold a million keys).
  constexpr std::size_t kSmall = 32;
  std::unordered_map<std::string_view, std::size_t> first_of;
  if (entries.size() > kSmall) first_of.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::optional<std::size_t> first;
    if (entries.size() > kSmall) {
      auto [it, inserted] = first_of.emplace(entries[i].key, i);
      if (!inserted) first = it->second;
    } else {
      for (std::size_t j = 0; j < i && !first; ++j) {
        if (entries[j].key == entries[i].key) first = j;
      }
    }
    if (!first && !HasEntries(entries[i].value)) continue;
    const PathLink field_link{.parent = &path, .root = nullptr, .key = entries[i].key,
                              .index = 0, .is_index = false};
    if (first) {
      const std::string field = PathText(field_link);
      const std::string first_at = entries[*first].key_loc.ToSourceLoc().ToString();
      if (validation_ == FieldValidation::kStrict) {
        sink_.Error(entries[i].key_loc,
                    Prefixed(fmt::format("{}: duplicate field '{}' (first at {})", field,
                                         entries[i].key, first_at)));
        ok_ = false;
      } else {
        Warn(entries[i].key_loc,
             fmt::format("{}: duplicate field '{}' (first at {}); the last one is used", field,
                         entries[i].key, first_at));
      }
    }
    CheckDuplicatesAt(entries[i].value, field_link);
  }
}

void FieldDecoder::Missing(const DocNode& parent, const std::string& path,
                           const std::string& hint) {
  Error(parent, path, "required field missing" + (hint.empty() ? "" : " (" + hint + ")"));
}

namespace {

// Edit distance between `a` and `b`, ignoring case (so `containerport` is
// one step from nothing but its right spelling).
std::size_t CaseInsensitiveDistance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string_view> ClosestField(std::string_view key,
                                             const std::vector<std::string_view>& known) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (std::string_view candidate : known) {
    const std::size_t distance = CaseInsensitiveDistance(key, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

void FieldDecoder::CheckKnownFields(const DocNode& map, const std::string& path,
                                    const std::vector<std::string_view>& known) {
  if (validation_ == FieldValidation::kIgnore) return;
  for (const DocNode::Entry& entry : map.entries()) {
    if (std::find(known.begin(), known.end(), entry.key) != known.end()) continue;
    const std::optional<std::string_view> closest = ClosestField(entry.key, known);
    UnknownField(entry, path, closest ? fmt::format("did you mean '{}'?", *closest) : "");
  }
}

void FieldDecoder::UnknownField(const DocNode::Entry& entry, const std::string& path,
                                const std::string& hint) {
  if (validation_ == FieldValidation::kIgnore) return;
  const std::string field = Join(path, entry.key);
  const std::string note = hint.empty() ? "" : " (" + hint + ")";
  if (validation_ == FieldValidation::kStrict) {
    sink_.Error(entry.key_loc,
                Prefixed(fmt::format("{}: unknown field '{}'{}", field, entry.key, note)));
    ok_ = false;
  } else {
    Warn(entry.key_loc, fmt::format("{}: unknown field '{}' ignored{}", field, entry.key, note));
  }
}

std::string FieldDecoder::Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string FieldDecoder::Index(const std::string& path, std::size_t i) {
  return fmt::format("{}[{}]", path, i);
}

bool FieldDecoder::ExpectMap(const DocNode& node, const std::string& path,
                             const std::string& what) {
  if (node.IsMap()) return true;
  Error(node, path, fmt::format("expected {} (a mapping), got {}", what, node.Describe()));
  return false;
}

const std::vector<DocNode>* FieldDecoder::List(const DocNode* node, const std::string& path) {
  static const std::vector<DocNode> kEmpty;
  if (!node || node->IsNull()) return &kEmpty;
  if (node->IsSequence()) return &node->items();
  Error(*node, path, fmt::format("expected a list, got {}", node->Describe()));
  return nullptr;
}

std::optional<std::string> FieldDecoder::String(const DocNode& node, const std::string& path) {
  if (node.IsScalar() && node.Resolve() == DocNode::Resolved::kString) return node.value();
  Error(node, path,
        fmt::format("expected a string, got {}{}", node.Describe(),
                    node.IsScalar() ? " (quote it: \"" + node.value() + "\")" : ""));
  return std::nullopt;
}

std::optional<long long> FieldDecoder::Integer(const DocNode& node, const std::string& path) {
  if (node.IsScalar()) {
    if (auto v = node.IntegerValue()) return v;
  }
  Error(node, path, fmt::format("expected an integer, got {}", node.Describe()));
  return std::nullopt;
}

std::optional<bool> FieldDecoder::Bool(const DocNode& node, const std::string& path) {
  if (node.IsScalar() && node.Resolve() == DocNode::Resolved::kBool) return node.BoolValue();
  Error(node, path, fmt::format("expected true or false, got {}", node.Describe()));
  return std::nullopt;
}

std::optional<int> FieldDecoder::Port(const DocNode& node, const std::string& path) {
  auto value = Integer(node, path);
  if (!value) return std::nullopt;
  if (*value < kMinPort || *value > kMaxPort) {
    Error(node, path, fmt::format("must be between 1 and 65535, got {}", *value));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<Protocol> FieldDecoder::ProtocolField(const DocNode* node, const std::string& path) {
  if (!node || node->IsNull()) return Protocol::kTCP;
  auto text = String(*node, path);
  if (!text) return std::nullopt;
  auto protocol = ParseProtocol(*text);
  if (!protocol) {
    Error(*node, path, fmt::format("expected one of TCP, UDP, SCTP, got \"{}\"", *text));
  }
  return protocol;
}

Labels FieldDecoder::LabelMap(const DocNode* node, const std::string& path, LabelLocs* locs) {
  Labels labels;
  if (!node || node->IsNull()) return labels;
  if (!ExpectMap(*node, path, "labels")) return labels;
  for (const DocNode::Entry& entry : node->entries()) {
    const std::string entry_path = Join(path, entry.key);
    if (std::string why; !IsQualifiedName(entry.key, &why)) {
      sink_.Error(entry.key_loc,
                  Prefixed(fmt::format("{}: invalid label key: {}", entry_path, why)));
      ok_ = false;
      continue;
    }
    std::string value;
    if (!entry.value.IsNull()) {
      auto text = String(entry.value, entry_path);
      if (!text) continue;
      value = *text;
    }
    if (std::string why; !IsLabelValue(value, &why)) {
      Error(entry.value, entry_path, "invalid label value: " + why);
      continue;
    }
    labels[entry.key] = value;
    if (locs) (*locs)[entry.key] = entry.key_loc;
  }
  return labels;
}

std::optional<LabelSelector> FieldDecoder::Selector(const DocNode& node, const std::string& path) {
  LabelSelector selector;
  selector.loc = node.loc;
  if (node.IsNull()) return selector;
  if (!ExpectMap(node, path, "a label selector")) return std::nullopt;
  CheckKnownFields(node, path, {"matchLabels", "matchExpressions"});
  const bool ok_before = ok_;
  ok_ = true;
  selector.match_labels =
      LabelMap(node.Get("matchLabels"), Join(path, "matchLabels"), &selector.match_label_locs);
  const std::string expr_path = Join(path, "matchExpressions");
  if (const auto* items = List(node.Get("matchExpressions"), expr_path)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (auto requirement = Requirement((*items)[i], Index(expr_path, i))) {
        selector.match_expressions.push_back(std::move(*requirement));
      }
    }
  }
  const bool selector_ok = ok_;
  ok_ = ok_before && selector_ok;
  if (!selector_ok) return std::nullopt;
  return selector;
}

std::optional<LabelRequirement> FieldDecoder::Requirement(const DocNode& node,
                                                          const std::string& path) {
  if (!ExpectMap(node, path, "a label selector requirement")) return std::nullopt;
  CheckKnownFields(node, path, {"key", "operator", "values"});
  LabelRequirement requirement;
  requirement.loc = node.loc;
  const DocNode* key = node.Get("key");
  const DocNode* op = node.Get("operator");
  if (!key) {
    Missing(node, Join(path, "key"));
    return std::nullopt;
  }
  if (!op) {
    Missing(node, Join(path, "operator"), "one of In, NotIn, Exists, DoesNotExist");
    return std::nullopt;
  }
  auto key_text = String(*key, Join(path, "key"));
  auto op_text = String(*op, Join(path, "operator"));
  if (!key_text || !op_text) return std::nullopt;
  if (std::string why; !IsQualifiedName(*key_text, &why)) {
    Error(*key, Join(path, "key"), "invalid label key: " + why);
    return std::nullopt;
  }
  requirement.key = *key_text;
  if (*op_text == "In") requirement.op = SelectorOperator::kIn;
  else if (*op_text == "NotIn") requirement.op = SelectorOperator::kNotIn;
  else if (*op_text == "Exists") requirement.op = SelectorOperator::kExists;
  else if (*op_text == "DoesNotExist") requirement.op = SelectorOperator::kDoesNotExist;
  else {
    Error(*op, Join(path, "operator"),
          fmt::format("expected one of In, NotIn, Exists, DoesNotExist, got \"{}\"", *op_text));
    return std::nullopt;
  }
  const std::string values_path = Join(path, "values");
  const DocNode* values_node = node.Get("values");
  const auto* values = List(values_node, values_path);
  if (!values) return std::nullopt;
  for (std::size_t i = 0; i < values->size(); ++i) {
    auto value = String((*values)[i], Index(values_path, i));
    if (!value) return std::nullopt;
    if (std::string why; !IsLabelValue(*value, &why)) {
      Error((*values)[i], Index(values_path, i), "invalid label value: " + why);
      return std::nullopt;
    }
    requirement.values.push_back(*value);
  }
  const bool set_based = requirement.op == SelectorOperator::kIn ||
                         requirement.op == SelectorOperator::kNotIn;
  if (set_based && requirement.values.empty()) {
    Error(values_node ? *values_node : node, values_path,
          fmt::format("must be non-empty when operator is {}", *op_text));
    return std::nullopt;
  }
  if (!set_based && !requirement.values.empty()) {
    Error(*values_node, values_path,
          fmt::format("must be empty when operator is {}", *op_text));
    return std::nullopt;
  }
  return requirement;
}

bool DecodeMeta(FieldDecoder& d, const DocNode& object, bool namespaced, bool name_is_label,
                ObjectMeta* meta) {
  const DocNode* metadata = object.Get("metadata");
  if (!metadata) {
    d.Missing(object, "metadata");
    return false;
  }
  if (!d.ExpectMap(*metadata, "metadata", "object metadata")) return false;
  const DocNode* name = metadata->Get("name");
  if (!name) {
    d.Missing(*metadata, "metadata.name");
    return false;
  }
  auto name_text = d.String(*name, "metadata.name");
  if (!name_text) return false;
  std::string why;
  if (name_is_label ? !IsDnsLabel(*name_text, &why) : !IsDnsSubdomain(*name_text, &why)) {
    d.Error(*name, "metadata.name", fmt::format("invalid name \"{}\": {}", *name_text, why));
    return false;
  }
  meta->name = *name_text;
  if (namespaced) {
    if (const DocNode* ns = metadata->Get("namespace"); ns && !ns->IsNull()) {
      auto ns_text = d.String(*ns, "metadata.namespace");
      if (!ns_text) return false;
      if (!ns_text->empty()) {
        if (!IsDnsLabel(*ns_text, &why)) {
          d.Error(*ns, "metadata.namespace", fmt::format("invalid namespace \"{}\": {}", *ns_text, why));
          return false;
        }
        meta->namespace_name = *ns_text;
      }
    }
  }
  meta->labels = d.LabelMap(metadata->Get("labels"), "metadata.labels", &meta->label_locs);
  if (const DocNode* annotations = metadata->Get("annotations");
      annotations && !annotations->IsNull() &&
      d.ExpectMap(*annotations, "metadata.annotations", "annotations")) {
    for (const DocNode::Entry& entry : annotations->entries()) {
      if (entry.value.IsNull()) {
        meta->annotations[entry.key] = "";
      } else if (auto text = d.String(entry.value, FieldDecoder::Join("metadata.annotations", entry.key))) {
        meta->annotations[entry.key] = *text;
      }
    }
  }
  return d.ok();
}

std::optional<Cidr> DecodeCidr(FieldDecoder& d, const DocNode& node, const std::string& path) {
  auto text = d.String(node, path);
  if (!text) return std::nullopt;
  auto cidr = Cidr::Parse(*text);
  if (!cidr) {
    d.Error(node, path,
            fmt::format("expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32, got \"{}\"", *text));
  }
  return cidr;
}

NETPOL_NAMESPACE_END
