// The lint registry, the context rules see, and RunLint: enabling rules,
// collecting their findings, suppression by annotation, sorting.
#include "netpol/lint.h"

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

bool Names(const LintRuleInfo& info, std::string_view id_or_name) {
  const std::string key = Lower(id_or_name);
  return key == "all" || key == Lower(info.id) || key == Lower(info.name);
}

// Finds the object whose manifest contains a location: objects of one file
// start in source order, so it is the last one starting at or before it.
class AnnotationIndex {
 public:
  explicit AnnotationIndex(const Cluster& cluster) {
    for (const Namespace& ns : cluster.namespaces) {
      if (ns.declared) Add(ns.loc, ns.annotations);
    }
    for (const Pod& pod : cluster.pods) Add(pod.loc, pod.annotations);
    for (const NetworkPolicy& policy : cluster.policies) Add(policy.loc, policy.annotations);
    for (const ClusterPolicy& policy : cluster.cluster_policies) Add(policy.loc, policy.annotations);
    for (const Service& service : cluster.services) Add(service.loc, kNone);
    for (auto& [file, starts] : by_file_) {
      std::sort(starts.begin(), starts.end(), [](const Start& a, const Start& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
      });
    }
  }

  const Annotations& For(const SourceLoc& loc) const {
    auto it = by_file_.find(loc.file);
    if (it == by_file_.end()) return kNone;
    const Annotations* found = &kNone;
    for (const Start& start : it->second) {
      if (std::tie(start.line, start.column) > std::tie(loc.line, loc.column)) break;
      found = start.annotations;
    }
    return *found;
  }

 private:
  struct Start {
    int line;
    int column;
    const Annotations* annotations;
  };
  void Add(const SourceLoc& loc, const Annotations& annotations) {
    if (loc.IsKnown()) by_file_[loc.file].push_back(Start{loc.line, loc.column, &annotations});
  }

  static inline const Annotations kNone;
  std::map<std::string, std::vector<Start>> by_file_;
};

class CollectingReporter : public LintReporter {
 public:
  CollectingReporter(const LintRuleInfo& info, LintSeverity severity, bool keep_suppressed,
                     const AnnotationIndex& index, std::vector<LintFinding>& out)
      : info_(info), severity_(severity), keep_suppressed_(keep_suppressed), index_(index),
        out_(out) {}

  void Diag(const SourceLoc& loc, std::string message, std::string fix) override {
    std::optional<std::string> suppressed = LintSuppression(index_.For(loc), info_);
    if (suppressed && !keep_suppressed_) return;
    LintFinding finding{info_.id, info_.name, severity_, loc, std::move(message), std::move(fix),
                        std::move(suppressed)};
    out_.push_back(std::move(finding));
  }

 private:
  const LintRuleInfo& info_;
  LintSeverity severity_;
  bool keep_suppressed_;
  const AnnotationIndex& index_;
  std::vector<LintFinding>& out_;
};

}  // namespace

const char* LintSeverityName(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kError: return "error";
    case LintSeverity::kWarning: return "warning";
    case LintSeverity::kInfo: return "info";
  }
  return "error";
}

std::optional<LintSeverity> ParseLintSeverity(std::string_view text) {
  if (text == "error") return LintSeverity::kError;
  if (text == "warning") return LintSeverity::kWarning;
  if (text == "info") return LintSeverity::kInfo;
  return std::nullopt;
}

bool LintSuppressedBy(const Annotations& annotations, const LintRuleInfo& info) {
  return LintSuppression(annotations, info).has_value();
}

std::optional<std::string> LintSuppression(const Annotations& annotations,
                                           const LintRuleInfo& info) {
  auto it = annotations.find(kLintIgnoreAnnotation);
  if (it == annotations.end()) return std::nullopt;
  // "IDS[: reason]": rule ids and names contain no colon.
  std::string_view rest = it->second;
  std::string reason;
  if (const std::size_t colon = rest.find(':'); colon != std::string_view::npos) {
    reason = Trim(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string item = Trim(rest.substr(0, comma));
    if (!item.empty() && Names(info, item)) return reason;
    if (comma == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(comma + 1);
  }
}

struct LintContext::Lazy {
  std::once_flag index_once;
  std::unique_ptr<lint::LintIndex> index;
  std::once_flag typos_once;
  std::vector<LabelTypo> typos;
};

LintContext::LintContext(const Cluster& cluster, const Evaluator& evaluator,
                         const LintOptions& options)
    : cluster_(cluster), evaluator_(evaluator), options_(options), lazy_(new Lazy) {
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    if (!IsModelled(id)) has_pods_ = true;
    all_endpoints_.push_back(Endpoint::ForPod(id));
  }
  blocks_ = PartitionExternalAddresses(cluster);
  for (const ExternalBlock& block : blocks_) {
    all_endpoints_.push_back(Endpoint::ForAddress(block.Representative()));
  }
}

LintContext::~LintContext() { delete lazy_; }

const lint::LintIndex& LintContext::index() const {
  std::call_once(lazy_->index_once, [&] {
    lazy_->index = std::make_unique<lint::LintIndex>(cluster_, evaluator_, blocks_);
  });
  return *lazy_->index;
}

const std::vector<LabelTypo>& LintContext::LabelTypos() const {
  std::call_once(lazy_->typos_once, [&] { lazy_->typos = FindLabelTypos(cluster_); });
  return lazy_->typos;
}

const LabelTypo* LintContext::TypoAt(const SelectorSite& site) const {
  for (const LabelTypo& typo : LabelTypos()) {
    for (const SelectorSite& s : typo.selectors) {
      if (s.policy == site.policy && s.direction == site.direction && s.rule == site.rule &&
          s.peer == site.peer && s.namespace_selector == site.namespace_selector) {
        return &typo;
      }
    }
  }
  return nullptr;
}

bool LintContext::IsModelled(PodId pod) const { return cluster_.pods[pod].kind == "Modelled"; }

std::vector<PodId> LintContext::PodsOf(const std::string& name) const {
  return index().PodsOf(name);
}

std::vector<PodId> LintContext::SelectedByLabels(const NetworkPolicy& policy) const {
  // Labels are part of a class's key: one match per class of the namespace.
  const lint::LintIndex& idx = index();
  std::vector<lint::LintClass> selected;
  for (lint::LintClass c : idx.ClassesOf(policy.namespace_name)) {
    if (policy.pod_selector.Matches(cluster_.pods[idx.Members(c).front()].labels)) {
      selected.push_back(c);
    }
  }
  return idx.Expand(selected);
}

std::vector<PodId> LintContext::Isolated(PolicyId policy, Direction direction) const {
  if (policy >= cluster_.policies.size()) {
    std::fprintf(stderr, "netpol: LintContext::Isolated: policy id %zu is out of range: the cluster has %zu policies\n",
                 policy, cluster_.policies.size());
    std::abort();
  }
  return index().Isolated(policy, direction);
}

std::vector<Endpoint> LintContext::PeerEndpoints(const NetworkPolicy& policy, const Peer& peer,
                                                 bool with_external) const {
  const lint::LintIndex& idx = index();
  const std::vector<lint::LintClass>& classes = idx.PeerClasses(policy, peer);
  std::vector<Endpoint> matched;
  for (PodId pod : idx.Expand(classes)) matched.push_back(Endpoint::ForPod(pod));
  if (with_external) {
    for (lint::LintClass c : classes) {
      if (idx.IsExternal(c)) matched.push_back(idx.Representative(c));
    }
  }
  return matched;
}

std::string LintContext::Name(const Endpoint& endpoint) const {
  if (endpoint.IsPod()) return cluster_.pods[*endpoint.pod].Id();
  for (const ExternalBlock& block : blocks_) {
    if (endpoint.address && block.Representative() == *endpoint.address) return block.Id();
  }
  return endpoint.address ? endpoint.address->ToString() : "?";
}

std::string LintContext::RuleName(const RuleRef& rule) const {
  return cluster_.policies[rule.policy].Id() + " " +
         lint::RuleLabel(rule.direction, static_cast<std::size_t>(rule.rule_index));
}

LintRegistry::~LintRegistry() {
  for (const LintRule* rule : rules_) delete rule;
}

LintRegistry::LintRegistry(LintRegistry&& other) noexcept : rules_(std::move(other.rules_)) {
  other.rules_.clear();
}

LintRegistry& LintRegistry::operator=(LintRegistry&& other) noexcept {
  if (this != &other) {
    for (const LintRule* rule : rules_) delete rule;
    rules_ = std::move(other.rules_);
    other.rules_.clear();
  }
  return *this;
}

bool LintRegistry::Adopt(const LintRule* rule) {
  std::unique_ptr<const LintRule> owned(rule);
  if (!owned || Find(owned->Info().id) || Find(owned->Info().name)) return false;
  rules_.push_back(owned.get());
  owned.release();
  return true;
}

const LintRule* LintRegistry::Find(std::string_view id_or_name) const {
  const std::string key = Lower(id_or_name);
  for (const auto& rule : rules_) {
    if (key == Lower(rule->Info().id) || key == Lower(rule->Info().name)) return rule;
  }
  return nullptr;
}

std::vector<LintRuleInfo> LintRegistry::Infos() const {
  std::vector<LintRuleInfo> infos;
  for (const auto& rule : rules_) infos.push_back(rule->Info());
  return infos;
}

void RegisterBuiltinRules(LintRegistry& registry) {
  registry.Adopt(lint::MakePolicySelectsNothingRule().release());
  registry.Adopt(lint::MakePeerSelectsNothingRule().release());
  registry.Adopt(lint::MakeOrInsteadOfAndRule().release());
  registry.Adopt(lint::MakeOneSidedAllowRule().release());
  registry.Adopt(lint::MakeDnsEgressBlockedRule().release());
  registry.Adopt(lint::MakeNamedPortUndefinedRule().release());
  registry.Adopt(lint::MakeRedundantRuleRule().release());
  registry.Adopt(lint::MakeImplicitPolicyTypesRule().release());
  registry.Adopt(lint::MakeNoDefaultDenyIngressRule().release());
  registry.Adopt(lint::MakeNoDefaultDenyEgressRule().release());
  registry.Adopt(lint::MakeBroadIngressRule().release());
  registry.Adopt(lint::MakeIpBlockExceptOutsideCidrRule().release());
  registry.Adopt(lint::MakeIpBlockCoversPodRangeRule().release());
  registry.Adopt(lint::MakeHostNetworkSelectedRule().release());
  registry.Adopt(lint::MakeDuplicateObjectRule().release());
  registry.Adopt(lint::MakePolicyInEmptyNamespaceRule().release());
  registry.Adopt(lint::MakeTierRuleShadowedRule().release());
  registry.Adopt(lint::MakePassWithoutNetworkPolicyRule().release());
  registry.Adopt(lint::MakeDuplicateTierPriorityRule().release());
  registry.Adopt(lint::MakeAllowAllShadowsRule().release());
  registry.Adopt(lint::MakeServicePortNotTargetPortRule().release());
  registry.Adopt(lint::MakeLikelyLabelTypoRule().release());
  registry.Adopt(lint::MakeExposedWorkloadRule().release());
  registry.Adopt(lint::MakeL7RulesWithoutEffectRule().release());
  registry.Adopt(lint::MakeFqdnWithoutDnsVisibilityRule().release());
  registry.Adopt(lint::MakeCiliumWorldIngressRule().release());
  registry.Adopt(lint::MakeDefaultDenyOffWithoutEffectRule().release());
  registry.Adopt(lint::MakeCiliumReopensDefaultDenyRule().release());
  registry.Adopt(lint::MakeCiliumEmptyEndpointsPeerRule().release());
  registry.Adopt(lint::MakeCiliumDenyShadowsAllowsRule().release());
  registry.Adopt(lint::MakeCalicoDnsEgressDeniedRule().release());
  registry.Adopt(lint::MakeCalicoPassToNoTierRule().release());
  registry.Adopt(lint::MakeCalicoUnreachableRuleRule().release());
  registry.Adopt(lint::MakeCalicoOrderCollisionRule().release());
}

std::vector<LintFinding> RunLint(const LintRegistry& registry, const Cluster& cluster,
                                 const LintOptions& options) {
  EvalOptions eval = options.eval;
  eval.dns = options.dns;  // the toFQDNs gate reads the same DNS pods as the rules
  const Evaluator evaluator(cluster, eval);
  return RunLint(registry, cluster, evaluator, options);
}

std::vector<LintFinding> RunLint(const LintRegistry& registry, const Cluster& cluster,
                                 const Evaluator& evaluator, const LintOptions& options) {
  const LintContext context(cluster, evaluator, options);
  const AnnotationIndex index(cluster);
  auto listed = [](const std::set<std::string>& names, const LintRuleInfo& info) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& name) { return Names(info, name); });
  };
  std::vector<LintFinding> findings;
  for (const auto& rule : registry.rules()) {
    const LintRuleInfo& info = rule->Info();
    if (!options.enabled.empty() && !listed(options.enabled, info)) continue;
    if (listed(options.disabled, info)) continue;
    LintSeverity severity = info.severity;
    for (const auto& [name, override_severity] : options.severity) {
      if (Lower(name) != "all" && Names(info, name)) severity = override_severity;
    }
    CollectingReporter reporter(info, severity, options.keep_suppressed, index, findings);
    rule->Check(context, reporter);
  }
  std::stable_sort(findings.begin(), findings.end(), [](const LintFinding& a, const LintFinding& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.column, a.rule_id) <
           std::tie(b.loc.file, b.loc.line, b.loc.column, b.rule_id);
  });
  return findings;
}

NETPOL_NAMESPACE_END
