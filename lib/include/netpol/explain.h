// Why a connection is allowed or denied, rule by rule.
//
// An Explanation is the Evaluator's verdict unfolded into a trace a learner
// can follow: for each side (the source's egress, the destination's ingress)
// whether it is isolated and by which policies, then for every rule of those
// policies whether its peers matched the other end and which ports it
// allows, each with a concrete reason and a FILE:LINE. The trace is built
// from the Evaluator's public predicates (IsolatingPolicies, PeerMatches,
// RulePorts, PolicyPortSet), so its verdict is the Evaluator's by
// construction; the reasons only describe why a predicate said yes or no.
//
// Threads: Explain only reads its const Evaluator; concurrent calls are safe.
// Cost: one Evaluate plus a trace of every rule of the isolating policies:
// O(rules × peers) per explained pair.
#ifndef NETPOL_EXPLAIN_H_
#define NETPOL_EXPLAIN_H_

#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/endpoint.h"
#include "netpol/evaluator.h"
#include "netpol/model.h"
#include "netpol/port_query.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// One `from`/`to` entry of a rule, tested against the other end.
struct PeerTrace {
  SourceLoc loc;
  std::string peer;  ///< Peer::ToString().
  bool matched = false;
  /// "podSelector app=frontend does not match labels app=external-client".
  std::string reason;
};

/// One `ports` entry of a rule, resolved against the destination.
struct PortTrace {
  SourceLoc loc;
  std::string entry;  ///< PolicyPort::ToString(): "TCP 80", "TCP http".
  PortSet ports;      ///< What it resolves to (empty: an unresolved named port).
  std::string reason;  ///< Set when it resolves to nothing or to a named port.
};

/// One rule of an isolating policy.
struct RuleTrace {
  RuleRef rule;
  SourceLoc loc;
  /// Some peer matched the other end (a rule without peers matches all).
  bool peer_matched = false;
  /// Why: the matching peer's reason, or every peer's reason for not matching.
  std::string peer_reason;
  std::vector<PeerTrace> peers;
  /// The ports the rule allows towards the destination (named ports resolved).
  PortSet ports;
  std::vector<PortTrace> port_entries;
  /// With a queried port: whether `ports` contains it; otherwise whether
  /// `ports` is non-empty.
  bool port_matched = false;
  /// "rule allows TCP 443, asked TCP 80", "named port http: destination has
  /// no TCP port named http", "no `ports`: all ports".
  std::string port_reason;
  /// What the rule contributes: `ports` when the peer matched, else nothing.
  PortSet allowed;
};

/// One policy isolating the subject of a side.
struct PolicyTrace {
  PolicyId policy = 0;
  std::string id;  ///< "namespace/name".
  SourceLoc loc;
  std::vector<RuleTrace> rules;  ///< Empty: the policy allows nothing this way.
};

/// A rule of a cluster-scoped policy (ANP, BANP, CNP) that decided some
/// ports of a side: the first rule, in precedence order, that matched them.
struct TierTrace {
  ClusterRuleRef rule;
  PolicyTier tier = PolicyTier::kAdmin;
  std::string policy;  ///< ClusterPolicy::Id(): "ANP sensitive-ns".
  ClusterPolicyKind kind = ClusterPolicyKind::kAdminNetworkPolicy;
  int priority = 0;  ///< Not shown for the BANP, which has none.
  std::string rule_name;  ///< The rule's `name`; may be empty.
  TierAction action = TierAction::kAllow;
  SourceLoc loc;  ///< The rule.
  PortSet ports;  ///< The ports it decided.
  std::string peer;  ///< The matching peer, ClusterPolicyPeer::ToString().

  /// "ANP sensitive-ns priority 10 egress rule 2 (deny-all): Deny".
  std::string ToString() const;
};

/// One side of the connection.
struct SideTrace {
  Direction direction = Direction::kEgress;
  Endpoint subject;      ///< The source for egress, the destination for ingress.
  std::string subject_name;
  bool is_pod = false;
  bool isolated = false;
  std::vector<PolicyTrace> policies;  ///< The isolating policies, sorted.
  PortSet allowed;  ///< Union of the rules' contributions; all ports when not isolated.
  /// With a queried port: whether `allowed` contains it; otherwise whether
  /// `allowed` is non-empty.
  bool allows = false;
  /// One sentence: "not isolated: no policy selects the pod for Egress, so
  /// everything is allowed", "isolated by 3 policies; their rules allow TCP 53".
  std::string summary;

  /// Cluster-scoped tiers (empty unless an ANP, BANP or CNP selects the pod).
  bool tiered = false;
  std::vector<TierTrace> admin;     ///< Admin-tier decisions, precedence order.
  PortSet after_admin = PortSet::All();  ///< What the Admin tier handed on.
  std::vector<TierTrace> baseline;  ///< Baseline-tier decisions (no NetworkPolicy isolates).
  /// The rules whose L7-filtered ports this side allows only subject to L7
  /// filtering (SideVerdict::l7_by).
  std::vector<SideVerdict::L7Contribution> l7_by;

  /// Calico (empty unless a projectcalico.org policy selects the pod): the
  /// tier walk, one step a line, in order: "tier security: GlobalNetworkPolicy
  /// security.quarantine order 10 ingress rule 0: Deny TCP all
  /// (policies.yaml:31)", and a tier's end ("tier default: no rule decided:
  /// Deny ...").
  bool calico = false;
  std::vector<std::string> calico_walk;
};

/// The whole answer for one ordered pair of endpoints.
struct Explanation {
  Endpoint source;
  Endpoint destination;
  std::string source_name;
  std::string destination_name;
  std::optional<PortQuery> port;
  SideTrace egress;
  SideTrace ingress;
  PortSet allowed;  ///< egress.allowed ∩ ingress.allowed, as Evaluator::Evaluate.
  /// The address families both ends have (CommonFamilies); empty: they
  /// cannot reach each other, and `allowed` is empty.
  FamilySet families = FamilySet::Both();
  /// The verdict: the queried port is allowed, or (no port) anything is.
  bool allows = false;
  /// The ports of `allowed` allowed only subject to L7 filtering
  /// (Verdict::l7), by L7 protocol.
  std::vector<L7Filter> l7;
  /// Why, in sentences: which side blocks and what the other would allow.
  std::vector<std::string> reasons;
};

/// Explains traffic from `source` to `destination`, optionally on one port.
Explanation Explain(const Evaluator& evaluator, const Endpoint& source,
                    const Endpoint& destination, std::optional<PortQuery> port = std::nullopt);

/// One side only (the building block of Explain).
SideTrace ExplainSide(const Evaluator& evaluator, Direction direction, const Endpoint& subject,
                      const Endpoint& peer, std::optional<PortQuery> port = std::nullopt);

NETPOL_NAMESPACE_END

#endif  // NETPOL_EXPLAIN_H_
