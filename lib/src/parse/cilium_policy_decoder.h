// DocNode objects → the model, for cilium.io/v2 CiliumNetworkPolicy (CNP)
// and CiliumClusterwideNetworkPolicy (CCNP).
//
// Cilium policies are lowered into the kinds the evaluators already know, so
// that the Evaluator, the class engine, explain and every command see them
// without a Cilium-specific path:
//  * each rule (`spec`, `specs[i]`) becomes one NetworkPolicy of kind
//    kCiliumNetworkPolicy / kCiliumClusterwideNetworkPolicy holding its allow
//    rules (`ingress`, `egress`); the policy isolates the directions the rule
//    has rules for (allow or deny), unless `enableDefaultDeny` turns that off.
//    Allows of every kind are then a union, as Cilium documents.
//  * its deny rules (`ingressDeny`, `egressDeny`) become one ClusterPolicy in
//    the Admin tier at priority -1, before every other policy: a deny takes
//    precedence over every allow, whatever kind it came from.
//  * a CCNP rule is a NetworkPolicy with `clusterwide_namespaces` set;
//    Cluster::Finalize copies it into every namespace it selects.
// What netpol cannot model offline (host policies, toServices without a
// Service of the inputs behind them, entities without a netpol endpoint,
// ICMP; L7 rules are kept as filtered ports) is reported as a warning at
// its FILE:LINE:COL, never dropped silently.
#ifndef NETPOL_PARSE_CILIUM_POLICY_DECODER_H_
#define NETPOL_PARSE_CILIUM_POLICY_DECODER_H_

#include <optional>
#include <string_view>
#include <vector>

#include "netpol/model.h"
#include "parse/doc_node.h"
#include "parse/field_decoder.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Whether `kind`/`api_version` is a Cilium policy netpol reads; sets
/// `clusterwide` for a CCNP.
bool IsCiliumPolicyKind(std::string_view kind, std::string_view api_version, bool* clusterwide);

/// The model objects one Cilium policy lowers to.
struct LoweredCiliumPolicy {
  std::vector<NetworkPolicy> allows;
  std::vector<ClusterPolicy> denies;
};

/// Decodes and lowers one CNP (`clusterwide` false) or CCNP. Problems are
/// reported through `d`; returns nothing when the API server would reject
/// the object.
std::optional<LoweredCiliumPolicy> DecodeCiliumPolicy(FieldDecoder& d, const DocNode& object,
                                                      bool clusterwide);

/// Resolves the toServices peers of the Cilium policies of `cluster`
/// (before Finalize) to the pods of their Services: a `k8sService` to the
/// one it names, a `k8sServiceSelector` (or a CCNP `k8sService` without a
/// namespace) to one peer per Service it stands for; each is the Service's
/// selector in its namespace. A Service missing from the inputs, a selector
/// that selects none, or a Service without a selector (its endpoints are
/// not modelled) is a warning, and such a peer matches nothing.
void ResolveCiliumServicePeers(Cluster& cluster, DiagnosticSink& sink);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_CILIUM_POLICY_DECODER_H_
