// Field-level decoding shared by the object decoders: typed scalars, lists,
// label selectors, object metadata and CIDRs, each reporting problems with
// the field path ("spec.ingress[0].ports[1].port") at the offending node.
#ifndef NETPOL_PARSE_FIELD_DECODER_H_
#define NETPOL_PARSE_FIELD_DECODER_H_

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/diagnostic.h"
#include "netpol/ip.h"
#include "netpol/labels.h"
#include "netpol/loader.h"
#include "netpol/model.h"
#include "netpol/port_set.h"
#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// The known field closest to `key` (edit distance, ignoring case, at most
/// about a third of its length), for "did you mean" hints.
std::optional<std::string_view> ClosestField(std::string_view key,
                                             const std::vector<std::string_view>& known);

/// Decodes one object's fields into typed values. Every problem is reported
/// to the sink and clears ok().
class FieldDecoder {
 public:
  explicit FieldDecoder(DiagnosticSink& sink,
                        FieldValidation validation = FieldValidation::kStrict)
      : sink_(sink), validation_(validation) {}

  bool ok() const { return ok_; }

  /// Names the object being decoded ("NetworkPolicy shop/web-allow"): every
  /// message then starts with it, so an error in a dump of thousands of
  /// objects (or in one line of JSON) says which object it is about.
  void SetObject(std::string object) { object_ = std::move(object); }

  /// Reports `path: message` at `node`.
  void Error(const DocNode& node, const std::string& path, const std::string& message);
  void Warn(const SourceLoc& loc, const std::string& message);

  /// Reports keys written more than once in any mapping under `node` (as
  /// `kubectl apply --validate=strict` rejects duplicate fields): an error,
  /// a warning or nothing, by the FieldValidation mode. The last one is
  /// what the decoder reads (DocNode::Get), as kubectl's readers keep it.
  void CheckDuplicateFields(const DocNode& node, const std::string& path);

  /// Reports a required field missing from `parent`.
  void Missing(const DocNode& parent, const std::string& path, const std::string& hint = "");

  /// Reports keys that the schema does not know, with the closest known one
  /// ("did you mean 'matchLabels'?"): an error, a warning or nothing, by
  /// the FieldValidation mode.
  void CheckKnownFields(const DocNode& map, const std::string& path,
                        const std::vector<std::string_view>& known);

  /// Reports `entry` of the mapping at `path` as an unknown field, by the
  /// FieldValidation mode; `hint` (if not empty) is added in parentheses.
  void UnknownField(const DocNode::Entry& entry, const std::string& path,
                    const std::string& hint);

  /// "a.b" from "a" and "b"; "a[1]" from "a" and 1.
  static std::string Join(const std::string& path, std::string_view key);
  static std::string Index(const std::string& path, std::size_t i);

  bool ExpectMap(const DocNode& node, const std::string& path, const std::string& what);

  /// A list; null counts as an empty list (as JSON decoding of `null` does).
  const std::vector<DocNode>* List(const DocNode* node, const std::string& path);

  std::optional<std::string> String(const DocNode& node, const std::string& path);

  std::optional<long long> Integer(const DocNode& node, const std::string& path);

  std::optional<bool> Bool(const DocNode& node, const std::string& path);

  /// A port number, 1-65535.
  std::optional<int> Port(const DocNode& node, const std::string& path);

  /// TCP, UDP or SCTP; absent or null is TCP.
  std::optional<Protocol> ProtocolField(const DocNode* node, const std::string& path);

  /// With `locs`, also where each label's key was written.
  Labels LabelMap(const DocNode* node, const std::string& path, LabelLocs* locs = nullptr);

  /// A metav1.LabelSelector; null is the empty selector.
  std::optional<LabelSelector> Selector(const DocNode& node, const std::string& path);

  std::optional<LabelRequirement> Requirement(const DocNode& node, const std::string& path);

 private:
  // A field's path as a chain of its parents, made text only for a message.
  struct PathLink;
  void CheckDuplicatesAt(const DocNode& node, const PathLink& path);
  static std::string PathText(const PathLink& path);

  /// "Kind ns/name: message", or the message alone before SetObject.
  std::string Prefixed(const std::string& message) const;

  DiagnosticSink& sink_;
  FieldValidation validation_;
  std::string object_;
  bool ok_ = true;
};

/// The metadata netpol reads.
struct ObjectMeta {
  std::string name;
  std::string namespace_name = kDefaultNamespace;
  Labels labels;
  LabelLocs label_locs;
  Annotations annotations;
};

/// Decodes `metadata` (name, and namespace when `namespaced`; cluster-scoped
/// objects ignore a namespace, as the API server does).
bool DecodeMeta(FieldDecoder& d, const DocNode& object, bool namespaced, bool name_is_label,
                ObjectMeta* meta);

/// A CIDR string such as 10.0.0.0/8 (host bits are masked off).
std::optional<Cidr> DecodeCidr(FieldDecoder& d, const DocNode& node, const std::string& path);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_FIELD_DECODER_H_
