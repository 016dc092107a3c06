// One analysis behind every answer: the inputs, read and prepared once, and
// every query netpol answers about them.
//
// Design. An Analysis is built once from manifests (paths, texts or a
// Cluster made in code) plus AnalysisOptions; building it is the only place
// where inputs are loaded, cluster DNS is modelled and the evaluator is set
// up, so every command, test and embedding program sees the same cluster and
// the same answers. Queries (the evaluator, the class graph, the pod-level
// allow-graph, explanations, intent checks, lint, what-if diffs) are const.
//
// Ownership. An Analysis is a handle to shared, immutable state: copying it
// is cheap (one reference count) and a copy keeps everything alive, so
// nothing a caller holds — the Cluster, the Evaluator, a graph — can dangle
// while the caller still holds the Analysis. References returned by the
// accessors live as long as any copy of the Analysis.
//
// Ids. Pod ids (PodId) index cluster().pods, which is final when the
// Analysis exists: the modelled DNS pod is added before, so an id never
// changes during an Analysis' life. Ids of one Analysis mean nothing in
// another (With() builds a new one).
//
// Threads. A const Analysis may be queried from any number of threads at
// once: the lazily built graphs are built exactly once (std::call_once),
// and no query mutates shared state.
//
// Costs (P pods, E external blocks, N = P + E endpoints, R policy rules):
//  * building: parsing is linear in the input size; DNS modelling O(P);
//    the evaluator's isolation index O(P × policies).
//  * class_graph(): computed on first use, on equivalence classes of pods
//    (see class_engine.h); at most O(classes² ) edges.
//  * allow_graph(): on first use, the class graph expanded to endpoints:
//    O(N + allowed pairs) time and memory. Avoid on very large clusters;
//    class_graph() answers the same question in compressed form.
//  * ExplainConnections, ResolveEndpoints: O(P) per endpoint text, plus
//    O(R) per explained pair.
//  * Check: O(declared pairs × R), plus the class graph for closed intents.
//  * Lint: on equivalence classes of endpoints (C classes; lint_index.h,
//    built on first use): O(P log P) to classify pods and index isolation,
//    each distinct peer matched once against the classes of the namespaces
//    it names; the rules that compare both sides of a rule's traffic
//    (one-sided-allow, redundant-rule, tier-rule-shadowed) evaluate
//    O(subject classes × peer classes) side verdicts per rule, memoised per
//    (side profile, peer class); ipblock-covers-pod-range O(P) per distinct
//    ipBlock; the others O(R + P). Pods appear only to be named.
//  * With(): builds a new Analysis (parses nothing again; O(P log P)).
//  * Diff(): both sides' class graphs (this one's and `after`'s cached ones
//    when their external blocks cover both sides' ipBlocks, else computed
//    again with the other side's cuts), then O(class edges × fan-out) to
//    compare them and time linear in the changed endpoint pairs to expand
//    and explain them (see graph_diff.h).
//  * Rollout(): one With(), Diff() and Check() per stage; the order search
//    analyses each reachable set of stages once (up to 2^stages).
#ifndef NETPOL_ANALYSIS_H_
#define NETPOL_ANALYSIS_H_

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/callback.h"
#include "netpol/check.h"
#include "netpol/cluster_dns.h"
#include "netpol/diagnostic.h"
#include "netpol/endpoint.h"
#include "netpol/endpoint_filter.h"
#include "netpol/evaluator.h"
#include "netpol/explain.h"
#include "netpol/graph_diff.h"
#include "netpol/intent.h"
#include "netpol/lint.h"
#include "netpol/loader.h"
#include "netpol/model.h"
#include "netpol/port_query.h"
#include "netpol/rollout.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

struct ClassGraph;
class AllowGraph;

/// How an Analysis reads and evaluates its inputs. The CLI's engine flags
/// (--no-ipblock-pods, --no-dns-model, --dns) set these fields.
struct AnalysisOptions {
  /// NetworkPolicy evaluation options (whether ipBlocks match pod IPs).
  EvalOptions eval;
  /// Where cluster DNS runs, and whether to model it when the inputs lack it.
  ClusterDnsOptions dns;
  /// How manifests are read (unknown fields: error, warning or nothing).
  LoadOptions load;
  /// Inputs with no Kubernetes object at all (an empty file or stdin, a
  /// directory holding only a README) are an error unless this is set: a
  /// pre-commit hook pointed at the wrong directory must not pass.
  bool allow_empty = false;
  /// Relative paths given to Analysis::Load are read from this directory
  /// (empty: the process's working directory). Messages name the paths as
  /// they were given.
  std::string working_directory;
};

/// Parses the CLI's --dns value, "NAMESPACE/LABEL=VALUE[,LABEL=VALUE...]",
/// into `base` with those namespace and labels. kInvalidArgument when
/// malformed.
[[nodiscard]] Result<ClusterDnsOptions> ParseDnsPods(std::string_view text,
                                                     ClusterDnsOptions base = {});

/// One diagnostic as every netpol program prints it: "FILE:LINE:COL:
/// severity: message", and for an error whose line is in `files`, that line
/// and a caret under the column (skipped for lines over 200 characters, as
/// in minified JSON). Ends with a newline.
std::string FormatDiagnostic(const Diagnostic& diagnostic, const std::vector<InputFile>& files);

/// Reads `paths` as Analysis::Load does (leaving out what `exclude` or a
/// .netpolignore excludes), without parsing them: for the texts of
/// Analysis::With. kInvalidInput when a path cannot be read.
[[nodiscard]] Result<std::vector<InputFile>> ReadTexts(const std::vector<std::string>& paths,
                                                       std::istream& stdin_stream,
                                                       const std::string& working_directory = {},
                                                       const std::vector<std::string>& exclude = {});

/// `path` as the process must open it: relative to `working_directory`
/// when that is set and `path` is relative ("-", standard input, is kept).
std::string ResolvePath(const std::string& path, const std::string& working_directory);

/// Parses an intent (kind: Intent) from `text`, named `name` in messages.
/// kInvalidInput with the formatted errors when it has any.
[[nodiscard]] Result<Intent> LoadIntentText(std::string text, const std::string& name);

/// Reads and parses an intent file (kind: Intent). kInvalidInput with the
/// formatted errors when it has any; kNotFound when it cannot be read.
/// A relative `path` is read from `working_directory` when that is not empty.
[[nodiscard]] Result<Intent> LoadIntentFile(const std::string& path,
                                            const std::string& working_directory = {});

/// The inputs and every answer about them. See the top of this header for
/// ownership, threads and costs.
class Analysis {
 public:
  /// Reads `paths` (files; directories recursively, *.yaml/*.yml/*.json in
  /// sorted order, skipping Helm templates and files that are not manifests
  /// and what options.load.exclude or a .netpolignore excludes, see
  /// loader.h; "-" for `stdin_stream`) and prepares the analysis.
  /// kInvalidInput, with every error formatted, when the inputs have errors,
  /// or hold no Kubernetes object and options.allow_empty is not set.
  [[nodiscard]] static Result<Analysis> Load(const std::vector<std::string>& paths,
                                             std::istream& stdin_stream,
                                             AnalysisOptions options = {});
  /// Parses texts already in memory (each with the name used in messages).
  [[nodiscard]] static Result<Analysis> FromTexts(std::vector<InputFile> texts,
                                                  AnalysisOptions options = {});
  /// Analyses a cluster built in code. It is finalized (sorted, namespaces
  /// created) and DNS is modelled per `options`.
  [[nodiscard]] static Analysis FromCluster(Cluster cluster, AnalysisOptions options = {});

  /// Another handle to the same state: one atomic increment, no copy of the
  /// inputs.
  Analysis(const Analysis& other) noexcept;
  /// Takes `other`'s handle; `other` may then only be assigned or destroyed.
  Analysis(Analysis&& other) noexcept;
  /// Points this handle at `other`'s state, releasing the previous one.
  Analysis& operator=(const Analysis& other) noexcept;
  /// Takes `other`'s handle, releasing this one's previous state.
  Analysis& operator=(Analysis&& other) noexcept;
  /// Releases the handle; the state is freed with the last one.
  ~Analysis();

  // The accessors below return references into the shared state, which a
  // temporary Analysis may take with it when it dies at the end of the
  // statement: on an rvalue they do not compile. Keep the Analysis (or a
  // copy of it) in a variable first.

  /// The cluster: inputs plus, when modelled, the DNS pod. Final. O(1).
  const Cluster& cluster() const&;
  const Cluster& cluster() && = delete;
  /// The evaluator over cluster(), with options().eval. O(1).
  const Evaluator& evaluator() const&;
  const Evaluator& evaluator() && = delete;
  /// The allow-graph on equivalence classes (computed once, on first use;
  /// concurrent first calls wait for the one computation).
  const ClassGraph& class_graph() const&;
  const ClassGraph& class_graph() && = delete;
  /// The allow-graph between endpoints (computed once, on first use, as
  /// class_graph()).
  const AllowGraph& allow_graph() const&;
  const AllowGraph& allow_graph() && = delete;

  /// Computes class_graph() now, unless `should_stop` answers true first:
  /// a cancellation point for callers with a time budget (netpol serve).
  /// It is asked between the class engine's steps and once per class of
  /// pods while the edges are built, so a stop comes within one class's
  /// work. Stopped: kUnavailable ("stopped before the class graph was
  /// computed") and nothing is kept, so a later call, or class_graph(),
  /// starts again and computes the same graph. A graph already computed is
  /// not computed again (Ok at once); an empty `should_stop` never stops.
  /// Thread-safe as the accessors are; no thread is killed. The queries that
  /// need the class graph (allow_graph(), Diff(), a closed intent's Check())
  /// then take it from the cache.
  [[nodiscard]] Status PrepareClassGraph(const Callback<bool()>& should_stop) const;

  /// The options the analysis was built with. O(1).
  const AnalysisOptions& options() const&;
  const AnalysisOptions& options() && = delete;
  /// Whether a kube-dns[Modelled] pod was added because no input pod
  /// matched options().dns.
  bool dns_modelled() const;
  /// The texts read (empty for FromCluster).
  const std::vector<InputFile>& inputs() const&;
  const std::vector<InputFile>& inputs() && = delete;
  /// Warnings and notes about the inputs (there are no errors in a built
  /// Analysis), in input order.
  const std::vector<Diagnostic>& diagnostics() const&;
  const std::vector<Diagnostic>& diagnostics() && = delete;
  /// diagnostics(), formatted with FormatDiagnostic.
  std::string FormattedDiagnostics() const;
  /// Objects of kinds netpol does not model, by kind, with counts.
  const std::map<std::string, int>& skipped_kinds() const&;
  const std::map<std::string, int>& skipped_kinds() && = delete;
  /// Objects defined more than once; the later definition was kept.
  const std::vector<DuplicateObject>& duplicates() const&;
  const std::vector<DuplicateObject>& duplicates() && = delete;

  /// The endpoints a command-line or intent endpoint text denotes (see
  /// endpoint_ref.h): kInvalidArgument when malformed, kNotFound when it
  /// matches nothing.
  [[nodiscard]] Result<std::vector<Endpoint>> ResolveEndpoints(std::string_view text) const;

  /// Explains every ordered pair (source, destination) of the endpoints
  /// `from` and `to` denote, except a pod with itself. When `to` names a
  /// Service and `port` is given, `port` is a service port and each pod is
  /// explained on the target port it lands on. kNotFound when an endpoint
  /// matches nothing or the Service has no such port; kInvalidArgument when
  /// only pod-to-itself pairs remain or `port` is outside 1-65535.
  [[nodiscard]] Result<std::vector<Explanation>> ExplainConnections(
      std::string_view from, std::string_view to, const std::optional<PortQuery>& port) const;

  /// Checks `intent` against the allow-graph. kInvalidInput (diagnostics at
  /// the intent's locations) when an intent endpoint matches nothing.
  [[nodiscard]] Result<CheckResult> Check(const Intent& intent) const;

  /// Runs `registry`'s rules enabled by `options`; its eval, dns and
  /// duplicates fields are taken from this analysis.
  std::vector<LintFinding> Lint(const LintRegistry& registry, LintOptions options = {}) const;

  /// What-if: this analysis' inputs with the objects of `added` applied
  /// (same kind, namespace and name replaces, as `kubectl apply` does) and
  /// the objects named by `removed` ("KIND/NAMESPACE/NAME" or "KIND/NAME")
  /// deleted, with the same options. DNS is modelled anew. kInvalidInput
  /// when `added` has errors; kNotFound/kInvalidArgument for a bad removal.
  [[nodiscard]] Result<Analysis> With(const std::vector<InputFile>& added,
                                      const std::vector<std::string>& removed = {}) const;

  /// What-if for a Calico rollout: this analysis' inputs with every staged
  /// Calico policy enforced (EnforceStagedPolicies: replacing the enforced
  /// policy of the same name, added when there is none, deleting it for
  /// `stagedAction: Delete`), with the same options. Diff(it) answers "what
  /// would enforcing the staged policies change?". `enforced`, when not null,
  /// receives how many staged policies there were. O(P log P), as With().
  Analysis WithStagedPoliciesEnforced(std::size_t* enforced = nullptr) const;

  /// Every connection that differs from this analysis (before) to `after`,
  /// with the object changes that caused it. Both sides are evaluated with
  /// this analysis' evaluation options.
  GraphDiff Diff(const Analysis& after) const;

  /// Applies `stages` one after another on top of this analysis, as
  /// `kubectl apply -f` would, and reports what each changed and, with
  /// options.intent, which intended connections each breaks or restores;
  /// the final state is checked as Check() checks it. With
  /// options.search_order, also the order of the stages that breaks the
  /// fewest intended connections (see rollout.h). kInvalidInput when a
  /// stage has errors or an intent endpoint matches nothing at the end;
  /// kNotFound/kInvalidArgument for a bad removal.
  [[nodiscard]] Result<RolloutReport> Rollout(const std::vector<RolloutStage>& stages,
                                              const RolloutOptions& options = {}) const;

 private:
  struct State;
  // A new State, holding one reference (the caller's).
  static const State* MakeState(AnalysisOptions options, std::vector<InputFile> texts,
                                LoadResult loaded);
  // Adopts the reference `state` holds.
  explicit Analysis(const State* state) : state_(state) {}
  static Result<Analysis> Build(std::vector<InputFile> texts, LoadResult loaded,
                                AnalysisOptions options, std::string_view described_as);

  // Shared and immutable, counted by State::references (an intrusive count,
  // so that this header needs no <memory>: see "Header cost" in the README).
  // Null only in a moved-from Analysis.
  const State* state_;
};

/// Resolves `spec` (-n, -l, --focus) into a filter: each --focus text is
/// resolved as ResolveEndpoints does in every one of `analyses` (both sides
/// of a diff), an address or CIDR standing for the external addresses in it.
/// kInvalidArgument, naming the flag, for a malformed selector or endpoint;
/// kNotFound when a --focus text matches nothing in any of `analyses`.
[[nodiscard]] Result<EndpointFilter> MakeEndpointFilter(const EndpointFilterSpec& spec,
                                                        const std::vector<Analysis>& analyses);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ANALYSIS_H_
