// NP013 ipblock-covers-pod-range: an ipBlock that also covers pod or service IPs.
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

struct KnownRange {
  const char* cidr;
  const char* what;
};

// Defaults of common distributions and CNIs.
constexpr KnownRange kTypicalRanges[] = {
    {"10.244.0.0/16", "kubeadm/Flannel pods"},
    {"10.96.0.0/12", "kubeadm services"},
    {"10.42.0.0/16", "k3s pods"},
    {"10.43.0.0/16", "k3s services"},
    {"192.168.0.0/16", "Calico pods"},
};

class IpBlockCoversPodRange : public BasicRule {
 public:
  IpBlockCoversPodRange()
      : BasicRule({"NP013", "ipblock-covers-pod-range", LintSeverity::kInfo,
                   "An ipBlock covers typical pod/service ranges or pod IPs of the inputs",
                   R"(ipBlocks are meant for addresses outside the cluster, but a block such as 0.0.0.0/0 or
10.0.0.0/8 also contains the pod and service ranges. Whether an ipBlock matches pod traffic is
implementation-defined: some CNIs apply it (the upstream e2e suite requires that), others see
pod traffic only by pod identity, and service IPs are translated before policies apply. So the
rule may admit (or, in an except, fail to exclude) in-cluster pods on one CNI and not on
another. Reported when the block (minus its excepts) contains a typical pod or service range
(10.244.0.0/16, 10.96.0.0/12, 10.42.0.0/16, 10.43.0.0/16, 192.168.0.0/16) or the IP of a pod in
the inputs.

Bad (also matches pods on CNIs that apply ipBlocks to pods):
  - ipBlock: {cidr: 0.0.0.0/0}

Good (external only, pods selected by identity):
  - ipBlock:
      cidr: 0.0.0.0/0
      except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    const Cluster& cluster = context.cluster();
    // Policies repeat the same ipBlocks: walk the pods once per distinct one.
    std::map<std::string, std::vector<std::string>> inside;
    for (const NetworkPolicy& policy : cluster.policies) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        if (!policy.Affects(direction)) continue;
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t p = 0; p < rules[r].peers.size(); ++p) {
            const Peer& peer = rules[r].peers[p];
            if (!peer.ip_block) continue;
            std::vector<std::string> covered;
            for (const KnownRange& known : kTypicalRanges) {
              const Cidr range = *Cidr::Parse(known.cidr);
              if (Covers(*peer.ip_block, range)) {
                covered.push_back(fmt::format("{} ({})", known.cidr, known.what));
              }
            }
            const std::vector<std::string>& pods = PodsInside(cluster, *peer.ip_block, inside);
            if (covered.empty() && pods.empty()) continue;
            std::string what;
            if (!covered.empty()) what = "covers " + JoinLimited(covered, 5);
            if (!pods.empty()) {
              what += fmt::format("{}contains the IP of {}", what.empty() ? "" : " and ",
                                  JoinLimited(pods));
            }
            reporter.Diag(
                KnownOr(peer.ip_block->loc, peer.loc),
                fmt::format("{}.{}[{}] of {}: ipBlock {} {}; whether ipBlocks match pod traffic is "
                            "implementation-defined (CNIs differ)",
                            RuleLabel(direction, r), PeerListKey(direction), p, policy.Id(),
                            peer.ip_block->ToString(), what),
                "select in-cluster peers with podSelector/namespaceSelector and exclude the "
                "cluster ranges from the ipBlock with `except`");
          }
        }
      }
    }
  }

 private:
  // "ns/pod (ip)" of each pod with an IP in `block` (its first such IP).
  static const std::vector<std::string>& PodsInside(
      const Cluster& cluster, const IpBlock& block,
      std::map<std::string, std::vector<std::string>>& inside) {
    std::string key = block.cidr.ToString();
    for (const Cidr& except : block.except) key += " " + except.ToString();
    auto [it, inserted] = inside.try_emplace(key);
    if (!inserted) return it->second;
    for (const Pod& pod : cluster.pods) {
      for (const IpAddress& ip : pod.ips) {
        if (block.Contains(ip)) {
          it->second.push_back(fmt::format("{} ({})", pod.Id(), ip.ToString()));
          break;
        }
      }
    }
    return it->second;
  }

  // The block contains the whole range and no except cuts into it.
  static bool Covers(const IpBlock& block, const Cidr& range) {
    if (block.cidr.family() != range.family() || !block.cidr.Contains(range)) return false;
    for (const Cidr& except : block.except) {
      if (except.family() == range.family() && (except.Contains(range) || range.Contains(except))) {
        return false;
      }
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeIpBlockCoversPodRangeRule() {
  return std::make_unique<IpBlockCoversPodRange>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
