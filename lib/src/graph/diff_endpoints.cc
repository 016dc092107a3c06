// The endpoints both sides of a diff are compared over.
#include "graph/diff_endpoints.h"

#include <map>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN

std::vector<Cidr> IpBlockCidrs(const Cluster& cluster) {
  std::vector<Cidr> cidrs;
  for (const NetworkPolicy& policy : cluster.policies) {
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const Rule& rule : *rules) {
        for (const Peer& peer : rule.peers) {
          if (!peer.ip_block) continue;
          cidrs.push_back(peer.ip_block->cidr);
          cidrs.insert(cidrs.end(), peer.ip_block->except.begin(), peer.ip_block->except.end());
        }
      }
    }
  }
  const std::vector<Cidr> networks = ClusterPolicyNetworks(cluster);
  cidrs.insert(cidrs.end(), networks.begin(), networks.end());
  return cidrs;
}

std::vector<DiffEndpoint> DiffEndpoints(const Cluster& before, const Cluster& after) {
  std::map<std::string, DiffEndpoint> pods;
  for (PodId id = 0; id < before.pods.size(); ++id) {
    DiffEndpoint& end = pods[before.pods[id].Id()];
    end.before = Endpoint::ForPod(id);
    end.namespace_name = before.pods[id].namespace_name;
  }
  for (PodId id = 0; id < after.pods.size(); ++id) {
    DiffEndpoint& end = pods[after.pods[id].Id()];
    end.after = Endpoint::ForPod(id);
    end.namespace_name = after.pods[id].namespace_name;
  }
  // A replica kept apart from its workload on one side only (an ipBlock
  // added or removed tells it from its siblings) was, or still is, part of
  // the workload's endpoint on the other side: compare it with that.
  for (auto& [id, end] : pods) {
    if (end.before && !end.after) {
      const auto workload = pods.find(before.pods[*end.before->pod].replica_of);
      if (workload != pods.end() && workload->second.after) end.after = workload->second.after;
    } else if (end.after && !end.before) {
      const auto workload = pods.find(after.pods[*end.after->pod].replica_of);
      if (workload != pods.end() && workload->second.before) end.before = workload->second.before;
    }
  }
  std::vector<DiffEndpoint> endpoints;
  endpoints.reserve(pods.size());
  for (auto& [id, end] : pods) {
    end.id = id;
    end.is_pod = true;
    endpoints.push_back(std::move(end));
  }
  for (const ExternalBlock& block : PartitionExternalAddresses(before, IpBlockCidrs(after))) {
    DiffEndpoint end;
    end.id = block.Id();
    end.before = end.after = Endpoint::ForAddress(block.Representative());
    endpoints.push_back(std::move(end));
  }
  return endpoints;
}

NETPOL_NAMESPACE_END
