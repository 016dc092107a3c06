// A deliberately plain NetworkPolicy evaluator for differential testing.
//
// Written straight from the networking.k8s.io/v1 API documentation, one
// ordered pair at a time, sharing nothing with the library's engines except
// the model types and label-selector matching. Slow and obvious on purpose.
// Header-only: the test binary compiles only *_test.cc files.
#ifndef NETPOL_TESTS_ENGINE_REFERENCE_EVALUATOR_H_
#define NETPOL_TESTS_ENGINE_REFERENCE_EVALUATOR_H_

#include "netpol/endpoint.h"
#include "netpol/model.h"
#include "netpol/port_set.h"

#include <string>

namespace netpol::testing {
namespace reference_detail {

// policyTypes: when absent or empty, Ingress always, Egress iff there are
// egress rules.
inline bool PolicyCovers(const NetworkPolicy& policy, bool egress) {
  if (!policy.policy_types || policy.policy_types->empty()) {
    return egress ? !policy.egress.empty() : true;
  }
  for (Direction d : *policy.policy_types) {
    if ((d == Direction::kEgress) == egress) return true;
  }
  return false;
}

inline const Labels* LabelsOfNamespace(const Cluster& cluster, const std::string& name) {
  for (const Namespace& ns : cluster.namespaces) {
    if (ns.name == name) return &ns.labels;
  }
  return nullptr;
}

inline bool CidrHas(const Cidr& cidr, const IpAddress& ip) {
  if (cidr.network.family != ip.family) return false;
  const int bits = ip.family == IpFamily::kV4 ? 32 : 128;
  if (cidr.prefix == 0) return true;
  const int shift = bits - cidr.prefix;
  return (cidr.network.value >> shift) == (ip.value >> shift);
}

inline bool BlockHas(const IpBlock& block, const IpAddress& ip) {
  if (!CidrHas(block.cidr, ip)) return false;
  for (const Cidr& except : block.except) {
    if (CidrHas(except, ip)) return false;
  }
  return true;
}

// Does one `from`/`to` entry of `policy` describe endpoint `other`?
inline bool PeerDescribes(const Cluster& cluster, const NetworkPolicy& policy, const Peer& peer,
                   const Endpoint& other, bool ip_blocks_match_pods) {
  if (peer.ip_block) {
    if (other.address) return BlockHas(*peer.ip_block, *other.address);
    if (!ip_blocks_match_pods) return false;
    for (const IpAddress& ip : cluster.pods[*other.pod].ips) {
      if (BlockHas(*peer.ip_block, ip)) return true;
    }
    return false;
  }
  if (!other.pod) return false;  // selectors select pods only
  const Pod& pod = cluster.pods[*other.pod];
  if (pod.host_network) return false;  // node traffic, not pod traffic
  if (peer.namespace_selector) {
    const Labels* labels = LabelsOfNamespace(cluster, pod.namespace_name);
    const Labels none;
    if (!peer.namespace_selector->Matches(labels ? *labels : none)) return false;
  } else if (pod.namespace_name != policy.namespace_name) {
    return false;
  }
  if (peer.pod_selector && !peer.pod_selector->Matches(pod.labels)) return false;
  return true;
}

// The ports one rule opens towards `destination`.
inline PortSet PortsOfRule(const Cluster& cluster, const Rule& rule, const Endpoint& destination) {
  PortSet result;
  if (rule.ports.empty()) {
    for (Protocol p : kAllProtocols) result.Add(p, 1, 65535);
    return result;
  }
  for (const PolicyPort& port : rule.ports) {
    if (!port.port_name.empty()) {
      if (!destination.pod) continue;
      for (const ContainerPort& cp : cluster.pods[*destination.pod].ports) {
        if (cp.name == port.port_name && cp.protocol == port.protocol) {
          result.Add(cp.protocol, cp.port, cp.port);
        }
      }
    } else if (!port.port) {
      result.Add(port.protocol, 1, 65535);
    } else {
      const int last = port.end_port ? *port.end_port : *port.port;
      result.Add(port.protocol, *port.port, last);
    }
  }
  return result;
}

// What `subject`'s side (egress when it is the source) allows for `other`.
inline PortSet SideAllows(const Cluster& cluster, const Endpoint& subject, const Endpoint& other,
                   bool egress, const Endpoint& destination, bool ip_blocks_match_pods) {
  PortSet everything;
  for (Protocol p : kAllProtocols) everything.Add(p, 1, 65535);
  if (!subject.pod) return everything;
  const Pod& pod = cluster.pods[*subject.pod];
  if (pod.host_network) return everything;
  bool isolated = false;
  PortSet allowed;
  for (const NetworkPolicy& policy : cluster.policies) {
    if (policy.namespace_name != pod.namespace_name) continue;
    if (!policy.pod_selector.Matches(pod.labels)) continue;
    if (!PolicyCovers(policy, egress)) continue;
    isolated = true;
    for (const Rule& rule : egress ? policy.egress : policy.ingress) {
      bool matches = rule.peers.empty();
      for (const Peer& peer : rule.peers) {
        matches = matches || PeerDescribes(cluster, policy, peer, other, ip_blocks_match_pods);
      }
      if (matches) allowed.Merge(PortsOfRule(cluster, rule, destination));
    }
  }
  return isolated ? allowed : everything;
}

}  // namespace reference_detail

inline PortSet ReferenceAllowedPorts(const Cluster& cluster, const Endpoint& source,
                              const Endpoint& destination, bool ip_blocks_match_pods) {
  using namespace reference_detail;
  const PortSet out =
      SideAllows(cluster, source, destination, true, destination, ip_blocks_match_pods);
  const PortSet in =
      SideAllows(cluster, destination, source, false, destination, ip_blocks_match_pods);
  return out.Intersect(in);
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_ENGINE_REFERENCE_EVALUATOR_H_
