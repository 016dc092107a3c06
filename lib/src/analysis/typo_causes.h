// Which MISSING findings of a check a likely label typo explains: each typo
// is fixed in memory and the intent checked again. Private to the library;
// Analysis::Check calls it.
#ifndef NETPOL_SRC_ANALYSIS_TYPO_CAUSES_H_
#define NETPOL_SRC_ANALYSIS_TYPO_CAUSES_H_

#include "netpol/check.h"
#include "netpol/cluster_dns.h"
#include "netpol/evaluator.h"
#include "netpol/intent.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Fills result.typo_causes and each MISSING finding's likely_typos. Only
/// typos that touch a pod (or a namespace) of a MISSING finding are tried,
/// at most a bounded number of them.
void ExplainByLabelTypos(const Cluster& cluster, const EvalOptions& eval, const Intent& intent,
                         const ClusterDnsOptions& dns, CheckResult& result);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_ANALYSIS_TYPO_CAUSES_H_
