// Least-privilege NetworkPolicy suggestions for MISSING connections.
#include "netpol/check_output.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "netpol/endpoint_ref.h"
#include "netpol/suggestion_check.h"
#include "report/suggest_typo_fixes.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A DNS-1123 name built from the parts, at most 63 characters, unique in
// `used` ("namespace/name" of existing and earlier suggested policies). Sets
// `taken` to the name it would have had when that one was already used.
std::string PolicyName(const std::string& raw, const std::string& namespace_name,
                       std::set<std::string>& used, std::string* taken) {
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
  for (int i = 2; !used.insert(namespace_name + "/" + unique).second; ++i) {
    unique = fmt::format("{}-{}", name, i);
  }
  taken->clear();
  if (unique != name) *taken = name;
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


// One suggested NetworkPolicy: its comments and its YAML document.
struct Suggested {
  std::string comments;
  std::string name;
  std::string namespace_name;
  std::string body;  // the document without metadata.name, to find duplicates
  std::string yaml;
};

}  // namespace

std::string SuggestFixes(const CheckResult& result, const Cluster& cluster) {
  AnalysisOptions options;
  options.dns.model_when_missing = false;  // `cluster` is final: its pod ids must not move
  return SuggestFixes(result, Analysis::FromCluster(cluster, options));
}

namespace {

// SuggestFixes' text, and with `fixes`, each MISSING finding's part of it.
std::string Suggest(const CheckResult& result, const Analysis& input,
                    std::vector<SuggestedFix>* fixes) {
  // Policies select pods by their labels once the typo fixes proposed apply,
  // and are verified against that cluster.
  const bool typo_fixes = std::any_of(result.typo_causes.begin(), result.typo_causes.end(),
                                      [](const TypoCause& cause) { return cause.clean; });
  std::optional<Analysis> fixed;
  if (typo_fixes) {
    AnalysisOptions options;
    options.dns.model_when_missing = false;  // pod ids must not move
    fixed = Analysis::FromCluster(report::WithTypoFixesApplied(result, input.cluster()), options);
  }
  const Analysis& analysis = fixed ? *fixed : input;
  const Cluster& cluster = analysis.cluster();
  std::string out = "# Suggested by netpol check --suggest: add these to your manifests.\n"
                    "# Each policy allows exactly one missing connection, on exactly its ports.\n";
  const std::string typo_fixes_text = report::SuggestTypoFixes(result, cluster);
  out += typo_fixes_text;  // a typo fix replaces new policies
  std::set<std::string> used;  // "namespace/name": never replace an existing policy
  std::map<std::string, std::string> existing;  // the same, to their locations
  for (const NetworkPolicy& policy : cluster.policies) {
    used.insert(policy.Id());
    existing.emplace(policy.Id(), fmt::format("{}:{}", policy.loc.file, policy.loc.line));
  }
  // What every suggestion may open besides its own connection: the other
  // MISSING ones (a selector opens them for identical pods too).
  std::vector<WantedConnection> missing_connections;
  for (const CheckFinding& f : result.findings) {
    if (f.verdict == CheckVerdict::kMissing) missing_connections.push_back({f.from, f.to, f.offending});
  }
  std::map<std::string, std::string> emitted;  // body -> name of the policy already printed
  for (std::size_t index = 0; index < result.findings.size(); ++index) {
    const CheckFinding& f = result.findings[index];
    if (f.verdict != CheckVerdict::kMissing) continue;
    SuggestedFix unused;
    SuggestedFix& fix = fixes ? fixes->emplace_back() : unused;
    fix.finding = index;
    // Every comment printed for this finding goes to its fix too.
    const auto comment = [&out, &fix](const std::string& text) {
      out += text;
      fix.comments += text;
    };
    if (report::FixedByTypo(result, f)) {
      fix.comments = typo_fixes_text;
      continue;
    }
    const std::string from = EndpointName(f.from, cluster);
    const std::string to = EndpointName(f.to, cluster);
    std::vector<Suggested> suggested;
    PortSet admin_denied;
    for (const BlockingSide& side : f.blocked_by) {
      if (report::SideFixedByTypo(result, side)) continue;
      const bool egress = side.direction == Direction::kEgress;
      const Endpoint& subject = egress ? f.from : f.to;
      const Endpoint& peer = egress ? f.to : f.from;
      const Pod& pod = cluster.pods[*subject.pod];
      admin_denied.Merge(side.admin_denied);
      if (!side.admin_denied.IsEmpty()) {
        comment(fmt::format("---\n# MISSING {} -> {} {}: an Admin-tier Deny decides it at the {} of {};\n"
                           "# no NetworkPolicy can open that: the cluster admins must change the rule.\n",
                           from, to, side.admin_denied.ToString(), DirectionKey(side.direction),
                           pod.Id()));
        if (side.admin_denied == side.missing) continue;
      }
      // Name the peer briefly when it shares the policy's namespace.
      std::string peer_name = EndpointName(peer, cluster);
      if (peer.pod && cluster.pods[*peer.pod].namespace_name == pod.namespace_name) {
        peer_name = cluster.pods[*peer.pod].name;
      }
      // What a NetworkPolicy can open: everything but the Admin-tier denials.
      const PortSet openable = side.missing.Intersect(side.admin_denied.Complement());
      Suggested s;
      s.namespace_name = pod.namespace_name;
      s.comments = fmt::format("# MISSING {} -> {} {}: the {} of {} blocks it.\n", from, to,
                               openable.ToString(), DirectionKey(side.direction), pod.Id());
      const Labels labels = SelectableLabels(pod.labels);
      if (labels.empty()) {
        s.comments += fmt::format("# {} has no labels: label it, then select it here.\n", pod.Id());
      }
      s.body = "spec:\n  podSelector:\n";
      if (labels.empty()) {
        s.body += "    matchLabels: {}\n";
      } else {
        s.body += "    matchLabels:\n";
        WriteLabels(labels, "      ", s.body);
      }
      s.body += fmt::format("  policyTypes:\n  - {}\n", DirectionName(side.direction));
      s.body += fmt::format("  {}:\n  - {}:\n", DirectionKey(side.direction), PeerListKey(side.direction));
      WritePeer(peer, cluster, pod.namespace_name, s.body);
      WritePorts(openable, s.body);
      s.body = fmt::format("  namespace: {}\n", pod.namespace_name) + s.body;
      if (auto it = emitted.find(s.body); it != emitted.end()) {
        comment("---\n" + s.comments + fmt::format("# {} above allows it already.\n", it->second));
        continue;
      }
      std::string taken;
      s.name = PolicyName(fmt::format("allow-{}-to-{}-{}", egress ? pod.name : peer_name,
                                      egress ? peer_name : pod.name, DirectionKey(side.direction)),
                          pod.namespace_name, used, &taken);
      if (!taken.empty()) {
        auto it = existing.find(pod.namespace_name + "/" + taken);
        s.comments += it != existing.end()
                          ? fmt::format("# Named {}: NetworkPolicy {}/{} already exists ({}), and this "
                                        "must not replace it.\n",
                                        s.name, pod.namespace_name, taken, it->second)
                          : fmt::format("# Named {}: {} is suggested above already.\n", s.name, taken);
      }
      s.yaml = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n" +
               fmt::format("  name: {}\n", s.name) + s.body;
      suggested.push_back(std::move(s));
    }
    if (suggested.empty()) continue;
    // Verify the finding's policies together (both sides may be needed):
    // they must open exactly what NetworkPolicies can open of it.
    const PortSet wanted = f.offending.Intersect(admin_denied.Complement());
    std::vector<std::string> problems;
    if (wanted.IsEmpty()) {
      problems.push_back("an Admin-tier Deny decides every port of it, so it would open nothing");
    } else {
      std::string text;
      for (const Suggested& s : suggested) text += "---\n" + s.yaml;
      problems = VerifySuggestion(analysis, {InputFile{"<suggestion>", text}},
                                  {{f.from, f.to, wanted}}, missing_connections)
                     .problems;
    }
    if (!problems.empty()) {
      std::string text = fmt::format("---\n# MISSING {} -> {} {}: not suggested: applied to the inputs, ",
                                     from, to, wanted.IsEmpty() ? f.offending.ToString() : wanted.ToString());
      text += suggested.size() == 1 ? "the policy " : "the policies ";
      for (std::size_t i = 0; i < suggested.size(); ++i) text += (i ? " and " : "") + suggested[i].name;
      text += suggested.size() == 1 ? " fails:\n" : " fail:\n";
      for (const std::string& problem : problems) text += "#   " + problem + "\n";
      text += "# Write this fix by hand (netpol diff --add shows what a fix changes).\n";
      comment(text);
      continue;
    }
    for (const Suggested& s : suggested) {
      emitted.emplace(s.body, s.name);
      out += "---\n" + s.comments + s.yaml;
      fix.yaml += "---\n" + s.comments + s.yaml;
      fix.policies.push_back(s.namespace_name + "/" + s.name);
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

}  // namespace

std::string SuggestFixes(const CheckResult& result, const Analysis& analysis) {
  return Suggest(result, analysis, nullptr);
}

std::vector<SuggestedFix> SuggestFixList(const CheckResult& result, const Analysis& analysis) {
  std::vector<SuggestedFix> fixes;
  Suggest(result, analysis, &fixes);
  return fixes;
}

NETPOL_NAMESPACE_END
