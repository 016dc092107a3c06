// NetworkPolicy semantics: whether traffic between two endpoints is allowed,
// on which ports, and why.
//
// How evaluation works (networking.k8s.io/v1):
//  * A pod is isolated for a direction when at least one policy of its
//    namespace selects it and Affects() that direction. A non-isolated side
//    allows everything.
//  * An isolated side allows the union, over the rules of the policies that
//    isolate it, of the ports of each rule whose peers match the other end.
//    Policies only ever add allowances; nothing denies.
//  * A connection src -> dst is allowed on the intersection of what src's
//    egress side allows towards dst and what dst's ingress side allows from
//    src. An external endpoint has no policies: its side allows everything.
//  * Traffic between two endpoints uses an address family both have
//    (CommonFamilies): an ipBlock matches a pod only through an IP of such a
//    family, and two endpoints with known addresses and no family in common
//    cannot reach each other at all (Verdict::families is empty).
//  * Named ports are resolved against the destination pod's container ports
//    (name and protocol); an external destination has no named ports.
//  * A Cilium toFQDNs peer of an egress rule applies to a source pod only
//    when the pod's DNS lookups go through Cilium's DNS proxy: its egress to
//    a cluster DNS pod is allowed on 53/UDP or 53/TCP subject to L7 `dns`
//    rules (FqdnLookupsVisible), and only for the names those `dns` rules
//    let through (FqdnLookupAllowed): the proxy refuses the lookups of other
//    names, and Cilium learns a name's addresses from allowed lookups only.
//    That depends on the pod's rules towards DNS pods, which no toFQDNs peer
//    matches, so it is computed once per pod, first.
//  * Cluster-scoped tiers (netpol/cluster_policy.h) wrap the above per side
//    and per port: Admin-tier rules decide first (first match wins: Allow,
//    Deny, or Pass on to NetworkPolicies); what they leave goes to the
//    NetworkPolicy tier when a NetworkPolicy isolates the pod, else to the
//    Baseline tier; what no tier decides is allowed.
//
// Threads: an Evaluator has no mutable state; a const one may be queried
// from any number of threads at once.
// Cost: building one indexes isolation, O(P × policies of each namespace +
// P × cluster-scoped policies); Evaluate and EvaluateSide walk the rules of
// the policies that select the pod (O(rules × peers)); the id lookups are
// O(1).
#ifndef NETPOL_EVALUATOR_H_
#define NETPOL_EVALUATOR_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netpol/api.h"
#include "netpol/cluster_dns_options.h"
#include "netpol/endpoint.h"
#include "netpol/l7_filter.h"
#include "netpol/model.h"
#include "netpol/port_set.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// How the evaluator reads NetworkPolicy semantics where implementations
/// differ.
struct EvalOptions {
  /// Match ipBlocks against pod IPs (status.podIP[s]), as the upstream
  /// conformance suite requires. When false, ipBlocks match only external
  /// addresses.
  bool ip_blocks_match_pods = true;
  /// The cluster DNS pods a Cilium `toFQDNs` rule depends on: such a rule
  /// applies to a source pod only when its DNS lookups go through Cilium's
  /// DNS proxy (FqdnLookupsVisible). `model_when_missing` is not read here.
  ClusterDnsOptions dns;
  bool operator==(const EvalOptions&) const = default;
};

/// A rule of a policy, by position.
struct RuleRef {
  PolicyId policy = 0;
  Direction direction = Direction::kIngress;
  int rule_index = 0;
  bool operator==(const RuleRef&) const = default;
};

/// A rule of a cluster-scoped policy (ANP, BANP, CNP), by position.
struct ClusterRuleRef {
  ClusterPolicyId policy = 0;
  Direction direction = Direction::kIngress;
  int rule_index = 0;
  bool operator==(const ClusterRuleRef&) const = default;
};

/// The ports one tier rule decided for a side: those it matched that no
/// rule of higher precedence had decided.
struct TierDecision {
  ClusterRuleRef rule;
  TierAction action = TierAction::kAllow;
  PortSet ports;
};

/// One step of a Calico tier walk that decided some ports.
struct CalicoDecision {
  std::string tier;
  /// The Calico policy (index in Cluster::calico_policies) or, when unset,
  /// the cluster-scoped policy rule `cluster_rule` (an ANP in tier
  /// adminnetworkpolicy, the BANP in baselineadminnetworkpolicy...) or else
  /// the Kubernetes NetworkPolicy `network_policy` (default tier, order 1000).
  std::optional<std::size_t> calico_policy;
  PolicyId network_policy = 0;
  /// The rule's index; -1 for the tier's end (no rule decided: dropped).
  int rule_index = -1;
  CalicoAction action = CalicoAction::kDeny;
  PortSet ports;
  std::optional<ClusterRuleRef> cluster_rule;  ///< See calico_policy.
};

/// What one side (the source's egress or the destination's ingress) allows.
struct SideVerdict {
  Direction direction = Direction::kIngress;
  /// False when this side is an external address (no policy can apply).
  bool is_pod = false;
  /// True when some policy isolates the pod for this direction.
  bool isolated = false;
  /// The policies that select the pod for this direction, sorted.
  std::vector<PolicyId> isolating_policies;
  /// What this side allows towards/from the other end.
  PortSet allowed;
  /// Each rule that allowed something, with what it allowed.
  struct Contribution {
    RuleRef rule;
    PortSet ports;
  };
  std::vector<Contribution> allowed_by;
  /// The ports of `allowed` that only L7-filtered rules allow (Cilium
  /// `toPorts[].rules`, see netpol/l7_filter.h), by L7 protocol: a port
  /// some rule of this side allows without L7 rules is not here.
  std::vector<L7Filter> l7;
  /// The rules behind `l7`: each rule's L7-filtered ports that count there.
  struct L7Contribution {
    RuleRef rule;
    L7Filter filter;
  };
  std::vector<L7Contribution> l7_by;
  /// Egress only: rules with a toFQDNs peer matching the other end that did
  /// not apply because the source's lookups of its name do not go through
  /// Cilium's DNS proxy (Evaluator::FqdnLookupAllowed is false); with the
  /// ports they would have allowed.
  std::vector<Contribution> fqdn_gated;

  /// Admin-tier rules that decided some ports, in precedence order.
  std::vector<TierDecision> admin_decisions;
  /// The ports the Admin tier handed on (no rule matched, or Pass): what the
  /// NetworkPolicy tier, or else the Baseline tier, decides. All ports when
  /// no Admin-tier policy selects the pod.
  PortSet after_admin = PortSet::All();
  /// Baseline-tier rules that decided some ports (only when no NetworkPolicy
  /// isolates the pod), in precedence order.
  std::vector<TierDecision> baseline_decisions;
  /// True when some cluster-scoped policy (either tier) selects the pod.
  bool tiered = false;
  /// True when some Calico policy selects the pod for this direction: the
  /// Calico tier walk decided every port, cluster-scoped policies included
  /// in their Calico tiers (admin_decisions and baseline_decisions still list
  /// their rules; after_admin is what reached the tiers after
  /// adminnetworkpolicy).
  bool calico = false;
  /// The Calico tier walk, in order (Allow, Deny, Pass and tier ends).
  std::vector<CalicoDecision> calico_decisions;
};

/// The answer for one ordered pair of endpoints, with its reasons.
struct Verdict {
  SideVerdict egress;   ///< The source's egress side.
  SideVerdict ingress;  ///< The destination's ingress side.
  /// egress.allowed ∩ ingress.allowed; empty when `families` is.
  PortSet allowed;
  /// The address families both endpoints have (CommonFamilies). Empty: an
  /// IPv4-only and an IPv6-only endpoint, which no policy can connect.
  FamilySet families = FamilySet::Both();
  /// The ports of `allowed` that either side allows only subject to L7
  /// filtering (SideVerdict::l7), by L7 protocol; empty without Cilium L7
  /// rules.
  std::vector<L7Filter> l7;

  bool Allows(Protocol protocol, int port) const { return allowed.Contains(protocol, port); }
  bool AllowsAnything() const { return !allowed.IsEmpty(); }
};

/// Evaluates flows over one cluster. Built once, then queried through const
/// methods; the cluster must outlive the evaluator (netpol::Analysis owns
/// both). A const Evaluator may be queried from any number of threads.
class Evaluator {
 public:
  explicit Evaluator(const Cluster& cluster, EvalOptions options = {});
  /// An evaluator keeps a reference to its cluster: a temporary would die at
  /// the end of the statement, so building one from a temporary does not
  /// compile. Keep the cluster alive, or use netpol::Analysis, which owns it.
  explicit Evaluator(Cluster&& cluster, EvalOptions options = {}) = delete;
  explicit Evaluator(const Cluster&& cluster, EvalOptions options = {}) = delete;
  /// Not copyable or movable: a struct holding a Cluster and its Evaluator
  /// would, once moved, hold an evaluator of the moved-from cluster. Share an
  /// evaluator by reference, or share the netpol::Analysis that owns it.
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  /// The full verdict for traffic from `source` to `destination`.
  /// Precondition: both endpoints pass CheckEndpoint(); checked (prints the
  /// bad argument to stderr and aborts, never a silent answer). Cost:
  /// O(rules of the policies isolating either pod × their peers), plus the
  /// cluster-scoped policies selecting either pod.
  Verdict Evaluate(const Endpoint& source, const Endpoint& destination) const;
  /// Evaluate() for endpoints not yet validated (ids from elsewhere, an
  /// Endpoint{} left empty): kInvalidArgument naming the bad endpoint
  /// instead of aborting.
  [[nodiscard]] Result<Verdict> CheckedEvaluate(const Endpoint& source,
                                                const Endpoint& destination) const;
  /// Whether `endpoint` names something of this evaluator's cluster: a pod
  /// id below cluster().pods.size(), or an address. kInvalidArgument for an
  /// out-of-range pod id ("pod id 7 is out of range: the cluster has 3
  /// pods") or an Endpoint{} that is neither a pod nor an address. O(1).
  [[nodiscard]] Status CheckEndpoint(const Endpoint& endpoint) const;

  /// One side only: `subject`'s `direction` side, with `peer` at the other
  /// end. For kEgress the subject is the source; for kIngress, the
  /// destination. What the side's policies allow, with ipBlocks matched
  /// through the families both ends have; whether those families exist at
  /// all is the pair's question (Evaluate).
  SideVerdict EvaluateSide(Direction direction, const Endpoint& subject,
                           const Endpoint& peer) const;

  /// Policies in `pod`'s namespace that select it and affect `direction`.
  /// Precondition: `pod` < cluster().pods.size(); checked (aborts). O(1).
  const std::vector<PolicyId>& IsolatingPolicies(PodId pod, Direction direction) const;

  /// Whether `peer` of `policy` matches endpoint `target` when the traffic
  /// uses `families` (CommonFamilies of the two ends): an ipBlock matches
  /// through a pod IP or an address of one of them only.
  bool PeerMatches(const NetworkPolicy& policy, const Peer& peer, const Endpoint& target,
                   FamilySet families = FamilySet::Both()) const;
  /// Whether any peer of `rule` matches (an empty peer list matches all).
  bool RulePeersMatch(const NetworkPolicy& policy, const Rule& rule, const Endpoint& target,
                      FamilySet families = FamilySet::Both()) const;
  /// The ports `rule` allows when `destination` is the receiving endpoint
  /// (named ports resolved against it).
  PortSet RulePorts(const Rule& rule, const Endpoint& destination) const;
  /// The ports one entry allows towards `destination`.
  PortSet PolicyPortSet(const PolicyPort& port, const Endpoint& destination) const;

  /// Cluster-scoped policies whose subject selects `pod`, in precedence order.
  /// Precondition: `pod` < cluster().pods.size(); checked (aborts). O(1).
  const std::vector<ClusterPolicyId>& ClusterPoliciesOf(PodId pod) const;
  /// Whether `policy`'s subject selects `pod` (never a hostNetwork pod).
  bool ClusterPolicySelects(const ClusterPolicy& policy, PodId pod) const;
  /// Whether a cluster-policy peer matches endpoint `target` over
  /// `families` (`networks` as ipBlocks, see PeerMatches).
  bool ClusterPeerMatches(const ClusterPolicyPeer& peer, const Endpoint& target,
                          FamilySet families = FamilySet::Both()) const;
  /// Whether any peer of `rule` matches `target`.
  bool ClusterRulePeersMatch(const ClusterPolicyRule& rule, const Endpoint& target,
                             FamilySet families = FamilySet::Both()) const;
  /// The ports `rule` matches towards `destination` (named ports by name on
  /// the destination pod, whatever their protocol).
  PortSet ClusterRulePorts(const ClusterPolicyRule& rule, const Endpoint& destination) const;

  /// Whether Calico `policy` applies to `pod` (never staged, skipped or
  /// hostNetwork), whatever the direction.
  bool CalicoPolicySelects(const CalicoPolicy& policy, PodId pod) const;
  /// Whether `entity` (a rule's source or destination) matches `target`.
  bool CalicoEntityMatches(const CalicoPolicy& policy, const CalicoEntityRule& entity,
                           const Endpoint& target, FamilySet families = FamilySet::Both()) const;
  /// The ports `rule` of `policy` matches towards `destination` (protocol,
  /// ports, notPorts; named ports on the destination pod; a destination
  /// `services`: the Service's ports as they land on the pod).
  PortSet CalicoRulePorts(const CalicoPolicy& policy, const CalicoRule& rule,
                          const Endpoint& destination) const;
  /// The Calico walk of `pod` for `direction`: empty when no Calico policy
  /// selects it for that direction (then Kubernetes semantics apply as is).
  struct CalicoStep {
    std::size_t tier = 0;  ///< Index into CalicoTierOrder().
    std::optional<std::size_t> calico_policy;
    PolicyId network_policy = 0;
    /// A cluster-scoped policy (ANP, BANP, CNP) in its Calico tier; then
    /// neither calico_policy nor network_policy is meant.
    std::optional<ClusterPolicyId> cluster_policy;
  };
  const std::vector<CalicoStep>& CalicoWalk(PodId pod, Direction direction) const;
  /// The tiers in evaluation order.
  const std::vector<CalicoTier>& CalicoTierOrder() const { return calico_tiers_; }
  /// The Service a rule's `services` of `policy` names (its namespace
  /// defaulting to the policy's), or nullptr when the inputs lack it.
  const Service* CalicoService(const CalicoPolicy& policy, const CalicoServiceMatch& match) const;
  /// Whether `pod` is an endpoint of `service` (its selector, non-empty,
  /// matches the pod in the Service's namespace).
  bool ServiceSelectsPod(const Service& service, PodId pod) const;
  /// The labels of the ServiceAccount `pod` runs under (empty when the
  /// inputs lack it); set on clusters with Calico policies only.
  const Labels& ServiceAccountLabels(PodId pod) const;
  /// Whether `match` (a rule's serviceAccounts) matches `pod`'s
  /// ServiceAccount: its name among `names` and its labels (with
  /// projectcalico.org/name) matching `selector`.
  bool CalicoAccountMatches(const CalicoServiceAccountMatch& match, PodId pod) const;

  /// Whether `pod`'s DNS lookups go through Cilium's DNS proxy, so that its
  /// toFQDNs rules can apply: some cluster DNS pod (options().dns) is
  /// allowed from it on 53/UDP or 53/TCP with L7 `dns` filtering on its
  /// egress side (FqdnDnsOf). Computed once, at construction, for the pods
  /// with a toFQDNs rule; true for every other pod. Precondition: `pod` <
  /// cluster().pods.size(); checked (aborts). O(1).
  bool FqdnLookupsVisible(PodId pod) const;
  /// The names and patterns whose lookups Cilium's DNS proxy lets through
  /// for `pod` (FqdnDnsStatus::lookups): a toFQDNs peer applies only to the
  /// names among them (FqdnLookupAllowed). {"*"} for a pod without a toFQDNs
  /// rule; empty when FqdnLookupsVisible is false. The reference lives as
  /// long as the Evaluator. Precondition as FqdnLookupsVisible. O(1).
  const std::vector<std::string>& FqdnLookups(PodId pod) const;
  /// Whether a toFQDNs peer of name or pattern `fqdn` applies to `pod`'s
  /// egress: some entry of FqdnLookups(pod) overlaps it
  /// (FqdnSelectorsOverlap). Precondition as FqdnLookupsVisible.
  /// O(|FqdnLookups(pod)| × name length²).
  bool FqdnLookupAllowed(PodId pod, const std::string& fqdn) const;

  /// Labels of the namespace named `name` (empty when unknown).
  const Labels& NamespaceLabels(const std::string& name) const;

  const Cluster& cluster() const { return cluster_; }
  const EvalOptions& options() const { return options_; }

 private:
  const Cluster& cluster_;
  EvalOptions options_;
  std::vector<std::vector<PolicyId>> ingress_policies_;  // by PodId
  std::vector<std::vector<PolicyId>> egress_policies_;   // by PodId
  std::vector<std::vector<ClusterPolicyId>> cluster_policies_;  // by PodId, precedence order
  std::vector<FamilySet> pod_families_;  // by PodId: EndpointFamilies, precomputed
  // By PodId: an index in fqdn_lookup_sets_ (FqdnLookups). Set 0 is {"*"}.
  std::vector<std::uint32_t> fqdn_lookup_set_;
  std::vector<std::vector<std::string>> fqdn_lookup_sets_;
  std::vector<CalicoTier> calico_tiers_;  // evaluation order; `default` included
  std::array<std::vector<std::vector<CalicoStep>>, 2> calico_walks_;  // [ingress?0:1][pod]
  std::vector<const Labels*> account_labels_;  // by PodId, Calico clusters only
  std::map<std::pair<std::string, std::string>, const Service*> services_;  // (ns, name)

  void IndexCalico();
  // The Calico tier walk over `pending`: allowed ports join side.allowed,
  // what every tier passed stays in `pending`.
  void RunCalicoTiers(Direction direction, PodId subject, const Endpoint& peer,
                      const Endpoint& destination, FamilySet families, PortSet& pending,
                      SideVerdict& side) const;

  // Whether `rule` of `policy` matches `peer` from `pod`'s `direction` side:
  // RulePeersMatch, without the toFQDNs peers when the pod's lookups are not
  // visible. Sets `gated` when only such a peer would have matched.
  bool SideRuleMatches(const NetworkPolicy& policy, const Rule& rule, Direction direction,
                       PodId pod, const Endpoint& peer, FamilySet families, bool& gated) const;

  // CommonFamilies(cluster_, a, b), without walking pod IPs on every query.
  FamilySet PairFamilies(const Endpoint& a, const Endpoint& b) const;

  // Runs the rules of `tier` among `subject`'s cluster policies over
  // `pending` ports; decided ports leave `pending`, allowed ones join
  // `allowed`, passed ones join `passed`.
  void RunTier(PolicyTier tier, Direction direction, PodId subject, const Endpoint& peer,
               const Endpoint& destination, FamilySet families, PortSet& pending,
               PortSet& allowed, PortSet& passed, std::vector<TierDecision>& decisions) const;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_EVALUATOR_H_
