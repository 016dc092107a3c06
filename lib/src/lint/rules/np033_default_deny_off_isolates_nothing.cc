// NP033 default-deny-off-without-effect: a Cilium rule with
// `enableDefaultDeny: false` for a direction whose pods no other policy
// isolates, so its allows change nothing.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"
#include "netpol/direction.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class DefaultDenyOffWithoutEffect : public BasicRule {
 public:
  DefaultDenyOffWithoutEffect()
      : BasicRule({"NP033", "default-deny-off-without-effect", LintSeverity::kWarning,
                   "A Cilium policy with enableDefaultDeny: false selects pods no other policy "
                   "isolates: its allows change nothing",
                   R"(With `enableDefaultDeny: {ingress: false}` (or egress) a Cilium rule adds its allows to
what other policies allow, without putting the pods in default deny itself. When no other
policy isolates those pods for that direction, they accept (or send) everything anyway, and
the rule restricts nothing: often the author expected it to lock the pods down. Reported on
the policy, naming the pods and the direction.

Bad (nothing else selects app: api for ingress):
  endpointSelector: {matchLabels: {app: api}}
  enableDefaultDeny: {ingress: false}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]

Good: drop `enableDefaultDeny: {ingress: false}` so the rule isolates the pods, or add the
default-deny policy it was meant to complement.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const Evaluator& evaluator = context.evaluator();
    for (PolicyId id = 0; id < cluster.policies.size(); ++id) {
      const NetworkPolicy& policy = cluster.policies[id];
      if (policy.kind == PolicyKind::kNetworkPolicy) continue;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction) || policy.Isolates(direction)) continue;
        std::vector<std::string> open;
        for (PodId pod : context.SelectedByLabels(policy)) {
          if (cluster.pods[pod].host_network) continue;
          bool isolated = false;
          for (PolicyId other : evaluator.IsolatingPolicies(pod, direction)) {
            if (cluster.policies[other].Isolates(direction)) isolated = true;
          }
          if (!isolated && evaluator.ClusterPoliciesOf(pod).empty()) {
            open.push_back(cluster.pods[pod].Id());
          }
        }
        if (open.empty()) continue;
        const char* key = DirectionKey(direction);
        reporter.Diag(policy.loc,
                      fmt::format("{} {}: enableDefaultDeny {} is false and no other policy "
                                  "isolates {} for {}: its {} rules change nothing there",
                                  PolicyKindName(policy.kind), policy.Id(), key,
                                  JoinLimited(open), key, key),
                      fmt::format("remove `enableDefaultDeny: {{{}: false}}`, or add the "
                                  "default-deny policy this one complements",
                                  key));
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeDefaultDenyOffWithoutEffectRule() {
  return std::make_unique<DefaultDenyOffWithoutEffect>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
