// Least-privilege NetworkPolicy suggestions for MISSING connections.
#include "netpol/check_output.h"

#include <set>

#include <fmt/format.h>

#include "netpol/endpoint_ref.h"
#include "report/suggest_typo_fixes.h"

namespace netpol {
namespace {

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A DNS-1123 name built from the parts, at most 63 characters.
std::string PolicyName(const std::string& raw, std::set<std::string>& used) {
  std::string name;
  for (char c : raw) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      name += lower;
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
  }
  if (name.size() > 56) name.resize(56);
  while (!name.empty() && name.back() == '-') name.pop_back();
  std::string unique = name;
  for (int i = 2; !used.insert(unique).second; ++i) unique = fmt::format("{}-{}", name, i);
  return unique;
}

// The labels a selector can name: not the placeholders of controller-added
// labels whose value is unknown offline (controller-uid=<generated>).
Labels SelectableLabels(const Labels& labels) {
  Labels selectable;
  for (const auto& [key, value] : labels) {
    if (!IsPlaceholderLabelValue(value)) selectable.emplace(key, value);
  }
  return selectable;
}

void WriteLabels(const Labels& labels, const std::string& indent, std::string& out) {
  for (const auto& [key, value] : labels) out += fmt::format("{}{}: {}\n", indent, key, Quote(value));
}

// The peer entry for `endpoint`, as seen from a policy in `policy_namespace`.
void WritePeer(const Endpoint& endpoint, const Cluster& cluster, const std::string& policy_namespace,
               std::string& out) {
  if (!endpoint.pod) {
    const IpAddress& address = *endpoint.address;
    out += fmt::format("    - ipBlock:\n        cidr: {}/{}\n", address.ToString(),
                       IpAddress::Bits(address.family));
    return;
  }
  const Pod& pod = cluster.pods[*endpoint.pod];
  const char* first = "    - ";
  if (pod.namespace_name != policy_namespace) {
    out += fmt::format("{}namespaceSelector:\n        matchLabels:\n", first);
    WriteLabels({{kNamespaceNameLabel, pod.namespace_name}}, "          ", out);
    first = "      ";
  }
  out += fmt::format("{}podSelector:\n        matchLabels:\n", first);
  WriteLabels(SelectableLabels(pod.labels), "          ", out);
}

void WritePorts(const PortSet& ports, std::string& out) {
  if (ports.IsAll()) return;  // every port: no `ports` list
  out += "    ports:\n";
  for (Protocol protocol : kAllProtocols) {
    if (ports.IsAll(protocol)) {
      out += fmt::format("    - protocol: {}\n", ProtocolName(protocol));
      continue;
    }
    for (const PortRange& r : ports.Ranges(protocol)) {
      out += fmt::format("    - protocol: {}\n      port: {}\n", ProtocolName(protocol), r.first);
      if (r.last != r.first) out += fmt::format("      endPort: {}\n", r.last);
    }
  }
}

std::string RuleLine(const Cluster& cluster, const RuleRef& ref) {
  const NetworkPolicy& policy = cluster.policies[ref.policy];
  const Rule& rule = policy.Rules(ref.direction)[static_cast<std::size_t>(ref.rule_index)];
  return fmt::format("{} {}[{}] at {}:{}", policy.Id(),
                     DirectionKey(ref.direction), ref.rule_index,
                     rule.loc.file, rule.loc.line);
}

}  // namespace

std::string SuggestFixes(const CheckResult& result, const Cluster& input) {
  // Policies select pods by their labels once the typo fixes proposed apply.
  const Cluster cluster = report::WithTypoFixesApplied(result, input);
  std::string out = "# Suggested by netpol check --suggest: add these to your manifests.\n"
                    "# Each policy allows exactly one missing connection, on exactly its ports.\n";
  out += report::SuggestTypoFixes(result, cluster);  // a typo fix replaces new policies
  std::set<std::string> used;
  for (const CheckFinding& f : result.findings) {
    if (f.verdict != CheckVerdict::kMissing || report::FixedByTypo(result, f)) continue;
    const std::string from = EndpointName(f.from, cluster);
    const std::string to = EndpointName(f.to, cluster);
    for (const BlockingSide& side : f.blocked_by) {
      if (report::SideFixedByTypo(result, side)) continue;
      const bool egress = side.direction == Direction::kEgress;
      const Endpoint& subject = egress ? f.from : f.to;
      const Endpoint& peer = egress ? f.to : f.from;
      const Pod& pod = cluster.pods[*subject.pod];
      // Name the peer briefly when it shares the policy's namespace.
      std::string peer_name = EndpointName(peer, cluster);
      if (peer.pod && cluster.pods[*peer.pod].namespace_name == pod.namespace_name) {
        peer_name = cluster.pods[*peer.pod].name;
      }
      const std::string name = PolicyName(
          fmt::format("allow-{}-to-{}-{}", egress ? pod.name : peer_name,
                      egress ? peer_name : pod.name, DirectionKey(side.direction)),
          used);
      out += "---\n";
      if (!side.admin_denied.IsEmpty()) {
        out += fmt::format("# MISSING {} -> {} {}: an Admin-tier Deny decides it at the {} of {};\n"
                           "# no NetworkPolicy can open that: the cluster admins must change the rule.\n",
                           from, to, side.admin_denied.ToString(), DirectionKey(side.direction),
                           pod.Id());
        if (side.admin_denied == side.missing) continue;
      }
      // What a NetworkPolicy can open: everything but the Admin-tier denials.
      const PortSet openable = side.missing.Intersect(side.admin_denied.Complement());
      out += fmt::format("# MISSING {} -> {} {}: the {} of {} blocks it.\n", from, to,
                         openable.ToString(), DirectionKey(side.direction), pod.Id());
      const Labels labels = SelectableLabels(pod.labels);
      if (labels.empty()) {
        out += fmt::format("# {} has no labels: label it, then select it here.\n", pod.Id());
      }
      out += "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n";
      out += fmt::format("  name: {}\n  namespace: {}\n", name, pod.namespace_name);
      out += "spec:\n  podSelector:\n";
      if (labels.empty()) {
        out += "    matchLabels: {}\n";
      } else {
        out += "    matchLabels:\n";
        WriteLabels(labels, "      ", out);
      }
      out += fmt::format("  policyTypes:\n  - {}\n", DirectionName(side.direction));
      out += fmt::format("  {}:\n  - {}:\n", DirectionKey(side.direction), PeerListKey(side.direction));
      WritePeer(peer, cluster, pod.namespace_name, out);
      WritePorts(openable, out);
    }
  }
  bool header = false;
  for (const CheckFinding& f : result.findings) {
    if (f.verdict != CheckVerdict::kUnexpected) continue;
    if (!header) {
      out += "---\n# UNEXPECTED connections: narrow these rules (nothing to add).\n";
      header = true;
    }
    out += fmt::format("# {} -> {} {}:\n", EndpointName(f.from, cluster), EndpointName(f.to, cluster),
                       f.offending.ToString());
    for (const SideVerdict* side : {&f.verdict_detail.egress, &f.verdict_detail.ingress}) {
      const Endpoint& subject = side->direction == Direction::kEgress ? f.from : f.to;
      if (side->is_pod && !side->isolated) {
        out += fmt::format("#   {} of {} is not isolated: add a policy that selects it for {}\n",
                           DirectionKey(side->direction), EndpointName(subject, cluster), DirectionName(side->direction));
      }
      for (const auto& c : side->allowed_by) {
        if (c.ports.Intersect(f.offending).IsEmpty()) continue;
        out += fmt::format("#   narrow {}\n", RuleLine(cluster, c.rule));
      }
    }
  }
  return out;
}

}  // namespace netpol
