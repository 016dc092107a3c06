// A format-neutral document tree with source positions. The YAML and JSON
// readers both produce it; the manifest decoder consumes it, so validation and
// error messages are written once for both formats.
#ifndef NETPOL_PARSE_DOC_NODE_H_
#define NETPOL_PARSE_DOC_NODE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "netpol/diagnostic.h"
#include "netpol/loader.h"
#include "netpol/source_loc.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

class LineIndex;

/// Where a DocNode was written, held compactly (a SourceLoc copies the file
/// name into every node): the file by pointer, since the reader's caller
/// keeps the name alive while the nodes live, and either a line and column
/// (the YAML parser counts them) or a byte offset that a LineIndex turns into
/// both only when a diagnostic or a model object asks (JSON).
struct DocLoc {
  const std::string* file = nullptr;
  const LineIndex* lines = nullptr;  ///< When set, `offset` is the position.
  std::size_t offset = 0;
  int line = 0;
  int column = 0;

  SourceLoc ToSourceLoc() const;
  operator SourceLoc() const { return ToSourceLoc(); }  // NOLINT: a DocLoc is a SourceLoc
  bool IsKnown() const { return file != nullptr; }
};

struct DocNode {
  enum class Type { kNull, kScalar, kSequence, kMap };
  /// How a scalar was written. YAML plain scalars are untyped until resolved
  /// (`80` is a number, `"80"` a string); JSON scalars carry their type.
  enum class ScalarKind { kPlain, kString, kNumber, kBool };

  struct Entry;

  Type type = Type::kNull;
  ScalarKind scalar_kind = ScalarKind::kPlain;
  DocLoc loc;

  /// Scalar text; empty for any other node.
  const std::string& value() const;
  /// Sequence items; none for any other node.
  const std::vector<DocNode>& items() const;
  /// Map entries in input order; none for any other node.
  const std::vector<Entry>& entries() const;
  /// What a reader fills in. Each makes the node hold that payload (and
  /// drops any other): a node holds one of text, items and entries, so
  /// that a tree costs one payload per node, not three.
  std::string& mutable_value();
  std::vector<DocNode>& mutable_items();
  std::vector<Entry>& mutable_entries();

  bool IsNull() const { return type == Type::kNull; }
  bool IsScalar() const { return type == Type::kScalar; }
  bool IsSequence() const { return type == Type::kSequence; }
  bool IsMap() const { return type == Type::kMap; }
  /// The value for `key` in a map, or nullptr. A key written twice keeps
  /// both entries; this is the last one, as kubectl's readers keep it.
  const DocNode* Get(std::string_view key) const;
  /// "a mapping", "a list", "a string", "a number", "a boolean", "null".
  std::string Describe() const;

  /// What a scalar resolves to under the YAML rules Kubernetes tooling uses
  /// (go-yaml v2: `yes`/`on` are booleans, `~` is null, `1.0` a number).
  enum class Resolved { kString, kInteger, kFloat, kBool, kNull };
  Resolved Resolve() const;
  /// For kBool scalars.
  bool BoolValue() const;
  /// For kInteger scalars that fit in a long long.
  std::optional<long long> IntegerValue() const;

 private:
  std::variant<std::monostate, std::string, std::vector<DocNode>, std::vector<Entry>> payload_;
};

struct DocNode::Entry {
  std::string key;
  DocLoc key_loc;
  DocNode value;
};

inline const std::string& DocNode::value() const {
  static const std::string kNone;
  const std::string* text = std::get_if<std::string>(&payload_);
  return text ? *text : kNone;
}
inline const std::vector<DocNode>& DocNode::items() const {
  static const std::vector<DocNode> kNone;
  const std::vector<DocNode>* items = std::get_if<std::vector<DocNode>>(&payload_);
  return items ? *items : kNone;
}
inline const std::vector<DocNode::Entry>& DocNode::entries() const {
  static const std::vector<Entry> kNone;
  const std::vector<Entry>* entries = std::get_if<std::vector<Entry>>(&payload_);
  return entries ? *entries : kNone;
}
inline std::string& DocNode::mutable_value() {
  if (std::string* text = std::get_if<std::string>(&payload_)) return *text;
  return payload_.emplace<std::string>();
}
inline std::vector<DocNode>& DocNode::mutable_items() {
  if (auto* items = std::get_if<std::vector<DocNode>>(&payload_)) return *items;
  return payload_.emplace<std::vector<DocNode>>();
}
inline std::vector<DocNode::Entry>& DocNode::mutable_entries() {
  if (auto* entries = std::get_if<std::vector<Entry>>(&payload_)) return *entries;
  return payload_.emplace<std::vector<Entry>>();
}

/// Limits that keep hostile input bounded in time and memory. Depth and
/// aliasing are bounded outright; size by ReadLimits, which the user can
/// raise (--max-input-size): a 20,000-pod `kubectl get -A -o json` dump with
/// managedFields is ~100 MB and ~8M nodes.
inline constexpr int kMaxDocumentDepth = 256;
/// The least node limit, whatever the size limit: nodes (and keys) per
/// input text, counting alias expansions.
inline constexpr std::size_t kMaxDocumentNodes = 4'000'000;

/// How large one input text may be.
struct ReadLimits {
  std::size_t max_input_bytes = kDefaultMaxInputBytes;
  /// Nodes per text: one per 8 bytes of the size limit (real dumps have one
  /// per 14-30 bytes), at least kMaxDocumentNodes. A node costs 80 bytes
  /// (144 as a map entry, with its key), so memory stays within ~20 times
  /// the size limit even for input made of nothing but `[1,1,...]`.
  std::size_t MaxNodes() const;
};

/// Reports an error at file:1:1 naming --max-input-size and returns false
/// when `text` is larger than the limit.
bool CheckInputSize(std::string_view text, const std::string& file_name, const ReadLimits& limits,
                    DiagnosticSink& sink);

/// Reports an error at the line and column of the first byte that is not
/// well-formed UTF-8 (overlong forms, surrogates and code points above
/// U+10FFFF included) and returns false. YAML and JSON manifests are UTF-8
/// text, and every name read from them ends up in JSON output.
bool CheckUtf8(std::string_view text, const std::string& file_name, DiagnosticSink& sink);

/// Parses multi-document YAML. Reports syntax errors to `sink`. `file_name`
/// must outlive the nodes (their locations point at it).
std::vector<DocNode> ReadYamlDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits = {});

/// Parses one JSON value. Reports syntax errors to `sink`. With `lines` (an
/// index of `text` that outlives the nodes), node locations are byte offsets
/// located only when asked; without, they are located while parsing.
/// `file_name` must outlive the nodes.
std::vector<DocNode> ReadJsonDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits = {},
                                       const LineIndex* lines = nullptr);

/// Reads the one JSON value in text[begin, end) (offsets, and so locations,
/// are those of the whole `text`), `depth_base` levels down in its document.
/// Reports errors to `sink`; `*nodes` (when given) is the number of nodes
/// read. With `lazy`, node locations are offsets into `lines`. simdjson reads
/// it (json_fast_reader.h); what simdjson rejects, ReadJsonValueExact reads.
std::optional<DocNode> ReadJsonValue(std::string_view text, std::size_t begin, std::size_t end,
                                     const std::string& file_name, DiagnosticSink& sink,
                                     std::size_t max_nodes, const LineIndex& lines, bool lazy,
                                     int depth_base, std::size_t* nodes);

/// ReadJsonValue through nlohmann/json alone: slower, and the reader whose
/// diagnostics (messages and positions) users see.
std::optional<DocNode> ReadJsonValueExact(std::string_view text, std::size_t begin,
                                          std::size_t end, const std::string& file_name,
                                          DiagnosticSink& sink, std::size_t max_nodes,
                                          const LineIndex& lines, bool lazy, int depth_base,
                                          std::size_t* nodes);

/// Reads the YAML documents in text[begin, end), which starts at a line
/// start after `line_base` lines of `text` (locations are those of the whole
/// text). Reports errors to `sink`; `*decoded` and `*aliased` (when given)
/// count the nodes read and those copied from aliases. nullopt on error.
std::optional<std::vector<DocNode>> ReadYamlPart(std::string_view text, std::size_t begin,
                                                 std::size_t end, int line_base,
                                                 const std::string& file_name, DiagnosticSink& sink,
                                                 std::size_t max_nodes, std::size_t* decoded,
                                                 std::size_t* aliased);

/// Maps byte offsets to 1-based line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  SourceLoc Locate(const std::string& file, std::size_t offset) const;
  /// 1-based line and column of `offset`.
  std::pair<int, int> LineColumn(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_DOC_NODE_H_
