#include "report/check_explanation.h"

#include <algorithm>

#include <fmt/format.h>

#include "netpol/endpoint_ref.h"
#include "report/rule_text.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {
namespace {

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

void ExplainMissing(const CheckFinding& f, const Cluster& cluster,
                    const std::vector<TypoCause>& typo_causes, std::vector<CheckNote>& notes) {
  using Kind = CheckNote::Kind;
  // The root cause first: a label typo whose fix alone allows it.
  for (std::size_t t : f.likely_typos) {
    if (t >= typo_causes.size()) continue;
    const TypoCause& cause = typo_causes[t];
    notes.push_back({Kind::kLikelyCause,
                     fmt::format("{} ({}); fixing it alone allows this connection", cause.description,
                                 cause.typo.loc.ToString()),
                     "", ""});
  }
  if (f.verdict_detail.families.IsEmpty()) {
    notes.push_back({Kind::kNoCommonFamily,
                     fmt::format("no common address family: {} has only {}, {} only {}; no policy can "
                                 "connect them",
                                 EndpointName(f.from, cluster),
                                 EndpointFamilies(cluster, f.from).ToString(),
                                 EndpointName(f.to, cluster),
                                 EndpointFamilies(cluster, f.to).ToString()),
                     "", ""});
    return;
  }
  for (const BlockingSide& side : f.blocked_by) {
    const Endpoint& subject = side.direction == Direction::kEgress ? f.from : f.to;
    const std::string who =
        fmt::format("{} of {}", DirectionKey(side.direction), EndpointName(subject, cluster));
    std::string policies;
    for (PolicyId id : side.isolating_policies) {
      policies += (policies.empty() ? "" : ", ") + PolicyRef(cluster, id);
    }
    for (const TierDecision& denial : side.tier_denials) {
      const std::string rule = TierRuleText(cluster, denial.rule);
      notes.push_back({Kind::kDenied,
                       fmt::format("denied at the {} by {} on {}", who, rule,
                                   denial.ports.Intersect(side.missing).ToString()),
                       who, rule});
    }
    if (!side.admin_denied.IsEmpty()) {
      notes.push_back({Kind::kFix,
                       "an Admin-tier Deny overrides every NetworkPolicy: change or reorder that rule "
                       "(cluster admins), or put an Allow for this traffic before it",
                       "", ""});
    }
    if (side.admin_denied == side.missing) continue;
    if (!policies.empty()) {
      notes.push_back({Kind::kBlocked,
                       fmt::format("blocked by the {}: isolated by {}; no rule allows {}", who, policies,
                                   side.missing.IsAll() ? "it" : side.missing.ToString()),
                       who, policies});
    }
    for (std::size_t t : side.likely_typos) {
      if (t >= typo_causes.size()) continue;
      const TypoCause& cause = typo_causes[t];
      notes.push_back({Kind::kLikelySideCause,
                       fmt::format("{} ({}); fixing it alone opens this side", cause.description,
                                   cause.typo.loc.ToString()),
                       who, ""});
    }
    if (side.closest) {
      notes.push_back({Kind::kClosest,
                       fmt::format("{}: {}", RuleRefText(cluster, side.closest->rule), side.closest->reason),
                       "", ""});
    }
    const Endpoint& peer = side.direction == Direction::kEgress ? f.to : f.from;
    notes.push_back({Kind::kFix,
                     fmt::format("allow {} {} {} {} in a policy selecting {} (see --suggest)",
                                 DirectionKey(side.direction), PeerListKey(side.direction),
                                 EndpointName(peer, cluster), side.missing.ToString(),
                                 EndpointName(subject, cluster)),
                     "", ""});
  }
  for (const SideVerdict* side : {&f.verdict_detail.egress, &f.verdict_detail.ingress}) {
    const bool blocks = std::any_of(f.blocked_by.begin(), f.blocked_by.end(),
                                    [&](const BlockingSide& b) { return b.direction == side->direction; });
    if (blocks) continue;
    const Endpoint& subject = side->direction == Direction::kEgress ? f.from : f.to;
    notes.push_back({Kind::kFineSide, AllowedByText(*side, subject, cluster) + " (this side is fine)", "", ""});
  }
}

}  // namespace

std::vector<CheckNote> ExplainCheckFinding(const CheckFinding& f, const Cluster& cluster,
                                           const std::vector<TypoCause>& typo_causes) {
  std::vector<CheckNote> notes;
  if (f.verdict == CheckVerdict::kMissing) {
    ExplainMissing(f, cluster, typo_causes, notes);
  } else if (f.verdict == CheckVerdict::kUnexpected) {
    notes.push_back({CheckNote::Kind::kAllowedBy, AllowedByText(f.verdict_detail.egress, f.from, cluster), "", ""});
    notes.push_back({CheckNote::Kind::kAllowedBy, AllowedByText(f.verdict_detail.ingress, f.to, cluster), "", ""});
  }
  return notes;
}

std::string CheckNoteLine(const CheckNote& note) {
  switch (note.kind) {
    case CheckNote::Kind::kFix: return "  fix: " + note.text;
    case CheckNote::Kind::kClosest: return "  closest rule: " + note.text;
    case CheckNote::Kind::kLikelyCause: return "likely cause: " + note.text;
    case CheckNote::Kind::kLikelySideCause: return "  likely cause: " + note.text;
    default: return note.text;
  }
}

}  // namespace report
NETPOL_NAMESPACE_END
