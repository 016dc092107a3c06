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

// Whether some string matches both globs a[i..] and b[j..] (`*`: any run of
// label characters, no dot). `seen` memoises failed (i, j) states, so the
// walk is O(|a| × |b|).
bool GlobsOverlap(const std::string& a, std::size_t i, const std::string& b, std::size_t j,
                  std::vector<char>& seen) {
  if (i == a.size() && j == b.size()) return true;
  char& state = seen[i * (b.size() + 1) + j];
  if (state) return false;
  state = 1;
  const bool a_star = i < a.size() && a[i] == '*';
  const bool b_star = j < b.size() && b[j] == '*';
  // A star may end here (match nothing more) ...
  if (a_star && GlobsOverlap(a, i + 1, b, j, seen)) return true;
  if (b_star && GlobsOverlap(a, i, b, j + 1, seen)) return true;
  // ... or take the other side's next literal, which must be a label
  // character. Two stars meeting never need to take from each other: one
  // of them ending first covers every common run.
  if (a_star && j < b.size() && !b_star && IsLabelChar(b[j]) &&
      GlobsOverlap(a, i, b, j + 1, seen)) {
    return true;
  }
  if (b_star && i < a.size() && !a_star && IsLabelChar(a[i]) &&
      GlobsOverlap(a, i + 1, b, j, seen)) {
    return true;
  }
  if (i < a.size() && j < b.size() && !a_star && !b_star && a[i] == b[j]) {
    return GlobsOverlap(a, i + 1, b, j + 1, seen);
  }
  return false;
}

}  // namespace

bool FqdnSelectorsOverlap(const std::string& a, const std::string& b) {
  if (a == "*" || b == "*") return true;
  std::vector<char> seen((a.size() + 1) * (b.size() + 1), 0);
  return GlobsOverlap(a, 0, b, 0, seen);
}

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
