// Splitting external addresses into blocks that no ipBlock tells apart.
#include <algorithm>
#include <map>
#include <set>

#include "netpol/endpoint.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

Uint128 MaxValue(IpFamily family) {
  return family == IpFamily::kV4 ? Uint128{0xffffffffu} : ~Uint128{0};
}

void CollectIpBlocks(const Cluster& cluster, std::vector<const IpBlock*>* blocks) {
  for (const NetworkPolicy& policy : cluster.policies) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      for (const Rule& rule : policy.Rules(direction)) {
        for (const Peer& peer : rule.peers) {
          if (peer.ip_block) blocks->push_back(&*peer.ip_block);
        }
      }
    }
  }
}

std::vector<ExternalBlock> PartitionFamily(IpFamily family,
                                           const std::vector<const IpBlock*>& ip_blocks,
                                           const std::vector<Cidr>& extra_cidrs) {
  // Elementary intervals: between consecutive boundaries every ipBlock
  // either contains all addresses or none.
  std::set<Uint128> boundaries = {0};
  const Uint128 max = MaxValue(family);
  auto add_cidr = [&](const Cidr& cidr) {
    if (cidr.family() != family) return;
    boundaries.insert(cidr.First().value);
    if (cidr.Last().value != max) boundaries.insert(cidr.Last().value + 1);
  };
  std::vector<const IpBlock*> relevant;
  for (const IpBlock* block : ip_blocks) {
    if (block->cidr.family() != family) continue;
    relevant.push_back(block);
    add_cidr(block->cidr);
    for (const Cidr& except : block->except) add_cidr(except);
  }
  std::vector<Cidr> extra;
  for (const Cidr& cidr : extra_cidrs) {
    if (cidr.family() != family) continue;
    extra.push_back(cidr);
    add_cidr(cidr);
  }
  std::vector<ExternalBlock> result;
  std::map<std::vector<bool>, std::size_t> by_signature;
  for (auto it = boundaries.begin(); it != boundaries.end(); ++it) {
    auto next = std::next(it);
    const IpAddress first{family, *it};
    const IpAddress last{family, next == boundaries.end() ? max : *next - 1};
    std::vector<bool> signature;
    signature.reserve(relevant.size());
    for (const IpBlock* block : relevant) signature.push_back(block->Contains(first));
    for (const Cidr& cidr : extra) signature.push_back(cidr.Contains(first));
    auto [slot, inserted] = by_signature.emplace(std::move(signature), result.size());
    if (inserted) {
      result.emplace_back().family = family;
    }
    std::vector<IpRange>& ranges = result[slot->second].ranges;
    if (!ranges.empty() && ranges.back().last.value + 1 == first.value) {
      ranges.back().last = last;
    } else {
      ranges.push_back(IpRange{first, last});
    }
  }
  return result;
}

}  // namespace

std::vector<Cidr> ExternalBlock::Cidrs() const {
  std::vector<Cidr> cidrs;
  for (const IpRange& range : ranges) {
    std::vector<Cidr> part = RangeToCidrs(range);
    cidrs.insert(cidrs.end(), part.begin(), part.end());
  }
  return cidrs;
}

std::string ExternalBlock::Id() const {
  if (!name.empty()) return name;
  std::string id;
  for (const IpRange& range : ranges) {
    if (!id.empty()) id += ",";
    id += range.ToString();
  }
  return id;
}

std::vector<Cidr> ClusterPolicyNetworks(const Cluster& cluster) {
  std::vector<Cidr> networks;
  for (const ClusterPolicy& policy : cluster.cluster_policies) {
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      for (const ClusterPolicyRule& rule : policy.Rules(direction)) {
        for (const ClusterPolicyPeer& peer : rule.peers) {
          networks.insert(networks.end(), peer.networks.begin(), peer.networks.end());
        }
      }
    }
  }
  // Calico nets and notNets cut the address space the same way.
  for (const CalicoPolicy& policy : cluster.calico_policies) {
    for (const std::vector<CalicoRule>* rules : {&policy.ingress, &policy.egress}) {
      for (const CalicoRule& rule : *rules) {
        for (const CalicoEntityRule* entity : {&rule.source, &rule.destination}) {
          networks.insert(networks.end(), entity->nets.begin(), entity->nets.end());
          networks.insert(networks.end(), entity->not_nets.begin(), entity->not_nets.end());
        }
      }
    }
  }
  return networks;
}

std::vector<ExternalBlock> PartitionExternalAddresses(const Cluster& cluster,
                                                      const std::vector<Cidr>& queried_cidrs) {
  std::vector<Cidr> extra_cidrs = ClusterPolicyNetworks(cluster);
  extra_cidrs.insert(extra_cidrs.end(), queried_cidrs.begin(), queried_cidrs.end());
  std::vector<const IpBlock*> ip_blocks;
  CollectIpBlocks(cluster, &ip_blocks);
  bool has_v6 = std::any_of(ip_blocks.begin(), ip_blocks.end(), [](const IpBlock* b) {
    return b->cidr.family() == IpFamily::kV6;
  }) || std::any_of(extra_cidrs.begin(), extra_cidrs.end(), [](const Cidr& c) {
    return c.family() == IpFamily::kV6;
  });
  for (const Pod& pod : cluster.pods) {
    for (const IpAddress& ip : pod.ips) has_v6 = has_v6 || ip.family == IpFamily::kV6;
  }
  std::vector<ExternalBlock> blocks = PartitionFamily(IpFamily::kV4, ip_blocks, extra_cidrs);
  if (has_v6) {
    std::vector<ExternalBlock> v6 = PartitionFamily(IpFamily::kV6, ip_blocks, extra_cidrs);
    blocks.insert(blocks.end(), v6.begin(), v6.end());
  }
  // Each FQDN endpoint's address is a block of its own (its peers are /32
  // ipBlocks no other peer shares): name it.
  for (ExternalBlock& block : blocks) {
    if (block.ranges.size() != 1 || block.ranges[0].first != block.ranges[0].last) continue;
    if (const FqdnEndpoint* fqdn = cluster.FindFqdnByAddress(block.ranges[0].first)) {
      block.name = fqdn->Id();
    }
  }
  return blocks;
}

NETPOL_NAMESPACE_END
