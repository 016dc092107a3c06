// NP007 redundant-rule: rules and policies that allow nothing new.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"
#include "select/selector_key.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

using RuleKey = std::tuple<PolicyId, Direction, int>;

RuleKey KeyOf(const RuleRef& ref) { return {ref.policy, ref.direction, ref.rule_index}; }

// Rules found redundant so far, by policy, direction and rule index: a flat
// lookup, since CoveredBy asks once per contribution of every side verdict.
class RemovedRules {
 public:
  explicit RemovedRules(const Cluster& cluster) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      auto& flags = flags_[Slot(direction)];
      flags.resize(cluster.policies.size());
      for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
        flags[id].assign(cluster.policies[id].Rules(direction).size(), 0);
      }
    }
  }
  void Insert(const RuleRef& ref) { flags_[Slot(ref.direction)][ref.policy][Index(ref)] = 1; }
  bool Contains(const RuleRef& ref) const {
    const auto& rules = flags_[Slot(ref.direction)][ref.policy];
    return Index(ref) < rules.size() && rules[Index(ref)] != 0;
  }

 private:
  static std::size_t Slot(Direction direction) { return direction == Direction::kIngress ? 0 : 1; }
  static std::size_t Index(const RuleRef& ref) { return static_cast<std::size_t>(ref.rule_index); }
  std::vector<std::vector<char>> flags_[2];  // by direction, then PolicyId, then rule
};

class RedundantRule : public BasicRule {
 public:
  RedundantRule()
      : BasicRule({"NP007", "redundant-rule", LintSeverity::kWarning,
                   "A rule or policy allows nothing that other rules do not already allow "
                   "(including exact duplicates)",
                   R"(A rule is redundant when, for every pod its policy isolates and every endpoint its peers
match, the ports it allows are already allowed by other rules of its policy, or by identical
rules of other policies: deleting it changes no verdict. A narrow rule that a broader rule of
ANOTHER policy covers is not reported: the narrow one is the least-privilege intent worth
keeping, and NP020 (allow-all-shadows) reports the broad policy instead. A policy is
redundant when all its rules are and every pod it isolates is isolated by another policy too. Exact duplicates are named as such. When several rules cover
each other, the later one in the inputs is reported, so deleting every reported rule at once is
safe. A policy without rules (a default-deny) is reported only when it duplicates another:
keeping an explicit default-deny is good practice even when other policies isolate its pods.

Bad (the second rule is already covered by the first):
  ingress:
  - from: [{podSelector: {}}]
    ports: [{port: 80}, {port: 443}]
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 80}]

Good:
  ingress:
  - from: [{podSelector: {}}]
    ports: [{port: 80}, {port: 443}])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    std::vector<PolicyId> order = PoliciesInSourceOrder(cluster);
    std::reverse(order.begin(), order.end());  // the later of two covering rules is reported
    RemovedRules removed(cluster);
    std::vector<Finding> rule_findings;
    for (PolicyId id : order) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kEgress, Direction::kIngress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<PodId>& subjects = context.index().Isolated(id, direction);
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = rules.size(); r-- > 0;) {
          const RuleRef self{id, direction, static_cast<int>(r)};
          auto covered = CoveredBy(context, self, subjects, removed);
          if (!covered) continue;
          removed.Insert(self);
          rule_findings.push_back(Finding{id, KnownOr(rules[r].loc, policy.loc),
                                          RuleMessage(context, self, *covered)});
        }
      }
    }
    // Policies, latest first, whose every rule went and whose isolation is
    // provided by policies that stay.
    std::vector<char> removed_policies(cluster.policies.size(), 0);  // by PolicyId
    // Candidates for Same, bucketed by a key that equal policies share, in
    // PolicyId order within a bucket: comparing 10k policies pairwise cost
    // minutes on the ADV-ALLSELECT tier.
    std::vector<std::string> bucket_key(cluster.policies.size());
    std::unordered_map<std::string, std::vector<PolicyId>> buckets;
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      bucket_key[id] = DuplicateKey(cluster.policies[id]);
      buckets[bucket_key[id]].push_back(id);
    }
    for (PolicyId id : order) {
      const NetworkPolicy& policy = cluster.policies[id];
      std::optional<PolicyId> duplicate_of =
          DuplicateOf(cluster, id, removed_policies, buckets.at(bucket_key[id]));
      bool has_rules = false;
      bool all_rules_removed = true;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          has_rules = true;
          if (!removed.Contains(RuleRef{id, direction, static_cast<int>(r)})) {
            all_rules_removed = false;
          }
        }
      }
      // Isolation elsewhere matters only for a policy whose rules all went
      // (the pods' loop is the costly part: pods × isolating policies).
      bool isolation_elsewhere = true;
      bool selects_any = false;
      if (!duplicate_of && has_rules && all_rules_removed) {
        for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
          if (!policy.Affects(direction)) continue;
          for (PodId pod : context.index().Isolated(id, direction)) {
            selects_any = true;
            const auto& isolating = context.evaluator().IsolatingPolicies(pod, direction);
            const bool other = std::any_of(isolating.begin(), isolating.end(), [&](PolicyId p) {
              return p != id && !removed_policies[p];
            });
            if (!other) isolation_elsewhere = false;
          }
        }
      }
      const bool redundant = duplicate_of || (has_rules && selects_any && all_rules_removed &&
                                              isolation_elsewhere);
      if (!redundant) continue;
      removed_policies[id] = 1;
      std::erase_if(rule_findings, [&](const Finding& f) { return f.policy == id; });
      const std::string message =
          duplicate_of
              ? fmt::format("policy {} duplicates {} ({}): same namespace, podSelector, "
                            "policyTypes and rules",
                            policy.Id(), cluster.policies[*duplicate_of].Id(),
                            cluster.policies[*duplicate_of].loc.ToString())
              : fmt::format("policy {} is redundant: every rule of it is already allowed by "
                            "other rules and every pod it selects is isolated by other policies",
                            policy.Id());
      reporter.Diag(policy.loc, message, "delete the policy");
    }
    for (const Finding& finding : rule_findings) {
      reporter.Diag(finding.loc, finding.message, "delete the rule");
    }
  }

 private:
  struct Finding {
    PolicyId policy;
    SourceLoc loc;
    std::string message;
  };

  // The rules that cover everything `self` allows, or nullopt when it allows
  // something nothing else does (or nothing at all). On classes: pods of a
  // class are matched and allowed alike, so one pair per (subject class,
  // peer class) stands for all of its pairs.
  static std::optional<std::set<RuleKey>> CoveredBy(const LintContext& context,
                                                    const RuleRef& self,
                                                    const std::vector<PodId>& subjects,
                                                    const RemovedRules& removed) {
    const Evaluator& evaluator = context.evaluator();
    const LintIndex& index = context.index();
    const NetworkPolicy& policy = context.cluster().policies[self.policy];
    const Rule& rule = policy.Rules(self.direction)[static_cast<std::size_t>(self.rule_index)];
    std::set<RuleKey> covering;
    std::map<RuleKey, bool> counts;  // CountsAsCover, per contributing rule
    bool allows_something = false;
    const std::vector<LintClass> others = index.RuleClasses(policy, rule);
    for (LintClass subject_class : index.ClassesOfPods(subjects)) {
      for (LintClass other_class : others) {
        const auto pair = index.DistinctPair(subject_class, other_class);
        if (!pair) continue;
        const Endpoint& destination =
            self.direction == Direction::kIngress ? pair->first : pair->second;
        const PortSet ports = evaluator.RulePorts(rule, destination);
        if (ports.IsEmpty()) continue;
        allows_something = true;
        const SideVerdict& side = index.Side(self.direction, subject_class, other_class);
        PortSet others_allow;
        for (const SideVerdict::Contribution& c : side.allowed_by) {
          if (c.rule == self || removed.Contains(c.rule)) continue;
          auto [verdict, fresh] = counts.try_emplace(KeyOf(c.rule), false);
          if (fresh) verdict->second = CountsAsCover(context.cluster(), self, c.rule);
          if (!verdict->second) continue;
          if (!c.ports.Intersect(ports).IsEmpty()) covering.insert(KeyOf(c.rule));
          others_allow.Merge(c.ports);
        }
        if (!(ports.Intersect(others_allow) == ports)) return std::nullopt;
      }
    }
    if (!allows_something) return std::nullopt;
    return covering;
  }

  static std::string RuleMessage(const LintContext& context, const RuleRef& self,
                                 const std::set<RuleKey>& covering) {
    const Cluster& cluster = context.cluster();
    const NetworkPolicy& policy = cluster.policies[self.policy];
    const Rule bare = WithoutLocations(policy.Rules(self.direction)[static_cast<std::size_t>(self.rule_index)]);
    std::vector<std::string> names;
    for (const auto& [policy_id, direction, index] : covering) {
      const NetworkPolicy& other = cluster.policies[policy_id];
      const Rule& other_rule = other.Rules(direction)[static_cast<std::size_t>(index)];
      if (policy_id == self.policy && WithoutLocations(other_rule) == bare) {
        return fmt::format("{} of {} duplicates {} ({})", RuleLabel(self.direction, static_cast<std::size_t>(self.rule_index)),
                           policy.Id(), RuleLabel(direction, static_cast<std::size_t>(index)),
                           other_rule.loc.ToString());
      }
      names.push_back(fmt::format("{} ({})", context.RuleName(RuleRef{policy_id, direction, index}),
                                  other_rule.loc.ToString()));
    }
    return fmt::format("{} of {} is redundant: everything it allows is already allowed by {}",
                       RuleLabel(self.direction, static_cast<std::size_t>(self.rule_index)),
                       policy.Id(), JoinLimited(names));
  }

  // What Same compares, in part: equal policies give equal keys (every
  // part is a function of location-free content), so only policies of one
  // key need comparing. Unequal policies may share a key; Same decides.
  static std::string DuplicateKey(const NetworkPolicy& policy) {
    std::string key = policy.namespace_name;
    key += '\x1d';
    AppendSelectorKey(policy.pod_selector, key);
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      key += policy.Affects(direction) ? 'a' : 'n';
      if (!policy.Affects(direction)) continue;
      for (const Rule& rule : policy.Rules(direction)) {
        key += '\x1d';
        for (const Peer& peer : rule.peers) {
          key += '\x1e';
          key += peer.pod_selector ? 'p' : '-';
          if (peer.pod_selector) AppendSelectorKey(*peer.pod_selector, key);
          key += peer.namespace_selector ? 'n' : '-';
          if (peer.namespace_selector) AppendSelectorKey(*peer.namespace_selector, key);
          key += peer.ip_block ? 'i' : '-';
          if (peer.ip_block) key += fmt::format("{}/{}", peer.ip_block->cidr.ToString(), peer.ip_block->except.size());
        }
        for (const PolicyPort& port : rule.ports) {
          key += fmt::format("\x1f{}:{}:{}:{}", static_cast<int>(port.protocol), port.port.value_or(-1),
                             port.port_name, port.end_port.value_or(-1));
        }
      }
    }
    return key;
  }

  static std::optional<PolicyId> DuplicateOf(const Cluster& cluster, PolicyId id,
                                             const std::vector<char>& removed,
                                             const std::vector<PolicyId>& candidates) {
    const NetworkPolicy& policy = cluster.policies[id];
    // Only a policy with the same key (so of the same namespace) can be the same.
    for (PolicyId other_id : candidates) {
      const NetworkPolicy& other = cluster.policies[other_id];
      if (other_id == id || removed[other_id] || !LocBefore(other.loc, policy.loc)) continue;
      if (Same(policy, other)) return other_id;
    }
    return std::nullopt;
  }

  static bool Same(const NetworkPolicy& a, const NetworkPolicy& b) {
    if (a.namespace_name != b.namespace_name) return false;
    LabelSelector sa = a.pod_selector;
    LabelSelector sb = b.pod_selector;
    Rule ra;
    Rule rb;
    ra.peers.emplace_back().pod_selector = sa;
    rb.peers.emplace_back().pod_selector = sb;
    if (!(WithoutLocations(ra) == WithoutLocations(rb))) return false;
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      if (a.Affects(direction) != b.Affects(direction)) return false;
      if (!a.Affects(direction)) continue;
      const auto& rules_a = a.Rules(direction);
      const auto& rules_b = b.Rules(direction);
      if (rules_a.size() != rules_b.size()) return false;
      for (std::size_t i = 0; i < rules_a.size(); ++i) {
        if (!(WithoutLocations(rules_a[i]) == WithoutLocations(rules_b[i]))) return false;
      }
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeRedundantRuleRule() { return std::make_unique<RedundantRule>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
