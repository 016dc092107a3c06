// NP020 allow-all-shadows: a broad policy that allows everything other
// policies of its namespace allow, so that they have no effect.
#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
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
    const LintIndex& index = context.index();
    const std::vector<PolicyId> order = PoliciesInSourceOrder(cluster);
    std::map<std::pair<PolicyId, Direction>, Coverers> cache;
    const auto coverers_of = [&](PolicyId id, Direction direction) -> const Coverers& {
      auto [it, fresh] = cache.try_emplace({id, direction});
      if (fresh) it->second = CoverersOf(context, id, direction);
      return it->second;
    };
    struct Shadowed {
      std::vector<PolicyId> narrow;  // in source order
      std::set<int> rules;           // the broad policy's rules that cover them
    };
    std::map<std::pair<PolicyId, Direction>, Shadowed> by_broad;
    for (PolicyId narrow : order) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<PodId>& subjects = index.Isolated(narrow, direction);
        for (const auto& [broad, rules] : coverers_of(narrow, direction)) {
          const std::vector<PodId>& isolated = index.Isolated(broad, direction);
          if (!std::includes(isolated.begin(), isolated.end(), subjects.begin(), subjects.end())) {
            continue;  // the narrow policy still isolates pods the broad one does not
          }
          if (AllRulesIdentical(cluster, narrow, broad, direction)) continue;  // NP007's
          if (coverers_of(broad, direction).count(narrow)) continue;  // equal: NP007's
          Shadowed& shadowed = by_broad[{broad, direction}];
          shadowed.narrow.push_back(narrow);
          shadowed.rules.insert(rules.begin(), rules.end());
        }
      }
    }
    for (PolicyId broad : order) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        auto it = by_broad.find({broad, direction});
        if (it == by_broad.end()) continue;
        Report(cluster, reporter, broad, direction, it->second.narrow, it->second.rules);
      }
    }
  }

 private:
  // The policies other than `narrow` whose rules allow everything `narrow`'s
  // `direction` rules allow, for every pod `narrow` isolates and every peer
  // they match, each with its rules that did. Empty when `narrow` allows
  // nothing. On classes, as NP007: one pair per (subject class, peer class)
  // stands for all of its pairs; the first pair names the candidates and
  // each further pair can only remove some, so this costs what NP007 costs.
  using Coverers = std::map<PolicyId, std::set<int>>;
  static Coverers CoverersOf(const LintContext& context, PolicyId narrow, Direction direction) {
    const LintIndex& index = context.index();
    const NetworkPolicy& policy = context.cluster().policies[narrow];
    Coverers candidates;
    if (!policy.Affects(direction)) return candidates;
    const std::vector<LintClass> subject_classes =
        index.ClassesOfPods(index.Isolated(narrow, direction));
    bool first = true;
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
          const SideVerdict& side = index.Side(direction, subject_class, other_class);
          std::map<PolicyId, PortSet> allowed;
          std::map<PolicyId, std::set<int>> used;
          for (const SideVerdict::Contribution& c : side.allowed_by) {
            if (c.rule.policy == narrow || (!first && !candidates.count(c.rule.policy))) continue;
            allowed[c.rule.policy].Merge(c.ports);
            if (!c.ports.Intersect(ports).IsEmpty()) used[c.rule.policy].insert(c.rule.rule_index);
          }
          Coverers kept;
          for (const auto& [id, union_of_rules] : allowed) {
            if (!(ports.Intersect(union_of_rules) == ports)) continue;
            std::set<int>& rules = kept[id];
            if (!first) rules = std::move(candidates[id]);
            rules.insert(used[id].begin(), used[id].end());
          }
          candidates = std::move(kept);
          first = false;
          if (candidates.empty()) return candidates;
        }
      }
    }
    return candidates;
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

  static void Report(const Cluster& cluster, LintReporter& reporter, PolicyId broad,
                     Direction direction, const std::vector<PolicyId>& narrow,
                     const std::set<int>& used) {
    const NetworkPolicy& policy = cluster.policies[broad];
    std::vector<std::string> shadowed;
    for (PolicyId id : narrow) {
      shadowed.push_back(fmt::format("{} ({})", cluster.policies[id].Id(),
                                     cluster.policies[id].loc.ToString()));
    }
    const std::size_t first = static_cast<std::size_t>(used.empty() ? 0 : *used.begin());
    const Rule& rule = policy.Rules(direction)[first];
    std::vector<std::string> labels;
    for (int r : used) labels.push_back(RuleLabel(direction, static_cast<std::size_t>(r)));
    if (labels.empty()) labels.push_back(RuleLabel(direction, first));
    const std::string label = JoinLimited(labels);
    const bool one = shadowed.size() == 1;
    const bool one_rule = labels.size() == 1;
    const bool ingress = direction == Direction::kIngress;
    const char* verb = ingress ? "admit" : "allow";  // "admits" reads right for ingress
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

}  // namespace lint
NETPOL_NAMESPACE_END
