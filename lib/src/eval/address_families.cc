// Which address families an endpoint, and a pair of endpoints, can use.
#include "netpol/endpoint.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

FamilySet EndpointFamilies(const Cluster& cluster, const Endpoint& endpoint) {
  if (endpoint.pod) {
    const FamilySet known = FamilySet::OfAddresses(cluster.pods[*endpoint.pod].ips);
    // No known IP (a workload template, a pod before scheduling): the family
    // is unknown, so it is assumed to match the peer's.
    return known.IsEmpty() ? FamilySet::Both() : known;
  }
  if (endpoint.address) return FamilySet::Of(endpoint.address->family);
  return FamilySet::Both();
}

FamilySet CommonFamilies(const Cluster& cluster, const Endpoint& a, const Endpoint& b) {
  return EndpointFamilies(cluster, a).Intersect(EndpointFamilies(cluster, b));
}

NETPOL_NAMESPACE_END
