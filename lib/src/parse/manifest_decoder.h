// DocNode documents → model objects, validated as the API server would.
#ifndef NETPOL_PARSE_MANIFEST_DECODER_H_
#define NETPOL_PARSE_MANIFEST_DECODER_H_

#include <map>
#include <string>

#include "netpol/diagnostic.h"
#include "netpol/loader.h"
#include "netpol/model.h"
#include "parse/cilium_policy_decoder.h"
#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Decodes documents into a cluster. Objects with errors are reported and
/// not added. Objects of kinds that are not modelled are counted in
/// `skipped_kinds` (with the first place each kind was seen).
class ManifestDecoder {
 public:
  ManifestDecoder(Cluster& cluster, DiagnosticSink& sink,
                  FieldValidation validation = FieldValidation::kStrict)
      : cluster_(cluster), sink_(sink), validation_(validation) {}

  /// Decodes `documents` as decoding each in turn would, on up to `jobs`
  /// threads: the objects (a List's items each count as one) are cut into
  /// shares in order; this thread decodes the first share itself while the
  /// others are decoded each into a decoder and cluster of its own, then
  /// taken in, in order. The cluster, the diagnostics (order included) and
  /// the duplicates are exactly those of decoding one document after the
  /// other: a share that defines an object this decoder already holds is
  /// decoded again here, for the duplicate's warning and replacement.
  void DecodeDocuments(const std::vector<DocNode>& documents, unsigned jobs);
  /// Notes for the skipped kinds, once per kind. Call after the last document.
  void ReportSkippedKinds();

  const std::map<std::string, int>& skipped_kinds() const { return skipped_counts_; }
  const std::vector<DuplicateObject>& duplicates() const { return duplicates_; }

 private:
  /// `list_item_kind`/`list_api`: what an item of a typed list (PodList)
  /// without kind/apiVersion is.
  void DecodeObject(const DocNode& object, int list_depth, const std::string& list_item_kind,
                    const std::string& list_api);
  void AddCiliumPolicy(const std::string& kind, LoweredCiliumPolicy lowered, const SourceLoc& loc);
  /// Takes in what `other` decoded into `decoded` and reported to
  /// `reported`, from objects that follow every object this decoder has
  /// seen, as if this decoder had decoded them. false, changing nothing,
  /// when `other` defined an object this decoder has already seen.
  bool Absorb(ManifestDecoder& other, Cluster& decoded, DiagnosticSink& reported);

  Cluster& cluster_;
  DiagnosticSink& sink_;
  FieldValidation validation_;
  std::map<std::string, int> skipped_counts_;
  std::map<std::string, SourceLoc> skipped_first_;
  std::map<std::string, SourceLoc> defined_;  // "Kind/ns/name" → first definition
  std::vector<DuplicateObject> duplicates_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_MANIFEST_DECODER_H_
