// `netpol lint`: checks for common NetworkPolicy mistakes.
//
// Design (after clang-tidy): every check is a LintRule in its own source file
// with a stable id (NP001...), a kebab-case name, a default severity and a
// documentation paragraph with a bad and a good example. Rules are added to a
// LintRegistry explicitly (RegisterBuiltinRules), never by static
// self-registration. A rule reports through one call, LintReporter::Diag
// (location, message, fix); RunLint fills in the rule's id and severity,
// drops findings suppressed by a `netpol.lint/ignore` annotation on the object
// that contains the location, and sorts the rest by file, line, column, id.
//
// Rules never re-implement NetworkPolicy semantics: they ask the Evaluator
// (IsolatingPolicies, PeerMatches, RulePorts, EvaluateSide), so a lint
// finding and `netpol explain` always agree.
//
// Threads: RunLint and Analysis::Lint build their own LintContext per call
// (its lazily built index is per context, built under std::call_once); the
// registry and rules are const and stateless, so concurrent runs over const
// inputs are safe. A LintContext itself is used by one run at a time.
// Cost: see Analysis::Lint in analysis.h.
#ifndef NETPOL_LINT_H_
#define NETPOL_LINT_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "netpol/api.h"
#include "netpol/cluster_dns.h"
#include "netpol/duplicate_object.h"
#include "netpol/endpoint.h"
#include "netpol/evaluator.h"
#include "netpol/label_typo.h"
#include "netpol/model.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

namespace lint {
class LintIndex;
}

/// How serious a finding is; ordered from most to least severe.
enum class LintSeverity { kError = 0, kWarning = 1, kInfo = 2 };

/// "error", "warning" or "info".
const char* LintSeverityName(LintSeverity severity);
/// Parses "error", "warning" or "info".
std::optional<LintSeverity> ParseLintSeverity(std::string_view text);

/// The annotation that suppresses findings on the object carrying it: a rule
/// id, a rule name, a comma-separated list of them, or `all`; then optionally
/// `: reason` ("NP011: public endpoint"), the justification SARIF reports.
inline constexpr const char* kLintIgnoreAnnotation = "netpol.lint/ignore";

/// What the registry knows about a rule.
struct LintRuleInfo {
  std::string id;       ///< Stable: "NP004".
  std::string name;     ///< Kebab-case: "one-sided-allow".
  LintSeverity severity = LintSeverity::kWarning;
  std::string summary;  ///< One line.
  std::string doc;      ///< A paragraph, then a bad and a good example.
};

/// One problem found by a rule.
struct LintFinding {
  std::string rule_id;
  std::string rule_name;
  LintSeverity severity = LintSeverity::kWarning;
  SourceLoc loc;        ///< The rule, peer or object at fault.
  std::string message;  ///< What is wrong, naming the objects involved.
  std::string fix;      ///< How to fix it; may be empty.
  /// Set when a `netpol.lint/ignore` annotation suppresses the finding (kept
  /// only with LintOptions::keep_suppressed): the reason given, may be empty.
  std::optional<std::string> suppressed;
  bool operator==(const LintFinding&) const = default;
};

/// Which rules run, at which severity, and the facts they need.
struct LintOptions {
  /// Run only these rules (ids or names); empty: every registered rule.
  std::set<std::string> enabled;
  /// Do not run these rules (ids or names).
  std::set<std::string> disabled;
  /// Report a rule's findings at this severity instead of its own (keys are
  /// ids or names; `.netpol.yaml`'s rules.severity).
  std::map<std::string, LintSeverity> severity;
  /// Keep findings an annotation suppresses, marked LintFinding::suppressed
  /// (SARIF reports them as suppressions); by default they are dropped.
  bool keep_suppressed = false;
  EvalOptions eval;
  /// Where cluster DNS runs (dns-egress-blocked checks reachability to it).
  ClusterDnsOptions dns;
  /// Objects defined twice (LoadResult::duplicates) for duplicate-object.
  std::vector<DuplicateObject> duplicates;
  /// Namespaces the no-default-deny rules leave alone: system components
  /// (cluster DNS, kube-proxy) run there and are rarely policed.
  std::set<std::string> system_namespaces = {"kube-system", "kube-public", "kube-node-lease"};
};

/// What a rule checks: the cluster, an evaluator over it and the options,
/// with helpers every rule needs. The helpers answer from an index built on
/// first use (pods by namespace, isolation by policy, equivalence classes of
/// endpoints and the classes each peer matches), so a rule asking them for
/// every policy costs no walk over every pod.
class LintContext {
 public:
  /// Keeps references to all three arguments: they must outlive the
  /// context. A temporary argument would die at the end of the statement, so
  /// building a context from one does not compile.
  LintContext(const Cluster& cluster, const Evaluator& evaluator, const LintOptions& options);
  LintContext(Cluster&&, const Evaluator&, const LintOptions&) = delete;
  LintContext(const Cluster&, Evaluator&&, const LintOptions&) = delete;
  LintContext(const Cluster&, const Evaluator&, LintOptions&&) = delete;
  ~LintContext();
  LintContext(const LintContext&) = delete;
  LintContext& operator=(const LintContext&) = delete;

  const Cluster& cluster() const { return cluster_; }
  const Evaluator& evaluator() const { return evaluator_; }
  const LintOptions& options() const { return options_; }

  /// The inputs hold at least one pod or workload (endpoints netpol models
  /// itself, such as kube-dns[Modelled], do not count). Rules that judge
  /// selectors against pods stay silent otherwise: a repository of policies
  /// alone says nothing about which pods exist.
  bool HasPods() const { return has_pods_; }
  /// Pods and workloads of namespace `name` (not modelled ones).
  std::vector<PodId> PodsOf(const std::string& name) const;
  /// Pods `policy`'s podSelector matches by labels, hostNetwork ones included.
  std::vector<PodId> SelectedByLabels(const NetworkPolicy& policy) const;
  /// Pods `policy` isolates for `direction` (Evaluator::IsolatingPolicies).
  /// Precondition: `policy` < cluster().policies.size(); checked (aborts).
  std::vector<PodId> Isolated(PolicyId policy, Direction direction) const;
  /// Pods (and, with `with_external`, external address blocks) that `peer`
  /// of `policy` matches.
  std::vector<Endpoint> PeerEndpoints(const NetworkPolicy& policy, const Peer& peer,
                                      bool with_external) const;
  /// Every endpoint a rule may match: every pod, then every external block.
  const std::vector<Endpoint>& AllEndpoints() const { return all_endpoints_; }
  /// "ns/name" of a pod, the block's id for an external endpoint.
  std::string Name(const Endpoint& endpoint) const;
  /// "ns/policy ingress[0]".
  std::string RuleName(const RuleRef& rule) const;
  /// Whether `pod` was synthesised by netpol (kube-dns[Modelled]).
  bool IsModelled(PodId pod) const;

  /// The shared per-run index (lib/src/lint/lint_index.h), built on first
  /// use; private to the library's rules.
  const lint::LintIndex& index() const;

  /// The likely label typos (FindLabelTypos), found on first use: the
  /// selector rules name them as the cause of what they report.
  const std::vector<LabelTypo>& LabelTypos() const;
  /// The first typo whose selectors include `site`'s policy and position
  /// (its term location aside), or nullptr.
  const LabelTypo* TypoAt(const SelectorSite& site) const;

 private:
  const Cluster& cluster_;
  const Evaluator& evaluator_;
  const LintOptions& options_;
  bool has_pods_ = false;
  std::vector<Endpoint> all_endpoints_;
  std::vector<ExternalBlock> blocks_;
  // The index and the typos, built on first use (lint.cc). Owned; a raw
  // pointer keeps <memory> and <mutex> out of this header.
  struct Lazy;
  Lazy* lazy_;
};

/// The one way a rule reports: Diag(location, message, fix).
class LintReporter {
 public:
  virtual ~LintReporter() = default;
  virtual void Diag(const SourceLoc& loc, std::string message, std::string fix = {}) = 0;
};

/// A lint check. Implementations are stateless and const.
class LintRule {
 public:
  virtual ~LintRule() = default;
  virtual const LintRuleInfo& Info() const = 0;
  virtual void Check(const LintContext& context, LintReporter& reporter) const = 0;
};

/// The rules `netpol lint` knows, in registration order. Owns its rules;
/// movable, not copyable.
class LintRegistry {
 public:
  LintRegistry() = default;
  ~LintRegistry();
  /// Takes `other`'s rules; `other` is empty afterwards.
  LintRegistry(LintRegistry&& other) noexcept;
  /// Frees this registry's rules and takes `other`'s.
  LintRegistry& operator=(LintRegistry&& other) noexcept;
  LintRegistry(const LintRegistry&) = delete;
  LintRegistry& operator=(const LintRegistry&) = delete;

  /// Adds a rule of type `Rule` (a LintRule), constructed from `args`.
  /// Returns false (and drops it) when its id or name is taken:
  /// `registry.Add<MyRule>()`.
  template <class Rule, class... Args>
  bool Add(Args&&... args) {
    static_assert(std::is_base_of_v<LintRule, Rule>,
                  "LintRegistry::Add<Rule>: Rule must derive from LintRule");
    return Adopt(new Rule(std::forward<Args>(args)...));
  }
  /// By id ("NP004", case-insensitive) or name ("one-sided-allow").
  const LintRule* Find(std::string_view id_or_name) const;
  /// The rules, in registration order; they live as long as the registry.
  const std::vector<const LintRule*>& rules() const { return rules_; }
  /// Every rule's info, in registration order.
  std::vector<LintRuleInfo> Infos() const;

 private:
  friend void RegisterBuiltinRules(LintRegistry& registry);
  // Takes ownership of `rule`; deletes it and returns false when its id or
  // name is taken.
  bool Adopt(const LintRule* rule);

  std::vector<const LintRule*> rules_;  // owned
};

/// Adds netpol's rules (NP001...) to `registry`.
void RegisterBuiltinRules(LintRegistry& registry);

/// Runs the enabled rules over `cluster` (prepared as the CLI prepares it:
/// finalised, cluster DNS modelled if wanted). Findings on objects that carry
/// a matching `netpol.lint/ignore` annotation are dropped (or kept and marked,
/// with keep_suppressed); LintOptions::severity overrides rules' severities. Sorted by file,
/// line, column, rule id. Unknown names in `enabled`/`disabled` are ignored
/// (the CLI rejects them before).
std::vector<LintFinding> RunLint(const LintRegistry& registry, const Cluster& cluster,
                                 const LintOptions& options);
/// The same with `evaluator`, an Evaluator of `cluster` under `options.eval`
/// that the caller already holds (building one costs pods × policies).
std::vector<LintFinding> RunLint(const LintRegistry& registry, const Cluster& cluster,
                                 const Evaluator& evaluator, const LintOptions& options);

/// Whether `annotations` suppress rule `info` (`netpol.lint/ignore`).
bool LintSuppressedBy(const Annotations& annotations, const LintRuleInfo& info);
/// The reason `annotations` give for suppressing rule `info` ("" when the
/// annotation names the rule without a reason), or nullopt when they do not
/// suppress it.
std::optional<std::string> LintSuppression(const Annotations& annotations,
                                           const LintRuleInfo& info);

NETPOL_NAMESPACE_END

#endif  // NETPOL_LINT_H_
