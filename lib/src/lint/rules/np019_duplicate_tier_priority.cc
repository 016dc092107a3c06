// NP019 duplicate-tier-priority: two cluster-scoped policies of one tier with
// the same priority that can apply to the same pods.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class DuplicateTierPriorityRule : public BasicRule {
 public:
  DuplicateTierPriorityRule()
      : BasicRule({"NP019", "duplicate-tier-priority", LintSeverity::kWarning,
                   "Two cluster-scoped policies of one tier share a priority",
                   R"(The API leaves the order of two policies of the same tier and priority undefined: if
both match a connection, an implementation may apply either, and which one wins can differ
between clusters or over time. netpol evaluates them by kind, then name, and says so here.
Reported on the later policy when both select a common pod (or, when the inputs hold no
pods, whenever priorities collide).

Bad:
  kind: AdminNetworkPolicy  # name: deny-db,  priority: 10, subject: namespaces {}
  kind: AdminNetworkPolicy  # name: allow-db, priority: 10, subject: namespaces {}

Good: distinct priorities (lower number first):
  kind: AdminNetworkPolicy  # name: deny-db,  priority: 10
  kind: AdminNetworkPolicy  # name: allow-db, priority: 11)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    const auto& policies = cluster.cluster_policies;
    for (std::size_t b = 0; b < policies.size(); ++b) {
      for (std::size_t a = 0; a < b; ++a) {
        if (policies[a].tier != policies[b].tier || policies[a].priority != policies[b].priority) {
          continue;
        }
        if (policies[a].kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy ||
            policies[b].kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy) {
          continue;  // the BANP has no priority
        }
        auto cilium = [](const ClusterPolicy& p) {
          return p.kind == ClusterPolicyKind::kCiliumNetworkPolicy ||
                 p.kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy;
        };
        if (cilium(policies[a]) || cilium(policies[b])) {
          continue;  // Cilium deny rules have no order: every deny applies
        }
        std::string overlap;
        if (context.HasPods()) {
          for (PodId pod = 0; pod < cluster.pods.size() && overlap.empty(); ++pod) {
            if (evaluator.ClusterPolicySelects(policies[a], pod) &&
                evaluator.ClusterPolicySelects(policies[b], pod)) {
              overlap = cluster.pods[pod].Id();
            }
          }
          if (overlap.empty()) continue;
        }
        reporter.Diag(
            policies[b].loc,
            fmt::format("{} and {} are both {} tier, priority {}{}: the API leaves their order "
                        "undefined (netpol evaluates {} first)",
                        policies[a].Id(), policies[b].Id(), PolicyTierName(policies[b].tier),
                        policies[b].priority,
                        overlap.empty() ? "" : ", and both select " + overlap,
                        policies[a].Id()),
            "give each policy its own priority");
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeDuplicateTierPriorityRule() {
  return std::make_unique<DuplicateTierPriorityRule>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
