// YAML → DocNode through yaml-cpp. The only file that includes yaml-cpp.
#include <set>
#include <string>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "parse/doc_node.h"

namespace netpol {
namespace {

class YamlConverter {
 public:
  YamlConverter(const std::string& file, DiagnosticSink& sink) : file_(file), sink_(sink) {}

  bool Convert(const YAML::Node& node, DocNode* out, int depth) {
    if (++nodes_ > kMaxDocumentNodes) {
      if (!reported_limit_) {
        sink_.Error(Loc(node.Mark()),
                    fmt::format("document too large: more than {} nodes (YAML alias expansion?)",
                                kMaxDocumentNodes));
        reported_limit_ = true;
      }
      return false;
    }
    if (depth > kMaxDocumentDepth) {
      sink_.Error(Loc(node.Mark()),
                  fmt::format("document nested deeper than {} levels", kMaxDocumentDepth));
      return false;
    }
    out->loc = Loc(node.Mark());
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out->type = DocNode::Type::kNull;
        return true;
      case YAML::NodeType::Scalar:
        out->type = DocNode::Type::kScalar;
        out->value = node.Scalar();
        // yaml-cpp tags quoted scalars "!" and plain ones "?".
        out->scalar_kind = node.Tag() == "?" ? DocNode::ScalarKind::kPlain
                                             : DocNode::ScalarKind::kString;
        if (node.Tag() == "tag:yaml.org,2002:int" || node.Tag() == "tag:yaml.org,2002:float") {
          out->scalar_kind = DocNode::ScalarKind::kNumber;
        } else if (node.Tag() == "tag:yaml.org,2002:bool" ||
                   node.Tag() == "tag:yaml.org,2002:null") {
          out->scalar_kind = DocNode::ScalarKind::kPlain;
        }
        return true;
      case YAML::NodeType::Sequence:
        out->type = DocNode::Type::kSequence;
        out->items.reserve(node.size());
        for (const YAML::Node& item : node) {
          out->items.emplace_back();
          if (!Convert(item, &out->items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map: {
        out->type = DocNode::Type::kMap;
        std::set<std::string> seen;
        for (const auto& kv : node) {
          DocNode::Entry entry;
          entry.key_loc = Loc(kv.first.Mark());
          if (!kv.first.IsScalar()) {
            sink_.Error(entry.key_loc, "expected a scalar mapping key, got a complex key");
            return false;
          }
          entry.key = kv.first.Scalar();
          if (!seen.insert(entry.key).second) {
            sink_.Error(entry.key_loc, fmt::format("duplicate key '{}'", entry.key));
            return false;
          }
          if (!Convert(kv.second, &entry.value, depth + 1)) return false;
          if (entry.value.IsNull() && !entry.value.loc.IsKnown()) entry.value.loc = entry.key_loc;
          out->entries.push_back(std::move(entry));
        }
        return true;
      }
    }
    return true;
  }

  SourceLoc Loc(const YAML::Mark& mark) const {
    if (mark.is_null()) return SourceLoc{file_, 0, 0};
    return SourceLoc{file_, mark.line + 1, mark.column + 1};
  }

 private:
  const std::string& file_;
  DiagnosticSink& sink_;
  std::size_t nodes_ = 0;
  bool reported_limit_ = false;
};

}  // namespace

std::vector<DocNode> ReadYamlDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink) {
  std::vector<DocNode> documents;
  YamlConverter converter(file_name, sink);
  try {
    const std::vector<YAML::Node> nodes = YAML::LoadAll(std::string(text));
    for (const YAML::Node& node : nodes) {
      DocNode doc;
      if (!converter.Convert(node, &doc, 0)) return {};
      if (!doc.loc.IsKnown() || doc.loc.line == 0) doc.loc = SourceLoc{file_name, 1, 1};
      documents.push_back(std::move(doc));
    }
  } catch (const YAML::Exception& e) {
    sink.Error(converter.Loc(e.mark), "invalid YAML: " + e.msg);
    return {};
  } catch (const std::exception& e) {
    sink.Error(SourceLoc{file_name, 0, 0}, std::string("invalid YAML: ") + e.what());
    return {};
  }
  return documents;
}

}  // namespace netpol
