#include "netpol/explain.h"

#include <algorithm>

#include <fmt/format.h>

#include "eval/peer_semantics.h"
#include "netpol/endpoint_ref.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Why `peer` of `policy` does or does not match `target`, concretely.
// `matched` is Evaluator::PeerMatches' answer: explain words reasons, never
// decides.
std::string PeerMatchReason(const Evaluator& evaluator, const NetworkPolicy& policy,
                            const Peer& peer, const Endpoint& target, FamilySet families,
                            bool matched);

std::string LabelsText(const Labels& labels) {
  if (labels.empty()) return "(none)";
  std::string text;
  for (const auto& [key, value] : labels) {
    if (!text.empty()) text += ",";
    text += key + "=" + value;
  }
  return text;
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += separator;
    text += parts[i];
  }
  return text;
}

// What a rule's peers are to the traffic: used only here, so not in direction.h.
const char* PeerRole(Direction direction) {
  switch (direction) {
    case Direction::kIngress: return "source";
    case Direction::kEgress: return "destination";
  }
  return "";
}

std::string IpBlockReason(const IpBlock& block, const IpAddress& address, bool matched,
                          const std::string& what) {
  if (matched) return fmt::format("ipBlock {} contains {}", block.ToString(), what);
  if (block.cidr.Contains(address)) {
    for (const Cidr& excluded : block.except) {
      if (excluded.Contains(address)) {
        return fmt::format("ipBlock {} excludes {} (except {})", block.ToString(), what,
                           excluded.ToString());
      }
    }
  }
  return fmt::format("ipBlock {} does not contain {}", block.ToString(), what);
}

bool Allows(const PortSet& ports, const std::optional<PortQuery>& port) {
  return port ? ports.Contains(port->protocol, port->port) : !ports.IsEmpty();
}

std::vector<PortTrace> TracePorts(const Evaluator& evaluator, const Rule& rule,
                                  const Endpoint& destination) {
  std::vector<PortTrace> traces;
  const std::string dst_name = EndpointName(destination, evaluator.cluster());
  for (const PolicyPort& entry : rule.ports) {
    PortTrace trace;
    trace.loc = entry.loc;
    trace.entry = entry.ToString();
    trace.ports = evaluator.PolicyPortSet(entry, destination);
    if (entry.IsNamed()) {
      if (!destination.pod) {
        trace.reason = fmt::format("named port {}: destination {} is an external address and has "
                                   "no named ports",
                                   entry.port_name, dst_name);
      } else if (trace.ports.IsEmpty()) {
        trace.reason = fmt::format("named port {}: destination has no {} port named {}",
                                   entry.port_name, ProtocolName(entry.protocol),
                                   entry.port_name);
      } else {
        trace.reason = fmt::format("named port {} is {} on {}", entry.port_name,
                                   trace.ports.ToString(), dst_name);
      }
    }
    traces.push_back(std::move(trace));
  }
  return traces;
}

// A toServices peer names its Service before the selectors it became:
// "toServices k8sService billing/payments (services.yaml:3): the pods its
// selector app=payments selects"; a Service a k8sServiceSelector selected
// says so: "toServices k8sServiceSelector tier=api selects Service shop/api
// (services.yaml:9): ...".
std::string ServicePeerPrefix(const Cluster& cluster, const Peer& peer) {
  if (peer.service.empty()) return "";
  const std::string named =
      peer.service_selector.empty()
          ? fmt::format("toServices k8sService {}", peer.service)
          : fmt::format("toServices k8sServiceSelector {} selects Service {}",
                        peer.service_selector, peer.service);
  const std::size_t slash = peer.service.find('/');
  const Service* service =
      cluster.FindService(peer.service.substr(0, slash), peer.service.substr(slash + 1));
  if (service == nullptr) return fmt::format("{}: no such Service in the inputs, so ", named);
  if (!service->selector) {
    return fmt::format("{} ({}:{}): it has no selector (its endpoints are not read), so ", named,
                       service->loc.file, service->loc.line);
  }
  return fmt::format("{} ({}:{}): the pods its selector {} selects; ", named, service->loc.file,
                     service->loc.line, LabelsText(*service->selector));
}

// Why a toFQDNs peer of `fqdn` does not apply to the egress of `source`:
// its lookups of the name do not go through Cilium's DNS proxy
// (Evaluator::FqdnLookupAllowed); "" when it applies.
std::string FqdnGateReason(const Evaluator& evaluator, PodId source, const std::string& fqdn) {
  if (evaluator.FqdnLookupAllowed(source, fqdn)) return "";
  if (!evaluator.FqdnLookupsVisible(source)) {
    return ", but not allowed: toFQDNs needs DNS visibility (the source's DNS lookups do not "
           "go through Cilium's DNS proxy, so Cilium never learns the name's addresses)";
  }
  return fmt::format(
      ", but not allowed: toFQDNs needs DNS visibility of the name (the source's L7 dns rules "
      "let through only lookups of {}: Cilium's DNS proxy refuses the lookup of {}, so Cilium "
      "never learns its addresses)",
      Join(evaluator.FqdnLookups(source), ", "), fqdn);
}

// `fqdn_source` (not null): the rule is an egress rule of this pod, whose
// lookups gate its toFQDNs peers (FqdnGateReason).
RuleTrace TraceRule(const Evaluator& evaluator, const NetworkPolicy& policy, RuleRef ref,
                    const Endpoint& peer, const Endpoint& destination, FamilySet families,
                    const std::optional<PortQuery>& port, const PodId* fqdn_source = nullptr) {
  const Rule& rule = policy.Rules(ref.direction)[static_cast<std::size_t>(ref.rule_index)];
  RuleTrace trace;
  trace.rule = ref;
  trace.loc = rule.loc;
  trace.peer_matched = evaluator.RulePeersMatch(policy, rule, peer, families);
  const char* field = PeerListKey(ref.direction);
  if (rule.peers.empty()) {
    trace.peer_reason = fmt::format("no `{}`: every {} matches", field, PeerRole(ref.direction));
  } else {
    std::vector<std::string> misses;
    for (const Peer& p : rule.peers) {
      PeerTrace peer_trace;
      peer_trace.loc = p.loc;
      peer_trace.peer = p.ToString();
      peer_trace.matched = evaluator.PeerMatches(policy, p, peer, families);
      peer_trace.reason = ServicePeerPrefix(evaluator.cluster(), p) +
                          PeerMatchReason(evaluator, policy, p, peer, families, peer_trace.matched);
      if (fqdn_source && peer_trace.matched && !p.fqdn.empty()) {
        const std::string gated = FqdnGateReason(evaluator, *fqdn_source, p.fqdn);
        if (!gated.empty()) {
          peer_trace.matched = false;
          peer_trace.reason += gated;
        }
      }
      if (peer_trace.matched && trace.peer_reason.empty()) trace.peer_reason = peer_trace.reason;
      if (!peer_trace.matched) misses.push_back(peer_trace.reason);
      trace.peers.push_back(std::move(peer_trace));
    }
    trace.peer_matched = std::any_of(trace.peers.begin(), trace.peers.end(),
                                     [](const PeerTrace& t) { return t.matched; });
    if (!trace.peer_matched) trace.peer_reason = Join(misses, "; ");
  }

  trace.ports = evaluator.RulePorts(rule, destination);
  trace.port_entries = TracePorts(evaluator, rule, destination);
  trace.port_matched = Allows(trace.ports, port);
  std::vector<std::string> notes;
  for (const PortTrace& entry : trace.port_entries) {
    if (entry.ports.IsEmpty() && !entry.reason.empty()) notes.push_back(entry.reason);
  }
  if (rule.ports.empty()) {
    trace.port_reason = "no `ports`: all ports";
  } else if (port && !trace.port_matched) {
    std::string text = trace.ports.IsEmpty()
                           ? fmt::format("rule allows no port here, asked {}", port->ToString())
                           : fmt::format("rule allows {}, asked {}", trace.ports.ToString(),
                                         port->ToString());
    notes.insert(notes.begin(), text);
    trace.port_reason = Join(notes, "; ");
  } else if (trace.ports.IsEmpty()) {
    trace.port_reason = Join(notes, "; ");
  } else {
    notes.insert(notes.begin(), "rule allows " + trace.ports.ToString());
    trace.port_reason = Join(notes, "; ");
  }
  if (trace.peer_matched) trace.allowed = trace.ports;
  return trace;
}

std::string SideName(const SideTrace& side) {
  return fmt::format("{} of {}", DirectionKey(side.direction), side.subject_name);
}

std::string RuleName(const Cluster& cluster, const RuleRef& ref, const SourceLoc& loc) {
  return fmt::format("{} {}[{}] ({}:{})", cluster.policies[ref.policy].Id(),
                     DirectionKey(ref.direction), ref.rule_index, loc.file, loc.line);
}

std::string PolicyList(const SideTrace& side) {
  std::vector<std::string> ids;
  for (const PolicyTrace& policy : side.policies) ids.push_back(policy.id);
  return Join(ids, ", ");
}

// Why one side allows or blocks the connection, in one sentence.
std::string TieredSideReason(const SideTrace& side, const std::optional<PortQuery>& port,
                             bool other_side_blocks);

std::string SideReason(const Cluster& cluster, const SideTrace& side, const std::string& peer_name,
                       const std::optional<PortQuery>& port, bool other_side_blocks) {
  const std::string what = port ? port->ToString() : "anything";
  const char* towards = PeerPreposition(side.direction);
  if (!side.is_pod) {
    return fmt::format("{} allows it: an external address, no policy applies", SideName(side));
  }
  if (side.calico) {
    if (side.allows) {
      return fmt::format("{} {} it: the Calico tier walk allows {}", SideName(side),
                         other_side_blocks ? "would allow" : "allows",
                         side.allowed.ToString());
    }
    return fmt::format("{} blocks it: the Calico tier walk allows {} {} {}", SideName(side),
                       side.allowed.IsEmpty() ? "nothing" : side.allowed.ToString(), towards,
                       peer_name);
  }
  if (side.tiered) return TieredSideReason(side, port, other_side_blocks);
  if (!side.isolated) {
    if (cluster.pods[*side.subject.pod].host_network) {
      return fmt::format("{} allows it: a hostNetwork pod, to which no NetworkPolicy applies",
                         SideName(side));
    }
    return fmt::format("{} allows it: not isolated (no policy in namespace {} selects it for {})",
                       SideName(side), cluster.pods[*side.subject.pod].namespace_name,
                       DirectionName(side.direction));
  }
  if (side.allows) {
    std::vector<std::string> rules;
    for (const PolicyTrace& policy : side.policies) {
      for (const RuleTrace& rule : policy.rules) {
        if (Allows(rule.allowed, port)) rules.push_back(RuleName(cluster, rule.rule, rule.loc));
      }
    }
    return fmt::format("{} {} it: {}", SideName(side), other_side_blocks ? "would allow" : "allows",
                       Join(rules, ", "));
  }
  std::string text = fmt::format("{} blocks it: isolated by {}, and no rule allows {} {} {}",
                                 SideName(side), PolicyList(side), what, towards, peer_name);
  if (port && !side.allowed.IsEmpty()) {
    text += fmt::format(" (matching rules allow only {})", side.allowed.ToString());
  }
  return text;
}


// ---- Cluster-scoped tiers -------------------------------------------------

TierTrace MakeTierTrace(const Evaluator& evaluator, const TierDecision& decision,
                        const Endpoint& peer, FamilySet families) {
  const ClusterPolicy& policy = evaluator.cluster().cluster_policies[decision.rule.policy];
  const ClusterPolicyRule& rule = policy.Rules(decision.rule.direction)[decision.rule.rule_index];
  TierTrace trace;
  trace.rule = decision.rule;
  trace.tier = policy.tier;
  trace.policy = policy.Id();
  trace.kind = policy.kind;
  trace.priority = policy.priority;
  trace.rule_name = rule.name;
  trace.action = decision.action;
  trace.loc = rule.loc;
  trace.ports = decision.ports;
  for (const ClusterPolicyPeer& candidate : rule.peers) {
    if (evaluator.ClusterPeerMatches(candidate, peer, families)) {
      trace.peer = candidate.ToString();
      break;
    }
  }
  return trace;
}

void AddTierTraces(const Evaluator& evaluator, const SideVerdict& verdict, const Endpoint& peer,
                   FamilySet families, SideTrace& side) {
  side.tiered = true;
  side.after_admin = verdict.after_admin;
  for (const TierDecision& d : verdict.admin_decisions) {
    side.admin.push_back(MakeTierTrace(evaluator, d, peer, families));
  }
  for (const TierDecision& d : verdict.baseline_decisions) {
    side.baseline.push_back(MakeTierTrace(evaluator, d, peer, families));
  }
}

std::string TierList(const std::vector<TierTrace>& traces) {
  std::vector<std::string> parts;
  for (const TierTrace& t : traces) parts.push_back(t.ToString() + " on " + t.ports.ToString());
  return Join(parts, "; ");
}

std::string TieredSummary(const Cluster& cluster, const SideTrace& side,
                          const std::string& peer_name) {
  std::vector<std::string> parts;
  if (!side.admin.empty()) parts.push_back("Admin tier: " + TierList(side.admin));
  if (side.after_admin.IsEmpty()) {
    parts.push_back("the Admin tier decided all ports");
  } else if (side.isolated) {
    parts.push_back(fmt::format("NetworkPolicies ({}) decide {}", PolicyList(side),
                                side.after_admin.ToString()));
  } else {
    parts.push_back(fmt::format("no NetworkPolicy in namespace {} isolates the pod for {}",
                                cluster.pods[*side.subject.pod].namespace_name,
                                DirectionName(side.direction)));
    if (!side.baseline.empty()) parts.push_back("Baseline tier: " + TierList(side.baseline));
  }
  return fmt::format("{}; allowed {} {}: {}", Join(parts, "; "),
                     PeerPreposition(side.direction), peer_name,
                     side.allowed.IsEmpty() ? "nothing" : side.allowed.ToString());
}

// The tier that decided `port` (or, without a port, a summary of them).
std::string TieredSideReason(const SideTrace& side, const std::optional<PortQuery>& port,
                             bool other_side_blocks) {
  const char* verb = side.allows ? (other_side_blocks ? "would allow" : "allows") : "blocks";
  if (port) {
    for (const TierTrace& t : side.admin) {
      if (!t.ports.Contains(port->protocol, port->port)) continue;
      if (t.action != TierAction::kPass) return fmt::format("{} {} it: {}", SideName(side), verb, t.ToString());
      std::string passed = fmt::format("{} passes it on", t.ToString());
      if (side.isolated) {
        return fmt::format("{} {} it: {}, and NetworkPolicies {} ({})", SideName(side), verb, passed,
                           side.allows ? "allow it" : "allow nothing of it", PolicyList(side));
      }
      for (const TierTrace& b : side.baseline) {
        if (b.ports.Contains(port->protocol, port->port)) {
          return fmt::format("{} {} it: {}; no NetworkPolicy isolates the pod; {}", SideName(side),
                             verb, passed, b.ToString());
        }
      }
      return fmt::format("{} {} it: {}; no NetworkPolicy or Baseline rule decides it, so it is allowed",
                         SideName(side), verb, passed);
    }
    if (side.isolated) {
      return fmt::format("{} {} it: no Admin-tier rule matches; NetworkPolicies ({}) {}", SideName(side),
                         verb, PolicyList(side), side.allows ? "allow it" : "allow nothing of it");
    }
    for (const TierTrace& b : side.baseline) {
      if (b.ports.Contains(port->protocol, port->port)) {
        return fmt::format("{} {} it: no Admin-tier rule or NetworkPolicy decides it; {}",
                           SideName(side), verb, b.ToString());
      }
    }
    return fmt::format("{} {} it: no tier decides it (default allow)", SideName(side), verb);
  }
  return fmt::format("{} {} {}: {}", SideName(side), verb,
                     side.allows ? side.allowed.ToString() : "everything", side.summary);
}

}  // namespace

std::string TierTrace::ToString() const {
  const char* direction = DirectionKey(rule.direction);
  const bool cilium = kind == ClusterPolicyKind::kCiliumNetworkPolicy ||
                      kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy;
  if (cilium) {  // Cilium deny rules: before every allow, no priority of their own
    return fmt::format("{} {}Deny rule {}: Deny (deny rules take precedence over every allow)",
                       policy, direction, rule.rule_index);
  }
  std::string text = kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy
                         ? fmt::format("{} {} rule {}", policy, direction, rule.rule_index)
                         : fmt::format("{} priority {} {} rule {}", policy, priority, direction,
                                       rule.rule_index);
  if (!rule_name.empty()) text += " (" + rule_name + ")";
  return text + ": " + TierActionName(action);
}


namespace {

std::string PeerMatchReason(const Evaluator& evaluator, const NetworkPolicy& policy,
                            const Peer& peer, const Endpoint& target, FamilySet families,
                            bool matched) {
  const Cluster& cluster = evaluator.cluster();
  if (peer.ip_block) {
    if (!target.pod) {
      if (!target.address) return "the endpoint has no address";
      if (!peer_semantics::AddressUsable(*target.address, families)) {
        return fmt::format("{} is {}, a family the other end does not have",
                           target.address->ToString(), IpFamilyName(target.address->family));
      }
      if (!peer.fqdn.empty()) {  // a toFQDNs peer: name the endpoints, not their addresses
        return fmt::format("{} {} {}", peer.ToString(), matched ? "matches" : "does not match",
                           EndpointName(target, cluster));
      }
      const FqdnEndpoint* fqdn = cluster.FindFqdnByAddress(*target.address);
      return IpBlockReason(*peer.ip_block, *target.address, matched,
                           fqdn ? fqdn->Id() + " (evaluated as " + target.address->ToString() + ")"
                                : target.address->ToString());
    }
    if (peer.ip_block->outside_cluster) {
      return "a Cilium CIDR matches addresses outside the cluster only; pods are matched by identity";
    }
    if (!evaluator.options().ip_blocks_match_pods) {
      return "ipBlocks are not matched against pod IPs (ip_blocks_match_pods is off)";
    }
    const Pod& pod = cluster.pods[*target.pod];
    if (pod.ips.empty()) return "pod has no IP; ipBlocks match no pod without a known IP";
    // Only IPs of a family both ends have carry the traffic.
    std::vector<IpAddress> usable;
    std::vector<std::string> unused;
    for (const IpAddress& ip : pod.ips) {
      if (peer_semantics::AddressUsable(ip, families)) usable.push_back(ip);
      else unused.push_back(ip.ToString());
    }
    if (usable.empty()) {
      return fmt::format("pod IP {} is {}, a family the other end does not have", Join(unused, ","),
                         FamilySet::OfAddresses(pod.ips).ToString());
    }
    std::vector<std::string> ips;
    for (const IpAddress& ip : usable) {
      if (peer.ip_block->Contains(ip) == matched) ips.push_back(ip.ToString());
    }
    if (ips.empty()) ips.push_back(usable.front().ToString());
    const std::string what = fmt::format("pod IP {}", Join(ips, ","));
    std::string reason = IpBlockReason(*peer.ip_block, usable.front(), matched, what);
    if (!unused.empty()) {
      reason += fmt::format(" (the connection uses {}, the only family both ends have; {} is not "
                            "used)",
                            families.ToString(), Join(unused, ","));
    }
    return reason;
  }
  if (!target.pod) {
    return fmt::format("{} is not a pod; podSelector and namespaceSelector peers match only pods",
                       EndpointName(target, cluster));
  }
  const Pod& pod = cluster.pods[*target.pod];
  if (!peer_semantics::SelectorsSeePod(pod.host_network)) {
    return fmt::format("{} uses hostNetwork: its traffic is node traffic, which pod and namespace "
                       "selectors never match (only an ipBlock with the node's IP does)",
                       pod.Id());
  }
  std::string namespace_part;
  if (peer.namespace_selector) {
    const Labels& ns_labels = evaluator.NamespaceLabels(pod.namespace_name);
    if (!peer_semantics::NamespaceMatches(policy, peer, pod.namespace_name, ns_labels)) {
      return fmt::format("namespaceSelector {} does not match namespace {} (labels {})",
                         peer.namespace_selector->ToString(), pod.namespace_name,
                         LabelsText(ns_labels));
    }
    namespace_part = peer.namespace_selector->IsEmpty()
                         ? "namespaceSelector {} matches every namespace"
                         : fmt::format("namespaceSelector {} matches namespace {}",
                                       peer.namespace_selector->ToString(), pod.namespace_name);
  } else if (!peer_semantics::NamespaceMatches(policy, peer, pod.namespace_name, {})) {
    return fmt::format("pod is in namespace {}; a podSelector-only peer selects the policy's "
                       "namespace {}",
                       pod.namespace_name, policy.namespace_name);
  } else {
    namespace_part = fmt::format("pod is in the policy's namespace {}", pod.namespace_name);
  }
  if (!peer_semantics::PodMatches(peer, pod.labels)) {
    return fmt::format("podSelector {} does not match labels {}", peer.pod_selector->ToString(),
                       LabelsText(pod.labels));
  }
  std::string pod_part;
  if (!peer.pod_selector) {
    pod_part = "no podSelector: every pod there";
  } else if (peer.pod_selector->IsEmpty()) {
    pod_part = "podSelector {} matches every pod";
  } else {
    pod_part = fmt::format("podSelector {} matches labels {}", peer.pod_selector->ToString(),
                           LabelsText(pod.labels));
  }
  if (!matched) return "does not match";  // unreachable while the predicates agree
  return namespace_part + ", " + pod_part;
}

// "only IPv4 (10.0.1.5)" for a pod, "only IPv6" for an external block.
std::string OnlyFamilyText(const Cluster& cluster, const Endpoint& endpoint) {
  const std::string families = EndpointFamilies(cluster, endpoint).ToString();
  if (!endpoint.pod) return "only " + families;
  std::vector<std::string> ips;
  for (const IpAddress& ip : cluster.pods[*endpoint.pod].ips) ips.push_back(ip.ToString());
  return fmt::format("only {} ({})", families, Join(ips, ", "));
}

// The IPs of pod `endpoint` that the pair cannot use, as text ("" if none).
std::string UnusedIps(const Cluster& cluster, const Endpoint& endpoint, FamilySet families,
                      std::vector<std::string>* used) {
  if (!endpoint.pod) return "";
  std::vector<std::string> unused;
  for (const IpAddress& ip : cluster.pods[*endpoint.pod].ips) {
    (peer_semantics::AddressUsable(ip, families) ? *used : unused).push_back(ip.ToString());
  }
  return Join(unused, ", ");
}

// Why the address families shape the verdict, or "" when they do not: no
// family in common, or one end's IPs of a family the other lacks.
std::string FamilyReason(const Cluster& cluster, const Endpoint& source,
                         const Endpoint& destination, FamilySet families) {
  const std::string source_name = EndpointName(source, cluster);
  const std::string destination_name = EndpointName(destination, cluster);
  if (families.IsEmpty()) {
    return fmt::format("no common address family: {} has {}, {} {}; no packet can pass between "
                       "them, whatever the policies say",
                       source_name, OnlyFamilyText(cluster, source), destination_name,
                       OnlyFamilyText(cluster, destination));
  }
  std::vector<std::string> notes;
  for (const auto& [endpoint, name] : {std::pair{&source, &source_name},
                                       std::pair{&destination, &destination_name}}) {
    std::vector<std::string> used;
    const std::string unused = UnusedIps(cluster, *endpoint, families, &used);
    if (!unused.empty()) {
      notes.push_back(fmt::format("ipBlocks see {}'s {}, not {}", *name, Join(used, ", "), unused));
    }
  }
  if (notes.empty()) return "";
  return fmt::format("{} and {} share only {}, so the connection uses it: {}", source_name,
                     destination_name, families.ToString(), Join(notes, "; "));
}

// What a Calico rule (and its policy) matched by ServiceAccount or Service:
// "source shop/web runs under ServiceAccount shop/web-sa; destination is an
// endpoint of Service shop/api". Empty when neither is read.
std::string CalicoIdentityNote(const Evaluator& evaluator, const CalicoPolicy& policy,
                               const CalicoRule& rule, const Endpoint& source,
                               const Endpoint& destination, const Endpoint& subject) {
  const Cluster& cluster = evaluator.cluster();
  std::vector<std::string> parts;
  auto account = [&](const Endpoint& endpoint) {
    const Pod& pod = cluster.pods[*endpoint.pod];
    return fmt::format("{} runs under ServiceAccount {}/{}", pod.Id(), pod.namespace_name,
                       pod.service_account);
  };
  if (policy.service_account_selector && subject.pod) {
    const Pod& pod = cluster.pods[*subject.pod];
    parts.push_back(fmt::format("serviceAccountSelector matches ServiceAccount {}/{} of {}",
                                pod.namespace_name, pod.service_account, pod.Id()));
  }
  auto entity_note = [&](const char* name, const CalicoEntityRule& entity, const Endpoint& endpoint) {
    if (!endpoint.pod) return;
    if (entity.service_accounts) parts.push_back(fmt::format("{} {}", name, account(endpoint)));
    if (entity.service) {
      if (const Service* service = evaluator.CalicoService(policy, *entity.service)) {
        parts.push_back(fmt::format("{} is an endpoint of Service {}", name, service->Id()));
      }
    }
  };
  entity_note("source", rule.source, source);
  entity_note("destination", rule.destination, destination);
  return parts.empty() ? std::string() : fmt::format(" [{}]", Join(parts, "; "));
}

// The Calico tier walk of one side, a line a step (see SideTrace::calico_walk).
std::vector<std::string> CalicoWalkLines(const Evaluator& evaluator, const SideVerdict& verdict,
                                         const Endpoint& subject, const Endpoint& peer) {
  const Cluster& cluster = evaluator.cluster();
  const bool ingress = verdict.direction == Direction::kIngress;
  const Endpoint& source = ingress ? peer : subject;
  const Endpoint& destination = ingress ? subject : peer;
  std::vector<std::string> lines;
  const char* key = DirectionKey(verdict.direction);
  for (const CalicoDecision& d : verdict.calico_decisions) {
    std::string step;
    if (d.rule_index < 0) {
      step = fmt::format("tier {}: no rule decided: {} {}", d.tier,
                         d.action == CalicoAction::kPass ? "Pass (defaultAction)"
                                                         : "Deny (end of tier)",
                         d.ports.ToString());
    } else if (d.cluster_rule) {
      const ClusterPolicy& policy = cluster.cluster_policies[d.cluster_rule->policy];
      const ClusterPolicyRule& rule = policy.Rules(verdict.direction)[d.rule_index];
      const bool banp = policy.kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy;
      step = fmt::format("tier {}: {} {} ({} {}) {} rule {}{}: {} {} ({})", d.tier,
                         ClusterPolicyKindName(policy.kind), policy.name,
                         banp ? "order" : "priority as order",
                         banp ? kCalicoBaselinePolicyOrder : static_cast<double>(policy.priority),
                         key, d.rule_index, rule.name.empty() ? "" : " \"" + rule.name + "\"",
                         CalicoActionName(d.action), d.ports.ToString(), rule.loc.ToString());
    } else if (d.calico_policy) {
      const CalicoPolicy& policy = cluster.calico_policies[*d.calico_policy];
      const CalicoRule& rule = policy.Rules(verdict.direction == Direction::kIngress)[d.rule_index];
      step = fmt::format("tier {}: {} order {} {} rule {}: {} {} ({})", d.tier, policy.Id(),
                         policy.order ? fmt::format("{}", *policy.order) : std::string("unset"), key,
                         d.rule_index, CalicoActionName(d.action), d.ports.ToString(),
                         rule.loc.ToString());
      step += CalicoIdentityNote(evaluator, policy, rule, source, destination, subject);
    } else {
      const NetworkPolicy& policy = cluster.policies[d.network_policy];
      step = fmt::format("tier {}: NetworkPolicy {} (Kubernetes, order 1000) {} rule {}: Allow {} ({})",
                         d.tier, policy.Id(), key, d.rule_index, d.ports.ToString(),
                         policy.Rules(verdict.direction)[d.rule_index].loc.ToString());
    }
    lines.push_back(std::move(step));
  }
  return lines;
}

}  // namespace

SideTrace ExplainSide(const Evaluator& evaluator, Direction direction, const Endpoint& subject,
                      const Endpoint& peer, std::optional<PortQuery> port) {
  const Cluster& cluster = evaluator.cluster();
  SideTrace side;
  side.direction = direction;
  side.subject = subject;
  side.subject_name = EndpointName(subject, cluster);
  side.is_pod = subject.IsPod();
  const std::string peer_name = EndpointName(peer, cluster);
  if (!side.is_pod) {
    side.allowed = PortSet::All();
    side.allows = true;
    side.summary = "an external address: no policy applies, everything is allowed";
    return side;
  }
  const SideVerdict verdict = evaluator.EvaluateSide(direction, subject, peer);
  side.l7_by = verdict.l7_by;
  const FamilySet families = CommonFamilies(cluster, subject, peer);
  if (verdict.tiered) AddTierTraces(evaluator, verdict, peer, families, side);
  const std::vector<PolicyId>& isolating = evaluator.IsolatingPolicies(*subject.pod, direction);
  side.isolated = !isolating.empty();
  if (verdict.calico) {
    side.calico = true;
    side.isolated = true;
    side.calico_walk = CalicoWalkLines(evaluator, verdict, subject, peer);
    side.allowed = verdict.allowed;
    side.allows = Allows(side.allowed, port);
    side.summary = fmt::format("selected by Calico policies; the tier walk allows {} {} {}",
                               side.allowed.IsEmpty() ? "nothing" : side.allowed.ToString(),
                               PeerPreposition(direction), peer_name);
    return side;
  }
  if (!side.isolated && side.tiered) {
    side.allowed = verdict.allowed;
    side.allows = Allows(side.allowed, port);
    side.summary = TieredSummary(cluster, side, peer_name);
    return side;
  }
  if (!side.isolated) {
    side.allowed = PortSet::All();
    side.allows = true;
    side.summary =
        cluster.pods[*subject.pod].host_network
            ? "not isolated: the pod uses hostNetwork, so no NetworkPolicy applies to it (its "
              "traffic is node traffic), and everything is allowed"
            : fmt::format("not isolated: no NetworkPolicy in namespace {} selects the pod "
                          "for {}, so everything is allowed",
                          cluster.pods[*subject.pod].namespace_name, DirectionName(direction));
    return side;
  }
  const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
  const PodId* fqdn_source = direction == Direction::kEgress ? &*subject.pod : nullptr;
  for (PolicyId id : isolating) {
    const NetworkPolicy& policy = cluster.policies[id];
    PolicyTrace policy_trace;
    policy_trace.policy = id;
    policy_trace.id = policy.kind == PolicyKind::kNetworkPolicy
                          ? policy.Id()
                          : fmt::format("{} {}", PolicyKindName(policy.kind), policy.Id());
    policy_trace.loc = policy.loc;
    const std::vector<Rule>& rules = policy.Rules(direction);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      RuleTrace rule = TraceRule(evaluator, policy, RuleRef{id, direction, static_cast<int>(i)},
                                 peer, destination, families, port, fqdn_source);
      side.allowed.Merge(rule.allowed);
      policy_trace.rules.push_back(std::move(rule));
    }
    side.policies.push_back(std::move(policy_trace));
  }
  if (side.tiered) {
    side.allowed = verdict.allowed;
    side.allows = Allows(side.allowed, port);
    side.summary = TieredSummary(cluster, side, peer_name);
    return side;
  }
  side.allows = Allows(side.allowed, port);
  side.summary = fmt::format("isolated by {} polic{}; their rules allow {} {} {}",
                             side.policies.size(), side.policies.size() == 1 ? "y" : "ies",
                             side.allowed.IsEmpty() ? "nothing" : side.allowed.ToString(),
                             PeerPreposition(direction), peer_name);
  return side;
}

namespace {

// The allowed ports (the queried one only, with a port) that a side allows
// only subject to L7 filtering: Verdict::l7, and one reason per rule behind
// it, naming the rule and where it is written.
void AddL7Reasons(const Cluster& cluster, Explanation& e) {
  PortSet shown = e.allowed;
  if (e.port) {
    shown = shown.Intersect(PortSet::Single(e.port->protocol, e.port->port));
  }
  for (const SideTrace* side : {&e.egress, &e.ingress}) {
    for (const SideVerdict::L7Contribution& c : side->l7_by) {
      const PortSet ports = c.filter.ports.Intersect(shown);
      if (ports.IsEmpty()) continue;
      AddL7Filter(e.l7, c.filter.protocol, ports);
      const NetworkPolicy& policy = cluster.policies[c.rule.policy];
      const SourceLoc& loc = policy.Rules(c.rule.direction)[c.rule.rule_index].loc;
      e.reasons.push_back(fmt::format(
          "{} of {}: {} allowed subject to L7 filtering ({}) by {} {} {} rule {} at {}:{}: "
          "Cilium's proxy admits only the requests its rules match",
          DirectionKey(side->direction), side->subject_name, ports.ToString(), c.filter.protocol,
          PolicyKindName(policy.kind), policy.Id(), DirectionKey(c.rule.direction),
          c.rule.rule_index, loc.file, loc.line));
    }
  }
}

}  // namespace

Explanation Explain(const Evaluator& evaluator, const Endpoint& source,
                    const Endpoint& destination, std::optional<PortQuery> port) {
  const Cluster& cluster = evaluator.cluster();
  Explanation e;
  e.source = source;
  e.destination = destination;
  e.source_name = EndpointName(source, cluster);
  e.destination_name = EndpointName(destination, cluster);
  e.port = port;
  e.egress = ExplainSide(evaluator, Direction::kEgress, source, destination, port);
  e.ingress = ExplainSide(evaluator, Direction::kIngress, destination, source, port);
  e.families = CommonFamilies(cluster, source, destination);
  if (!e.families.IsEmpty()) e.allowed = e.egress.allowed.Intersect(e.ingress.allowed);
  e.allows = Allows(e.allowed, port);

  const std::string family_reason = FamilyReason(cluster, source, destination, e.families);
  if (e.families.IsEmpty()) {
    // The policies are beside the point; say what each side would do.
    e.reasons.push_back(family_reason);
    e.reasons.push_back(SideReason(cluster, e.egress, e.destination_name, port, true));
    e.reasons.push_back(SideReason(cluster, e.ingress, e.source_name, port, true));
    return e;
  }
  const bool egress_blocks = !e.egress.allows;
  const bool ingress_blocks = !e.ingress.allows;
  e.reasons.push_back(
      SideReason(cluster, e.egress, e.destination_name, port, ingress_blocks && !egress_blocks));
  e.reasons.push_back(
      SideReason(cluster, e.ingress, e.source_name, port, egress_blocks && !ingress_blocks));
  if (!e.allows && !egress_blocks && !ingress_blocks) {
    e.reasons.push_back(fmt::format("egress allows {} and ingress allows {}: no port in common",
                                    e.egress.allowed.ToString(), e.ingress.allowed.ToString()));
  } else if (egress_blocks != ingress_blocks) {
    e.reasons.push_back(fmt::format(
        "both sides must allow a connection: only a rule on the {} side can open it",
        DirectionKey(egress_blocks ? Direction::kEgress : Direction::kIngress)));
  }
  if (!family_reason.empty()) e.reasons.push_back(family_reason);
  AddL7Reasons(cluster, e);
  return e;
}

NETPOL_NAMESPACE_END
