// The cluster an Analysis read, before replicas were folded and the cluster
// DNS was modelled: what Analysis::With() edits. Kept without a second copy
// of the whole cluster: folding changes nothing but pods, and DNS modelling
// adds one pod (and maybe its namespace), so the analysed cluster with the
// pods as read, less what DNS modelling added, is the cluster as read.
//
// Threads: a plain value; const instances may be shared freely.
#ifndef NETPOL_ANALYSIS_UNFOLDED_CLUSTER_H_
#define NETPOL_ANALYSIS_UNFOLDED_CLUSTER_H_

#include <optional>
#include <vector>

#include "netpol/cluster_dns_options.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

class UnfoldedCluster {
 public:
  /// `read` is a finalized cluster about to be folded (FoldOwnedPods) and
  /// to have its DNS modelled as `dns` says. Copies its pods only when
  /// folding may change them (FoldingMayChangePods).
  UnfoldedCluster(const Cluster& read, const ClusterDnsOptions& dns);

  /// `read` again, from `analysed`: `read` folded and finalized, then with
  /// its DNS modelled when `dns_modelled` (ModelClusterDnsIfMissing).
  Cluster Rebuild(const Cluster& analysed, bool dns_modelled) const;

  /// Whether the pods as read are kept (folding may have changed them).
  bool keeps_pods() const { return pods_.has_value(); }

 private:
  std::optional<std::vector<Pod>> pods_;
  ClusterDnsOptions dns_;
  bool dns_namespace_missing_ = false;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_ANALYSIS_UNFOLDED_CLUSTER_H_
