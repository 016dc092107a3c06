// Checking an intent against an Evaluator, reporting endpoints that match
// nothing into a DiagnosticSink: internal. The public way in is
// Analysis::Check (netpol/analysis.h), which answers a Result<CheckResult>.
#ifndef NETPOL_INTENT_CHECK_INTENT_H_
#define NETPOL_INTENT_CHECK_INTENT_H_

#include "netpol/check.h"
#include "netpol/cluster_dns.h"
#include "netpol/diagnostic.h"
#include "netpol/evaluator.h"
#include "netpol/intent.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Checks `intent` against the evaluator's cluster. Endpoints that match
/// nothing are errors in `sink`. `requireDNS` targets the pods `dns` names
/// (call ModelClusterDnsIfMissing first to always have one).
CheckResult CheckIntent(const Evaluator& evaluator, const Intent& intent, DiagnosticSink& sink,
                        const ClusterDnsOptions& dns = {});

NETPOL_NAMESPACE_END

#endif  // NETPOL_INTENT_CHECK_INTENT_H_
