// Where cluster DNS runs: a value type of its own, so that EvalOptions (the
// toFQDNs gate needs the DNS pods) and ClusterDnsOptions' users share it
// without evaluator.h and cluster_dns.h including each other.
//
// Threads: a plain value; const instances may be shared freely.
#ifndef NETPOL_CLUSTER_DNS_OPTIONS_H_
#define NETPOL_CLUSTER_DNS_OPTIONS_H_

#include <string>

#include "netpol/api.h"
#include "netpol/labels.h"

NETPOL_NAMESPACE_BEGIN

/// Where cluster DNS runs. The default is the standard CoreDNS/kube-dns
/// deployment; NodeLocal DNSCache or a custom CoreDNS use other labels.
struct ClusterDnsOptions {
  std::string namespace_name = "kube-system";
  Labels labels = {{"k8s-app", "kube-dns"}};
  /// Add a modelled DNS endpoint when no pod matches.
  bool model_when_missing = true;
  bool operator==(const ClusterDnsOptions&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_CLUSTER_DNS_OPTIONS_H_
