#include "netpol/model.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

// Switches rather than ternaries: tests/model/direction_vocabulary_test.cc
// forbids a direction spelled inline anywhere in lib/ and tools/.
const char* DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kIngress: return "Ingress";
    case Direction::kEgress: return "Egress";
  }
  return "";
}

const char* DirectionKey(Direction direction) {
  switch (direction) {
    case Direction::kIngress: return "ingress";
    case Direction::kEgress: return "egress";
  }
  return "";
}

const char* PeerListKey(Direction direction) {
  switch (direction) {
    case Direction::kIngress: return "from";
    case Direction::kEgress: return "to";
  }
  return "";
}

const char* PeerPreposition(Direction direction) {
  switch (direction) {
    case Direction::kIngress: return "from";
    case Direction::kEgress: return "towards";
  }
  return "";
}

bool IpBlock::Contains(const IpAddress& address) const {
  if (!cidr.Contains(address)) return false;
  return std::none_of(except.begin(), except.end(),
                      [&](const Cidr& excluded) { return excluded.Contains(address); });
}

std::string IpBlock::ToString() const {
  std::string text = cidr.ToString();
  if (!except.empty()) {
    text += " except ";
    for (std::size_t i = 0; i < except.size(); ++i) {
      if (i > 0) text += ",";
      text += except[i].ToString();
    }
  }
  return text;
}

std::string Peer::ToString() const {
  if (!fqdn_pattern.empty()) return "toFQDNs matchPattern " + fqdn_pattern + " (covers " + fqdn + ")";
  if (!fqdn.empty()) {
    return std::string("toFQDNs ") + (fqdn.find('*') != std::string::npos ? "matchPattern " : "matchName ") +
           fqdn;
  }
  if (ip_block) return "ipBlock " + ip_block->ToString();
  std::string pods = pod_selector ? (pod_selector->IsEmpty() ? "all pods"
                                                             : "pods " + pod_selector->ToString())
                                  : "all pods";
  if (!namespace_selector) return pods + " of the policy's namespace";
  if (namespace_selector->IsEmpty()) return pods + " of every namespace";
  return pods + " of namespaces " + namespace_selector->ToString();
}

std::string PolicyPort::ToString() const {
  std::string text = ProtocolName(protocol);
  if (IsNamed()) text += " " + port_name;
  else if (!port) text += " all";
  else if (end_port && *end_port != *port) text = fmt::format("{} {}-{}", text, *port, *end_port);
  else text = fmt::format("{} {}", text, *port);
  return l7.empty() ? text : text + " (L7: " + l7 + ")";
}

const char* PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kNetworkPolicy: return "NetworkPolicy";
    case PolicyKind::kCiliumNetworkPolicy: return "CiliumNetworkPolicy";
    case PolicyKind::kCiliumClusterwideNetworkPolicy: return "CiliumClusterwideNetworkPolicy";
  }
  return "?";
}

bool NetworkPolicy::Affects(Direction direction) const {
  if (policy_types && !policy_types->empty()) {
    return std::find(policy_types->begin(), policy_types->end(), direction) !=
           policy_types->end();
  }
  // The API server's defaulting: Ingress always; Egress only when there is
  // at least one egress rule (`egress: []` does not count).
  return direction == Direction::kIngress || !egress.empty();
}

const Namespace* Cluster::FindNamespace(const std::string& name) const {
  auto it = std::lower_bound(namespaces.begin(), namespaces.end(), name,
                             [](const Namespace& ns, const std::string& n) { return ns.name < n; });
  if (it != namespaces.end() && it->name == name) return &*it;
  // Not finalized yet: fall back to a scan.
  for (const Namespace& ns : namespaces) {
    if (ns.name == name) return &ns;
  }
  return nullptr;
}

namespace {

// Orders pods against a (namespace, name) key: the prefix of Finalize's sort key.
struct ByNamespaceAndName {
  using Key = std::tuple<const std::string&, const std::string&>;
  bool operator()(const Pod& pod, const Key& key) const {
    return std::tie(pod.namespace_name, pod.name) < key;
  }
  bool operator()(const Key& key, const Pod& pod) const {
    return key < std::tie(pod.namespace_name, pod.name);
  }
};

}  // namespace

std::optional<PodId> Cluster::FindPod(const std::string& namespace_name,
                                      const std::string& name) const {
  std::optional<PodId> workload;
  if (finalized_pod_count != 0 && finalized_pod_count == pods.size()) {
    // Sorted by (namespace, name, kind): the matches are adjacent. "Pod"
    // does not sort first among kinds, so look at each of them.
    const auto [begin, end] = std::equal_range(pods.begin(), pods.end(),
                                               std::tie(namespace_name, name), ByNamespaceAndName());
    for (auto it = begin; it != end; ++it) {
      const PodId id = static_cast<PodId>(it - pods.begin());
      if (!it->IsWorkload()) return id;
      if (!workload) workload = id;
    }
    return workload;
  }
  for (PodId id = 0; id < pods.size(); ++id) {
    if (pods[id].namespace_name != namespace_name || pods[id].name != name) continue;
    if (!pods[id].IsWorkload()) return id;
    if (!workload) workload = id;
  }
  return workload;
}

const Service* Cluster::FindService(const std::string& namespace_name,
                                    const std::string& name) const {
  for (const Service& service : services) {
    if (service.namespace_name == namespace_name && service.name == name) return &service;
  }
  return nullptr;
}

const ServiceAccount* Cluster::FindServiceAccount(const std::string& namespace_name,
                                                  const std::string& name) const {
  for (const ServiceAccount& account : service_accounts) {
    if (account.namespace_name == namespace_name && account.name == name) return &account;
  }
  return nullptr;
}

PortSet Service::TargetPorts(const PortSet& service_ports, const Pod& pod) const {
  PortSet result;
  for (const ServicePort& sp : ports) {
    if (!service_ports.Contains(sp.protocol, sp.port)) continue;
    if (!sp.target_port_name.empty()) {
      for (const ContainerPort& cp : pod.ports) {
        if (cp.name == sp.target_port_name && cp.protocol == sp.protocol) {
          result.Add(sp.protocol, cp.port, cp.port);
        }
      }
    } else {
      const int target = sp.target_port.value_or(sp.port);
      result.Add(sp.protocol, target, target);
    }
  }
  return result;
}

std::optional<PolicyId> Cluster::FindPolicy(const std::string& namespace_name,
                                            const std::string& name) const {
  for (PolicyId id = 0; id < policies.size(); ++id) {
    if (policies[id].namespace_name == namespace_name && policies[id].name == name) return id;
  }
  return std::nullopt;
}

namespace {

// A stable sort that orders indices and then moves each element once: the
// model's objects are large (a Pod holds maps and strings), and a sort that
// shuffles the objects themselves moves each of them log(n) times.
template <typename T, typename Less>
void StableSortByIndex(std::vector<T>& values, Less less) {
  if (std::is_sorted(values.begin(), values.end(), less)) return;
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return less(values[a], values[b]); });
  std::vector<T> sorted;
  sorted.reserve(values.size());
  for (std::size_t i : order) sorted.push_back(std::move(values[i]));
  values = std::move(sorted);
}

}  // namespace

void Cluster::ExpandClusterwidePolicies() {
  // Templates written into `policies` (by the decoder) move aside; copies
  // from an earlier call are dropped and made again. In place: a second
  // vector of every policy would double their memory for a moment.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    NetworkPolicy& policy = policies[i];
    if (policy.clusterwide_namespaces) {
      clusterwide_policies.push_back(std::move(policy));
    } else if (policy.kind != PolicyKind::kCiliumClusterwideNetworkPolicy) {
      if (kept != i) policies[kept] = std::move(policy);
      ++kept;
    }
  }
  policies.erase(policies.begin() + static_cast<std::ptrdiff_t>(kept), policies.end());
  // One copy per namespace a CCNP rule selects pods in, so that every
  // consumer sees namespaced policies. A namespace where it selects no pod
  // gets none: such a copy could change no verdict, and lint would flag it
  // as a policy that selects nothing.
  for (const NetworkPolicy& policy : clusterwide_policies) {
    for (const Namespace& ns : namespaces) {
      if (!policy.clusterwide_namespaces->Matches(ns.labels)) continue;
      const bool selects_a_pod = std::any_of(pods.begin(), pods.end(), [&](const Pod& pod) {
        return pod.namespace_name == ns.name && !pod.host_network &&
               policy.pod_selector.Matches(pod.labels);
      });
      if (!selects_a_pod) continue;
      NetworkPolicy copy = policy;
      copy.clusterwide_namespaces.reset();
      copy.namespace_name = ns.name;
      policies.push_back(std::move(copy));
    }
  }
}

void Cluster::Finalize() {
  std::set<std::string> known;
  for (const Namespace& ns : namespaces) known.insert(ns.name);
  auto ensure = [&](const std::string& name) {
    if (known.insert(name).second) {
      Namespace ns;
      ns.name = name;
      namespaces.push_back(std::move(ns));
    }
  };
  for (const Pod& pod : pods) ensure(pod.namespace_name);
  for (const NetworkPolicy& policy : policies) {
    if (!policy.clusterwide_namespaces) ensure(policy.namespace_name);
  }
  for (const Service& service : services) ensure(service.namespace_name);
  for (Namespace& ns : namespaces) ns.labels[kNamespaceNameLabel] = ns.name;
  ExpandClusterwidePolicies();
  AssignFqdnEndpoints();

  StableSortByIndex(namespaces,
                    [](const Namespace& a, const Namespace& b) { return a.name < b.name; });
  StableSortByIndex(pods, [](const Pod& a, const Pod& b) {
    return std::tie(a.namespace_name, a.name, a.kind) < std::tie(b.namespace_name, b.name, b.kind);
  });
  finalized_pod_count = pods.size();
  StableSortByIndex(services, [](const Service& a, const Service& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  StableSortByIndex(policies, [](const NetworkPolicy& a, const NetworkPolicy& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  StableSortByIndex(cluster_policies, [](const ClusterPolicy& a, const ClusterPolicy& b) {
    return a.PrecedesInOrder(b);
  });
}

NETPOL_NAMESPACE_END
