// Reading manifests: files, directories, stdin; YAML (multi-document) and
// JSON; single objects and `kind: List`.
#ifndef NETPOL_LOADER_H_
#define NETPOL_LOADER_H_

#include <cstddef>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/diagnostic.h"
#include "netpol/duplicate_object.h"
#include "netpol/model.h"

namespace netpol {

/// One input text and the name used for it in messages.
struct InputFile {
  std::string name;
  std::string text;
};

struct LoadResult {
  Cluster cluster;
  /// Errors, warnings and notes, in input order.
  std::vector<Diagnostic> diagnostics;
  /// Objects of kinds the engine does not model, by kind, with counts.
  std::map<std::string, int> skipped_kinds;
  /// Objects defined more than once, in input order.
  std::vector<DuplicateObject> duplicates;

  bool HasErrors() const;
};

/// What an unknown field in a part of a manifest netpol models is (kubectl's
/// --validate): an input error (strict, the default, as `kubectl apply`
/// does), a warning, or nothing. A typo such as `matchLabel` or `ingres`
/// would otherwise silently change the verdict. Fields of parts netpol does
/// not model (a Pod's container spec, say) are never checked.
enum class FieldValidation { kStrict, kWarn, kIgnore };

/// The default limit on one input text (file or standard input): far above
/// real manifests and dumps (a 20,000-pod `kubectl get -A -o json` with
/// managedFields is ~100 MB), low enough that hostile input cannot exhaust
/// memory unnoticed.
inline constexpr std::size_t kDefaultMaxInputBytes = std::size_t{1} << 30;

/// How manifests are read.
struct LoadOptions {
  FieldValidation validation = FieldValidation::kStrict;
  /// Whether ipBlocks match pod IPs (EvalOptions::ip_blocks_match_pods; an
  /// Analysis sets this from its eval options). Replicas of a workload whose
  /// IPs ipBlocks tell apart are kept as separate endpoints; when ipBlocks do
  /// not look at pods, nothing tells them apart.
  bool ip_blocks_match_pods = true;
  /// Larger input texts are an error (the CLI's --max-input-size).
  std::size_t max_input_bytes = kDefaultMaxInputBytes;
};

/// Parses a size such as "1048576", "512K", "100M", "100MB", "2GiB" (K, M
/// and G are powers of 1024). nullopt when malformed, zero or too large.
std::optional<std::size_t> ParseByteSize(std::string_view text);

/// "1 GiB", "64 MiB", "512 KiB" or "1000 bytes".
std::string FormatByteSize(std::size_t bytes);

/// Parses one text. JSON is recognised by a `.json` name or, for any other
/// name, by a first non-blank character of `{` or `[`.
LoadResult LoadText(std::string_view text, const std::string& file_name,
                    const LoadOptions& options = {});

/// Parses several texts into one cluster.
LoadResult LoadInputs(const std::vector<InputFile>& inputs, const LoadOptions& options = {});

/// Reads `paths` (files; directories, recursively, taking *.yaml, *.yml and
/// *.json in sorted order; "-" for `stdin`) and parses them into one cluster.
/// Unreadable paths are errors in the result.
LoadResult LoadPaths(const std::vector<std::string>& paths, std::istream& stdin_stream);

/// Expands `paths` into the input texts LoadPaths would parse. Relative
/// paths are read from `working_directory` when it is not empty; the texts
/// are named as the paths were written.
std::vector<InputFile> ReadInputs(const std::vector<std::string>& paths,
                                  std::istream& stdin_stream, DiagnosticSink& sink,
                                  const std::string& working_directory = {});

}  // namespace netpol

#endif  // NETPOL_LOADER_H_
