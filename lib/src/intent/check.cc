// Comparing the computed graph with an intent.
#include "netpol/check.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "netpol/endpoint_ref.h"
#include "intent/check_intent.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Ports of `set` that `other` does not contain.
PortSet Minus(const PortSet& set, const PortSet& other) { return set.Intersect(other.Complement()); }

std::optional<NearMiss> ClosestRule(const Evaluator& evaluator, Direction direction,
                                    const Endpoint& subject, const Endpoint& peer,
                                    const PortSet& missing) {
  const Cluster& cluster = evaluator.cluster();
  const Endpoint& destination = direction == Direction::kEgress ? peer : subject;
  std::optional<NearMiss> wrong_peer;
  for (PolicyId policy_id : evaluator.IsolatingPolicies(*subject.pod, direction)) {
    const NetworkPolicy& policy = cluster.policies[policy_id];
    const std::vector<Rule>& rules = policy.Rules(direction);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const RuleRef ref{policy_id, direction, static_cast<int>(i)};
      const PortSet ports = evaluator.RulePorts(rules[i], destination);
      const bool peer_matches =
          evaluator.RulePeersMatch(policy, rules[i], peer, CommonFamilies(cluster, subject, peer));
      const bool ports_match = !ports.Intersect(missing).IsEmpty();
      if (peer_matches && !ports_match) {
        // The best kind of near miss: right peer, wrong port.
        return NearMiss{ref, fmt::format("peer matches, but the rule allows {} only",
                                         ports.IsEmpty() ? "no port of this pod" : ports.ToString())};
      }
      if (!peer_matches && ports_match && !wrong_peer) {
        std::string peers;
        for (const Peer& p : rules[i].peers) peers += (peers.empty() ? "" : "; ") + p.ToString();
        wrong_peer = NearMiss{ref, fmt::format("ports match, but its peers ({}) do not match {}",
                                               peers, EndpointName(peer, cluster))};
      }
    }
  }
  return wrong_peer;
}

CheckFinding Declared(const Evaluator& evaluator, const Endpoint& from, const Endpoint& to,
                      const PortSet& declared, bool any_port, const char* origin,
                      const SourceLoc& loc) {
  CheckFinding finding;
  finding.origin = origin;
  finding.from = from;
  finding.to = to;
  finding.declared = declared;
  finding.declared_at = loc;
  finding.verdict_detail = evaluator.Evaluate(from, to);
  finding.allowed = finding.verdict_detail.allowed;
  const PortSet missing = any_port ? (finding.allowed.IsEmpty() ? declared : PortSet())
                                   : Minus(declared, finding.allowed);
  if (missing.IsEmpty()) return finding;
  finding.verdict = CheckVerdict::kMissing;
  finding.offending = missing;
  // No address family in common: no side blocks it, and no policy can fix it.
  if (finding.verdict_detail.families.IsEmpty()) return finding;
  const SideVerdict* sides[] = {&finding.verdict_detail.egress, &finding.verdict_detail.ingress};
  for (const SideVerdict* side : sides) {
    // With "any port", a side blocks when it allows nothing at all.
    const PortSet side_missing = any_port ? (side->allowed.IsEmpty() ? missing : PortSet())
                                          : Minus(missing, side->allowed);
    if (side_missing.IsEmpty()) continue;
    BlockingSide blocking;
    blocking.direction = side->direction;
    blocking.isolating_policies = side->isolating_policies;
    blocking.missing = side_missing;
    const Endpoint& subject = side->direction == Direction::kEgress ? from : to;
    const Endpoint& peer = side->direction == Direction::kEgress ? to : from;
    blocking.closest = ClosestRule(evaluator, side->direction, subject, peer, side_missing);
    for (const auto* decisions : {&side->admin_decisions, &side->baseline_decisions}) {
      for (const TierDecision& decision : *decisions) {
        if (decision.action != TierAction::kDeny) continue;
        const PortSet denied = decision.ports.Intersect(side_missing);
        if (denied.IsEmpty()) continue;
        blocking.tier_denials.push_back(decision);
        if (decisions == &side->admin_decisions) blocking.admin_denied.Merge(denied);
      }
    }
    finding.blocked_by.push_back(std::move(blocking));
  }
  return finding;
}

}  // namespace

const char* CheckVerdictName(CheckVerdict verdict) {
  switch (verdict) {
    case CheckVerdict::kOk: return "ok";
    case CheckVerdict::kMissing: return "MISSING";
    case CheckVerdict::kUnexpected: return "UNEXPECTED";
  }
  return "ok";
}

bool CheckResult::Holds() const {
  return std::all_of(findings.begin(), findings.end(),
                     [](const CheckFinding& f) { return f.verdict == CheckVerdict::kOk; });
}

int CheckResult::Count(CheckVerdict verdict) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [&](const CheckFinding& f) { return f.verdict == verdict; }));
}

CheckResult CheckIntent(const Evaluator& evaluator, const Intent& intent, DiagnosticSink& sink,
                        const ClusterDnsOptions& dns) {
  const Cluster& cluster = evaluator.cluster();
  CheckResult result;
  // Declared ports per ordered pod pair, for closed mode. A deny entry
  // declares its pair too: what it reports must not come back as undeclared.
  std::map<std::pair<PodId, PodId>, PortSet> covered;
  auto cover = [&](const Endpoint& from, const Endpoint& to, const PortSet& ports) {
    if (from.pod && to.pod) covered[{*from.pod, *to.pod}].Merge(ports);
  };

  std::set<std::string> unmatched_reported;
  for (const IntentConnection& connection : intent.connections) {
    const std::vector<Endpoint> froms = ResolveEndpointRef(connection.from, cluster);
    const std::vector<Endpoint> tos = ResolveEndpointRef(connection.to, cluster);
    if (froms.empty() || tos.empty()) {
      for (const auto& [name, ref, endpoints, loc] :
           {std::tuple{"from", &connection.from, &froms, &connection.from_loc},
            std::tuple{"to", &connection.to, &tos, &connection.to_loc}}) {
        if (endpoints->empty()) {
          // At the entry: an allow/deny entry, or a path's hop (reported
          // once, where written, though two hops of the path use it).
          const SourceLoc& at = connection.kind == IntentConnection::Kind::kPath && loc->IsKnown()
                                    ? *loc
                                    : connection.loc;
          const std::string key = at.ToString() + "\n" + ref->text;
          if (!unmatched_reported.insert(key).second) continue;
          const std::optional<std::string> nearest = NearestEndpointText(*ref, cluster);
          sink.Error(at,
                     fmt::format("{}: \"{}\" matches no pod in the inputs{}", name, ref->text,
                                 nearest ? "; did you mean \"" + *nearest + "\"?" : ""));
        }
      }
      continue;
    }
    const bool any_port = !connection.ports.has_value();
    const PortSet declared = connection.ports.value_or(PortSet::All());
    for (const Endpoint& from : froms) {
      for (const Endpoint& to : tos) {
        if (from == to) continue;  // self traffic is not evaluated
        if (connection.kind == IntentConnection::Kind::kDeny) {
          CheckFinding finding;
          finding.origin = "deny";
          finding.from = from;
          finding.to = to;
          finding.declared = declared;
          finding.declared_at = connection.loc;
          finding.verdict_detail = evaluator.Evaluate(from, to);
          finding.allowed = finding.verdict_detail.allowed;
          finding.offending = finding.allowed.Intersect(declared);
          if (!finding.offending.IsEmpty()) finding.verdict = CheckVerdict::kUnexpected;
          result.findings.push_back(std::move(finding));
          cover(from, to, declared);
          continue;
        }
        const char* origin = connection.kind == IntentConnection::Kind::kPath ? "path" : "allow";
        // Ports declared towards a Service are service ports: check the pod
        // ports they land on (targetPort, numeric or named).
        PortSet pod_ports = declared;
        if (const Service* service = ServiceOf(connection.to, cluster); service && !any_port) {
          pod_ports = service->TargetPorts(declared, cluster.pods[*to.pod]);
          if (pod_ports.IsEmpty()) {
            sink.Error(connection.loc,
                       fmt::format("ports: service {} has no port {} that lands on {}",
                                   service->Id(), declared.ToString(), EndpointName(to, cluster)));
            continue;
          }
        }
        result.findings.push_back(Declared(evaluator, from, to, pod_ports, any_port, origin, connection.loc));
        cover(from, to, pod_ports);
      }
    }
  }

  auto in_scope = [&](const Pod& pod) {
    return std::find(intent.scope_namespaces.begin(), intent.scope_namespaces.end(),
                     pod.namespace_name) != intent.scope_namespaces.end();
  };
  if (intent.require_dns) {
    PortSet dns_ports = PortSet::Single(Protocol::kUDP, 53);
    dns_ports.Add(Protocol::kTCP, 53, 53);
    std::vector<PodId> dns_pods;
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      if (IsClusterDnsPod(cluster.pods[id], dns)) dns_pods.push_back(id);
    }
    if (dns_pods.empty()) {
      sink.Error(intent.require_dns_loc,
                 fmt::format("requireDNS: no pod in {} is labelled {}", dns.namespace_name,
                             LabelSelector{dns.labels, {}, {}, {}}.ToString()));
    }
    for (PodId id = 0; id < cluster.pods.size(); ++id) {
      if (!in_scope(cluster.pods[id]) || IsClusterDnsPod(cluster.pods[id], dns)) continue;
      for (PodId dns_pod : dns_pods) {
        const Endpoint from = Endpoint::ForPod(id);
        const Endpoint to = Endpoint::ForPod(dns_pod);
        result.findings.push_back(
            Declared(evaluator, from, to, dns_ports, false, "dns", intent.require_dns_loc));
        cover(from, to, dns_ports);
      }
    }
  }

  if (intent.closed) {
    for (PodId a = 0; a < cluster.pods.size(); ++a) {
      if (!in_scope(cluster.pods[a])) continue;
      for (PodId b = 0; b < cluster.pods.size(); ++b) {
        if (a == b || !in_scope(cluster.pods[b])) continue;
        const Endpoint from = Endpoint::ForPod(a);
        const Endpoint to = Endpoint::ForPod(b);
        Verdict verdict = evaluator.Evaluate(from, to);
        auto it = covered.find({a, b});
        const PortSet extra =
            it == covered.end() ? verdict.allowed : Minus(verdict.allowed, it->second);
        if (extra.IsEmpty()) continue;
        CheckFinding finding;
        finding.verdict = CheckVerdict::kUnexpected;
        finding.origin = "undeclared";
        finding.from = from;
        finding.to = to;
        finding.allowed = verdict.allowed;
        finding.offending = extra;
        finding.declared_at = intent.loc;
        finding.verdict_detail = std::move(verdict);
        result.findings.push_back(std::move(finding));
      }
    }
  }
  return result;
}

NETPOL_NAMESPACE_END
