// DocNode objects → the model, for projectcalico.org/v3 NetworkPolicy,
// GlobalNetworkPolicy, StagedNetworkPolicy, StagedGlobalNetworkPolicy and
// Tier. Selectors are parsed here (errors at the column inside the selector
// string); what the API server rejects is an error, what netpol cannot model
// offline (host endpoints, source ports, ICMP types) is a warning at its FILE:LINE:COL, never dropped silently.
#ifndef NETPOL_PARSE_CALICO_POLICY_DECODER_H_
#define NETPOL_PARSE_CALICO_POLICY_DECODER_H_

#include <optional>
#include <string_view>

#include "netpol/model.h"
#include "parse/doc_node.h"
#include "parse/field_decoder.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// The Calico policy kind of `kind`/`api_version`, if netpol reads it.
std::optional<CalicoPolicyKind> CalicoPolicyKindOf(std::string_view kind,
                                                   std::string_view api_version);

/// Decodes one Calico policy; nothing when the API server would reject it.
std::optional<CalicoPolicy> DecodeCalicoPolicy(FieldDecoder& d, const DocNode& object,
                                               CalicoPolicyKind kind);

/// Decodes a projectcalico.org/v3 Tier.
std::optional<CalicoTier> DecodeCalicoTier(FieldDecoder& d, const DocNode& object);

/// Once every object is read: warns at FILE:LINE:COL about each rule
/// `services` whose Service is not in the inputs, has no selector (its
/// endpoints are not modelled) or, in a GlobalNetworkPolicy, names no
/// namespace: the rule matches nothing. When a Calico selector reads
/// ServiceAccount labels, warns once about each ServiceAccount that pods run
/// under but the inputs lack: netpol reads it without labels.
void CheckCalicoReferences(const Cluster& cluster, DiagnosticSink& sink);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_CALICO_POLICY_DECODER_H_
