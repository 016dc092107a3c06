// NP020 allow-all-shadows: a broad policy that allows everything other
// policies of its namespace allow, so that they have no effect.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"

namespace netpol::lint {
namespace {

class AllowAllShadows : public BasicRule {
 public:
  AllowAllShadows()
      : BasicRule({"NP020", "allow-all-shadows", LintSeverity::kWarning,
                   "A broad policy allows everything other policies of its namespace allow, so "
                   "they have no effect",
                   R"(Policies only add allowances: when one policy allows, for every pod another policy selects,
everything that other one allows (ingress from `podSelector: {}`, a rule without `from`/`to`,
no `ports`), the other policy has no effect, however carefully it was narrowed. Reported on
the broad policy (its first rule that covers the others), naming the policies it makes
redundant: that is the one to narrow or remove, not the least-privilege ones. Two policies
that cover each other exactly are left to NP007 (redundant-rule).

Bad (allow-all makes api-from-web meaningless):
  # policy allow-all, podSelector: {}
  ingress:
  - from: [{podSelector: {}}]
  # policy api-from-web, podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]

Good (keep the least-privilege policies; drop or narrow the broad one):
  # policy api-from-web, podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const std::vector<PolicyId> order = PoliciesInSourceOrder(cluster);
    std::map<std::string, std::vector<PolicyId>> by_namespace;  // in source order
    for (PolicyId id : order) by_namespace[cluster.policies[id].namespace_name].push_back(id);
    for (PolicyId broad : order) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        CheckBroad(context, reporter, broad, direction,
                   by_namespace[cluster.policies[broad].namespace_name]);
      }
    }
  }

 private:
  // Whether `broad`'s rules allow everything `narrow`'s rules allow for the
  // pods `narrow` isolates (which `broad` must isolate too); the rules of
  // `broad` that did are added to `used`. On classes, as NP007: one pair per
  // (subject class, peer class) stands for all of its pairs.
  static bool Covers(const LintContext& context, PolicyId broad, PolicyId narrow,
                     Direction direction, std::set<int>& used) {
    const LintIndex& index = context.index();
    const NetworkPolicy& policy = context.cluster().policies[narrow];
    const std::vector<PodId>& subjects = index.Isolated(narrow, direction);
    if (subjects.empty() || !std::includes(index.Isolated(broad, direction).begin(),
                                           index.Isolated(broad, direction).end(),
                                           subjects.begin(), subjects.end())) {
      return false;
    }
    const std::vector<LintClass> subject_classes = index.ClassesOfPods(subjects);
    bool allows_something = false;
    std::set<int> rules_used;
    for (const Rule& rule : policy.Rules(direction)) {
      const std::vector<LintClass> others = index.RuleClasses(policy, rule);
      for (LintClass subject_class : subject_classes) {
        for (LintClass other_class : others) {
          const auto pair = index.DistinctPair(subject_class, other_class);
          if (!pair) continue;
          const Endpoint& destination =
              direction == Direction::kIngress ? pair->first : pair->second;
          const PortSet ports = context.evaluator().RulePorts(rule, destination);
          if (ports.IsEmpty()) continue;
          allows_something = true;
          const SideVerdict& side = index.Side(direction, subject_class, other_class);
          PortSet broad_allows;
          for (const SideVerdict::Contribution& c : side.allowed_by) {
            if (c.rule.policy != broad) continue;
            if (!c.ports.Intersect(ports).IsEmpty()) rules_used.insert(c.rule.rule_index);
            broad_allows.Merge(c.ports);
          }
          if (!(ports.Intersect(broad_allows) == ports)) return false;
        }
      }
    }
    if (!allows_something) return false;
    used.insert(rules_used.begin(), rules_used.end());
    return true;
  }

  // Whether every `direction` rule of `narrow` is also a rule of `broad`:
  // a plain duplicate, which NP007 (redundant-rule) reports.
  static bool AllRulesIdentical(const Cluster& cluster, PolicyId narrow, PolicyId broad,
                                Direction direction) {
    const std::vector<Rule>& theirs = cluster.policies[broad].Rules(direction);
    for (const Rule& rule : cluster.policies[narrow].Rules(direction)) {
      const Rule bare = WithoutLocations(rule);
      if (std::none_of(theirs.begin(), theirs.end(),
                       [&](const Rule& other) { return WithoutLocations(other) == bare; })) {
        return false;
      }
    }
    return true;
  }

  static void CheckBroad(const LintContext& context, LintReporter& reporter, PolicyId broad,
                         Direction direction, const std::vector<PolicyId>& neighbours) {
    const Cluster& cluster = context.cluster();
    const NetworkPolicy& policy = cluster.policies[broad];
    if (!policy.Affects(direction) || policy.Rules(direction).empty()) return;
    std::vector<std::string> shadowed;
    std::set<int> used;
    for (PolicyId narrow : neighbours) {
      const NetworkPolicy& other = cluster.policies[narrow];
      if (narrow == broad || !other.Affects(direction) || other.Rules(direction).empty()) {
        continue;
      }
      if (AllRulesIdentical(cluster, narrow, broad, direction)) continue;  // NP007's
      std::set<int> used_here;
      if (!Covers(context, broad, narrow, direction, used_here)) continue;
      std::set<int> ignored;
      if (Covers(context, narrow, broad, direction, ignored)) continue;  // equal: NP007's
      shadowed.push_back(fmt::format("{} ({})", other.Id(), other.loc.ToString()));
      used.insert(used_here.begin(), used_here.end());
    }
    if (shadowed.empty()) return;
    const std::size_t first = static_cast<std::size_t>(used.empty() ? 0 : *used.begin());
    const Rule& rule = policy.Rules(direction)[first];
    std::vector<std::string> labels;
    for (int r : used) labels.push_back(RuleLabel(direction, static_cast<std::size_t>(r)));
    if (labels.empty()) labels.push_back(RuleLabel(direction, first));
    const std::string label = JoinLimited(labels);
    const bool one = shadowed.size() == 1;
    const bool one_rule = labels.size() == 1;
    const char* verb = direction == Direction::kIngress ? "admit" : "allow";
    reporter.Diag(
        KnownOr(rule.loc, policy.loc),
        fmt::format("{} of {} {}{} everything that {} {}{} for the pods {} select{}, so {} no "
                    "effect on {}: the broad policy defeats the least-privilege one{}",
                    label, policy.Id(), verb, one_rule ? "s" : "", JoinLimited(shadowed), verb,
                    one ? "s" : "", one ? "it" : "they", one ? "s" : "",
                    one ? "that policy has" : "those policies have", DirectionKey(direction),
                    one ? "" : "s"),
        fmt::format("narrow {} of {} to the traffic {} meant for, or remove {}; keep the "
                    "narrower {}",
                    label, policy.Id(), one_rule ? "it is" : "they are", one_rule ? "it" : "them",
                    one ? "policy" : "policies"));
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeAllowAllShadowsRule() { return std::make_unique<AllowAllShadows>(); }

}  // namespace netpol::lint
