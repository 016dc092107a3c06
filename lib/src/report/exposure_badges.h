// Exposure badges: the short sentences the HTML report shows on a workload's
// node when it is reachable from every pod or from outside the cluster,
// present or future ("reachable from the entire cluster on TCP 80").
#ifndef NETPOL_SRC_REPORT_EXPOSURE_BADGES_H_
#define NETPOL_SRC_REPORT_EXPOSURE_BADGES_H_

#include <map>
#include <string>
#include <vector>

#include "netpol/analysis.h"
#include "netpol/exposure.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// The badges of one workload's ingress exposure: one per entry that admits
/// the entire cluster, any external address or a block of every address;
/// empty when none does.
std::vector<std::string> ExposureBadges(const WorkloadExposure& workload);

/// ExposureBadges of each of `pods` (hostNetwork ones left out: no policy
/// selects them) that has any, computed on one ComputeExposure.
std::map<PodId, std::vector<std::string>> ExposureBadgesOf(const Analysis& analysis,
                                                            const std::vector<PodId>& pods);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_EXPOSURE_BADGES_H_
