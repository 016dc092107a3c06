#include "netpol/explain_output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json_support.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using nlohmann::ordered_json;

std::string FileLine(const SourceLoc& loc) {
  if (loc.line <= 0) return loc.file;
  return fmt::format("{}:{}", loc.file, loc.line);
}

std::string RuleStatus(const RuleTrace& rule, const std::optional<PortQuery>& port) {
  if (!rule.peer_matched) return "peer does not match";
  if (!rule.port_matched) {
    return port ? fmt::format("peer matches, but not {}", port->ToString())
                : "peer matches, but no port applies";
  }
  return "matches, allows " + rule.allowed.ToString();
}

void WriteTierText(const char* title, const std::vector<TierTrace>& traces, std::ostream& out) {
  if (traces.empty()) return;
  out << fmt::format("  {} tier:\n", title);
  for (const TierTrace& t : traces) {
    out << fmt::format("    {} ({}): {} {}\n", t.ToString(), FileLine(t.loc), t.ports.ToString(),
                       t.peer.empty() ? "" : "(peer: " + t.peer + ")");
  }
}

void WriteSideText(const SideTrace& side, const std::optional<PortQuery>& port,
                   std::ostream& out) {
  out << fmt::format("{} of {}: {}\n", DirectionName(side.direction),
                     side.subject_name, side.summary);
  if (side.tiered && !side.calico) {  // a Calico side lists them in its tier walk
    WriteTierText("Admin", side.admin, out);
    out << fmt::format("  handed on by the Admin tier: {}\n",
                       side.after_admin.IsEmpty() ? "nothing" : side.after_admin.ToString());
    WriteTierText("Baseline", side.baseline, out);
  }
  for (const std::string& step : side.calico_walk) out << "  " << step << "\n";
  const char* field = PeerListKey(side.direction);
  for (const PolicyTrace& policy : side.policies) {
    out << fmt::format("  policy {} ({})\n", policy.id, FileLine(policy.loc));
    if (policy.rules.empty()) {
      out << fmt::format("    no {} rules: it isolates the pod and allows nothing by itself "
                         "(policies only add allowances)\n",
                         DirectionKey(side.direction));
    }
    for (const RuleTrace& rule : policy.rules) {
      out << fmt::format("    {}[{}] ({}): {}\n", DirectionKey(side.direction), rule.rule.rule_index,
                         FileLine(rule.loc), RuleStatus(rule, port));
      if (rule.peers.empty()) {
        out << fmt::format("      {}: {}\n", field, rule.peer_reason);
      }
      for (std::size_t i = 0; i < rule.peers.size(); ++i) {
        out << fmt::format("      {}[{}] {}: {}\n", field, i,
                           rule.peers[i].matched ? "matches" : "no match", rule.peers[i].reason);
      }
      out << fmt::format("      ports: {}\n", rule.port_reason);
    }
  }
}

ordered_json TierJson(const std::vector<TierTrace>& traces) {
  ordered_json list = ordered_json::array();
  for (const TierTrace& t : traces) {
    ordered_json item = {{"policy", t.policy},
                         {"tier", PolicyTierName(t.tier)},
                         {"priority", t.priority},
                         {"direction", DirectionName(t.rule.direction)},
                         {"index", t.rule.rule_index},
                         {"name", t.rule_name},
                         {"action", TierActionName(t.action)},
                         {"file", t.loc.file},
                         {"line", t.loc.line},
                         {"peer", t.peer},
                         {"ports", report::PortsJson(t.ports)},
                         {"text", t.ToString()}};
    report::PutLocation(item, t.loc);
    list.push_back(std::move(item));
  }
  return list;
}

ordered_json SideJson(const SideTrace& side) {
  ordered_json policies = ordered_json::array();
  for (const PolicyTrace& policy : side.policies) {
    ordered_json rules = ordered_json::array();
    for (const RuleTrace& rule : policy.rules) {
      ordered_json peers = ordered_json::array();
      for (const PeerTrace& peer : rule.peers) {
        ordered_json j = {{"peer", peer.peer},
                          {"line", peer.loc.line},
                          {"matched", peer.matched},
                          {"reason", peer.reason}};
        report::PutLocation(j, peer.loc);
        peers.push_back(std::move(j));
      }
      ordered_json entries = ordered_json::array();
      for (const PortTrace& entry : rule.port_entries) {
        ordered_json j = {{"entry", entry.entry},
                          {"line", entry.loc.line},
                          {"ports", report::PortsJson(entry.ports)}};
        if (!entry.reason.empty()) j["reason"] = entry.reason;
        report::PutLocation(j, entry.loc);
        entries.push_back(std::move(j));
      }
      ordered_json rule_json = {{"index", rule.rule.rule_index},
                                {"file", rule.loc.file},
                                {"line", rule.loc.line},
                                {"peerMatched", rule.peer_matched},
                                {"peerReason", rule.peer_reason},
                                {"peers", std::move(peers)},
                                {"ports", report::PortsJson(rule.ports)},
                                {"portEntries", std::move(entries)},
                                {"portMatched", rule.port_matched},
                                {"portReason", rule.port_reason},
                                {"allowed", report::PortsJson(rule.allowed)}};
      report::PutLocation(rule_json, rule.loc);
      rules.push_back(std::move(rule_json));
    }
    ordered_json policy_json = {{"policy", policy.id},
                                {"file", policy.loc.file},
                                {"line", policy.loc.line},
                                {"rules", std::move(rules)}};
    report::PutLocation(policy_json, policy.loc);
    policies.push_back(std::move(policy_json));
  }
  ordered_json json = {{"direction", DirectionName(side.direction)},
                       {"subject", side.subject_name},
                       {"isPod", side.is_pod},
                       {"isolated", side.isolated},
                       {"allows", side.allows},
                       {"allowed", report::PortsJson(side.allowed)},
                       {"summary", side.summary},
                       {"policies", std::move(policies)}};
  if (side.tiered) {  // only with cluster-scoped policies, so other output stays as it was
    json["adminTier"] = TierJson(side.admin);
    json["afterAdmin"] = report::PortsJson(side.after_admin);
    json["baselineTier"] = TierJson(side.baseline);
  }
  if (side.calico) json["calicoTierWalk"] = side.calico_walk;  // only with Calico policies
  return json;
}

}  // namespace

namespace {

// " (L7: http)" after a queried port filtered by L7 rules; empty otherwise.
std::string L7Suffix(const std::vector<L7Filter>& filters) {
  std::string protocols;
  for (const L7Filter& filter : filters) protocols += (protocols.empty() ? "" : ", ") + filter.protocol;
  return protocols.empty() ? "" : " (L7: " + protocols + ")";
}

}  // namespace

void WriteExplanationsText(const std::vector<Explanation>& explanations, std::ostream& out,
                           const TextStyle& style) {
  const std::string allowed = Paint("ALLOWED", TextColor::kGreen, style);
  const std::string denied = Paint("DENIED", TextColor::kRed, style);
  for (std::size_t i = 0; i < explanations.size(); ++i) {
    const Explanation& e = explanations[i];
    if (i > 0) out << "\n";
    out << fmt::format("{} -> {}{}\n\n", e.source_name, e.destination_name,
                       e.port ? " on " + e.port->ToString() : "");
    WriteSideText(e.egress, e.port, out);
    out << "\n";
    WriteSideText(e.ingress, e.port, out);
    out << "\n";
    if (e.port) {
      out << fmt::format("Verdict: {} on {}{}\n", e.allows ? allowed : denied,
                         e.port->ToString(), L7Suffix(e.l7));
    } else if (e.allows) {
      out << fmt::format("Verdict: {} on {}\n", allowed, PortsWithL7(e.allowed, e.l7));
      out << fmt::format("  denied: {}\n", e.allowed.Complement().ToString());
    } else {
      out << "Verdict: " << denied << " on all ports\n";
    }
    for (const std::string& reason : e.reasons) out << "  - " << reason << "\n";
  }
}

void WriteExplanationsJson(const std::vector<Explanation>& explanations, std::ostream& out) {
  ordered_json list = ordered_json::array();
  for (const Explanation& e : explanations) {
    ordered_json port = nullptr;
    if (e.port) port = {{"protocol", ProtocolName(e.port->protocol)}, {"port", e.port->port}};
    list.push_back({{"source", e.source_name},
                    {"destination", e.destination_name},
                    {"port", std::move(port)},
                    {"allows", e.allows},
                    {"allowed", report::PortsJson(e.allowed)},
                    {"denied", report::PortsJson(e.allowed.Complement())},
                    {"reasons", e.reasons},
                    {"egress", SideJson(e.egress)},
                    {"ingress", SideJson(e.ingress)}});
    // Only when it decides, so other output stays as it was.
    if (e.families.IsEmpty()) list.back()["noCommonAddressFamily"] = true;
    if (!e.l7.empty()) list.back()["l7"] = report::L7Json(e.l7);
  }
  ordered_json doc = {{"explanations", std::move(list)}};
  out << report::DumpJson(doc, 2) << "\n";
}

NETPOL_NAMESPACE_END
