#include "netpol/analysis.h"

#include <algorithm>
#include <fstream>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "netpol/allow_graph.h"
#include "netpol/class_engine.h"
#include "netpol/cluster_dns.h"
#include "netpol/endpoint_ref.h"
#include "analysis/typo_causes.h"
#include "analysis/unfolded_cluster.h"
#include "engine/class_engine_internal.h"
#include "graph/class_diff.h"
#include "intent/check_intent.h"
#include "intent/intent_parser.h"
#include "model/utf8.h"
#include "parse/load.h"
#include "parse/workload_folding.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Models cluster DNS, then sorts the pods again: no id of this cluster has
// been handed out yet, so the modelled pod may take its sorted place (the
// order every writer prints in).
bool ModelDnsBeforeIds(Cluster& cluster, const ClusterDnsOptions& options) {
  if (!ModelClusterDnsIfMissing(cluster, options)) return false;
  cluster.Finalize();
  return true;
}

// The evaluation options with the DNS pods of `options`: the toFQDNs gate
// (EvalOptions::dns) reads the same DNS pods as every other DNS question.
AnalysisOptions WithDnsInEval(AnalysisOptions options) {
  options.eval.dns = options.dns;
  // Not read by the evaluator: kept at its default, so that two analyses
  // that differ only in it compare equal (EvalOptions::operator==).
  options.eval.dns.model_when_missing = ClusterDnsOptions{}.model_when_missing;
  return options;
}

}  // namespace

// Everything an Analysis answers from. Built once, never moved (the
// evaluator refers to `cluster`), shared by every copy of the Analysis.
struct Analysis::State {
  // `loaded` is folded (workload_folding.h); `unfolded` keeps what its
  // cluster was before folding and `load_diagnostics` are its diagnostics
  // without the folding's.
  State(AnalysisOptions options_in, std::vector<InputFile> inputs_in, LoadResult loaded,
        UnfoldedCluster unfolded_in, std::vector<Diagnostic> load_diagnostics_in)
      : options(WithDnsInEval(std::move(options_in))),
        inputs(std::move(inputs_in)),
        unfolded(std::move(unfolded_in)),
        load_diagnostics(std::move(load_diagnostics_in)),
        diagnostics(std::move(loaded.diagnostics)),
        skipped_kinds(std::move(loaded.skipped_kinds)),
        duplicates(std::move(loaded.duplicates)),
        cluster(std::move(loaded.cluster)),
        dns_modelled(ModelDnsBeforeIds(cluster, options.dns)),
        evaluator(cluster, options.eval) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  const AnalysisOptions options;
  const std::vector<InputFile> inputs;
  // What With() edits (Unfolded()): replicas are folded again after every
  // edit, with the policies of the edited cluster in view.
  const UnfoldedCluster unfolded;
  const std::vector<Diagnostic> load_diagnostics;
  const std::vector<Diagnostic> diagnostics;
  const std::map<std::string, int> skipped_kinds;
  const std::vector<DuplicateObject> duplicates;
  Cluster cluster;  // const after construction; DNS is modelled in the initializer
  const bool dns_modelled;
  const Evaluator evaluator;

  // How many Analysis handles share this state.
  mutable std::atomic<std::size_t> references{1};

  // The cluster as read, before folding and DNS modelling.
  Cluster Unfolded() const { return unfolded.Rebuild(cluster, dns_modelled); }

  mutable std::once_flag class_graph_once;
  mutable std::unique_ptr<const ClassGraph> class_graph;
  mutable std::once_flag allow_graph_once;
  mutable std::unique_ptr<const AllowGraph> allow_graph;
};

// The state of an analysis of `loaded` (read unfolded): replicas folded with
// every policy in view, then DNS modelled and the evaluator built.
const Analysis::State* Analysis::MakeState(AnalysisOptions options, std::vector<InputFile> texts,
                                           LoadResult loaded) {
  UnfoldedCluster unfolded(loaded.cluster, options.dns);
  std::vector<Diagnostic> load_diagnostics = loaded.diagnostics;
  DiagnosticSink fold_sink;
  FoldOwnedPods(loaded.cluster, fold_sink, FoldOptions{options.eval.ip_blocks_match_pods});
  loaded.cluster.Finalize();
  for (Diagnostic& d : fold_sink.Take()) loaded.diagnostics.push_back(std::move(d));
  return new const Analysis::State(std::move(options), std::move(texts), std::move(loaded),
                                   std::move(unfolded), std::move(load_diagnostics));
}

namespace {
// Adds a handle to `state` (null for a moved-from Analysis).
template <class State>
void Retain(const State* state) {
  if (state != nullptr) state->references.fetch_add(1, std::memory_order_relaxed);
}
// Drops a handle to `state`, freeing it with the last one.
template <class State>
void Release(const State* state) {
  if (state != nullptr && state->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    delete state;
  }
}
}  // namespace

Analysis::Analysis(const Analysis& other) noexcept : state_(other.state_) { Retain(state_); }
Analysis::Analysis(Analysis&& other) noexcept : state_(std::exchange(other.state_, nullptr)) {}
Analysis& Analysis::operator=(const Analysis& other) noexcept {
  Retain(other.state_);
  Release(std::exchange(state_, other.state_));
  return *this;
}
Analysis& Analysis::operator=(Analysis&& other) noexcept {
  if (this != &other) Release(std::exchange(state_, std::exchange(other.state_, nullptr)));
  return *this;
}
Analysis::~Analysis() { Release(state_); }

Result<ClusterDnsOptions> ParseDnsPods(std::string_view text, ClusterDnsOptions base) {
  const std::string value(text);
  const std::size_t slash = value.find('/');
  const Result<LabelSelector> parsed =
      slash == std::string::npos || slash == 0
          ? Result<LabelSelector>(Status::InvalidArgument("no namespace"))
          : ParseSelectorString(value.substr(slash + 1));
  if (!parsed.ok() || parsed->match_labels.empty() || !parsed->match_expressions.empty()) {
    return Status::InvalidArgument(
        fmt::format("--dns: expected NAMESPACE/LABEL=VALUE[,LABEL=VALUE...], got \"{}\"", value));
  }
  base.namespace_name = value.substr(0, slash);
  base.labels = parsed->match_labels;
  return base;
}

std::string FormatDiagnostic(const Diagnostic& diagnostic, const std::vector<InputFile>& files) {
  std::string text = diagnostic.ToString() + "\n";
  if (diagnostic.severity != Severity::kError || diagnostic.loc.line <= 0) return text;
  for (const InputFile& file : files) {
    if (file.name != diagnostic.loc.file) continue;
    std::size_t start = 0;
    for (int line = 1; line < diagnostic.loc.line && start != std::string::npos; ++line) {
      start = file.text.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start > file.text.size()) return text;
    const std::size_t end = file.text.find('\n', start);
    std::string line = file.text.substr(start, end == std::string::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > 200) return text;  // not helpful for minified input
    // The line is input: show control characters escaped (a tab stays a
    // tab), and move the caret by what the escapes before it added.
    const std::string shown = EscapeControlCharacters(line, /*keep_tab=*/true);
    text += "  " + shown + "\n";
    if (diagnostic.loc.column > 0) {
      const std::size_t before = std::min(line.size(), static_cast<std::size_t>(diagnostic.loc.column - 1));
      const std::size_t added =
          EscapeControlCharacters(std::string_view(line).substr(0, before), true).size() - before;
      text += "  " + std::string(static_cast<std::size_t>(diagnostic.loc.column - 1) + added, ' ') +
              "^\n";
    }
    return text;
  }
  return text;
}

namespace {

// How the inputs are read: as asked, with replicas told apart by ipBlocks
// only when ipBlocks look at pod IPs.
LoadOptions LoadOptionsOf(const AnalysisOptions& options) {
  LoadOptions load = options.load;
  load.ip_blocks_match_pods = options.eval.ip_blocks_match_pods;
  load.fold_owned_pods = false;  // MakeState folds, with every policy in view
  return load;
}

std::string FormatAll(const std::vector<Diagnostic>& diagnostics,
                      const std::vector<InputFile>& files) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += FormatDiagnostic(d, files);
  return text;
}

int ErrorCount(const std::vector<Diagnostic>& diagnostics) {
  int errors = 0;
  for (const Diagnostic& d : diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  return errors;
}

// An input problem: `message`, with `diagnostics` formatted against `files`.
Status InvalidInput(std::string message, std::vector<Diagnostic> diagnostics,
                    const std::vector<InputFile>& files) {
  std::string detail = FormatAll(diagnostics, files);
  return Status::InvalidInput(std::move(message), std::move(diagnostics), std::move(detail));
}

// Errors in the manifests: "N errors in the input; <consequence>".
Status InputErrors(std::vector<Diagnostic> diagnostics, const std::vector<InputFile>& files,
                   std::string_view consequence) {
  const int errors = ErrorCount(diagnostics);
  return InvalidInput(
      fmt::format("{} error{} in the input; {}", errors, errors == 1 ? "" : "s", consequence),
      std::move(diagnostics), files);
}

constexpr const char* kIntentErrors = "the intent file has errors; nothing was checked";

// Objects read from the inputs, modelled or not (namespaces only referenced
// by other objects do not count).
std::size_t ObjectCount(const LoadResult& loaded) {
  const Cluster& c = loaded.cluster;
  std::size_t count = c.pods.size() + c.policies.size() + c.services.size() +
                      c.cluster_policies.size();
  for (const Namespace& ns : c.namespaces) count += ns.declared ? 1 : 0;
  for (const auto& [kind, n] : loaded.skipped_kinds) count += static_cast<std::size_t>(n);
  return count;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    joined += (joined.empty() ? "" : " ") + (name == "-" ? std::string("<stdin>") : name);
  }
  return joined.empty() ? "the inputs" : joined;
}


// The modelled DNS pod is not an input: a what-if starts from the inputs.
// Deletes what `reference` names from an unfolded cluster, with the objects
// the garbage collector would delete after it: pods and ReplicaSets whose
// controller owner (transitively) is a deleted workload.
Status RemoveWithDependents(Cluster* cluster, const std::string& reference) {
  struct Owner {
    std::string namespace_name, kind, name;
    bool operator<(const Owner& o) const {
      return std::tie(namespace_name, kind, name) < std::tie(o.namespace_name, o.kind, o.name);
    }
  };
  const auto key = [](const Pod& pod) { return Owner{pod.namespace_name, pod.kind, pod.name}; };
  // Only the pods are needed to tell what was removed: no copy of the
  // cluster, and O(P log P) rather than a scan of every pod per pod.
  std::set<Owner> before;
  for (const Pod& pod : cluster->pods) before.insert(key(pod));
  if (Status removed = RemoveObject(cluster, reference); !removed.ok()) return removed;
  std::set<Owner> deleted = std::move(before);
  for (const Pod& pod : cluster->pods) deleted.erase(key(pod));
  for (bool changed = !deleted.empty(); changed;) {
    changed = false;
    std::erase_if(cluster->pods, [&](const Pod& pod) {
      if (!pod.owner || !deleted.contains({pod.namespace_name, pod.owner->kind, pod.owner->name})) {
        return false;
      }
      deleted.insert({pod.namespace_name, pod.kind, pod.name});
      changed = true;
      return true;
    });
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<InputFile>> ReadTexts(const std::vector<std::string>& paths,
                                         std::istream& stdin_stream,
                                         const std::string& working_directory,
                                         const std::vector<std::string>& exclude) {
  DiagnosticSink sink;
  std::vector<InputFile> texts = ReadInputs(paths, stdin_stream, sink, working_directory, exclude);
  if (sink.HasErrors()) return InputErrors(sink.Take(), texts, "nothing was analysed");
  return texts;
}

std::string ResolvePath(const std::string& path, const std::string& working_directory) {
  if (working_directory.empty() || path.empty() || path.front() == '/' || path == "-") return path;
  return working_directory + "/" + path;
}

Result<Intent> LoadIntentText(std::string text, const std::string& name) {
  const std::vector<InputFile> files = {{name, std::move(text)}};
  DiagnosticSink sink;
  std::optional<Intent> intent = ParseIntent(files[0].text, name, sink);
  if (!intent || sink.HasErrors()) return InvalidInput(kIntentErrors, sink.Take(), files);
  return std::move(*intent);
}

Result<Intent> LoadIntentFile(const std::string& path, const std::string& working_directory) {
  std::ifstream in(ResolvePath(path, working_directory), std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read intent file");
  std::ostringstream text;
  text << in.rdbuf();
  return LoadIntentText(text.str(), path);
}

Result<Analysis> Analysis::Build(std::vector<InputFile> texts, LoadResult loaded,
                                 AnalysisOptions options, std::string_view described_as) {
  if (loaded.HasErrors()) {
    return InputErrors(std::move(loaded.diagnostics), texts, "nothing was analysed");
  }
  if (!options.allow_empty && ObjectCount(loaded) == 0) {
    return InvalidInput(fmt::format("no Kubernetes objects found in {}; nothing was analysed "
                                    "(--allow-empty accepts that)",
                                    described_as),
                        std::move(loaded.diagnostics), texts);
  }
  return Analysis(MakeState(std::move(options), std::move(texts), std::move(loaded)));
}

Result<Analysis> Analysis::Load(const std::vector<std::string>& paths, std::istream& stdin_stream,
                                AnalysisOptions options) {
  DiagnosticSink read_sink;
  std::vector<InputFile> texts =
      ReadInputs(paths, stdin_stream, read_sink, options.working_directory, options.load.exclude);
  LoadResult loaded = LoadInputs(texts, LoadOptionsOf(options));
  std::vector<Diagnostic> read_errors = read_sink.Take();
  loaded.diagnostics.insert(loaded.diagnostics.begin(), read_errors.begin(), read_errors.end());
  return Build(std::move(texts), std::move(loaded), std::move(options), JoinNames(paths));
}

Result<Analysis> Analysis::FromTexts(std::vector<InputFile> texts, AnalysisOptions options) {
  LoadResult loaded = LoadInputs(texts, LoadOptionsOf(options));
  std::vector<std::string> names;
  for (const InputFile& text : texts) names.push_back(text.name);
  const std::string described_as = JoinNames(names);
  return Build(std::move(texts), std::move(loaded), std::move(options), described_as);
}

Analysis Analysis::FromCluster(Cluster cluster, AnalysisOptions options) {
  cluster.Finalize();
  LoadResult loaded;
  loaded.cluster = std::move(cluster);
  return Analysis(MakeState(std::move(options), {}, std::move(loaded)));
}

const Cluster& Analysis::cluster() const& { return state_->cluster; }
const Evaluator& Analysis::evaluator() const& { return state_->evaluator; }
const AnalysisOptions& Analysis::options() const& { return state_->options; }
bool Analysis::dns_modelled() const { return state_->dns_modelled; }
const std::vector<InputFile>& Analysis::inputs() const& { return state_->inputs; }
const std::vector<Diagnostic>& Analysis::diagnostics() const& { return state_->diagnostics; }
const std::map<std::string, int>& Analysis::skipped_kinds() const& {
  return state_->skipped_kinds;
}
const std::vector<DuplicateObject>& Analysis::duplicates() const& { return state_->duplicates; }

std::string Analysis::FormattedDiagnostics() const {
  return FormatAll(state_->diagnostics, state_->inputs);
}

const ClassGraph& Analysis::class_graph() const& {
  std::call_once(state_->class_graph_once, [&] {
    state_->class_graph =
        std::make_unique<const ClassGraph>(ComputeClassGraph(state_->cluster, state_->options.eval));
  });
  return *state_->class_graph;
}

namespace {
// Thrown through std::call_once (which then leaves its flag unset) by
// PrepareClassGraph, and caught there.
struct GraphsStopped {};
}  // namespace

Status Analysis::PrepareClassGraph(const Callback<bool()>& should_stop) const {
  const Status stopped(StatusCode::kUnavailable, "stopped before the class graph was computed");
  try {
    std::call_once(state_->class_graph_once, [&] {
      std::optional<ClassGraph> graph =
          ComputeClassGraphUnlessStopped(state_->cluster, state_->options.eval, should_stop);
      if (!graph) throw GraphsStopped{};
      state_->class_graph = std::make_unique<const ClassGraph>(std::move(*graph));
    });
  } catch (const GraphsStopped&) {
    return stopped;
  }
  return Status::Ok();
}

const AllowGraph& Analysis::allow_graph() const& {
  std::call_once(state_->allow_graph_once, [&] {
    state_->allow_graph =
        std::make_unique<const AllowGraph>(BuildAllowGraph(class_graph(), state_->cluster));
  });
  return *state_->allow_graph;
}

Result<std::vector<Endpoint>> Analysis::ResolveEndpoints(std::string_view text) const {
  const Result<EndpointRef> ref = EndpointRef::Parse(std::string(text));
  if (!ref.ok()) return ref.status();
  std::vector<Endpoint> endpoints = ResolveEndpointRef(*ref, state_->cluster);
  if (endpoints.empty()) return Status::NotFound(NoPodMatchesMessage(*ref, state_->cluster));
  return endpoints;
}

Result<std::vector<Explanation>> Analysis::ExplainConnections(
    std::string_view from, std::string_view to, const std::optional<PortQuery>& port) const {
  // A PortQuery built by the caller rather than by PortQuery::Parse may be
  // out of range: an error, not an explanation that denies every port.
  if (port) {
    if (Result<PortSet> asked = PortSet::CheckedRange(port->protocol, port->port, port->port);
        !asked.ok()) {
      return Status::InvalidArgument("--port: " + asked.status().message());
    }
  }
  Result<std::vector<Endpoint>> sources = ResolveEndpoints(from);
  if (!sources.ok()) return Status(sources.status().code(), "--from: " + sources.status().message());
  Result<std::vector<Endpoint>> destinations = ResolveEndpoints(to);
  if (!destinations.ok()) {
    return Status(destinations.status().code(), "--to: " + destinations.status().message());
  }
  // A Service destination: the port is a service port; policies see the
  // target port each pod listens on (after DNAT).
  const Result<EndpointRef> to_ref = EndpointRef::Parse(std::string(to));
  const Service* service = to_ref.ok() ? ServiceOf(*to_ref, state_->cluster) : nullptr;

  std::vector<Explanation> explanations;
  for (const Endpoint& source : *sources) {
    for (const Endpoint& destination : *destinations) {
      if (source == destination) continue;  // pod-to-itself traffic is not evaluated
      std::optional<PortQuery> pod_port = port;
      if (service && port && destination.pod) {
        const PortSet target = service->TargetPorts(PortSet::Single(port->protocol, port->port),
                                                    state_->cluster.pods[*destination.pod]);
        const auto& ranges = target.Ranges(port->protocol);
        if (ranges.empty()) {
          return Status::NotFound(fmt::format("--port: service {} has no port {} that lands on {}",
                                              service->Id(), port->ToString(),
                                              EndpointName(destination, state_->cluster)));
        }
        pod_port->port = ranges.front().first;
      }
      Explanation explanation = Explain(state_->evaluator, source, destination, pod_port);
      // A toFQDNs endpoint: Cilium enforces a toFQDNs allow only when the
      // source's DNS lookups go through the DNS proxy, and the verdict
      // applies that (SideVerdict::fqdn_gated names the rules it held back).
      // (A source whose egress no policy isolates reaches it anyway.)
      const FqdnEndpoint* fqdn =
          destination.address ? state_->cluster.FindFqdnByAddress(*destination.address) : nullptr;
      if (source.pod && fqdn != nullptr && explanation.egress.isolated) {
        const FqdnDnsStatus dns = FqdnDnsOf(state_->evaluator, *source.pod, state_->options.dns);
        const std::string problem = FqdnLookupProblem(dns, explanation.source_name, fqdn->selector);
        const SideVerdict egress =
            state_->evaluator.EvaluateSide(Direction::kEgress, source, destination);
        std::vector<std::string> gated;
        for (const SideVerdict::Contribution& c : egress.fqdn_gated) {
          const NetworkPolicy& policy = state_->cluster.policies[c.rule.policy];
          const Rule& rule = policy.egress[static_cast<std::size_t>(c.rule.rule_index)];
          gated.push_back(fmt::format("{} {} egress[{}] ({}:{})", PolicyKindName(policy.kind),
                                      policy.Id(), c.rule.rule_index, rule.loc.file,
                                      rule.loc.line));
        }
        if (!gated.empty()) {
          std::string names;
          for (const std::string& name : gated) names += (names.empty() ? "" : ", ") + name;
          explanation.reasons.push_back(fmt::format(
              "{}toFQDNs needs DNS visibility: {} {} not apply: {}",
              explanation.allows ? "" : "not allowed: ", names,
              gated.size() == 1 ? "does" : "do", problem));
        } else if (problem.empty() && explanation.allows) {
          explanation.reasons.push_back(fmt::format(
              "toFQDNs needs DNS visibility: the lookups of {} by {} go through Cilium's DNS "
              "proxy (L7 dns rule on port 53 to {}, letting through {})",
              fqdn->selector, explanation.source_name, dns.dns_pod,
              fmt::join(dns.lookups, ", ")));
        }
      }
      explanations.push_back(std::move(explanation));
    }
  }
  if (explanations.empty()) {
    return Status::InvalidArgument(
        "--from and --to denote the same pod; pod-to-itself traffic is not evaluated");
  }
  return explanations;
}

Result<CheckResult> Analysis::Check(const Intent& intent) const {
  DiagnosticSink sink;
  CheckResult result = CheckIntent(state_->evaluator, intent, sink, state_->options.dns);
  if (sink.HasErrors()) return InvalidInput(kIntentErrors, sink.Take(), {});
  result.dns_modelled = state_->dns_modelled && intent.require_dns;
  ExplainByLabelTypos(state_->cluster, state_->options.eval, intent, state_->options.dns, result);
  return result;
}

std::vector<LintFinding> Analysis::Lint(const LintRegistry& registry, LintOptions options) const {
  options.eval = state_->options.eval;
  options.dns = state_->options.dns;
  options.duplicates = state_->duplicates;
  // The state's evaluator is of this cluster under these eval options.
  return RunLint(registry, state_->cluster, state_->evaluator, options);
}

Result<Analysis> Analysis::With(const std::vector<InputFile>& added,
                                const std::vector<std::string>& removed) const {
  Cluster cluster = state_->Unfolded();
  std::vector<InputFile> texts = state_->inputs;
  std::vector<Diagnostic> diagnostics = state_->load_diagnostics;
  if (!added.empty()) {
    LoadResult loaded = LoadInputs(added, LoadOptionsOf(state_->options));
    if (loaded.HasErrors()) {
      return InputErrors(std::move(loaded.diagnostics), added, "nothing was analysed");
    }
    cluster = AddObjects(cluster, loaded.cluster);
    texts.insert(texts.end(), added.begin(), added.end());
    diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
  }
  for (const std::string& reference : removed) {
    if (Status removed = RemoveWithDependents(&cluster, reference); !removed.ok()) {
      return Status(removed.code(), "--remove: " + removed.message());
    }
  }
  cluster.Finalize();
  LoadResult result;
  result.cluster = std::move(cluster);
  result.diagnostics = std::move(diagnostics);
  result.skipped_kinds = state_->skipped_kinds;
  result.duplicates = state_->duplicates;
  return Analysis(MakeState(state_->options, std::move(texts), std::move(result)));
}

Analysis Analysis::WithStagedPoliciesEnforced(std::size_t* enforced) const {
  LoadResult result;
  result.cluster = EnforceStagedPolicies(state_->Unfolded(), enforced);
  result.diagnostics = state_->load_diagnostics;
  result.skipped_kinds = state_->skipped_kinds;
  result.duplicates = state_->duplicates;
  return Analysis(MakeState(state_->options, state_->inputs, std::move(result)));
}

GraphDiff Analysis::Diff(const Analysis& after) const {
  // Both sides with this analysis' options: the after side's cached state
  // serves only when its options are the same.
  if (after.state_->options.eval != state_->options.eval) {
    const Evaluator after_eval(after.state_->cluster, state_->options.eval);
    return DiffOnClasses({&state_->evaluator, &class_graph()}, {&after_eval});
  }
  return DiffOnClasses({&state_->evaluator, &class_graph()},
                       {&after.state_->evaluator, &after.class_graph()});
}

NETPOL_NAMESPACE_END
