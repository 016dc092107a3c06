// Typo patches for `check --suggest` (suggest_typo_fixes.h).
#include "report/suggest_typo_fixes.h"

#include <algorithm>

#include <fmt/format.h>

#include "netpol/endpoint_ref.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {
namespace {

// Each place to edit: the objects' labels, or the selectors' terms.
std::vector<std::string> Edits(const LabelTypo& typo, const Cluster& cluster) {
  std::vector<std::string> edits;
  if (typo.wrong == LabelTypo::Side::kSelector) {
    for (const SelectorSite& site : typo.selectors) {
      edits.push_back(fmt::format("{}: {} of NetworkPolicy {}: select {}: {} instead of {}: {}",
                                  site.loc.ToString(), site.Path(), cluster.policies[site.policy].Id(),
                                  typo.label_key, typo.label_value, typo.selector_key,
                                  typo.selector_value));
    }
    return edits;
  }
  for (std::size_t object : typo.objects) {
    const LabelLocs& locs =
        typo.namespaces ? cluster.namespaces[object].label_locs : cluster.pods[object].label_locs;
    auto it = locs.find(typo.label_key);
    SourceLoc loc = typo.namespaces ? cluster.namespaces[object].loc : cluster.pods[object].loc;
    if (it != locs.end()) loc = it->second;
    const std::string what = typo.namespaces
                                 ? "Namespace " + cluster.namespaces[object].name
                                 : fmt::format("{} {}/{}", cluster.pods[object].kind,
                                               cluster.pods[object].namespace_name,
                                               cluster.pods[object].name);
    edits.push_back(fmt::format("{}: {}: label {}: {} instead of {}: {}", loc.ToString(), what,
                                typo.selector_key, typo.selector_value, typo.label_key,
                                typo.label_value));
  }
  return edits;
}

}  // namespace

bool FixedByTypo(const CheckResult& result, const CheckFinding& finding) {
  for (std::size_t t : finding.likely_typos) {
    if (result.typo_causes[t].clean) return true;
  }
  return false;
}

bool SideFixedByTypo(const CheckResult& result, const BlockingSide& side) {
  for (std::size_t t : side.likely_typos) {
    if (result.typo_causes[t].clean) return true;
  }
  return false;
}

Cluster WithTypoFixesApplied(const CheckResult& result, const Cluster& cluster) {
  Cluster fixed = cluster;
  for (const TypoCause& cause : result.typo_causes) {
    if (cause.clean) fixed = WithLabelTypoFixed(fixed, cause.typo);
  }
  return fixed;
}

std::string SuggestTypoFixes(const CheckResult& result, const Cluster& cluster) {
  std::string out;
  for (const TypoCause& cause : result.typo_causes) {
    if (!cause.clean) continue;
    out += fmt::format("---\n# Likely typo: {}\n# Fix it instead of adding policies (checked: the fix alone "
                       "allows the connections below and breaks nothing the intent declares):\n",
                       cause.description);
    for (const std::string& edit : Edits(cause.typo, cluster)) out += "#   " + edit + "\n";
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
      const CheckFinding& f = result.findings[i];
      const std::size_t index = static_cast<std::size_t>(&cause - result.typo_causes.data());
      const bool whole = std::find(cause.fixes.begin(), cause.fixes.end(), i) != cause.fixes.end();
      for (const BlockingSide& side : f.blocked_by) {
        if (whole) break;
        if (std::find(side.likely_typos.begin(), side.likely_typos.end(), index) == side.likely_typos.end()) {
          continue;
        }
        out += fmt::format("#   opens the {} of {} for MISSING {} -> {} {} (the other side needs the "
                           "policy below)\n",
                           DirectionKey(side.direction),
                           EndpointName(side.direction == Direction::kEgress ? f.from : f.to, cluster),
                           EndpointName(f.from, cluster), EndpointName(f.to, cluster),
                           f.offending.ToString());
      }
      if (!whole) continue;
      out += fmt::format("#   allows MISSING {} -> {} {}\n", EndpointName(f.from, cluster),
                         EndpointName(f.to, cluster), f.offending.ToString());
    }
  }
  return out;
}

}  // namespace report
NETPOL_NAMESPACE_END
