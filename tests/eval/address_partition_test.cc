// PartitionExternalAddresses: blocks of external addresses that every
// ipBlock of the inputs treats alike.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "netpol/netpol.h"

namespace netpol {
namespace {

IpAddress Addr(const std::string& text) {
  INFO("address " << text);
  const auto address = IpAddress::Parse(text);
  REQUIRE(address.has_value());
  return *address;
}

IpBlock Block(const std::string& cidr, const std::vector<std::string>& except = {}) {
  IpBlock block;
  INFO("cidr " << cidr);
  const auto parsed = Cidr::Parse(cidr);
  REQUIRE(parsed.has_value());
  block.cidr = *parsed;
  for (const std::string& e : except) {
    INFO("except " << e);
    const auto parsed_except = Cidr::Parse(e);
    REQUIRE(parsed_except.has_value());
    block.except.push_back(*parsed_except);
  }
  return block;
}

Rule RuleWith(const std::vector<IpBlock>& blocks) {
  Rule rule;
  for (const IpBlock& block : blocks) {
    Peer peer;
    peer.ip_block = block;
    rule.peers.push_back(peer);
  }
  return rule;
}

// One policy in namespace x with an ingress rule (and an egress rule) whose
// peers are the given ipBlocks.
Cluster ClusterWith(const std::vector<IpBlock>& ingress, const std::vector<IpBlock>& egress = {}) {
  NetworkPolicy policy;
  policy.name = "blocks";
  policy.namespace_name = "x";
  policy.policy_types = std::vector<Direction>{Direction::kIngress, Direction::kEgress};
  if (!ingress.empty()) policy.ingress.push_back(RuleWith(ingress));
  if (!egress.empty()) policy.egress.push_back(RuleWith(egress));
  Cluster cluster;
  cluster.policies.push_back(policy);
  cluster.Finalize();
  return cluster;
}

std::vector<std::string> Ids(const std::vector<ExternalBlock>& blocks) {
  std::vector<std::string> ids;
  for (const ExternalBlock& block : blocks) ids.push_back(block.Id());
  return ids;
}

std::vector<std::string> CidrStrings(const ExternalBlock& block) {
  std::vector<std::string> out;
  for (const Cidr& cidr : block.Cidrs()) out.push_back(cidr.ToString());
  return out;
}

// Which of `blocks` contain `address`.
std::vector<bool> Signature(const std::vector<IpBlock>& blocks, const IpAddress& address) {
  std::vector<bool> signature;
  for (const IpBlock& block : blocks) signature.push_back(block.Contains(address));
  return signature;
}

IpAddress Next(IpAddress a) {
  a.value += 1;
  return a;
}

// The blocks of `family` cover its whole address space without overlap, and
// each block's ranges are sorted, disjoint and not adjacent.
void CheckCoverage(const std::vector<ExternalBlock>& partition, IpFamily family) {
  std::vector<IpRange> ranges;
  for (const ExternalBlock& block : partition) {
    if (block.family != family) continue;
    INFO("block " << block.Id());
    REQUIRE_FALSE(block.ranges.empty());
    for (std::size_t i = 0; i < block.ranges.size(); ++i) {
      CHECK(block.ranges[i].first.family == family);
      CHECK(block.ranges[i].first <= block.ranges[i].last);
      if (i > 0) CHECK(Next(block.ranges[i - 1].last) < block.ranges[i].first);
    }
    ranges.insert(ranges.end(), block.ranges.begin(), block.ranges.end());
  }
  REQUIRE_FALSE(ranges.empty());
  std::sort(ranges.begin(), ranges.end());
  const Uint128 max = family == IpFamily::kV4 ? Uint128{0xFFFFFFFF} : ~Uint128{0};
  CHECK(ranges.front().first.value == 0);
  CHECK(ranges.back().last.value == max);
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    INFO("between " << ranges[i - 1].ToString() << " and " << ranges[i].ToString());
    CHECK(Next(ranges[i - 1].last) == ranges[i].first);
  }
}

TEST_CASE("without ipBlocks the partition is one block 0.0.0.0/0", "[eval][partition]") {
  Cluster empty;
  empty.Finalize();
  for (const Cluster& cluster : {empty, ClusterWith({})}) {
    const std::vector<ExternalBlock> blocks = PartitionExternalAddresses(cluster);
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].family == IpFamily::kV4);
    CHECK(blocks[0].ranges == std::vector<IpRange>{{Addr("0.0.0.0"), Addr("255.255.255.255")}});
    CHECK(blocks[0].Id() == "0.0.0.0/0");
    CHECK(CidrStrings(blocks[0]) == std::vector<std::string>{"0.0.0.0/0"});
    CHECK(blocks[0].Representative() == Addr("0.0.0.0"));
  }
}

TEST_CASE("0.0.0.0/0 except 10.0.0.0/8 gives two blocks", "[eval][partition]") {
  const std::vector<ExternalBlock> blocks =
      PartitionExternalAddresses(ClusterWith({Block("0.0.0.0/0", {"10.0.0.0/8"})}));
  REQUIRE(blocks.size() == 2);
  CHECK(Ids(blocks) ==
        std::vector<std::string>{"0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255", "10.0.0.0/8"});
  CHECK(blocks[0].ranges == std::vector<IpRange>{{Addr("0.0.0.0"), Addr("9.255.255.255")},
                                                 {Addr("11.0.0.0"), Addr("255.255.255.255")}});
  CHECK(CidrStrings(blocks[0]) == std::vector<std::string>{"0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8",
                                                           "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3",
                                                           "64.0.0.0/2", "128.0.0.0/1"});
  CHECK(CidrStrings(blocks[1]) == std::vector<std::string>{"10.0.0.0/8"});
  CHECK(blocks[1].Representative() == Addr("10.0.0.0"));
  CheckCoverage(blocks, IpFamily::kV4);
}

TEST_CASE("ExternalBlock::Id joins ranges and prints single CIDRs as CIDRs", "[eval][partition]") {
  const std::vector<ExternalBlock> blocks =
      PartitionExternalAddresses(ClusterWith({Block("0.0.0.0/0", {"10.244.1.11/32"})}));
  CHECK(Ids(blocks) == std::vector<std::string>{"0.0.0.0-10.244.1.10,10.244.1.12-255.255.255.255",
                                                "10.244.1.11/32"});
}

TEST_CASE("a cidr without except still splits the address space", "[eval][partition]") {
  const std::vector<ExternalBlock> blocks =
      PartitionExternalAddresses(ClusterWith({Block("10.0.0.0/8")}));
  CHECK(Ids(blocks) ==
        std::vector<std::string>{"0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255", "10.0.0.0/8"});
}

TEST_CASE("partition blocks cover everything, are disjoint and tell ipBlocks apart",
          "[eval][partition]") {
  const std::vector<IpBlock> ingress = {Block("10.0.0.0/8", {"10.1.0.0/16"}), Block("10.1.2.0/24"),
                                        Block("192.168.0.0/16")};
  const std::vector<IpBlock> egress = {Block("0.0.0.0/0", {"10.0.0.0/8", "192.168.1.0/24"})};
  std::vector<IpBlock> all = ingress;
  all.insert(all.end(), egress.begin(), egress.end());
  const std::vector<ExternalBlock> blocks =
      PartitionExternalAddresses(ClusterWith(ingress, egress));
  // Classes: outside 10/8 and 192.168/16; 10/8 minus 10.1/16; 10.1/16 minus
  // 10.1.2/24 (no ipBlock); 10.1.2/24; 192.168/16 minus 192.168.1/24;
  // 192.168.1/24.
  CHECK(blocks.size() == 6);
  CheckCoverage(blocks, IpFamily::kV4);
  for (const ExternalBlock& block : blocks) CHECK(block.family == IpFamily::kV4);
  // Sorted by first address.
  for (std::size_t i = 1; i < blocks.size(); ++i) {
    CHECK(blocks[i - 1].ranges.front().first < blocks[i].ranges.front().first);
  }
  // Every address of a block matches the same ipBlocks as its representative;
  // two blocks never match the same ipBlocks.
  std::vector<std::vector<bool>> signatures;
  for (const ExternalBlock& block : blocks) {
    INFO("block " << block.Id());
    const std::vector<bool> signature = Signature(all, block.Representative());
    for (const IpRange& range : block.ranges) {
      CHECK(Signature(all, range.first) == signature);
      CHECK(Signature(all, range.last) == signature);
    }
    CHECK(std::find(signatures.begin(), signatures.end(), signature) == signatures.end());
    signatures.push_back(signature);
  }
  const std::vector<std::string> ids = Ids(blocks);
  CHECK(std::find(ids.begin(), ids.end(), "10.1.2.0/24") != ids.end());
}

TEST_CASE("IPv6 blocks appear only when an IPv6 ipBlock does", "[eval][partition]") {
  const std::vector<ExternalBlock> v4_only =
      PartitionExternalAddresses(ClusterWith({Block("10.0.0.0/8")}));
  for (const ExternalBlock& block : v4_only) CHECK(block.family == IpFamily::kV4);

  const std::vector<ExternalBlock> mixed =
      PartitionExternalAddresses(ClusterWith({Block("10.0.0.0/8"), Block("2001:db8::/32")}));
  CHECK(Ids(mixed) == std::vector<std::string>{"0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255",
                                               "10.0.0.0/8",
                                               "::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff,"
                                               "2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                                               "2001:db8::/32"});
  REQUIRE(mixed.size() == 4);
  CHECK(mixed[2].family == IpFamily::kV6);
  CHECK(mixed[3].family == IpFamily::kV6);
  CheckCoverage(mixed, IpFamily::kV4);
  CheckCoverage(mixed, IpFamily::kV6);
}

TEST_CASE("an IPv6-only policy still yields the whole IPv4 space", "[eval][partition]") {
  const std::vector<ExternalBlock> blocks =
      PartitionExternalAddresses(ClusterWith({Block("::/0", {"fd00::/8"})}));
  CHECK(Ids(blocks) ==
        std::vector<std::string>{"0.0.0.0/0", "::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,fe00::/7",
                                 "fd00::/8"});
}

}  // namespace
}  // namespace netpol
