// NP023 exposed-workload: workloads of a default-deny namespace that the
// internet or every pod may reach by a route NP011 does not see.
//
// NP011 (broad-ingress) flags the plain forms on the rule: no `from`,
// `namespaceSelector: {}` alone, ipBlock 0.0.0.0/0 without `except`. This
// rule stands beside it without repeating those: it reports the exposures
// left, each on the rule that creates it, naming the workloads of the
// inputs it opens: an ipBlock of every address with `except` (still the
// internet, minus a few ranges), and an Admin-tier Allow (AdminNetworkPolicy,
// ClusterNetworkPolicy of tier Admin) of every pod or every address, which
// no NetworkPolicy of the namespace can close.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/cluster_policy.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

// One exposing rule (peer) and the workloads it opens, in pod order.
struct Exposure {
  SourceLoc loc;
  std::string what;  // "from[0] ipBlock ... of ns/p ingress[0] exposes"
  std::string to;    // "the internet" / "every pod of every namespace"
  std::vector<PodId> pods;
  PortSet ports;
  std::vector<std::string> denies;  // the default-deny policies of their namespaces
};

bool EveryPod(const ClusterPolicyPeer& peer) {
  switch (peer.kind) {
    case ClusterPolicyPeer::Kind::kNamespaces: return peer.namespaces.IsEmpty();
    case ClusterPolicyPeer::Kind::kPods:
      return peer.pods.namespace_selector.IsEmpty() && peer.pods.pod_selector.IsEmpty();
    default: return false;
  }
}

bool EveryAddress(const ClusterPolicyPeer& peer) {
  if (peer.kind != ClusterPolicyPeer::Kind::kNetworks) return false;
  for (const Cidr& cidr : peer.networks) {
    if (cidr.prefix == 0) return true;
  }
  return false;
}

class ExposedWorkload : public BasicRule {
 public:
  ExposedWorkload()
      : BasicRule({"NP023", "exposed-workload", LintSeverity::kWarning,
                   "A workload in a namespace with a default-deny is reachable from the internet "
                   "or the entire cluster by a rule broad-ingress (NP011) does not flag",
                   R"(A namespace with a default-deny for ingress says "closed unless stated". NP011 flags the
plain ways a rule undoes it (no `from`, `namespaceSelector: {}` alone, ipBlock 0.0.0.0/0).
This rule reports, on the rule that creates it, the remaining ways a workload of the inputs
ends up reachable from the internet or from every pod of every namespace (what
`netpol exposure` prints as `external 0.0.0.0/0 ...` or `entire-cluster`), naming the
workloads and ports:
  - an ipBlock of every address with `except` (0.0.0.0/0 except the private ranges is still
    the internet);
  - an Admin-tier Allow (AdminNetworkPolicy, ClusterNetworkPolicy of tier Admin) of every pod
    (`namespaces: {}`) or every address (`networks: [0.0.0.0/0]`) selecting the workload: it
    overrides every NetworkPolicy, the namespace's default-deny included. An earlier Admin-tier
    Deny or Pass of every pod (or address) stops the search.
Only workloads of the inputs count (hostNetwork pods aside): a repository of policies alone
says nothing about which pods exist. Suppress on the policy (`netpol.lint/ignore: NP023`) when
the endpoint is public on purpose.

Bad:
  ingress:
  - from:
    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}

Good:
  ingress:
  - from:
    - ipBlock: {cidr: 203.0.113.0/24}  # the partner's addresses)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    std::map<std::string, const NetworkPolicy*> denies;  // namespace -> its default-deny
    for (const NetworkPolicy& policy : cluster.policies) {
      if (policy.pod_selector.IsEmpty() && policy.Affects(Direction::kIngress) &&
          policy.ingress.empty()) {
        denies.emplace(policy.namespace_name, &policy);
      }
    }
    std::map<std::string, Exposure> found;  // by location and peer
    auto add = [&](const SourceLoc& loc, const std::string& what, const char* to, PodId pod,
                   const PortSet& ports, const NetworkPolicy& deny) {
      if (ports.IsEmpty()) return;
      Exposure& exposure = found[fmt::format("{}\t{}\t{}", loc.ToString(), what, to)];
      exposure.loc = loc;
      exposure.what = what;
      exposure.to = to;
      exposure.pods.push_back(pod);
      exposure.ports.Merge(ports);
      if (std::find(exposure.denies.begin(), exposure.denies.end(), deny.Id()) == exposure.denies.end()) {
        exposure.denies.push_back(deny.Id());
      }
    };
    for (const auto& entry : denies) {
      // Named, not a structured binding: the lambdas below capture it (clang 14
      // cannot capture a structured binding).
      const auto& ns = entry.first;
      const auto& deny = entry.second;
      for (PodId pod : context.PodsOf(ns)) {
        if (cluster.pods[pod].host_network) continue;
        const Endpoint self = Endpoint::ForPod(pod);
        for (PolicyId id : evaluator.IsolatingPolicies(pod, Direction::kIngress)) {
          const NetworkPolicy& policy = cluster.policies[id];
          for (std::size_t r = 0; r < policy.ingress.size(); ++r) {
            const Rule& rule = policy.ingress[r];
            for (std::size_t p = 0; p < rule.peers.size(); ++p) {
              const Peer& peer = rule.peers[p];
              if (!peer.ip_block || peer.ip_block->cidr.prefix != 0 || peer.ip_block->except.empty()) {
                continue;
              }
              add(KnownOr(peer.loc, rule.loc),
                  fmt::format("from[{}] ipBlock {} of {} {}", p, peer.ip_block->ToString(), policy.Id(),
                              RuleLabel(Direction::kIngress, r)),
                  "the internet", pod, evaluator.RulePorts(rule, self), *deny);
            }
          }
        }
        AdminAllows(context, pod, [&](const ClusterPolicy& policy, const ClusterPolicyRule& rule,
                                      std::size_t r, const char* to) {
          add(KnownOr(rule.loc, policy.loc),
              fmt::format("{} rule {}", policy.Id(),
                          rule.name.empty() ? RuleLabel(Direction::kIngress, r) : rule.name),
              to, pod, evaluator.ClusterRulePorts(rule, self), *deny);
        });
      }
    }
    for (const auto& [key, exposure] : found) {
      std::vector<std::string> names = PodNames(cluster, exposure.pods);
      reporter.Diag(exposure.loc,
                    fmt::format("{} exposes {} to {} on {}, although {} {} a default-deny ({})",
                                exposure.what, JoinLimited(names), exposure.to,
                                exposure.ports.ToString(),
                                exposure.denies.size() == 1 ? "its namespace" : "their namespaces",
                                exposure.denies.size() == 1 ? "has" : "have",
                                JoinLimited(exposure.denies)),
                    "narrow the peer to the clients that need access, or suppress with "
                    "`netpol.lint/ignore: NP023` if the workload is meant to be public");
    }
  }

 private:
  // Calls `report` for each Admin-tier Allow ingress rule selecting `pod`
  // whose peer is every pod or every address, in precedence order, until a
  // Deny or Pass of every pod (or address) decides the rest.
  template <typename Report>
  static void AdminAllows(const LintContext& context, PodId pod, Report report) {
    const Cluster& cluster = context.cluster();
    bool pods_decided = false;
    bool addresses_decided = false;
    for (ClusterPolicyId id : context.evaluator().ClusterPoliciesOf(pod)) {
      const ClusterPolicy& policy = cluster.cluster_policies[id];
      if (policy.tier != PolicyTier::kAdmin) continue;
      const std::vector<ClusterPolicyRule>& rules = policy.Rules(Direction::kIngress);
      for (std::size_t r = 0; r < rules.size(); ++r) {
        const ClusterPolicyRule& rule = rules[r];
        bool every_pod = false;
        bool every_address = false;
        for (const ClusterPolicyPeer& peer : rule.peers) {
          every_pod = every_pod || EveryPod(peer);
          every_address = every_address || EveryAddress(peer);
        }
        if (rule.action == TierAction::kAllow) {
          if (every_pod && !pods_decided) report(policy, rule, r, "every pod of every namespace");
          if (every_address && !addresses_decided) report(policy, rule, r, "the internet");
        } else {
          pods_decided = pods_decided || every_pod;
          addresses_decided = addresses_decided || every_address;
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeExposedWorkloadRule() { return std::make_unique<ExposedWorkload>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
