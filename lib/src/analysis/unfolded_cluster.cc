#include "analysis/unfolded_cluster.h"

#include <algorithm>

#include "netpol/cluster_dns.h"
#include "parse/workload_folding.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

UnfoldedCluster::UnfoldedCluster(const Cluster& read, const ClusterDnsOptions& dns)
    : dns_(dns),
      dns_namespace_missing_(read.FindNamespace(dns.namespace_name) == nullptr) {
  if (FoldingMayChangePods(read)) pods_ = read.pods;
}

Cluster UnfoldedCluster::Rebuild(const Cluster& analysed, bool dns_modelled) const {
  Cluster cluster = analysed;
  if (pods_) {
    cluster.pods = *pods_;
  } else if (dns_modelled) {
    // Modelled because no pod of `read` was a DNS pod: the modelled one is
    // the only one.
    std::erase_if(cluster.pods, [&](const Pod& pod) {
      return pod.kind == "Modelled" && IsClusterDnsPod(pod, dns_);
    });
  }
  if (dns_modelled && dns_namespace_missing_) {
    std::erase_if(cluster.namespaces,
                  [&](const Namespace& ns) { return ns.name == dns_.namespace_name; });
  }
  // What Finalize derives from the pods (the pod count, the copies of
  // clusterwide policies) was derived from the analysed pods.
  cluster.Finalize();
  return cluster;
}

NETPOL_NAMESPACE_END
