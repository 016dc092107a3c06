#include "netpol/cluster_dns.h"

#include <algorithm>

NETPOL_INTERNAL_NAMESPACE_BEGIN

bool IsClusterDnsPod(const Pod& pod, const ClusterDnsOptions& options) {
  if (pod.namespace_name != options.namespace_name) return false;
  return std::all_of(options.labels.begin(), options.labels.end(), [&](const auto& label) {
    auto it = pod.labels.find(label.first);
    return it != pod.labels.end() && it->second == label.second;
  });
}

bool ModelClusterDnsIfMissing(Cluster& cluster, const ClusterDnsOptions& options) {
  if (!options.model_when_missing) return false;
  if (std::any_of(cluster.pods.begin(), cluster.pods.end(),
                  [&](const Pod& pod) { return IsClusterDnsPod(pod, options); })) {
    return false;
  }
  Pod dns;
  dns.name = "kube-dns";
  dns.kind = "Modelled";
  dns.namespace_name = options.namespace_name;
  dns.labels = options.labels;
  dns.ports = {ContainerPort{"dns", 53, Protocol::kUDP, {}},
               ContainerPort{"dns-tcp", 53, Protocol::kTCP, {}}};
  // Appended, not sorted in: every PodId handed out before still names the
  // same pod. Only its namespace may be new; namespaces have no ids, so it
  // goes in its sorted place with the label Finalize() would give it.
  if (cluster.FindNamespace(options.namespace_name) == nullptr) {
    Namespace ns;
    ns.name = options.namespace_name;
    ns.labels[kNamespaceNameLabel] = ns.name;
    const auto at = std::lower_bound(
        cluster.namespaces.begin(), cluster.namespaces.end(), ns.name,
        [](const Namespace& a, const std::string& name) { return a.name < name; });
    cluster.namespaces.insert(at, std::move(ns));
  }
  cluster.pods.push_back(std::move(dns));
  return true;
}

NETPOL_NAMESPACE_END
