#include "netpol/evaluator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>

#include "eval/peer_semantics.h"
#include "netpol/cluster_dns.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// A broken precondition of an unchecked query: says which and stops, rather
// than reading past the end of a table (the Checked* calls return it).
[[noreturn]] void Die(const Status& status) {
  std::fprintf(stderr, "netpol: Evaluator: %s\n", status.message().c_str());
  std::abort();
}

Status PodOutOfRange(PodId pod, std::size_t pods) {
  return Status::InvalidArgument("pod id " + std::to_string(pod) +
                                 " is out of range: the cluster has " + std::to_string(pods) +
                                 (pods == 1 ? " pod" : " pods"));
}

}  // namespace

Status Evaluator::CheckEndpoint(const Endpoint& endpoint) const {
  if (endpoint.pod) {
    if (*endpoint.pod >= ingress_policies_.size()) {
      return PodOutOfRange(*endpoint.pod, ingress_policies_.size());
    }
    return Status::Ok();
  }
  if (!endpoint.address) {
    return Status::InvalidArgument(
        "endpoint is neither a pod nor an address (an Endpoint{} left empty; use "
        "Endpoint::ForPod or Endpoint::ForAddress)");
  }
  return Status::Ok();
}

Result<Verdict> Evaluator::CheckedEvaluate(const Endpoint& source,
                                           const Endpoint& destination) const {
  if (Status status = CheckEndpoint(source); !status.ok()) {
    return Status::InvalidArgument("source: " + status.message());
  }
  if (Status status = CheckEndpoint(destination); !status.ok()) {
    return Status::InvalidArgument("destination: " + status.message());
  }
  return Evaluate(source, destination);
}

const std::vector<ClusterPolicyId>& Evaluator::ClusterPoliciesOf(PodId pod) const {
  if (pod >= cluster_policies_.size()) Die(PodOutOfRange(pod, cluster_policies_.size()));
  return cluster_policies_[pod];
}

Evaluator::Evaluator(const Cluster& cluster, EvalOptions options)
    : cluster_(cluster),
      options_(options),
      ingress_policies_(cluster.pods.size()),
      egress_policies_(cluster.pods.size()),
      cluster_policies_(cluster.pods.size()),
      pod_families_(cluster.pods.size()),
      fqdn_lookup_set_(cluster.pods.size(), 0),
      fqdn_lookup_sets_{{"*"}} {
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    pod_families_[id] = EndpointFamilies(cluster, Endpoint::ForPod(id));
  }
  std::unordered_map<std::string, std::vector<PodId>> pods_by_namespace;
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    pods_by_namespace[cluster.pods[id].namespace_name].push_back(id);
  }
  for (PolicyId policy_id = 0; policy_id < cluster.policies.size(); ++policy_id) {
    const NetworkPolicy& policy = cluster.policies[policy_id];
    auto it = pods_by_namespace.find(policy.namespace_name);
    if (it == pods_by_namespace.end()) continue;
    const bool ingress = policy.Affects(Direction::kIngress);
    const bool egress = policy.Affects(Direction::kEgress);
    for (PodId pod : it->second) {
      const Pod& subject = cluster.pods[pod];
      if (!peer_semantics::PolicySelects(policy, subject.namespace_name, subject.labels,
                                         subject.host_network)) {
        continue;
      }
      if (ingress) ingress_policies_[pod].push_back(policy_id);
      if (egress) egress_policies_[pod].push_back(policy_id);
    }
  }
  // A Cilium rule with default deny off adds allows without isolating: when
  // no policy of a side isolates the pod, the side allows everything and
  // those allows do not matter.
  for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      auto& list = direction == Direction::kIngress ? ingress_policies_[pod] : egress_policies_[pod];
      if (std::none_of(list.begin(), list.end(), [&](PolicyId id) {
            return cluster.policies[id].Isolates(direction);
          })) {
        list.clear();
      }
    }
  }
  // Cluster-scoped policies in precedence order (Cluster::Finalize sorts
  // them; a cluster built by hand may not be).
  std::vector<ClusterPolicyId> order(cluster.cluster_policies.size());
  for (ClusterPolicyId id = 0; id < order.size(); ++id) order[id] = id;
  std::stable_sort(order.begin(), order.end(), [&](ClusterPolicyId a, ClusterPolicyId b) {
    return cluster.cluster_policies[a].PrecedesInOrder(cluster.cluster_policies[b]);
  });
  for (ClusterPolicyId id : order) {
    for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
      if (ClusterPolicySelects(cluster.cluster_policies[id], pod)) {
        cluster_policies_[pod].push_back(id);
      }
    }
  }
  IndexCalico();
  // The toFQDNs gate. A pod's verdicts towards DNS pods never depend on it
  // (a toFQDNs peer matches no pod), so with every pod visible so far they
  // are already final: each pod's visibility is read from them once.
  if (!cluster.fqdns.empty()) {
    std::map<PodId, std::vector<std::string>> lookups;
    for (PodId pod = 0; pod < cluster.pods.size(); ++pod) {
      const bool has_fqdn_rule = std::any_of(
          egress_policies_[pod].begin(), egress_policies_[pod].end(), [&](PolicyId id) {
            const std::vector<Rule>& rules = cluster.policies[id].egress;
            return std::any_of(rules.begin(), rules.end(), [](const Rule& rule) {
              return std::any_of(rule.peers.begin(), rule.peers.end(),
                                 [](const Peer& peer) { return !peer.fqdn.empty(); });
            });
          });
      if (!has_fqdn_rule) continue;
      lookups[pod] = FqdnDnsOf(*this, pod, options_.dns).lookups;
    }
    // Assigned after the loop, so every FqdnDnsOf above saw every pod
    // visible (the state its verdicts towards DNS pods are final in).
    std::map<std::vector<std::string>, std::uint32_t> set_of{{fqdn_lookup_sets_[0], 0}};
    for (auto& [pod, names] : lookups) {
      auto [it, inserted] =
          set_of.emplace(names, static_cast<std::uint32_t>(fqdn_lookup_sets_.size()));
      if (inserted) fqdn_lookup_sets_.push_back(std::move(names));
      fqdn_lookup_set_[pod] = it->second;
    }
  }
}

bool Evaluator::FqdnLookupsVisible(PodId pod) const { return !FqdnLookups(pod).empty(); }

const std::vector<std::string>& Evaluator::FqdnLookups(PodId pod) const {
  if (pod >= fqdn_lookup_set_.size()) Die(PodOutOfRange(pod, fqdn_lookup_set_.size()));
  return fqdn_lookup_sets_[fqdn_lookup_set_[pod]];
}

bool Evaluator::FqdnLookupAllowed(PodId pod, const std::string& fqdn) const {
  const std::vector<std::string>& names = FqdnLookups(pod);
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    return FqdnSelectorsOverlap(name, fqdn);
  });
}

bool Evaluator::SideRuleMatches(const NetworkPolicy& policy, const Rule& rule,
                                Direction direction, PodId pod, const Endpoint& peer,
                                FamilySet families, bool& gated) const {
  gated = false;
  if (rule.peers.empty()) return true;
  // Pods in lookup set 0 see every name; others only those they look up.
  const bool gate = direction == Direction::kEgress && fqdn_lookup_set_[pod] != 0;
  bool matched = false;
  for (const Peer& candidate : rule.peers) {
    if (!PeerMatches(policy, candidate, peer, families)) continue;
    if (gate && !candidate.fqdn.empty() && !FqdnLookupAllowed(pod, candidate.fqdn)) {
      gated = true;
      continue;
    }
    matched = true;
    break;
  }
  if (matched) gated = false;
  return matched;
}

FamilySet Evaluator::PairFamilies(const Endpoint& a, const Endpoint& b) const {
  auto families = [&](const Endpoint& e) {
    return e.pod ? pod_families_[*e.pod] : EndpointFamilies(cluster_, e);
  };
  return families(a).Intersect(families(b));
}

const std::vector<PolicyId>& Evaluator::IsolatingPolicies(PodId pod, Direction direction) const {
  if (pod >= ingress_policies_.size()) Die(PodOutOfRange(pod, ingress_policies_.size()));
  return direction == Direction::kIngress ? ingress_policies_[pod] : egress_policies_[pod];
}

const Labels& Evaluator::NamespaceLabels(const std::string& name) const {
  static const Labels kNone;
  const Namespace* ns = cluster_.FindNamespace(name);
  return ns ? ns->labels : kNone;
}

bool Evaluator::PeerMatches(const NetworkPolicy& policy, const Peer& peer, const Endpoint& target,
                            FamilySet families) const {
  namespace semantics = peer_semantics;
  if (peer.ip_block) {
    auto matches = [&](const IpAddress& ip) {
      return semantics::AddressUsable(ip, families) && semantics::IpBlockMatches(peer, ip);
    };
    if (!target.pod) return target.address && matches(*target.address);
    if (!semantics::IpBlocksSeePods(options_) || peer.ip_block->outside_cluster) return false;
    const Pod& pod = cluster_.pods[*target.pod];
    return std::any_of(pod.ips.begin(), pod.ips.end(), matches);
  }
  if (!target.pod) return false;  // selector peers match pods only
  const Pod& pod = cluster_.pods[*target.pod];
  return semantics::SelectorsSeePod(pod.host_network) &&
         semantics::NamespaceMatches(policy, peer, pod.namespace_name,
                                     NamespaceLabels(pod.namespace_name)) &&
         semantics::PodMatches(peer, pod.labels);
}

bool Evaluator::RulePeersMatch(const NetworkPolicy& policy, const Rule& rule,
                               const Endpoint& target, FamilySet families) const {
  if (rule.peers.empty()) return true;
  return std::any_of(rule.peers.begin(), rule.peers.end(), [&](const Peer& peer) {
    return PeerMatches(policy, peer, target, families);
  });
}

PortSet Evaluator::PolicyPortSet(const PolicyPort& port, const Endpoint& destination) const {
  if (port.IsNamed()) {
    PortSet set;
    if (!destination.pod) return set;  // external addresses have no named ports
    for (const ContainerPort& cp : cluster_.pods[*destination.pod].ports) {
      if (cp.name == port.port_name && cp.protocol == port.protocol) {
        set.Add(cp.protocol, cp.port, cp.port);
      }
    }
    return set;
  }
  if (!port.port) return PortSet::AllOf(port.protocol);
  // Add, not Range: a hand-built model may hold ports the loader would have
  // rejected; they are clipped exactly as ClassEngine clips them, so the two
  // evaluators keep agreeing instead of this one aborting.
  PortSet set;
  set.Add(port.protocol, *port.port, port.end_port.value_or(*port.port));
  return set;
}

PortSet Evaluator::RulePorts(const Rule& rule, const Endpoint& destination) const {
  if (rule.ports.empty()) return PortSet::All();
  PortSet set;
  for (const PolicyPort& port : rule.ports) set.Merge(PolicyPortSet(port, destination));
  return set;
}

SideVerdict Evaluator::EvaluateSide(Direction direction, const Endpoint& subject,
                                    const Endpoint& peer) const {
  if (Status status = CheckEndpoint(subject); !status.ok()) Die(status);
  if (Status status = CheckEndpoint(peer); !status.ok()) Die(status);
  SideVerdict side;
  side.direction = direction;
  side.is_pod = subject.pod.has_value();
  if (!subject.pod) {
    side.allowed = PortSet::All();
    return side;
  }
  const PodId pod = *subject.pod;
  const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
  const FamilySet families = PairFamilies(subject, peer);
  side.tiered = !cluster_policies_[pod].empty();
  side.isolating_policies = IsolatingPolicies(pod, direction);
  side.isolated = !side.isolating_policies.empty();
  if (!CalicoWalk(pod, direction).empty()) {
    // Calico's tier walk, cluster-scoped policies and Kubernetes
    // NetworkPolicies in their Calico tiers; what every tier passed goes to
    // the profile, which allows it.
    side.calico = true;
    PortSet pending = PortSet::All();
    RunCalicoTiers(direction, pod, peer, destination, families, pending, side);
    side.allowed.Merge(pending);
    return side;
  }

  // Admin tier: first match decides; Pass and unmatched ports go on.
  PortSet pending = PortSet::All();
  PortSet passed;
  if (side.tiered) {
    RunTier(PolicyTier::kAdmin, direction, pod, peer, destination, families, pending, side.allowed,
            passed, side.admin_decisions);
    side.after_admin = pending.Union(passed);
  }

  // Baseline tier, then the default (allow) for what no earlier tier decided
  // (`undecided`). A Pass in the Baseline tier hands over to the default, too.
  const auto baseline_then_allow = [&](PortSet undecided) {
    if (side.tiered) {
      PortSet baseline_passed;
      RunTier(PolicyTier::kBaseline, direction, pod, peer, destination, families, undecided,
              side.allowed, baseline_passed, side.baseline_decisions);
      undecided.Merge(baseline_passed);
    }
    side.allowed.Merge(undecided);
  };

  // NetworkPolicy tier: decides everything that reaches it for isolated pods.
  if (side.isolated) {
    PortSet network_policy_allowed;
    // Ports allowed without L7 rules: L7 rules on them have no effect.
    PortSet plain;
    std::vector<SideVerdict::L7Contribution> filtered;
    for (PolicyId policy_id : side.isolating_policies) {
      const NetworkPolicy& policy = cluster_.policies[policy_id];
      const std::vector<Rule>& rules = policy.Rules(direction);
      for (std::size_t i = 0; i < rules.size(); ++i) {
        bool gated = false;
        if (!SideRuleMatches(policy, rules[i], direction, pod, peer, families, gated)) {
          if (gated) {
            PortSet ports = RulePorts(rules[i], destination);
            if (!ports.IsEmpty()) {
              side.fqdn_gated.push_back(
                  {RuleRef{policy_id, direction, static_cast<int>(i)}, std::move(ports)});
            }
          }
          continue;
        }
        PortSet ports = RulePorts(rules[i], destination);
        if (ports.IsEmpty()) continue;
        const RuleRef ref{policy_id, direction, static_cast<int>(i)};
        if (rules[i].ports.empty()) plain.Merge(ports);
        for (const PolicyPort& port : rules[i].ports) {
          PortSet entry = PolicyPortSet(port, destination);
          if (port.l7.empty()) {
            plain.Merge(entry);
          } else if (!entry.IsEmpty()) {
            filtered.push_back({ref, L7Filter{port.l7, std::move(entry)}});
          }
        }
        network_policy_allowed.Merge(ports);
        side.allowed_by.push_back({ref, std::move(ports)});
      }
    }
    side.allowed.Merge(side.tiered ? network_policy_allowed.Intersect(side.after_admin)
                                   : network_policy_allowed);
    if (!filtered.empty()) {
      // Filtered: decided by this tier, and allowed by no plain rule.
      PortSet open = plain.Complement();
      if (side.tiered) open = open.Intersect(side.after_admin);
      for (SideVerdict::L7Contribution& c : filtered) {
        c.filter.ports = c.filter.ports.Intersect(open);
        if (c.filter.ports.IsEmpty()) continue;
        AddL7Filter(side.l7, c.filter.protocol, c.filter.ports);
        side.l7_by.push_back(std::move(c));
      }
    }
    return side;
  }

  baseline_then_allow(side.after_admin);
  return side;
}

Verdict Evaluator::Evaluate(const Endpoint& source, const Endpoint& destination) const {
  Verdict verdict;
  verdict.egress = EvaluateSide(Direction::kEgress, source, destination);
  verdict.ingress = EvaluateSide(Direction::kIngress, destination, source);
  verdict.families = PairFamilies(source, destination);
  // No family in common: no packet can pass, whatever the policies say.
  if (!verdict.families.IsEmpty()) {
    verdict.allowed = verdict.egress.allowed.Intersect(verdict.ingress.allowed);
    for (const SideVerdict* side : {&verdict.egress, &verdict.ingress}) {
      for (const L7Filter& filter : RestrictL7Filters(side->l7, verdict.allowed)) {
        AddL7Filter(verdict.l7, filter.protocol, filter.ports);
      }
    }
  }
  return verdict;
}

NETPOL_NAMESPACE_END
