// The one definition of whom a NetworkPolicy selects and whom its peers
// match (networking.k8s.io/v1). The Evaluator applies it to one pod or
// address, the class engine to a class of pods (pods of one namespace with
// the same labels, hostNetwork flag, ipBlock cells and address families), and
// explain words its reasons after it: none of them restates these rules.
//
// Each rule is split into the questions a caller can ask of a pod or of a
// class: the namespace part, the pod part, hostNetwork, ipBlocks, and the
// address families the traffic can use.
#ifndef NETPOL_EVAL_PEER_SEMANTICS_H_
#define NETPOL_EVAL_PEER_SEMANTICS_H_

#include <string_view>

#include "netpol/evaluator.h"
#include "netpol/ip.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace peer_semantics {

/// hostNetwork pods share the node's network namespace: no policy selects
/// them, and podSelector/namespaceSelector peers never match them (their
/// traffic is node traffic; only an ipBlock with the node's IP does).
inline bool SelectorsSeePod(bool host_network) { return !host_network; }

/// Whether `policy` selects a pod: its podSelector, within its own namespace.
inline bool PolicySelects(const NetworkPolicy& policy, std::string_view pod_namespace,
                          const Labels& pod_labels, bool host_network) {
  return SelectorsSeePod(host_network) && pod_namespace == policy.namespace_name &&
         policy.pod_selector.Matches(pod_labels);
}

/// The namespace part of a selector peer: with a namespaceSelector, the
/// namespaces whose labels it matches ({} = every namespace); without one,
/// the policy's own namespace.
inline bool NamespaceMatches(const NetworkPolicy& policy, const Peer& peer,
                             std::string_view pod_namespace, const Labels& namespace_labels) {
  if (peer.namespace_selector) return peer.namespace_selector->Matches(namespace_labels);
  return pod_namespace == policy.namespace_name;
}

/// The pod part of a selector peer: without a podSelector, every pod of the
/// matching namespaces.
inline bool PodMatches(const Peer& peer, const Labels& pod_labels) {
  return !peer.pod_selector || peer.pod_selector->Matches(pod_labels);
}

/// Whether an ipBlock peer matches an address: inside `cidr`, outside every
/// `except`.
inline bool IpBlockMatches(const Peer& peer, const IpAddress& address) {
  return peer.ip_block->Contains(address);
}

/// Whether a pod IP can carry traffic of a pair whose common address
/// families are `families` (CommonFamilies): a dual-stack pod talks to an
/// IPv6-only pod over IPv6, so only its IPv6 address can fall in an ipBlock
/// (or a cluster-scoped `networks` CIDR) of the other's policies.
inline bool AddressUsable(const IpAddress& address, FamilySet families) {
  return families.Has(address.family);
}

/// Whether ipBlocks look at pod IPs at all (implementation-defined upstream;
/// the e2e suite requires it, some CNIs and analyzers do not).
inline bool IpBlocksSeePods(const EvalOptions& options) { return options.ip_blocks_match_pods; }

}  // namespace peer_semantics
NETPOL_NAMESPACE_END

#endif  // NETPOL_EVAL_PEER_SEMANTICS_H_
