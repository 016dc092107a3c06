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
#include "netpol/loader.h"
#include "netpol/source_loc.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

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
};

struct DocNode::Entry {
  std::string key;
  SourceLoc key_loc;
  DocNode value;
};

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
  /// per 14-30 bytes), at least kMaxDocumentNodes. A DocNode costs ~200
  /// bytes, so memory stays within ~25 times the size limit even for input
  /// made of nothing but `[1,1,...]`.
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

/// Parses multi-document YAML. Reports syntax errors to `sink`.
std::vector<DocNode> ReadYamlDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits = {});

/// Parses one JSON value. Reports syntax errors to `sink`.
std::vector<DocNode> ReadJsonDocuments(std::string_view text, const std::string& file_name,
                                       DiagnosticSink& sink, const ReadLimits& limits = {});

/// Maps byte offsets to 1-based line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  SourceLoc Locate(const std::string& file, std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_DOC_NODE_H_
