// Text and JSON reports of a check.
#include "netpol/check_output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/endpoint_ref.h"
#include "report/check_explanation.h"
#include "report/json_support.h"
#include "report/rule_text.h"
#include "report/table_output.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using report::LineRef;
using report::RuleRefText;
using report::TierRuleText;

std::string DeclaredText(const CheckFinding& f) {
  if (f.origin == "undeclared") return "not declared";
  return fmt::format("{}, {}", f.origin, LineRef(f.declared_at));
}

// The ports a finding is about, as the text report shows them.
std::string ShownPorts(const CheckFinding& f) {
  if (f.origin == "deny" && f.verdict == CheckVerdict::kOk) return "denied as declared";
  return PortsWithL7(f.verdict == CheckVerdict::kOk ? f.declared : f.offending,
                     f.verdict_detail.l7);
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
    for (const report::CheckNote& note : report::ExplainCheckFinding(f, cluster, result.typo_causes)) {
      out << pad << report::CheckNoteLine(note) << "\n";
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
    if (!f.verdict_detail.l7.empty()) j["l7"] = report::L7Json(f.verdict_detail.l7);
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
      for (std::size_t t : side.likely_typos) {  // only when found
        b["likelyTypos"].push_back({{"message", result.typo_causes[t].description},
                                    {"intended", result.typo_causes[t].typo.Intended()}});
      }
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
    if (!f.likely_typos.empty()) {  // only when found, so other output stays as it was
      Json typos = Json::array();
      for (std::size_t t : f.likely_typos) {
        const TypoCause& cause = result.typo_causes[t];
        Json typo = {{"message", cause.description},
                     {"written", cause.typo.Written()},
                     {"intended", cause.typo.Intended()},
                     {"wrongSide", cause.typo.wrong == LabelTypo::Side::kSelector ? "selector" : "label"}};
        report::PutLocation(typo, cause.typo.loc);
        typos.push_back(std::move(typo));
      }
      j["likelyTypos"] = std::move(typos);
    }
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

NETPOL_NAMESPACE_END
