// The pod-level implementations of the lint rules that now run on endpoint
// classes (NP002, NP004, NP005, NP006, NP007, NP013, NP017), kept verbatim (docs
// aside) from before the class rewrite, with the pod-level LintContext
// helpers they used, as the oracle of tests/lint/lint_differential_test.cc;
// NP020 was written on classes from the start, and its oracle here follows
// its definition pod by pod. NP004 and NP007 share with their rules the
// helpers that word the blocker (DescribeBlockedSide) and decide what may
// cover a rule (CountsAsCover).
// They walk subject pods x peer endpoints: fine for a dozen pods, far too
// slow for a cluster.
#ifndef NETPOL_TESTS_LINT_PAIRWISE_RULES_H_
#define NETPOL_TESTS_LINT_PAIRWISE_RULES_H_

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/cluster_dns.h"
#include "netpol/explain.h"
#include "netpol/lint.h"

namespace netpol::testing::pairwise {

using namespace netpol::lint;  // BasicRule and the rule helpers

// ---- The LintContext helpers, pod by pod.
inline std::vector<PodId> PodLevelPodsOf(const LintContext& context, const std::string& name) {
  std::vector<PodId> pods;
  for (PodId id = 0; id < context.cluster().pods.size(); ++id) {
    if (context.cluster().pods[id].namespace_name == name && !context.IsModelled(id)) {
      pods.push_back(id);
    }
  }
  return pods;
}

inline std::vector<PodId> PodLevelSelectedByLabels(const LintContext& context,
                                                   const NetworkPolicy& policy) {
  std::vector<PodId> pods;
  for (PodId id = 0; id < context.cluster().pods.size(); ++id) {
    const Pod& pod = context.cluster().pods[id];
    if (pod.namespace_name == policy.namespace_name && policy.pod_selector.Matches(pod.labels)) {
      pods.push_back(id);
    }
  }
  return pods;
}

inline std::vector<PodId> PodLevelIsolated(const LintContext& context, PolicyId policy,
                                           Direction direction) {
  std::vector<PodId> pods;
  for (PodId id = 0; id < context.cluster().pods.size(); ++id) {
    const auto& isolating = context.evaluator().IsolatingPolicies(id, direction);
    if (std::find(isolating.begin(), isolating.end(), policy) != isolating.end()) {
      pods.push_back(id);
    }
  }
  return pods;
}

inline std::vector<Endpoint> PodLevelPeerEndpoints(const LintContext& context,
                                                   const NetworkPolicy& policy, const Peer& peer,
                                                   bool with_external) {
  std::vector<Endpoint> matched;
  for (const Endpoint& endpoint : context.AllEndpoints()) {
    if (!endpoint.IsPod() && !with_external) continue;
    if (context.evaluator().PeerMatches(policy, peer, endpoint)) matched.push_back(endpoint);
  }
  return matched;
}

// ---- np002_peer_selects_nothing.cc (as of commit 9d86742)
class PairwisePeerSelectsNothing : public BasicRule {
 public:
  PairwisePeerSelectsNothing()
      : BasicRule({"NP002", "peer-selects-nothing", LintSeverity::kWarning,
                   "A from/to entry's podSelector or namespaceSelector matches no pod in the inputs",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    for (const NetworkPolicy& policy : cluster.policies) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t p = 0; p < rules[r].peers.size(); ++p) {
            const Peer& peer = rules[r].peers[p];
            if (peer.ip_block) continue;
            if (!PodLevelPeerEndpoints(context, policy, peer, /*with_external=*/false).empty()) continue;
            reporter.Diag(KnownOr(peer.loc, rules[r].loc),
                          fmt::format("{}.{}[{}] of {} matches no pod: {}", RuleLabel(direction, r),
                                      PeerListKey(direction), p, policy.Id(),
                                      Why(context, policy, peer)),
                          "fix the selector labels (namespaces carry kubernetes.io/metadata.name), "
                          "or remove the entry");
          }
        }
      }
    }
  }

 private:
  static std::string Why(const LintContext& context, const NetworkPolicy& policy, const Peer& peer) {
    const Cluster& cluster = context.cluster();
    std::vector<std::string> namespaces;
    if (peer.namespace_selector) {
      for (const Namespace& ns : cluster.namespaces) {
        if (peer.namespace_selector->Matches(ns.labels)) namespaces.push_back(ns.name);
      }
      if (namespaces.empty()) {
        return fmt::format("namespaceSelector {} matches no namespace in the inputs",
                           peer.namespace_selector->ToString());
      }
    } else {
      namespaces.push_back(policy.namespace_name);
    }
    const std::string where = peer.namespace_selector
                                  ? "namespace" + std::string(namespaces.size() == 1 ? " " : "s ") +
                                        JoinLimited(namespaces)
                                  : "the policy's namespace " + policy.namespace_name;
    if (!peer.pod_selector) return fmt::format("{} {} no pods", where, namespaces.size() == 1 ? "has" : "have");
    return fmt::format("podSelector {} matches no pod of {}", peer.pod_selector->ToString(), where);
  }
};

// ---- np004_one_sided_allow.cc (as of commit 9d86742)
class PairwiseOneSidedAllow : public BasicRule {
 public:
  PairwiseOneSidedAllow()
      : BasicRule({"NP004", "one-sided-allow", LintSeverity::kError,
                   "An ingress rule admits traffic that no egress side lets out, or an egress rule "
                   "allows traffic that no ingress side lets in",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<PodId> subjects = PodLevelIsolated(context, id, direction);
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          const Rule& rule = rules[r];
          if (rule.peers.empty()) continue;
          bool external = false;
          for (const Peer& peer : rule.peers) external = external || peer.ip_block.has_value();
          if (external) continue;
          CheckRule(context, reporter, policy, direction, r, subjects);
        }
      }
    }
  }

 private:
  struct Blocked {
    PodId subject;
    PodId other;
    PortSet ports;
  };

  static void CheckRule(const LintContext& context, LintReporter& reporter,
                        const NetworkPolicy& policy, Direction direction, std::size_t r,
                        const std::vector<PodId>& subjects) {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const Rule& rule = policy.Rules(direction)[r];
    const Direction other_side = Opposite(direction);
    std::vector<Blocked> blocked;
    for (PodId subject : subjects) {
      for (PodId other = 0; other < cluster.pods.size(); ++other) {
        if (other == subject) continue;
        const Endpoint other_end = Endpoint::ForPod(other);
        if (!evaluator.RulePeersMatch(policy, rule, other_end)) continue;
        const Endpoint destination =
            direction == Direction::kIngress ? Endpoint::ForPod(subject) : other_end;
        const PortSet ports = evaluator.RulePorts(rule, destination);
        if (ports.IsEmpty()) continue;
        const SideVerdict side =
            evaluator.EvaluateSide(other_side, other_end, Endpoint::ForPod(subject));
        if (!side.allowed.Intersect(ports).IsEmpty()) return;  // alive for this pair
        blocked.push_back(Blocked{subject, other, ports});
      }
    }
    if (blocked.empty()) return;
    const Blocked& first = blocked.front();
    const std::string subject = cluster.pods[first.subject].Id();
    const std::string other = cluster.pods[first.other].Id();
    const BlockedSide blocked_side =
        DescribeBlockedSide(context, other_side, first.other, first.subject, first.ports);
    const std::string& why = blocked_side.why;
    const std::string more =
        blocked.size() > 1 ? fmt::format(" (and {} more pod pair{}, all blocked the same way)",
                                         blocked.size() - 1, blocked.size() == 2 ? "" : "s")
                           : "";
    if (direction == Direction::kIngress) {
      reporter.Diag(
          KnownOr(rule.loc, policy.loc),
          fmt::format("{} of {} admits {} from {} to {}, but the egress of {} never allows it: {}; "
                      "both sides must allow a connection, so this rule is dead{}",
                      RuleLabel(direction, r), policy.Id(), first.ports.ToString(), other, subject,
                      other, why, more),
          blocked_side.fix);
    } else {
      reporter.Diag(
          KnownOr(rule.loc, policy.loc),
          fmt::format("{} of {} allows {} from {} to {}, but the ingress of {} never admits it: {}; "
                      "both sides must allow a connection, so this rule is dead{}",
                      RuleLabel(direction, r), policy.Id(), first.ports.ToString(), subject, other,
                      other, why, more),
          blocked_side.fix);
    }
  }
};

// ---- np005_dns_egress_blocked.cc (as of commit 9d86742)
inline constexpr int kDnsPort = 53;

class PairwiseDnsEgressBlocked : public BasicRule {
 public:
  PairwiseDnsEgressBlocked()
      : BasicRule({"NP005", "dns-egress-blocked", LintSeverity::kError,
                   "An egress-isolated pod cannot reach cluster DNS on 53/UDP and 53/TCP",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const ClusterDnsOptions& dns_options = context.options().dns;
    std::vector<PodId> dns;
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      if (IsClusterDnsPod(cluster.pods[id], dns_options)) dns.push_back(id);
    }
    if (dns.empty()) return;
    // (blamed side, blamed policies, missing protocols) -> pods.
    using Key = std::tuple<Direction, std::vector<PolicyId>, std::string>;
    std::map<Key, std::vector<PodId>> groups;
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      const Pod& pod = cluster.pods[id];
      if (pod.host_network || context.IsModelled(id) || IsClusterDnsPod(pod, dns_options)) continue;
      std::vector<std::string> missing;
      bool egress_blocks = false;
      std::vector<PolicyId> ingress_blockers;
      for (Protocol protocol : {Protocol::kUDP, Protocol::kTCP}) {
        bool reached = false;
        bool egress_allows = false;
        for (PodId server : dns) {
          const Verdict verdict =
              evaluator.Evaluate(Endpoint::ForPod(id), Endpoint::ForPod(server));
          reached = reached || verdict.Allows(protocol, kDnsPort);
          if (verdict.egress.allowed.Contains(protocol, kDnsPort)) {
            egress_allows = true;
            if (ingress_blockers.empty()) ingress_blockers = verdict.ingress.isolating_policies;
          }
        }
        if (reached) continue;
        missing.push_back(fmt::format("{} {}", ProtocolName(protocol), kDnsPort));
        if (!egress_allows) egress_blocks = true;
      }
      if (missing.empty()) continue;
      std::string what = missing.front();
      if (missing.size() > 1) what += " and " + missing.back();
      if (egress_blocks) {
        groups[Key{Direction::kEgress, evaluator.IsolatingPolicies(id, Direction::kEgress), what}]
            .push_back(id);
      } else {
        groups[Key{Direction::kIngress, ingress_blockers, what}].push_back(id);
      }
    }
    const std::vector<std::string> servers = PodNames(cluster, dns);
    for (const auto& [key, pods] : groups) {
      const auto& [side, policies, what] = key;
      if (policies.empty()) continue;
      PolicyId blamed = policies.front();
      std::vector<std::string> names;
      for (PolicyId policy : policies) {
        names.push_back(cluster.policies[policy].Id());
        if (LocBefore(cluster.policies[policy].loc, cluster.policies[blamed].loc)) blamed = policy;
      }
      const std::string pod_list = JoinLimited(PodNames(cluster, pods));
      if (side == Direction::kEgress) {
        reporter.Diag(
            cluster.policies[blamed].loc,
            fmt::format("{} isolates the egress of {} and no policy isolating {} ({}) allows DNS "
                        "to {} on {}: name resolution fails",
                        cluster.policies[blamed].Id(), pod_list, pods.size() == 1 ? "it" : "them",
                        JoinLimited(names), JoinLimited(servers), what),
            fmt::format("add an egress rule to a policy selecting {}: `to: [{{namespaceSelector: "
                        "{{matchLabels: {{kubernetes.io/metadata.name: {}}}}}, podSelector: "
                        "{{matchLabels: {{{}}}}}}}]`, `ports: [{{protocol: UDP, port: 53}}, "
                        "{{protocol: TCP, port: 53}}]`",
                        pods.size() == 1 ? "the pod" : "these pods", dns_options.namespace_name,
                        LabelsText(dns_options.labels)));
      } else {
        reporter.Diag(
            cluster.policies[blamed].loc,
            fmt::format("{} isolates the ingress of cluster DNS ({}) and no rule admits {} on "
                        "{}: name resolution fails for {}",
                        cluster.policies[blamed].Id(), JoinLimited(servers), pod_list, what,
                        pods.size() == 1 ? "it" : "them"),
            "add an ingress rule admitting DNS (53/UDP, 53/TCP) from every namespace to the DNS "
            "pods");
      }
    }
  }

 private:
  static std::string LabelsText(const Labels& labels) {
    std::string text;
    for (const auto& [key, value] : labels) {
      if (!text.empty()) text += ", ";
      text += key + ": " + value;
    }
    return text;
  }
};

// ---- np006_named_port_undefined.cc (as of commit 9d86742)
class PairwiseNamedPortUndefined : public BasicRule {
 public:
  PairwiseNamedPortUndefined()
      : BasicRule({"NP006", "named-port-undefined", LintSeverity::kWarning,
                   "A named port that no destination pod defines, or defines only for another "
                   "protocol",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          bool named = false;
          for (const PolicyPort& port : rules[r].ports) named = named || port.IsNamed();
          if (!named) continue;
          const std::vector<PodId> destinations = Destinations(context, id, direction, rules[r]);
          if (destinations.empty()) continue;
          for (const PolicyPort& port : rules[r].ports) {
            if (!port.IsNamed()) continue;
            bool defined = false;
            std::set<std::string> other_protocol;
            for (PodId pod : destinations) {
              for (const ContainerPort& container : cluster.pods[pod].ports) {
                if (container.name != port.port_name) continue;
                if (container.protocol == port.protocol) defined = true;
                else other_protocol.insert(fmt::format("{} ({} {})", cluster.pods[pod].Id(),
                                                       ProtocolName(container.protocol),
                                                       container.port));
              }
            }
            if (defined) continue;
            const std::string what = fmt::format(
                "{} of {}: named port {} ({}) is defined by none of its {} destination pod{} ({})",
                RuleLabel(direction, r), policy.Id(), port.port_name, ProtocolName(port.protocol),
                destinations.size(), destinations.size() == 1 ? "" : "s",
                JoinLimited(PodNames(cluster, destinations)));
            if (other_protocol.empty()) {
              reporter.Diag(KnownOr(port.loc, rules[r].loc), what + ", so the entry allows nothing",
                            "use a port name the destination containers define (or the number)");
            } else {
              reporter.Diag(
                  KnownOr(port.loc, rules[r].loc),
                  fmt::format("{}; only for another protocol: {}", what,
                              JoinLimited(std::vector<std::string>(other_protocol.begin(),
                                                                   other_protocol.end()))),
                  "set `protocol:` on the entry to the container port's protocol");
            }
          }
        }
      }
    }
  }

 private:
  static std::vector<PodId> Destinations(const LintContext& context, PolicyId id,
                                         Direction direction, const Rule& rule) {
    if (direction == Direction::kIngress) return PodLevelIsolated(context, id, direction);
    const NetworkPolicy& policy = context.cluster().policies[id];
    std::vector<PodId> pods;
    for (PodId pod = 0; pod < context.cluster().pods.size(); ++pod) {
      if (context.evaluator().RulePeersMatch(policy, rule, Endpoint::ForPod(pod))) {
        pods.push_back(pod);
      }
    }
    return pods;
  }
};

// ---- np007_redundant_rule.cc (as of commit 9d86742)
using RuleKey = std::tuple<PolicyId, Direction, int>;

inline RuleKey KeyOf(const RuleRef& ref) { return {ref.policy, ref.direction, ref.rule_index}; }

class PairwiseRedundantRule : public BasicRule {
 public:
  PairwiseRedundantRule()
      : BasicRule({"NP007", "redundant-rule", LintSeverity::kWarning,
                   "A rule or policy allows nothing that other rules do not already allow "
                   "(including exact duplicates)",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    std::vector<PolicyId> order = PoliciesInSourceOrder(cluster);
    std::reverse(order.begin(), order.end());  // the later of two covering rules is reported
    std::set<RuleKey> removed;
    std::vector<Finding> rule_findings;
    for (PolicyId id : order) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kEgress, Direction::kIngress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<PodId> subjects = PodLevelIsolated(context, id, direction);
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = rules.size(); r-- > 0;) {
          const RuleRef self{id, direction, static_cast<int>(r)};
          auto covered = CoveredBy(context, self, subjects, removed);
          if (!covered) continue;
          removed.insert(KeyOf(self));
          rule_findings.push_back(Finding{id, KnownOr(rules[r].loc, policy.loc),
                                          RuleMessage(context, self, *covered)});
        }
      }
    }
    // Policies, latest first, whose every rule went and whose isolation is
    // provided by policies that stay.
    std::set<PolicyId> removed_policies;
    for (PolicyId id : order) {
      const NetworkPolicy& policy = cluster.policies[id];
      std::optional<PolicyId> duplicate_of = DuplicateOf(cluster, id, removed_policies);
      bool has_rules = false;
      bool all_rules_removed = true;
      bool isolation_elsewhere = true;
      bool selects_any = false;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          has_rules = true;
          if (!removed.count(RuleKey{id, direction, static_cast<int>(r)})) all_rules_removed = false;
        }
        for (PodId pod : PodLevelIsolated(context, id, direction)) {
          selects_any = true;
          const auto& isolating = context.evaluator().IsolatingPolicies(pod, direction);
          const bool other = std::any_of(isolating.begin(), isolating.end(), [&](PolicyId p) {
            return p != id && !removed_policies.count(p);
          });
          if (!other) isolation_elsewhere = false;
        }
      }
      const bool redundant = duplicate_of || (has_rules && selects_any && all_rules_removed &&
                                              isolation_elsewhere);
      if (!redundant) continue;
      removed_policies.insert(id);
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
  // something nothing else does (or nothing at all).
  static std::optional<std::set<RuleKey>> CoveredBy(const LintContext& context,
                                                    const RuleRef& self,
                                                    const std::vector<PodId>& subjects,
                                                    const std::set<RuleKey>& removed) {
    const Evaluator& evaluator = context.evaluator();
    const NetworkPolicy& policy = context.cluster().policies[self.policy];
    const Rule& rule = policy.Rules(self.direction)[static_cast<std::size_t>(self.rule_index)];
    std::set<RuleKey> covering;
    bool allows_something = false;
    for (PodId subject : subjects) {
      for (const Endpoint& other : context.AllEndpoints()) {
        if (other.IsPod() && *other.pod == subject) continue;
        if (!evaluator.RulePeersMatch(policy, rule, other)) continue;
        const Endpoint destination =
            self.direction == Direction::kIngress ? Endpoint::ForPod(subject) : other;
        const PortSet ports = evaluator.RulePorts(rule, destination);
        if (ports.IsEmpty()) continue;
        allows_something = true;
        const SideVerdict side = evaluator.EvaluateSide(self.direction, Endpoint::ForPod(subject), other);
        PortSet others;
        for (const SideVerdict::Contribution& c : side.allowed_by) {
          if (c.rule == self || removed.count(KeyOf(c.rule))) continue;
          if (!CountsAsCover(context.cluster(), self, c.rule)) continue;
          if (!c.ports.Intersect(ports).IsEmpty()) covering.insert(KeyOf(c.rule));
          others.Merge(c.ports);
        }
        if (!(ports.Intersect(others) == ports)) return std::nullopt;
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

  static std::optional<PolicyId> DuplicateOf(const Cluster& cluster, PolicyId id,
                                             const std::set<PolicyId>& removed) {
    const NetworkPolicy& policy = cluster.policies[id];
    for (PolicyId other_id = 0; other_id < cluster.policies.size(); ++other_id) {
      const NetworkPolicy& other = cluster.policies[other_id];
      if (other_id == id || removed.count(other_id) || !LocBefore(other.loc, policy.loc)) continue;
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

// ---- np013_ipblock_covers_pod_range.cc (as of commit 9d86742)
struct KnownRange {
  const char* cidr;
  const char* what;
};

// Defaults of common distributions and CNIs.
inline constexpr KnownRange kTypicalRanges[] = {
    {"10.244.0.0/16", "kubeadm/Flannel pods"},
    {"10.96.0.0/12", "kubeadm services"},
    {"10.42.0.0/16", "k3s pods"},
    {"10.43.0.0/16", "k3s services"},
    {"192.168.0.0/16", "Calico pods"},
};

class PairwiseIpBlockCoversPodRange : public BasicRule {
 public:
  PairwiseIpBlockCoversPodRange()
      : BasicRule({"NP013", "ipblock-covers-pod-range", LintSeverity::kInfo,
                   "An ipBlock covers typical pod/service ranges or pod IPs of the inputs",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    for (const NetworkPolicy& policy : cluster.policies) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t p = 0; p < rules[r].peers.size(); ++p) {
            const Peer& peer = rules[r].peers[p];
            if (!peer.ip_block) continue;
            std::vector<std::string> covered;
            for (const KnownRange& known : kTypicalRanges) {
              const Cidr range = *Cidr::Parse(known.cidr);
              if (Covers(*peer.ip_block, range)) {
                covered.push_back(fmt::format("{} ({})", known.cidr, known.what));
              }
            }
            std::vector<std::string> pods;
            for (const Pod& pod : cluster.pods) {
              for (const IpAddress& ip : pod.ips) {
                if (peer.ip_block->Contains(ip)) {
                  pods.push_back(fmt::format("{} ({})", pod.Id(), ip.ToString()));
                  break;
                }
              }
            }
            if (covered.empty() && pods.empty()) continue;
            std::string what;
            if (!covered.empty()) what = "covers " + JoinLimited(covered, 5);
            if (!pods.empty()) {
              what += fmt::format("{}contains the IP of {}", what.empty() ? "" : " and ",
                                  JoinLimited(pods));
            }
            reporter.Diag(
                KnownOr(peer.ip_block->loc, peer.loc),
                fmt::format("{}.{}[{}] of {}: ipBlock {} {}; whether ipBlocks match pod traffic is "
                            "implementation-defined (CNIs differ)",
                            RuleLabel(direction, r), PeerListKey(direction), p, policy.Id(),
                            peer.ip_block->ToString(), what),
                "select in-cluster peers with podSelector/namespaceSelector and exclude the "
                "cluster ranges from the ipBlock with `except`");
          }
        }
      }
    }
  }

 private:
  // The block contains the whole range and no except cuts into it.
  static bool Covers(const IpBlock& block, const Cidr& range) {
    if (block.cidr.family() != range.family() || !block.cidr.Contains(range)) return false;
    for (const Cidr& except : block.except) {
      if (except.family() == range.family() && (except.Contains(range) || range.Contains(except))) {
        return false;
      }
    }
    return true;
  }
};

// ---- np017_tier_rule_shadowed.cc (as of commit 9d86742)
class PairwiseTierRuleShadowedRule : public BasicRule {
 public:
  PairwiseTierRuleShadowedRule()
      : BasicRule({"NP017", "tier-rule-shadowed", LintSeverity::kWarning,
                   "A cluster-scoped policy rule is shadowed by rules of higher precedence",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    for (ClusterPolicyId id = 0; id < cluster.cluster_policies.size(); ++id) {
      const ClusterPolicy& policy = cluster.cluster_policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const auto& rules = policy.Rules(direction);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          CheckRule(context, evaluator, id, direction, i, reporter);
        }
      }
    }
  }

 private:
  static void CheckRule(const LintContext& context, const Evaluator& evaluator,
                        ClusterPolicyId id, Direction direction, std::size_t index,
                        LintReporter& reporter) {
    const Cluster& cluster = context.cluster();
    const ClusterPolicy& policy = cluster.cluster_policies[id];
    const ClusterPolicyRule& rule = policy.Rules(direction)[index];
    const ClusterRuleRef self{id, direction, static_cast<int>(index)};
    bool reached = false;
    std::optional<ClusterRuleRef> shadow;
    for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
      const auto& selecting = evaluator.ClusterPoliciesOf(pod);
      if (std::find(selecting.begin(), selecting.end(), id) == selecting.end()) continue;
      if (policy.tier == PolicyTier::kBaseline &&
          !evaluator.IsolatingPolicies(pod, direction).empty()) {
        continue;  // the NetworkPolicy tier decides for this pod
      }
      const Endpoint subject = Endpoint::ForPod(pod);
      for (const Endpoint& peer : context.AllEndpoints()) {
        if (!evaluator.ClusterRulePeersMatch(rule, peer)) continue;
        const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
        const PortSet ports = evaluator.ClusterRulePorts(rule, destination);
        if (ports.IsEmpty()) continue;
        const SideVerdict verdict = evaluator.EvaluateSide(direction, subject, peer);
        const auto& decisions = policy.tier == PolicyTier::kAdmin ? verdict.admin_decisions
                                                                  : verdict.baseline_decisions;
        if (policy.tier == PolicyTier::kBaseline && verdict.after_admin.Intersect(ports).IsEmpty()) {
          continue;  // the Admin tier decided these before the Baseline tier could
        }
        reached = true;
        for (const TierDecision& decision : decisions) {
          if (decision.rule == self) return;  // it decides something: alive
          if (!shadow && !decision.ports.Intersect(ports).IsEmpty()) shadow = decision.rule;
        }
      }
    }
    if (!reached) return;
    std::string by = "rules of higher precedence";
    if (shadow) {
      const ClusterPolicy& other = cluster.cluster_policies[shadow->policy];
      by = fmt::format("{} {}[{}] ({})", other.Id(), DirectionKey(direction),
                       shadow->rule_index, TierActionName(other.Rules(direction)[shadow->rule_index].action));
    }
    reporter.Diag(KnownOr(rule.loc, policy.loc),
                  fmt::format("{} {}{} ({}) never decides anything: every connection it matches is "
                              "decided first by {}",
                              policy.Id(), RuleLabel(direction, index),
                              rule.name.empty() ? "" : " \"" + rule.name + "\"",
                              TierActionName(rule.action), by),
                  "move the rule before the one that shadows it (a lower priority number, or "
                  "earlier in the list), or delete it");
  }
};

// A registry of the rules above, in the builtin registration order.
// ---- np020_allow_all_shadows.cc, pod by pod and policy pair by policy pair
// (the rule itself finds the covering policies from side verdicts on classes).
class PairwiseAllowAllShadows : public BasicRule {
 public:
  PairwiseAllowAllShadows()
      : BasicRule({"NP020", "allow-all-shadows", LintSeverity::kWarning,
                   "A broad policy allows everything other policies of its namespace allow, so "
                   "they have no effect",
                   ""}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const std::vector<PolicyId> order = PoliciesInSourceOrder(cluster);
    for (PolicyId broad : order) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        std::vector<PolicyId> narrow;
        std::set<int> used;
        for (PolicyId other : order) {
          if (other == broad) continue;
          const std::vector<PodId> subjects = PodLevelIsolated(context, other, direction);
          const std::vector<PodId> isolated = PodLevelIsolated(context, broad, direction);
          if (!std::includes(isolated.begin(), isolated.end(), subjects.begin(), subjects.end())) {
            continue;
          }
          std::set<int> used_here;
          if (!Covers(context, broad, other, direction, used_here)) continue;
          if (AllRulesIdentical(cluster, other, broad, direction)) continue;
          std::set<int> ignored;
          if (Covers(context, other, broad, direction, ignored)) continue;
          narrow.push_back(other);
          used.insert(used_here.begin(), used_here.end());
        }
        if (!narrow.empty()) Report(cluster, reporter, broad, direction, narrow, used);
      }
    }
  }

 private:
  // Whether `broad`'s rules allow everything `narrow`'s rules allow, for
  // every pod `narrow` isolates and every endpoint its rules match.
  static bool Covers(const LintContext& context, PolicyId broad, PolicyId narrow,
                     Direction direction, std::set<int>& used) {
    const Evaluator& evaluator = context.evaluator();
    const NetworkPolicy& policy = context.cluster().policies[narrow];
    if (!policy.Affects(direction)) return false;
    bool allows_something = false;
    for (const Rule& rule : policy.Rules(direction)) {
      for (PodId subject : PodLevelIsolated(context, narrow, direction)) {
        for (const Endpoint& other : context.AllEndpoints()) {
          if (other.IsPod() && *other.pod == subject) continue;
          if (!evaluator.RulePeersMatch(policy, rule, other)) continue;
          const Endpoint destination =
              direction == Direction::kIngress ? Endpoint::ForPod(subject) : other;
          const PortSet ports = evaluator.RulePorts(rule, destination);
          if (ports.IsEmpty()) continue;
          allows_something = true;
          const SideVerdict side = evaluator.EvaluateSide(direction, Endpoint::ForPod(subject), other);
          PortSet broad_allows;
          for (const SideVerdict::Contribution& c : side.allowed_by) {
            if (c.rule.policy != broad) continue;
            if (!c.ports.Intersect(ports).IsEmpty()) used.insert(c.rule.rule_index);
            broad_allows.Merge(c.ports);
          }
          if (!(ports.Intersect(broad_allows) == ports)) return false;
        }
      }
    }
    return allows_something;
  }

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
    const char* verb = ingress ? "admit" : "allow";
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

inline void RegisterPairwiseRules(LintRegistry& registry) {
  registry.Add<PairwisePeerSelectsNothing>();
  registry.Add<PairwiseOneSidedAllow>();
  registry.Add<PairwiseDnsEgressBlocked>();
  registry.Add<PairwiseNamedPortUndefined>();
  registry.Add<PairwiseRedundantRule>();
  registry.Add<PairwiseIpBlockCoversPodRange>();
  registry.Add<PairwiseTierRuleShadowedRule>();
  registry.Add<PairwiseAllowAllShadows>();
}

}  // namespace netpol::testing::pairwise

#endif  // NETPOL_TESTS_LINT_PAIRWISE_RULES_H_
