// NP021 service-port-not-target-port: a policy port that is a Service's
// port, where the pods behind the Service listen on its targetPort.
#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lint/lint_index.h"
#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class ServicePortNotTargetPort : public BasicRule {
 public:
  ServicePortNotTargetPort()
      : BasicRule({"NP021", "service-port-not-target-port", LintSeverity::kWarning,
                   "A policy port is the port of a Service in front of the pods, not the port "
                   "the pods listen on (its targetPort)",
                   R"(A Service forwards `port` to the pods' `targetPort`, and policies see the connection after
that translation: what they must allow is the pod's port. A `ports` entry that matches the
`port` of a Service selecting the policy's pods (ingress), or the pods a rule's peers match
(egress), where the Service forwards to another port and no container of those pods declares
the Service's port, does not admit the Service's traffic. Reported on the `ports` entry, with
the targetPort to use (its number, or its name when the Service names it). Services without a
selector are not judged.

Bad (the Service forwards 80 to `http`, 8080 on the pods; the policy allows 80):
  # Service web: ports: [{port: 80, targetPort: http}]
  # Deployment web: ports: [{name: http, containerPort: 8080}]
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 80}]

Good:
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: http}]   # or port: 8080)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    const LintIndex& index = context.index();
    // The pods each Service selects, ascending.
    std::vector<std::vector<PodId>> selected(cluster.services.size());
    for (std::size_t s = 0; s < cluster.services.size(); ++s) {
      const Service& service = cluster.services[s];
      if (!service.selector || service.selector->empty()) continue;
      LabelSelector selector;
      selector.match_labels = *service.selector;
      for (PodId pod : index.PodsOf(service.namespace_name)) {
        if (!cluster.pods[pod].host_network && selector.Matches(cluster.pods[pod].labels)) {
          selected[s].push_back(pod);
        }
      }
    }
    // Service ports of selecting Services by (protocol, port), so that a
    // policy port entry meets only the Service ports it matches.
    std::map<std::pair<Protocol, int>, std::vector<std::pair<std::size_t, std::size_t>>> by_port;
    for (std::size_t s = 0; s < cluster.services.size(); ++s) {
      if (selected[s].empty()) continue;
      const std::vector<ServicePort>& ports = cluster.services[s].ports;
      for (std::size_t p = 0; p < ports.size(); ++p) {
        by_port[{ports[p].protocol, ports[p].port}].emplace_back(s, p);
      }
    }
    for (PolicyId id : PoliciesInSourceOrder(cluster)) {
      const NetworkPolicy& policy = cluster.policies[id];
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          std::optional<std::vector<PodId>> destinations;  // computed when first needed
          for (const PolicyPort& entry : rules[r].ports) {
            if (!entry.port) continue;  // named ports name the pod's port already
            // The Service ports the entry matches, in (Service, port) order.
            std::vector<std::pair<std::size_t, std::size_t>> matched;
            for (auto it = by_port.lower_bound({entry.protocol, *entry.port});
                 it != by_port.end() && it->first.first == entry.protocol &&
                 it->first.second <= entry.end_port.value_or(*entry.port);
                 ++it) {
              matched.insert(matched.end(), it->second.begin(), it->second.end());
            }
            std::sort(matched.begin(), matched.end());
            for (const auto& [s, p] : matched) {
              const Service& service = cluster.services[s];
              if (direction == Direction::kIngress &&
                  service.namespace_name != policy.namespace_name) {
                continue;
              }
              if (!destinations) {
                destinations = direction == Direction::kIngress
                                   ? index.Isolated(id, direction)
                                   : index.Expand(index.RuleClasses(policy, rules[r]));
              }
              if (auto finding = Judge(cluster, policy, direction, r, service, service.ports[p],
                                       selected[s], *destinations)) {
                reporter.Diag(KnownOr(entry.loc, KnownOr(rules[r].loc, policy.loc)),
                              finding->message, finding->fix);
                break;  // one finding per entry
              }
            }
          }
        }
      }
    }
  }

 private:
  struct Finding {
    std::string message;
    std::string fix;
  };

  // The pod port `service_port` lands on at `pod`; nullopt when its named
  // targetPort is not a port of the pod.
  static std::optional<int> Target(const ServicePort& service_port, const Pod& pod) {
    if (service_port.target_port_name.empty()) {
      return service_port.target_port.value_or(service_port.port);
    }
    for (const ContainerPort& port : pod.ports) {
      if (port.name == service_port.target_port_name && port.protocol == service_port.protocol) {
        return port.port;
      }
    }
    return std::nullopt;
  }

  static std::optional<Finding> Judge(const Cluster& cluster, const NetworkPolicy& policy,
                                      Direction direction, std::size_t r,
                                      const Service& service, const ServicePort& service_port,
                                      const std::vector<PodId>& selected,
                                      const std::vector<PodId>& destinations) {
    std::vector<PodId> behind;
    std::set_intersection(selected.begin(), selected.end(), destinations.begin(),
                          destinations.end(), std::back_inserter(behind));
    if (behind.empty()) return std::nullopt;
    const std::vector<PolicyPort>& entries = policy.Rules(direction)[r].ports;
    std::optional<int> target;
    PodId example = behind.front();
    for (PodId pod : behind) {
      for (const ContainerPort& port : cluster.pods[pod].ports) {
        // A pod that listens on the Service's port itself is reached by the entry.
        if (port.protocol == service_port.protocol && port.port == service_port.port) {
          return std::nullopt;
        }
      }
      const std::optional<int> landed = Target(service_port, cluster.pods[pod]);
      if (!landed) continue;
      // Another entry of the rule (or this one's range) allows the pod's port:
      // the Service's traffic passes.
      for (const PolicyPort& other : entries) {
        if (other.protocol != service_port.protocol) continue;
        if (!other.port && !other.IsNamed()) return std::nullopt;  // all ports of the protocol
        if (other.port && *landed >= *other.port && *landed <= other.end_port.value_or(*other.port)) {
          return std::nullopt;
        }
        if (other.IsNamed() && other.port_name == service_port.target_port_name) return std::nullopt;
      }
      if (!target) {
        target = landed;
        example = pod;
      }
    }
    if (!target) return std::nullopt;  // an unresolved named targetPort: not this rule's matter
    const char* protocol = ProtocolName(service_port.protocol);
    const bool ingress = direction == Direction::kIngress;
    const std::string target_text =
        service_port.target_port_name.empty()
            ? fmt::format("targetPort {}", *target)
            : fmt::format("targetPort {} = {} {} on {}", service_port.target_port_name, protocol,
                          *target, cluster.pods[example].Id());
    Finding finding;
    finding.message = fmt::format(
        "{} of {} allows {} {}, the port of Service {} ({}), but the Service forwards it to {} and "
        "policies see the pod's port: no pod behind it ({}) declares {} {}, so this entry does "
        "not {} the Service's traffic",
        RuleLabel(direction, r), policy.Id(), protocol, service_port.port, service.Id(),
        KnownOr(service_port.loc, service.loc).ToString(), target_text,
        JoinLimited(PodNames(cluster, behind)), protocol, service_port.port,
        ingress ? "admit" : "allow");
    finding.fix = service_port.target_port_name.empty()
                      ? fmt::format("use the targetPort: `port: {}`", *target)
                      : fmt::format("use the targetPort: `port: {}` (its name) or `port: {}`",
                                    service_port.target_port_name, *target);
    return finding;
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeServicePortNotTargetPortRule() {
  return std::make_unique<ServicePortNotTargetPort>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
