// Text and JSON reports of a check.
#include "netpol/check_output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/endpoint_ref.h"
#include "report/json_support.h"
#include "report/rule_text.h"
#include "report/table_output.h"

namespace netpol {
namespace {

using report::LineRef;
using report::RuleRefText;
using report::TierRuleText;

std::string PolicyRef(const Cluster& cluster, PolicyId id) {
  const NetworkPolicy& policy = cluster.policies[id];
  return fmt::format("{} ({})", policy.Id(), LineRef(policy.loc));
}

// How one side of an allowed connection allows it.
std::string AllowedByText(const SideVerdict& side, const Endpoint& subject, const Cluster& cluster) {
  const std::string who = EndpointName(subject, cluster);
  if (!side.is_pod) return fmt::format("{} of {}: external, no policy applies", DirectionKey(side.direction), who);
  std::string rules;
  for (const TierDecision& d : side.admin_decisions) {
    if (d.action == TierAction::kAllow) rules += (rules.empty() ? "" : ", ") + TierRuleText(cluster, d.rule);
  }
  if (!side.isolated) {
    if (!rules.empty()) return fmt::format("{} of {}: allowed by {}", DirectionKey(side.direction), who, rules);
    return fmt::format("{} of {}: not isolated (no policy selects it for {}){}", DirectionKey(side.direction),
                       who, DirectionName(side.direction),
                       side.tiered ? ", and no cluster-scoped rule denies it" : "");
  }
  for (const auto& c : side.allowed_by) {
    rules += (rules.empty() ? "" : ", ") + RuleRefText(cluster, c.rule);
  }
  return fmt::format("{} of {}: allowed by {}", DirectionKey(side.direction), who, rules);
}

std::string DeclaredText(const CheckFinding& f) {
  if (f.origin == "undeclared") return "not declared";
  return fmt::format("{}, {}", f.origin, LineRef(f.declared_at));
}

// The ports a finding is about, as the text report shows them.
std::string ShownPorts(const CheckFinding& f) {
  if (f.origin == "deny" && f.verdict == CheckVerdict::kOk) return "denied as declared";
  return (f.verdict == CheckVerdict::kOk ? f.declared : f.offending).ToString();
}

const report::TableRow kCheckHeader = {"verdict", "from", "to", "ports", "declared"};

std::vector<report::TableRow> CheckRows(const CheckResult& result, const Cluster& cluster) {
  std::vector<report::TableRow> rows;
  rows.reserve(result.findings.size());
  for (const CheckFinding& f : result.findings) {
    rows.push_back({CheckVerdictName(f.verdict), EndpointName(f.from, cluster),
                    EndpointName(f.to, cluster), ShownPorts(f), DeclaredText(f)});
  }
  return rows;
}

}  // namespace

void WriteCheckCsv(const CheckResult& result, const Cluster& cluster, std::ostream& out) {
  report::WriteCsvTable(kCheckHeader, CheckRows(result, cluster), out);
}

void WriteCheckMarkdown(const CheckResult& result, const Cluster& cluster, std::ostream& out) {
  report::WriteMarkdownTable(kCheckHeader, CheckRows(result, cluster), out);
}

void WriteCheckText(const CheckResult& result, const Cluster& cluster, std::ostream& out,
                    const TextStyle& style) {
  const std::string pad(12, ' ');
  for (const CheckFinding& f : result.findings) {
    const std::string pair = EndpointName(f.from, cluster) + " -> " + EndpointName(f.to, cluster);
    const std::string ports = ShownPorts(f);  // "all ports", as graph prints it
    const TextColor color = f.verdict == CheckVerdict::kOk        ? TextColor::kGreen
                            : f.verdict == CheckVerdict::kMissing ? TextColor::kRed
                                                                  : TextColor::kYellow;
    out << fmt::format("{} {}  {}  ({})\n", Paint(CheckVerdictName(f.verdict), color, style, 11), pair, ports,
                       DeclaredText(f));
    if (f.verdict == CheckVerdict::kMissing) {
      if (f.verdict_detail.families.IsEmpty()) {
        out << pad << fmt::format("no common address family: {} has only {}, {} only {}; no policy can "
                                  "connect them\n",
                                  EndpointName(f.from, cluster),
                                  EndpointFamilies(cluster, f.from).ToString(),
                                  EndpointName(f.to, cluster),
                                  EndpointFamilies(cluster, f.to).ToString());
        continue;
      }
      for (const BlockingSide& side : f.blocked_by) {
        const Endpoint& subject = side.direction == Direction::kEgress ? f.from : f.to;
        std::string policies;
        for (PolicyId id : side.isolating_policies) {
          policies += (policies.empty() ? "" : ", ") + PolicyRef(cluster, id);
        }
        for (const TierDecision& denial : side.tier_denials) {
          out << pad << fmt::format("denied at the {} of {} by {} on {}\n", DirectionKey(side.direction),
                                    EndpointName(subject, cluster), TierRuleText(cluster, denial.rule),
                                    denial.ports.Intersect(side.missing).ToString());
        }
        if (!side.admin_denied.IsEmpty()) {
          out << pad << "  fix: an Admin-tier Deny overrides every NetworkPolicy: change or reorder "
                        "that rule (cluster admins), or put an Allow for this traffic before it\n";
        }
        if (side.admin_denied == side.missing) continue;
        if (!policies.empty()) {
          out << pad << fmt::format("blocked by the {} of {}: isolated by {}; no rule allows {}\n",
                                    DirectionKey(side.direction), EndpointName(subject, cluster), policies,
                                    side.missing.IsAll() ? "it" : side.missing.ToString());
        }
        if (side.closest) {
          out << pad << fmt::format("  closest rule: {}: {}\n", RuleRefText(cluster, side.closest->rule),
                                    side.closest->reason);
        }
        const Endpoint& peer = side.direction == Direction::kEgress ? f.to : f.from;
        out << pad << fmt::format("  fix: allow {} {} {} {} in a policy selecting {} (see --suggest)\n",
                                  DirectionKey(side.direction), PeerListKey(side.direction),
                                  EndpointName(peer, cluster), side.missing.ToString(),
                                  EndpointName(subject, cluster));
      }
      for (const SideVerdict* side : {&f.verdict_detail.egress, &f.verdict_detail.ingress}) {
        const bool blocks = std::any_of(f.blocked_by.begin(), f.blocked_by.end(),
                                        [&](const BlockingSide& b) { return b.direction == side->direction; });
        if (blocks) continue;
        const Endpoint& subject = side->direction == Direction::kEgress ? f.from : f.to;
        out << pad << AllowedByText(*side, subject, cluster) << " (this side is fine)\n";
      }
    } else if (f.verdict == CheckVerdict::kUnexpected) {
      out << pad << AllowedByText(f.verdict_detail.egress, f.from, cluster) << "\n";
      out << pad << AllowedByText(f.verdict_detail.ingress, f.to, cluster) << "\n";
    }
  }
  const int ok = result.Count(CheckVerdict::kOk);
  const int missing = result.Count(CheckVerdict::kMissing);
  const int unexpected = result.Count(CheckVerdict::kUnexpected);
  if (result.dns_modelled) {
    out << "note: the inputs have no cluster DNS pod; DNS was checked against a modelled one "
           "(kube-dns[Modelled], 53/UDP and 53/TCP)\n";
  }
  out << fmt::format("{} ok, {} MISSING, {} UNEXPECTED: the intent {}\n", ok, missing, unexpected,
                     result.Holds() ? "holds" : "does not hold");
}

void WriteCheckJson(const CheckResult& result, const Cluster& cluster, std::ostream& out) {
  using Json = nlohmann::ordered_json;
  // A policy or rule reference has carried `"location": "file:line"` since
  // check first wrote JSON; that field stays, so the location object sits
  // beside it under another name. A finding's own `location` (its intent
  // entry) has the usual name.
  constexpr const char* kLocationKey = "sourceLocation";
  auto ports_json = [](const PortSet& ports) {
    Json list = Json::array();
    for (Protocol protocol : kAllProtocols) {
      for (const PortRange& r : ports.Ranges(protocol)) {
        list.push_back({{"protocol", ProtocolName(protocol)}, {"port", r.first}, {"endPort", r.last}});
      }
    }
    return list;
  };
  auto rules_json = [&](const SideVerdict& side) {
    Json list = Json::array();
    for (const auto& c : side.allowed_by) {
      const NetworkPolicy& policy = cluster.policies[c.rule.policy];
      const SourceLoc& loc = policy.Rules(c.rule.direction)[static_cast<std::size_t>(c.rule.rule_index)].loc;
      Json rule = {{"policy", policy.Id()},
                   {"direction", DirectionName(c.rule.direction)},
                   {"rule", c.rule.rule_index},
                   {"location", LineRef(loc)}};
      report::PutLocation(rule, loc, kLocationKey);
      list.push_back(std::move(rule));
    }
    return list;
  };
  Json findings = Json::array();
  for (const CheckFinding& f : result.findings) {
    Json j = {{"verdict", CheckVerdictName(f.verdict)},
              {"origin", f.origin},
              {"from", EndpointName(f.from, cluster)},
              {"to", EndpointName(f.to, cluster)},
              {"declared", ports_json(f.declared)},
              {"allowed", ports_json(f.allowed)},
              {"offending", ports_json(f.offending)},
              {"declaredAt", f.origin == "undeclared" ? "" : LineRef(f.declared_at)}};
    if (f.origin != "undeclared") report::PutLocation(j, f.declared_at);  // the intent entry
    // Only when it decides, so other output stays as it was.
    if (f.verdict_detail.families.IsEmpty()) j["noCommonAddressFamily"] = true;
    Json blocked = Json::array();
    for (const BlockingSide& side : f.blocked_by) {
      Json policies = Json::array();
      for (PolicyId id : side.isolating_policies) {
        const SourceLoc& loc = cluster.policies[id].loc;
        Json policy = {{"policy", cluster.policies[id].Id()}, {"location", LineRef(loc)}};
        report::PutLocation(policy, loc, kLocationKey);
        policies.push_back(std::move(policy));
      }
      Json b = {{"side", DirectionKey(side.direction)}, {"isolatedBy", policies}, {"missing", ports_json(side.missing)}};
      if (side.closest) {
        const RuleRef& r = side.closest->rule;
        b["closestRule"] = {{"policy", cluster.policies[r.policy].Id()},
                            {"direction", DirectionName(r.direction)},
                            {"rule", r.rule_index},
                            {"reason", side.closest->reason}};
        const auto& closest_rules = cluster.policies[r.policy].Rules(r.direction);
        report::PutLocation(b["closestRule"], closest_rules[static_cast<std::size_t>(r.rule_index)].loc);
      }
      blocked.push_back(std::move(b));
    }
    j["blockedBy"] = std::move(blocked);
    j["allowedBy"] = {{"egress", rules_json(f.verdict_detail.egress)},
                      {"ingress", rules_json(f.verdict_detail.ingress)}};
    findings.push_back(std::move(j));
  }
  Json doc = {{"holds", result.Holds()},
              {"summary", {{"ok", result.Count(CheckVerdict::kOk)},
                           {"missing", result.Count(CheckVerdict::kMissing)},
                           {"unexpected", result.Count(CheckVerdict::kUnexpected)}}},
              {"dnsModelled", result.dns_modelled},
              {"findings", std::move(findings)}};
  out << report::DumpJson(doc, 2) << "\n";
}

}  // namespace netpol
