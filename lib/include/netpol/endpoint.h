// Endpoints of connections: pods, and blocks of addresses outside them.
//
// External addresses are split into disjoint blocks such that every address
// of a block is matched by exactly the same ipBlocks of the inputs. Blocks
// cover all of 0.0.0.0/0 (and ::/0 when IPv6 appears), so any address belongs
// to exactly one block and evaluating a block's representative address is
// exact for the whole block.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: PartitionExternalAddresses O(C log C) for C CIDRs and excepts;
// EndpointFamilies and CommonFamilies O(IPs of the pods).
#ifndef NETPOL_ENDPOINT_H_
#define NETPOL_ENDPOINT_H_

#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/ip.h"
#include "netpol/model.h"

NETPOL_NAMESPACE_BEGIN

/// A set of external addresses treated alike by every ipBlock in the inputs.
struct ExternalBlock {
  IpFamily family = IpFamily::kV4;
  std::vector<IpRange> ranges;  ///< Sorted, disjoint, not adjacent.
  /// The address of a Cilium toFQDNs endpoint (FqdnEndpoint): its
  /// FqdnEndpoint::Id(), "fqdn:api.example.com"; empty for other blocks.
  std::string name;

  /// Every address of the block is evaluated as this one.
  IpAddress Representative() const { return ranges.front().first; }
  /// The CIDRs whose union is the block.
  std::vector<Cidr> Cidrs() const;
  /// Ranges joined by ",": "0.0.0.0-10.244.1.10,10.244.1.12-255.255.255.255";
  /// a range that is one CIDR prints as the CIDR ("10.0.0.0/8"). A named
  /// block (an FQDN endpoint) is its name.
  std::string Id() const;
  bool operator==(const ExternalBlock&) const = default;
};

/// Splits the address space by every cidr and except in `cluster`'s
/// policies and every `networks` CIDR of its cluster-scoped policies,
/// merging addresses that none of them tells apart. Sorted by first address,
/// IPv4 first.
/// `extra_cidrs` add boundaries of their own (to split out a queried range).
std::vector<ExternalBlock> PartitionExternalAddresses(const Cluster& cluster,
                                                      const std::vector<Cidr>& extra_cidrs = {});

/// Every `networks` CIDR in the peers of `cluster`'s cluster-scoped
/// policies, in policy order. They split the address space as ipBlocks do.
std::vector<Cidr> ClusterPolicyNetworks(const Cluster& cluster);

/// Either side of a connection: a pod, or an address outside the pods.
struct Endpoint {
  std::optional<PodId> pod;
  /// For an external endpoint, the address it is evaluated as.
  std::optional<IpAddress> address;

  static Endpoint ForPod(PodId id) { return Endpoint{id, std::nullopt}; }
  static Endpoint ForAddress(const IpAddress& address) { return Endpoint{std::nullopt, address}; }
  bool IsPod() const { return pod.has_value(); }
  bool operator==(const Endpoint&) const = default;
};

/// The address families `endpoint` can send and receive on: an external
/// address its own family; a pod those of its IPs (status.podIPs: both for a
/// dual-stack pod). A pod without a known IP may have either: both.
FamilySet EndpointFamilies(const Cluster& cluster, const Endpoint& endpoint);

/// The families traffic between `a` and `b` can use: those both have. An
/// ipBlock (or `networks` CIDR) matches a pod only through an IP of one of
/// these families. Empty when both have known addresses and share no family
/// (an IPv4-only pod and an IPv6-only one): they cannot reach each other.
FamilySet CommonFamilies(const Cluster& cluster, const Endpoint& a, const Endpoint& b);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ENDPOINT_H_
