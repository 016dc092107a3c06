#include "report/rule_text.h"

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {
std::string LineRef(const SourceLoc& loc) {
  if (!loc.IsKnown()) return "modelled";
  return loc.line > 0 ? fmt::format("{}:{}", loc.file, loc.line) : loc.file;
}

std::string RuleRefText(const Cluster& cluster, const RuleRef& ref) {
  const NetworkPolicy& policy = cluster.policies[ref.policy];
  const Rule& rule = policy.Rules(ref.direction)[static_cast<std::size_t>(ref.rule_index)];
  return fmt::format("{} {}[{}] ({})", policy.Id(), DirectionKey(ref.direction), ref.rule_index,
                     LineRef(rule.loc));
}

std::string TierRuleText(const Cluster& cluster, const ClusterRuleRef& ref) {
  const ClusterPolicy& policy = cluster.cluster_policies[ref.policy];
  const ClusterPolicyRule& rule = policy.Rules(ref.direction)[ref.rule_index];
  const std::string rank =
      policy.kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy
          ? fmt::format("{} tier", PolicyTierName(policy.tier))
          : fmt::format("{} tier, priority {}", PolicyTierName(policy.tier), policy.priority);
  return fmt::format("{} ({}) {}[{}]{} ({})", policy.Id(), rank, DirectionKey(ref.direction),
                     ref.rule_index, rule.name.empty() ? "" : " \"" + rule.name + "\"",
                     LineRef(rule.loc));
}

}  // namespace report
NETPOL_NAMESPACE_END
