#include "netpol/cluster_dns.h"

#include <algorithm>
#include <set>
#include <string>

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

bool FqdnDnsStatus::LookupAllowed(const std::string& fqdn) const {
  return std::any_of(lookups.begin(), lookups.end(), [&](const std::string& lookup) {
    return FqdnSelectorsOverlap(lookup, fqdn);
  });
}

FqdnDnsStatus FqdnDnsOf(const Evaluator& evaluator, PodId pod, const ClusterDnsOptions& options) {
  const Cluster& cluster = evaluator.cluster();
  FqdnDnsStatus status;
  const PortSet dns_ports =
      PortSet::Range(Protocol::kUDP, 53, 53).Union(PortSet::Range(Protocol::kTCP, 53, 53));
  std::set<std::string> lookups;
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    if (id == pod || !IsClusterDnsPod(cluster.pods[id], options)) continue;
    if (status.dns_pod.empty()) status.dns_pod = cluster.pods[id].Id();
    const Verdict verdict = evaluator.Evaluate(Endpoint::ForPod(pod), Endpoint::ForPod(id));
    const PortSet allowed = verdict.allowed.Intersect(dns_ports);
    if (allowed.IsEmpty()) continue;
    if (!status.dns_allowed) status.dns_pod = cluster.pods[id].Id();
    status.dns_allowed = true;
    // The dns rules behind the filtered DNS ports: their names are what the
    // proxy lets through.
    for (const SideVerdict::L7Contribution& c : verdict.egress.l7_by) {
      if (c.filter.protocol != "dns" || c.filter.ports.Intersect(allowed).IsEmpty()) continue;
      if (!status.dns_visible) status.dns_pod = cluster.pods[id].Id();
      status.dns_visible = true;
      const Rule& rule = cluster.policies[c.rule.policy].Rules(c.rule.direction)[c.rule.rule_index];
      for (const PolicyPort& port : rule.ports) {
        if (port.l7 != "dns") continue;
        const PortSet entry = evaluator.PolicyPortSet(port, Endpoint::ForPod(id));
        if (entry.Intersect(c.filter.ports).Intersect(allowed).IsEmpty()) continue;
        if (port.dns_names.empty()) lookups.insert("*");
        lookups.insert(port.dns_names.begin(), port.dns_names.end());
      }
    }
  }
  status.lookups.assign(lookups.begin(), lookups.end());
  return status;
}

std::string FqdnDnsProblem(const FqdnDnsStatus& status, const std::string& pod_name) {
  if (status.dns_visible) return "";
  if (status.dns_pod.empty()) {
    return "the inputs have no cluster DNS pod: Cilium learns the addresses of a toFQDNs name "
           "only from lookups its DNS proxy sees";
  }
  if (!status.dns_allowed) {
    return "egress of " + pod_name + " to the cluster DNS (" + status.dns_pod +
           ", 53/UDP and 53/TCP) is not allowed: its lookups fail, so Cilium never learns the "
           "addresses of its toFQDNs names and those rules allow nothing";
  }
  return "egress of " + pod_name + " to the cluster DNS (" + status.dns_pod +
         ") on port 53 has no L7 dns rule: Cilium's DNS proxy never sees its lookups, so its "
         "toFQDNs rules allow nothing (add rules: {dns: [{matchPattern: \"*\"}]} to the port 53 "
         "egress rule)";
}

std::string FqdnLookupProblem(const FqdnDnsStatus& status, const std::string& pod_name,
                              const std::string& fqdn) {
  if (!status.dns_visible) return FqdnDnsProblem(status, pod_name);
  if (status.LookupAllowed(fqdn)) return "";
  std::string names;
  for (const std::string& lookup : status.lookups) {
    if (!names.empty()) names += ", ";
    names += lookup;
  }
  return "the L7 dns rules of " + pod_name + " towards the cluster DNS (" + status.dns_pod +
         ") let through only lookups of " + names + ": Cilium's DNS proxy refuses the lookup of " +
         fqdn + ", so Cilium never learns its addresses and the toFQDNs rule allows nothing for it";
}

NETPOL_NAMESPACE_END
