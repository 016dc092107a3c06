// Cluster DNS: which pods answer DNS, and a modelled CoreDNS when the inputs
// have none, so that "can this pod resolve names?" is always answerable.
//
// Threads: IsClusterDnsPod is pure; ModelClusterDnsIfMissing mutates its
// cluster (exclusive access). Cost: O(P).
#ifndef NETPOL_CLUSTER_DNS_H_
#define NETPOL_CLUSTER_DNS_H_

#include <string>

#include "netpol/api.h"
#include "netpol/cluster_dns_options.h"
#include "netpol/evaluator.h"
#include "netpol/label_selector.h"
#include "netpol/model.h"

NETPOL_NAMESPACE_BEGIN

/// Whether `pod` is a cluster DNS pod under `options`.
bool IsClusterDnsPod(const Pod& pod, const ClusterDnsOptions& options);

/// When no pod matches `options` (and model_when_missing is set), adds the
/// endpoint `<namespace>/kube-dns[Modelled]` with those labels, serving
/// 53/UDP ("dns") and 53/TCP ("dns-tcp"), and its namespace when missing.
/// Returns true when it added one. Policies select it like any pod; none is
/// assumed to isolate it.
///
/// Ids: the pod is appended (its id is the old pods.size()), so every PodId
/// taken before still names the same pod; the pods are then not in sorted
/// order until the next Finalize() (which renumbers, and which Analysis
/// runs before handing out any id). FindPod still answers, by a scan. O(P).
/// Not thread-safe: it mutates `cluster`.
bool ModelClusterDnsIfMissing(Cluster& cluster, const ClusterDnsOptions& options = {});

/// Whether a pod's DNS lookups go through Cilium's DNS proxy, as its
/// `toFQDNs` rules need. Cilium learns the addresses of a DNS name only from
/// the lookups its DNS proxy sees, and a lookup goes to the proxy only when
/// an egress rule of the pod allows port 53 to the cluster resolver with L7
/// `dns` rules (e.g. `rules: {dns: [{matchPattern: "*"}]}`); without them
/// a toFQDNs rule allows nothing. The Evaluator applies this in every verdict
/// (Evaluator::FqdnLookupsVisible); `explain` and lint rule NP031 say why a
/// pod's toFQDNs rules allow nothing.
struct FqdnDnsStatus {
  /// Some cluster DNS pod accepts 53/UDP or 53/TCP from the pod.
  bool dns_allowed = false;
  /// And the pod's egress side filters that port with L7 `dns` rules.
  bool dns_visible = false;
  /// The DNS pod checked ("kube-system/kube-dns[Modelled]"); empty when the
  /// cluster has none.
  std::string dns_pod;
  /// With `dns_visible`: the names and patterns the pod's L7 `dns` rules
  /// towards the cluster DNS let through (PolicyPort::dns_names; "*" for an
  /// entry without them), sorted, unique. The DNS proxy refuses the lookup
  /// of any other name, so a toFQDNs name none of these overlaps
  /// (FqdnSelectorsOverlap) allows nothing. Empty when not `dns_visible`.
  std::vector<std::string> lookups;

  /// Whether the lookups of toFQDNs name or pattern `fqdn` go through:
  /// some entry of `lookups` overlaps it. O(|lookups| × name length²).
  bool LookupAllowed(const std::string& fqdn) const;
};

/// FqdnDnsStatus of `pod` (an index in `evaluator`'s cluster), against the
/// DNS pods `options` names: `lookups` gathers the dns rules towards every
/// DNS pod that lets the lookups through. O(DNS pods × the pod's egress
/// rules).
FqdnDnsStatus FqdnDnsOf(const Evaluator& evaluator, PodId pod, const ClusterDnsOptions& options);

/// One sentence for `status` of pod `pod_name`: "" when the lookups are
/// visible, else why the pod's toFQDNs rules allow nothing in Cilium.
std::string FqdnDnsProblem(const FqdnDnsStatus& status, const std::string& pod_name);

/// One sentence on why the lookups of toFQDNs name or pattern `fqdn` do not
/// go through for pod `pod_name`: FqdnDnsProblem when none does, else the
/// names its dns rules let through; "" when they go through.
std::string FqdnLookupProblem(const FqdnDnsStatus& status, const std::string& pod_name,
                              const std::string& fqdn);

NETPOL_NAMESPACE_END

#endif  // NETPOL_CLUSTER_DNS_H_
