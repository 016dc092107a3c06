// NP006 named-port-undefined: a named port no destination pod defines.
#include <set>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class NamedPortUndefined : public BasicRule {
 public:
  NamedPortUndefined()
      : BasicRule({"NP006", "named-port-undefined", LintSeverity::kWarning,
                   "A named port that no destination pod defines, or defines only for another "
                   "protocol",
                   R"(A named port (`port: http`) is resolved on each destination pod against its container ports,
by name AND protocol (TCP unless `protocol` says otherwise). For an ingress rule the
destinations are the pods the policy selects; for an egress rule, the pods its peers match.
When none of them has a container port of that name and protocol the entry allows nothing.
Runs only when the inputs contain pods and the rule has some destination pod.

Bad (the container port `dns` is UDP; the entry means TCP):
  ports:
  - port: dns

Good:
  ports:
  - port: dns
    protocol: UDP)"}) {}

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
    if (direction == Direction::kIngress) return context.Isolated(id, direction);
    // The pods of the classes the rule's peers match.
    const LintIndex& index = context.index();
    return index.Expand(index.RuleClasses(context.cluster().policies[id], rule));
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeNamedPortUndefinedRule() {
  return std::make_unique<NamedPortUndefined>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
