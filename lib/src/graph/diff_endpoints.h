// The endpoints a diff compares: the union of both sides' pods and one
// partition of the external addresses that refines both sides' ipBlocks.
#ifndef NETPOL_GRAPH_DIFF_ENDPOINTS_H_
#define NETPOL_GRAPH_DIFF_ENDPOINTS_H_

#include <optional>
#include <string>
#include <vector>

#include "netpol/endpoint.h"
#include "netpol/ip.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// One endpoint as each side knows it (a pod may exist on one side only).
struct DiffEndpoint {
  std::string id;  ///< "ns/name" or an external block id.
  std::optional<Endpoint> before;
  std::optional<Endpoint> after;
  std::string namespace_name;  ///< Pods only.
  bool is_pod = false;
};

/// Every ipBlock CIDR and except of `cluster`'s NetworkPolicies, then its
/// cluster-scoped policies' networks.
std::vector<Cidr> IpBlockCidrs(const Cluster& cluster);

/// The pods of both sides sorted by id, then the external blocks of
/// PartitionExternalAddresses(before, IpBlockCidrs(after)). A replica kept
/// apart from its workload on one side only stands, on the other side, for
/// the workload's endpoint (so two endpoints may share a side's pod).
std::vector<DiffEndpoint> DiffEndpoints(const Cluster& before, const Cluster& after);

NETPOL_NAMESPACE_END

#endif  // NETPOL_GRAPH_DIFF_ENDPOINTS_H_
