// A format-neutral document tree with source positions. The YAML and JSON
// readers both produce it; the manifest decoder consumes it, so validation and
// error messages are written once for both formats.
#ifndef NETPOL_PARSE_DOC_NODE_H_
#define NETPOL_PARSE_DOC_NODE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/diagnostic.h"
#include "netpol/source_loc.h"

namespace netpol {

struct DocNode {
  enum class Type { kNull, kScalar, kSequence, kMap };
  /// How a scalar was written. YAML plain scalars are untyped until resolved
  /// (`80` is a number, `"80"` a string); JSON scalars carry their type.
  enum class ScalarKind { kPlain, kString, kNumber, kBool };

  struct Entry;

  Type type = Type::kNull;
  ScalarKind scalar_kind = ScalarKind::kPlain;
  std::string value;  ///< Scalar text.
  SourceLoc loc;
  std::vector<DocNode> items;    ///< Sequence items.
  std::vector<Entry> entries;    ///< Map entries in input order.

  bool IsNull() const { return type == Type::kNull; }
  bool IsScalar() const { return type == Type::kScalar; }
  bool IsSequence() const { return type == Type::kSequence; }
  bool IsMap() const { return type == Type::kMap; }
  /// The value for `key` in a map, or nullptr.
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
};

struct DocNode::Entry {
  std::string key;
  SourceLoc key_loc;
  DocNode value;
};

/// Limits that keep hostile input bounded in time and memory. A DocNode
/// costs ~150 bytes, so a text stays within ~1 GB; real manifests are far
/// below every limit (a 5,000-pod `kubectl get -o yaml` is ~40 MB, 2M nodes).
inline constexpr int kMaxDocumentDepth = 256;
/// Nodes (and keys) per input text, counting alias expansions.
inline constexpr std::size_t kMaxDocumentNodes = 4'000'000;
/// Bytes per input text.
inline constexpr std::size_t kMaxInputBytes = 64u << 20;

/// Reports an error at file:1:1 and returns false when `text` is larger
/// than kMaxInputBytes.
bool CheckInputSize(std::string_view text, const std::string& file_name, DiagnosticSink& sink);

/// Reports an error at the line and column of the first byte that is not
/// well-formed UTF-8 (overlong forms, surrogates and code points above
/// U+10FFFF included) and returns false. YAML and JSON manifests are UTF-8
/// text, and every name read from them ends up in JSON output.
bool CheckUtf8(std::string_view text, const std::string& file_name, DiagnosticSink& sink);

/// Parses multi-document YAML. Reports syntax errors to `sink`.
std::vector<DocNode> ReadYamlDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink);

/// Parses one JSON value. Reports syntax errors to `sink`.
std::vector<DocNode> ReadJsonDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink);

/// Maps byte offsets to 1-based line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  SourceLoc Locate(const std::string& file, std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
};

}  // namespace netpol

#endif  // NETPOL_PARSE_DOC_NODE_H_
