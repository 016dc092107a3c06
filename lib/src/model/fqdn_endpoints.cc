// Cilium toFQDNs peers as named external endpoints (see FqdnEndpoint).
#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "netpol/model.h"

NETPOL_NAMESPACE_BEGIN
namespace {

// 240.0.0.0/4 is reserved (RFC 1112, "future use") and never routed: no
// pod IP or ipBlock of a real cluster names an address there by accident.
constexpr std::uint32_t kFqdnBase = 0xf0000001u;  // 240.0.0.1

bool IsLabelChar(char c) { return c != '.'; }

// Glob match where '*' takes any run of label characters (no dot).
bool GlobLabels(const char* pattern, const char* name) {
  while (*pattern != '\0') {
    if (*pattern == '*') {
      // Try every run of label characters.
      for (const char* rest = name;; ++rest) {
        if (GlobLabels(pattern + 1, rest)) return true;
        if (*rest == '\0' || !IsLabelChar(*rest)) return false;
      }
    }
    if (*name == '\0' || *pattern != *name) return false;
    ++pattern;
    ++name;
  }
  return *name == '\0';
}

}  // namespace

bool FqdnPatternCovers(const std::string& pattern, const std::string& name) {
  if (pattern == "*") return true;
  return GlobLabels(pattern.c_str(), name.c_str());
}

const FqdnEndpoint* Cluster::FindFqdnByAddress(const IpAddress& address) const {
  for (const FqdnEndpoint& fqdn : fqdns) {
    if (fqdn.address == address) return &fqdn;
  }
  return nullptr;
}

const FqdnEndpoint* Cluster::FindFqdn(const std::string& name) const {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!key.empty() && key.back() == '.' && key != ".") key.pop_back();
  for (const FqdnEndpoint& fqdn : fqdns) {
    if (fqdn.selector == key) return &fqdn;
  }
  // The most specific pattern covering the name: the longest ("*" last).
  const FqdnEndpoint* best = nullptr;
  for (const FqdnEndpoint& fqdn : fqdns) {
    if (fqdn.selector.find('*') != std::string::npos && FqdnPatternCovers(fqdn.selector, key) &&
        (best == nullptr || fqdn.selector.size() > best->selector.size())) {
      best = &fqdn;
    }
  }
  return best;
}

void Cluster::AssignFqdnEndpoints() {
  std::set<std::string> selectors;
  for (NetworkPolicy& policy : policies) {
    for (std::vector<Rule>* rules : {&policy.ingress, &policy.egress}) {
      for (Rule& rule : *rules) {
        // Peers added by an earlier call are made again below.
        std::erase_if(rule.peers, [](const Peer& peer) { return !peer.fqdn_pattern.empty(); });
        for (const Peer& peer : rule.peers) {
          if (!peer.fqdn.empty()) selectors.insert(peer.fqdn);
        }
      }
    }
  }
  fqdns.clear();
  for (const std::string& selector : selectors) {
    FqdnEndpoint endpoint;
    endpoint.selector = selector;
    endpoint.address = IpAddress{IpFamily::kV4, Uint128{kFqdnBase + fqdns.size()}};
    fqdns.push_back(std::move(endpoint));
  }
  if (fqdns.empty()) return;
  auto block_of = [](const FqdnEndpoint& endpoint, const SourceLoc& loc) {
    IpBlock block;
    block.cidr.network = endpoint.address;
    block.cidr.prefix = 32;
    block.loc = loc;
    block.outside_cluster = true;
    return block;
  };
  for (NetworkPolicy& policy : policies) {
    for (std::vector<Rule>* rules : {&policy.ingress, &policy.egress}) {
      for (Rule& rule : *rules) {
        std::vector<Peer> covered;
        for (Peer& peer : rule.peers) {
          if (peer.fqdn.empty()) continue;
          auto own = std::find_if(fqdns.begin(), fqdns.end(), [&](const FqdnEndpoint& endpoint) {
            return endpoint.selector == peer.fqdn;
          });
          peer.ip_block = block_of(*own, peer.loc);
          if (peer.fqdn.find('*') == std::string::npos) continue;
          for (const FqdnEndpoint& endpoint : fqdns) {
            if (endpoint.selector == peer.fqdn) continue;
            if (peer.fqdn != "*" && endpoint.selector.find('*') != std::string::npos) continue;
            if (!FqdnPatternCovers(peer.fqdn, endpoint.selector)) continue;
            Peer extra = peer;
            extra.fqdn = endpoint.selector;
            extra.fqdn_pattern = peer.fqdn;
            extra.ip_block = block_of(endpoint, peer.loc);
            covered.push_back(std::move(extra));
          }
        }
        rule.peers.insert(rule.peers.end(), covered.begin(), covered.end());
      }
    }
  }
}

NETPOL_NAMESPACE_END
