// The typed model: namespaces, pods and NetworkPolicies as plain values.
//
// The model mirrors networking.k8s.io/v1 closely. Where Kubernetes treats an
// absent field differently from an empty one (`policyTypes`, a peer's
// selectors), the field is a std::optional; everything else uses the empty
// value Kubernetes would default to.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: Finalize O(n log n); FindPod O(log P) when finalized;
// FindNamespace O(log namespaces); FindPolicy and FindService O(n).
#ifndef NETPOL_MODEL_H_
#define NETPOL_MODEL_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/calico_policy.h"
#include "netpol/cluster_policy.h"
#include "netpol/direction.h"
#include "netpol/ip.h"
#include "netpol/labels.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// Index of a pod in Cluster::pods.
using PodId = std::size_t;
/// Index of a policy in Cluster::policies.
using PolicyId = std::size_t;

/// metadata.annotations of an object (netpol reads `netpol.lint/ignore`).
using Annotations = std::map<std::string, std::string>;

/// The label every namespace carries, set by the API server.
inline constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";
/// Namespace of objects whose manifest names none.
inline constexpr const char* kDefaultNamespace = "default";


/// A Namespace and its labels.
struct Namespace {
  std::string name;
  Labels labels;  ///< Includes kubernetes.io/metadata.name.
  LabelLocs label_locs;  ///< Where each written label is (not the automatic one).
  SourceLoc loc;  ///< Unknown when the namespace was only referenced.
  bool declared = false;  ///< A Namespace manifest was loaded for it.
  Annotations annotations;
  bool operator==(const Namespace&) const = default;
};

/// A port a pod's container declares (named ports resolve against these).
struct ContainerPort {
  std::string name;  ///< Empty when the port has no name.
  int port = 0;
  Protocol protocol = Protocol::kTCP;
  SourceLoc loc;
  bool operator==(const ContainerPort&) const = default;
};

/// A controller ownerReference (metadata.ownerReferences with controller: true).
struct OwnerRef {
  std::string kind;  ///< May be empty when the manifest omits it.
  std::string name;
  bool operator==(const OwnerRef&) const = default;
};

/// A traffic endpoint inside the cluster: a bare Pod, or a workload whose pods
/// all carry the labels and ports of its pod template (Deployment,
/// StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob),
/// or the pods of one owner folded together. Policies select it by `labels`.
struct Pod {
  std::string name;
  std::string namespace_name;
  /// "Pod" for a bare pod; otherwise the workload kind ("Deployment", ...).
  std::string kind = "Pod";
  Labels labels;
  /// Where each label was written (the pod's, or its pod template's);
  /// labels a controller adds have no entry.
  LabelLocs label_locs;
  std::vector<ContainerPort> ports;
  std::vector<IpAddress> ips;  ///< From status.podIP(s) of the pod(s); may be empty.
  /// hostNetwork pods share the node's network: no policy selects them and
  /// their traffic is node traffic.
  bool host_network = false;
  std::optional<OwnerRef> owner;  ///< The controller owner as written, if any.
  int folded_pods = 0;            ///< Pod manifests folded into this endpoint.
  /// For a pod of a workload kept as its own endpoint because it behaves
  /// differently from the workload's other replicas (its IPs fall in another
  /// ipBlock cell, or its labels, ports or hostNetwork differ): the Id of the
  /// workload's endpoint. Naming the workload (`ns/name`) in a query names
  /// such pods too. Empty otherwise.
  std::string replica_of;
  Annotations annotations;        ///< The pod's (or workload's own) metadata.annotations.
  /// spec.serviceAccountName (or the deprecated spec.serviceAccount) of the
  /// pod or pod template; the API server sets `default` when neither is
  /// written. Calico selects pods by their ServiceAccount (ServiceAccount).
  std::string service_account = "default";
  SourceLoc loc;

  /// "namespace/name" for a bare pod, "namespace/name[Kind]" for a workload.
  std::string Id() const {
    return kind == "Pod" ? namespace_name + "/" + name
                         : namespace_name + "/" + name + "[" + kind + "]";
  }
  bool IsWorkload() const { return kind != "Pod"; }
  bool operator==(const Pod&) const = default;
};

/// One port of a Service: what clients connect to, and where it lands.
struct ServicePort {
  std::string name;
  int port = 0;
  Protocol protocol = Protocol::kTCP;
  std::optional<int> target_port;  ///< Numeric targetPort (defaults to `port`).
  std::string target_port_name;    ///< Named targetPort, resolved on each pod.
  SourceLoc loc;
  bool operator==(const ServicePort&) const = default;
};

/// A v1 Service. Services do not change NetworkPolicy semantics (policies see
/// pod IPs and target ports after DNAT); they name endpoints for queries.
struct Service {
  std::string name;
  std::string namespace_name;
  Labels labels;                   ///< metadata.labels (Cilium k8sServiceSelector reads them).
  std::optional<Labels> selector;  ///< Absent: endpoints are managed by hand.
  std::vector<ServicePort> ports;
  SourceLoc loc;

  /// "namespace/name".
  std::string Id() const { return namespace_name + "/" + name; }
  /// The ports of `pod` that `service_ports` (ports of this service) land on.
  PortSet TargetPorts(const PortSet& service_ports, const Pod& pod) const;
  bool operator==(const Service&) const = default;
};

/// A v1 ServiceAccount: its labels are what Calico's service account
/// selectors read. A pod whose ServiceAccount is not in the inputs is read
/// as running under one without labels (its name still matches).
struct ServiceAccount {
  std::string name;
  std::string namespace_name;
  Labels labels;
  SourceLoc loc;

  /// "namespace/name".
  std::string Id() const { return namespace_name + "/" + name; }
  bool operator==(const ServiceAccount&) const = default;
};

/// An ipBlock peer: a CIDR minus its exceptions.
struct IpBlock {
  Cidr cidr;
  std::vector<Cidr> except;
  SourceLoc loc;
  /// Cilium CIDR peers (fromCIDR, toCIDRSet, the `world` entity) select
  /// addresses outside the cluster only: Cilium matches pods by identity,
  /// never by IP, whatever EvalOptions::ip_blocks_match_pods says.
  bool outside_cluster = false;

  /// In `cidr` and in none of `except`.
  bool Contains(const IpAddress& address) const;
  /// "10.0.0.0/8 except 10.1.0.0/16".
  std::string ToString() const;
  bool operator==(const IpBlock&) const = default;
};

/// One `from`/`to` entry. Exactly one of: selectors (one or both), ipBlock.
struct Peer {
  std::optional<LabelSelector> pod_selector;
  std::optional<LabelSelector> namespace_selector;
  std::optional<IpBlock> ip_block;
  /// Cilium `toFQDNs`: the `matchName` or `matchPattern` as written
  /// (lowercase, no trailing dot); empty otherwise. Cluster::Finalize gives
  /// the peer the address of its FqdnEndpoint as `ip_block` (see FqdnEndpoint).
  std::string fqdn;
  /// A peer Cluster::Finalize added for the pattern `fqdn_pattern`: it
  /// matches the endpoint of the name `fqdn`, which the pattern covers.
  std::string fqdn_pattern;
  /// Cilium `toServices` `k8sService`, or one Service a `k8sServiceSelector`
  /// selected: the Service as "namespace/name"; the selectors are then its
  /// pods (those its selector selects, in its namespace). Empty otherwise.
  std::string service;
  /// The `k8sServiceSelector` that selected `service`, as text (e.g.
  /// "tier=api"); empty for a `k8sService` and every other peer.
  std::string service_selector;
  SourceLoc loc;

  /// Readable form, e.g. "pods app=web in namespaces team=a".
  std::string ToString() const;
  bool operator==(const Peer&) const = default;
};

/// A DNS name (Cilium `toFQDNs` `matchName`) or pattern (`matchPattern`)
/// as an endpoint outside the cluster. netpol cannot resolve names offline:
/// each selector text of the inputs stands for the addresses it resolves to,
/// evaluated as one reserved address of 240.0.0.0/4 (never routed), so that
/// every writer shows it as an external endpoint named "fqdn:TEXT". The
/// endpoint of a pattern stands for the names it covers that no matchName
/// of the inputs names. An ipBlock covering the reserved address (such as
/// 0.0.0.0/0, or the `world` entity) matches it too: DNS names resolve to
/// addresses of the world.
struct FqdnEndpoint {
  std::string selector;  ///< "api.example.com" or "*.example.com".
  IpAddress address;
  /// "fqdn:api.example.com".
  std::string Id() const { return "fqdn:" + selector; }
  bool operator==(const FqdnEndpoint&) const = default;
};

/// Whether the Cilium `matchPattern` `pattern` covers the name `name`: "*"
/// alone covers every name; elsewhere `*` stands for any run of DNS name
/// characters within one label (never a dot). Both lowercase, no trailing dot.
bool FqdnPatternCovers(const std::string& pattern, const std::string& name);

/// Whether some DNS name is matched by both `a` and `b`, each a Cilium
/// `matchName` (no `*`: that name only) or `matchPattern` (as
/// FqdnPatternCovers reads it). Both lowercase, no trailing dot. Used to
/// decide whether the DNS rules of a pod let through the lookups of a
/// toFQDNs name or pattern. O(|a| × |b|).
bool FqdnSelectorsOverlap(const std::string& a, const std::string& b);

/// One `ports` entry.
struct PolicyPort {
  Protocol protocol = Protocol::kTCP;
  std::optional<int> port;  ///< Numeric port; absent with a name or "all ports".
  std::string port_name;    ///< Named port; empty when numeric or absent.
  std::optional<int> end_port;
  /// Cilium only: the L7 protocol whose `rules` filter requests on these
  /// ports ("http", "dns", "kafka", or the `l7proto` name); empty when the
  /// entry has no L7 rules (the ports are plainly allowed).
  std::string l7;
  /// Cilium only, with `l7` "dns": the `matchName` and `matchPattern` values
  /// of the entry's L7 `dns` rules (lowercase, no trailing dot), in order:
  /// the names whose lookups Cilium's DNS proxy lets through, and so the
  /// toFQDNs names a pod using this entry for DNS can reach (see
  /// FqdnDnsStatus). Empty: every name (a model built without them).
  std::vector<std::string> dns_names;
  SourceLoc loc;

  bool IsNamed() const { return !port_name.empty(); }
  /// "TCP 80", "TCP 8000-8080", "UDP http", "SCTP all".
  std::string ToString() const;
  bool operator==(const PolicyPort&) const = default;
};

/// One ingress or egress rule. Empty `peers` = every peer (pods and external
/// addresses); empty `ports` = every port of every protocol.
struct Rule {
  std::vector<Peer> peers;
  std::vector<PolicyPort> ports;
  SourceLoc loc;
  bool operator==(const Rule&) const = default;
};

/// Which object kind a NetworkPolicy was read from. Cilium policies are
/// lowered by the decoder (see netpol/cilium_policy.h): their allow rules
/// become NetworkPolicies of kind kCilium*, their deny rules ClusterPolicies.
enum class PolicyKind {
  kNetworkPolicy,                   ///< networking.k8s.io/v1 NetworkPolicy.
  kCiliumNetworkPolicy,             ///< One rule (`spec` or `specs[i]`) of a cilium.io/v2 CNP.
  kCiliumClusterwideNetworkPolicy,  ///< One rule of a CCNP, in one namespace.
};
/// "NetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy".
const char* PolicyKindName(PolicyKind kind);

/// A networking.k8s.io/v1 NetworkPolicy, or one lowered Cilium allow rule (see `kind`).
struct NetworkPolicy {
  PolicyKind kind = PolicyKind::kNetworkPolicy;
  /// A CiliumClusterwideNetworkPolicy rule before Cluster::Finalize: the
  /// namespaces its endpointSelector selects pods in. Finalize replaces it
  /// by one copy per matching namespace (namespace_name set, this absent).
  std::optional<LabelSelector> clusterwide_namespaces;
  /// False for a Cilium rule with `enableDefaultDeny: false` for a
  /// direction: its allows join the union when another policy isolates
  /// the pod, but it does not isolate the pod itself.
  bool default_deny_ingress = true;
  bool default_deny_egress = true;
  std::string name;
  std::string namespace_name;
  LabelSelector pod_selector;
  /// As written. Absent (or empty) means: Ingress, plus Egress when
  /// `egress` has at least one rule.
  std::optional<std::vector<Direction>> policy_types;
  std::vector<Rule> ingress;
  std::vector<Rule> egress;
  /// Where `ingress`/`egress` were written; unknown when absent (so that
  /// `egress: []` can be told from no `egress`).
  SourceLoc ingress_loc;
  SourceLoc egress_loc;
  Annotations annotations;
  SourceLoc loc;

  /// True when this policy's rules for `direction` apply to its selected
  /// pods (it isolates them, or, with default deny off, adds allows).
  bool Affects(Direction direction) const;
  /// True when this policy isolates its selected pods for `direction`
  /// (Affects, and default deny is on for it).
  bool Isolates(Direction direction) const {
    return Affects(direction) &&
           (direction == Direction::kIngress ? default_deny_ingress : default_deny_egress);
  }
  const std::vector<Rule>& Rules(Direction direction) const {
    return direction == Direction::kIngress ? ingress : egress;
  }
  /// "namespace/name".
  std::string Id() const { return namespace_name + "/" + name; }
  bool operator==(const NetworkPolicy&) const = default;
};

/// Everything loaded from the inputs. After Finalize(): namespaces, pods and
/// policies are sorted by (namespace, name), every referenced namespace
/// exists and carries its kubernetes.io/metadata.name label.
struct Cluster {
  std::vector<Namespace> namespaces;
  std::vector<Pod> pods;  ///< Pods and workloads, see Pod.
  std::vector<NetworkPolicy> policies;
  std::vector<Service> services;
  /// v1 ServiceAccounts (their labels), as read.
  std::vector<ServiceAccount> service_accounts;
  /// AdminNetworkPolicies, the BaselineAdminNetworkPolicy and
  /// ClusterNetworkPolicies, in precedence order (ClusterPolicy::PrecedesInOrder).
  std::vector<ClusterPolicy> cluster_policies;
  /// CiliumClusterwideNetworkPolicy rules (NetworkPolicy::clusterwide_namespaces
  /// set), moved here from `policies` by Finalize, which copies each into
  /// every namespace it selects, again on every call (namespaces added later,
  /// such as a modelled kube-dns, get their copies too).
  std::vector<NetworkPolicy> clusterwide_policies;
  /// projectcalico.org/v3 NetworkPolicies and GlobalNetworkPolicies, staged
  /// ones included (CalicoPolicy::IsStaged: never enforced).
  std::vector<CalicoPolicy> calico_policies;
  /// projectcalico.org/v3 Tier objects.
  std::vector<CalicoTier> calico_tiers;
  /// The DNS names and patterns of Cilium `toFQDNs` peers, sorted by
  /// selector, each with its reserved address. Made again by every Finalize.
  std::vector<FqdnEndpoint> fqdns;

  /// The FQDN endpoint evaluated as `address`, or nullptr.
  const FqdnEndpoint* FindFqdnByAddress(const IpAddress& address) const;
  /// The FQDN endpoint a query names `name` by (its selector text, or the
  /// longest pattern covering the name when no selector is it), or nullptr.
  const FqdnEndpoint* FindFqdn(const std::string& name) const;

  const Namespace* FindNamespace(const std::string& name) const;
  /// pods.size() when Finalize() last sorted the pods; FindPod binary-searches
  /// only while it still matches. Set by Finalize(); 0 before.
  std::size_t finalized_pod_count = 0;

  /// A bare pod by name, else a workload by name (the first by kind).
  /// Cost: O(log P) on a finalized cluster (binary search over the sorted
  /// pods); O(P) otherwise, or once pods were added after Finalize().
  [[nodiscard]] std::optional<PodId> FindPod(const std::string& namespace_name,
                                             const std::string& name) const;
  const Service* FindService(const std::string& namespace_name, const std::string& name) const;
  /// A ServiceAccount by namespace and name, or nullptr. Cost: O(n).
  const ServiceAccount* FindServiceAccount(const std::string& namespace_name,
                                           const std::string& name) const;
  std::optional<PolicyId> FindPolicy(const std::string& namespace_name,
                                     const std::string& name) const;
  /// Sorts, creates referenced namespaces, sets the automatic label, and
  /// expands each CiliumClusterwideNetworkPolicy rule into one policy per
  /// namespace it selects (NetworkPolicy::clusterwide_namespaces).
  void Finalize();
  /// The expansion step of Finalize (namespaces must carry their labels).
  void ExpandClusterwidePolicies();
  /// The FQDN step of Finalize: fills `fqdns` from the toFQDNs peers of
  /// `policies`, gives each such peer its endpoint's address, and adds to a
  /// pattern's rule one peer per name of `fqdns` the pattern covers.
  void AssignFqdnEndpoints();
  bool operator==(const Cluster&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_MODEL_H_
