// DocNode objects → ClusterPolicy: AdminNetworkPolicy and
// BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, and v1beta1 of
// network-policy-api main, the same shape with stricter CIDRs), validated as
// the CRDs of kubernetes-sigs/network-policy-api v0.1.7 would (experimental
// channel, so `nodes`, `domainNames` and named ports are accepted).
#ifndef NETPOL_PARSE_CLUSTER_POLICY_DECODER_H_
#define NETPOL_PARSE_CLUSTER_POLICY_DECODER_H_

#include <optional>
#include <string_view>

#include "netpol/cluster_policy.h"
#include "parse/doc_node.h"
#include "parse/field_decoder.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// The cluster policy kind of an object with this kind and apiVersion, if it
/// is one netpol models (the apiVersion must match exactly).
std::optional<ClusterPolicyKind> ClusterPolicyKindOf(std::string_view kind,
                                                     std::string_view api_version);

/// Decodes one object of `kind` and `api_version` (as accepted by
/// ClusterPolicyKindOf). Problems are reported through `d`; returns nothing
/// when the API server would reject the object. Warns about peers that match
/// nothing offline (`nodes`, `domainNames`).
std::optional<ClusterPolicy> DecodeClusterPolicy(FieldDecoder& d, const DocNode& object,
                                                 ClusterPolicyKind kind,
                                                 std::string_view api_version);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_CLUSTER_POLICY_DECODER_H_
