// Reading manifests: files, directories, stdin; YAML (multi-document) and
// JSON; single objects and `kind: List`.
//
// Repositories. A directory is walked recursively and holds more than
// manifests; what cannot be read as one is skipped, never silently:
//  * Go/Helm templates are skipped with one note per chart (or per template
//    file outside a chart) naming the `helm template` command that renders
//    them: any file under a chart's templates/ (a chart is a directory with
//    Chart.yaml), and any file with a `{{` where YAML expects a node (at a
//    line's start, after `key: ` or `- `; not in a string or a comment).
//    Named files and stdin too: a template is not YAML, and the note says
//    what to do instead.
//  * Files found in a directory that are not Kubernetes manifests (Chart.yaml,
//    kustomization files, Helm values and any YAML/JSON none of whose
//    documents has a kind or an apiVersion: CI workflows, compose files,
//    package.json) are counted in one summary note. A file named on the
//    command line is read as it is: its non-object documents are warned about.
//  * A `.netpolignore` (gitignore syntax) at the root of a directory
//    argument, and the --exclude patterns, exclude paths.
//
// Threads: loading shares nothing between calls (no global parser state);
// concurrent loads of distinct inputs are safe.
// Cost: linear in the size of the input.
#ifndef NETPOL_LOADER_H_
#define NETPOL_LOADER_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/callback.h"
#include "netpol/diagnostic.h"
#include "netpol/duplicate_object.h"
#include "netpol/model.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// One input text and the name used for it in messages.
struct InputFile {
  std::string name;
  std::string text;
  /// Found by walking a directory (not named by the user): read only when
  /// it can hold Kubernetes objects, otherwise counted as skipped.
  bool found_in_directory = false;
  /// The Helm chart (its directory, named as in messages) whose templates/
  /// holds this file; empty when none. Such a file is skipped with a note.
  std::string helm_chart = {};
};

/// What loading manifests produced: the cluster and every diagnostic.
struct LoadResult {
  Cluster cluster;
  /// Errors, warnings and notes, in input order.
  std::vector<Diagnostic> diagnostics;
  /// Objects of kinds the engine does not model, by kind, with counts.
  std::map<std::string, int> skipped_kinds;
  /// Objects defined more than once, in input order.
  std::vector<DuplicateObject> duplicates;
  /// Files not read as manifests, by what they are: "Helm template",
  /// "Helm values", "Chart.yaml", "kustomization", "other YAML", "other JSON".
  std::map<std::string, int> skipped_files;

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
  /// Whether pods are folded into the workloads that own them while
  /// loading. An Analysis reads unfolded and folds itself, again after each
  /// what-if edit, so that replicas are split by every policy in view.
  bool fold_owned_pods = true;
  /// Larger input texts are an error (the CLI's --max-input-size).
  std::size_t max_input_bytes = kDefaultMaxInputBytes;
  /// Paths to leave out (the CLI's --exclude), in .netpolignore
  /// (gitignore) syntax: matched against paths relative to each directory
  /// argument, and against named files as written.
  std::vector<std::string> exclude;
  /// Threads that read and decode input texts (the CLI's --jobs); 0: one
  /// per hardware thread. Large texts are read in parts, and their objects
  /// decoded in shares, on these threads too. Whatever the number, the
  /// cluster and the diagnostics are the same and in the same order: what
  /// the threads decode is taken in in input order.
  unsigned jobs = 0;
  /// Called after each input text is parsed with (texts parsed, texts in
  /// all), e.g. to show progress on a terminal; may be empty.
  Callback<void(std::size_t done, std::size_t total)> progress;
};

/// Parses a size such as "1048576", "512K", "100M", "100MB", "2GiB" (K, M
/// and G are powers of 1024). kInvalidArgument when malformed, zero or over
/// 1 TiB: "expected a size such as 2G, 500M or 1048576, got \"lots\"".
[[nodiscard]] Result<std::size_t> ParseByteSize(std::string_view text);

/// "1 GiB", "64 MiB", "512 KiB" or "1000 bytes".
std::string FormatByteSize(std::size_t bytes);

// Loading itself is Analysis::Load / Analysis::FromTexts (netpol/analysis.h),
// which answer a Result<Analysis>; the values above configure and describe it.

NETPOL_NAMESPACE_END

#endif  // NETPOL_LOADER_H_
