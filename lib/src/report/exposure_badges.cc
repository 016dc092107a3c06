// Exposure badges for the HTML report (see exposure_badges.h).
#include "report/exposure_badges.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

std::vector<std::string> ExposureBadges(const WorkloadExposure& workload) {
  std::vector<std::string> badges;
  for (const ExposureEntry& entry : workload.ingress.entries) {
    std::string from;
    switch (entry.peer.kind) {
      case PotentialPeer::Kind::kEntireCluster: from = "the entire cluster"; break;
      case PotentialPeer::Kind::kExternal:
        if (!entry.peer.ip_block) {
          from = "any external address";
        } else if (entry.peer.ip_block->cidr.prefix == 0) {
          from = "external " + entry.peer.ip_block->ToString();
        }
        break;
      case PotentialPeer::Kind::kPods: break;
    }
    if (from.empty() || entry.ports.IsEmpty()) continue;
    badges.push_back("reachable from " + from + " on " + entry.ports.ToString());
  }
  return badges;
}

std::map<PodId, std::vector<std::string>> ExposureBadgesOf(const Analysis& analysis,
                                                            const std::vector<PodId>& pods) {
  ExposureOptions options;
  for (PodId pod : pods) {
    if (!analysis.cluster().pods[pod].host_network) options.pods.push_back(pod);
  }
  std::map<PodId, std::vector<std::string>> badges;
  if (options.pods.empty()) return badges;  // empty would mean every pod
  for (const WorkloadExposure& workload : ComputeExposure(analysis, options).workloads) {
    std::vector<std::string> list = ExposureBadges(workload);
    if (!list.empty()) badges.emplace(workload.pod, std::move(list));
  }
  return badges;
}

}  // namespace report
NETPOL_NAMESPACE_END
