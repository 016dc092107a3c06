// Likely label typos as causes of MISSING connections (typo_causes.h).
#include "analysis/typo_causes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "netpol/label_typo.h"
#include "intent/check_intent.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Trying a fix costs an evaluator and a check; beyond this many candidate
// typos the rest are not tried (lint still reports them all).
constexpr std::size_t kMaxTypoTries = 16;

using FindingKey = std::tuple<std::string, std::string, int, int, std::optional<PodId>,
                              std::optional<PodId>, std::string, std::string>;

FindingKey KeyOf(const CheckFinding& f) {
  return {f.origin, f.declared_at.file, f.declared_at.line, f.declared_at.column,
          f.from.pod, f.to.pod,
          f.from.address ? f.from.address->ToString() : std::string(),
          f.to.address ? f.to.address->ToString() : std::string()};
}

bool Touches(const LabelTypo& typo, const Cluster& cluster, const Endpoint& endpoint) {
  if (!endpoint.pod) return false;
  if (!typo.namespaces) {
    return std::binary_search(typo.objects.begin(), typo.objects.end(), *endpoint.pod);
  }
  for (std::size_t ns : typo.objects) {
    if (cluster.namespaces[ns].name == cluster.pods[*endpoint.pod].namespace_name) return true;
  }
  return false;
}

}  // namespace

void ExplainByLabelTypos(const Cluster& cluster, const EvalOptions& eval, const Intent& intent,
                         const ClusterDnsOptions& dns, CheckResult& result) {
  if (result.Count(CheckVerdict::kMissing) == 0) return;
  std::size_t tries = 0;
  for (LabelTypo& typo : FindLabelTypos(cluster)) {
    const bool relevant = std::any_of(
        result.findings.begin(), result.findings.end(), [&](const CheckFinding& f) {
          return f.verdict == CheckVerdict::kMissing &&
                 (Touches(typo, cluster, f.from) || Touches(typo, cluster, f.to));
        });
    if (!relevant) continue;
    if (++tries > kMaxTypoTries) break;
    const Cluster fixed = WithLabelTypoFixed(cluster, typo);
    const Evaluator evaluator(fixed, eval);
    DiagnosticSink sink;
    const CheckResult after = CheckIntent(evaluator, intent, sink, dns);
    if (sink.HasErrors()) continue;
    std::map<FindingKey, CheckVerdict> before;
    for (const CheckFinding& f : result.findings) before[KeyOf(f)] = f.verdict;
    TypoCause cause;
    std::map<FindingKey, const CheckFinding*> now;
    for (const CheckFinding& f : after.findings) {
      now[KeyOf(f)] = &f;
      if (f.verdict == CheckVerdict::kOk) continue;
      auto it = before.find(KeyOf(f));
      if (it == before.end() || it->second == CheckVerdict::kOk) cause.clean = false;
    }
    // Sides the fix opens where the other side still blocks.
    std::vector<std::pair<std::size_t, std::size_t>> opened;  // (finding, side)
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
      const CheckFinding& f = result.findings[i];
      if (f.verdict != CheckVerdict::kMissing) continue;
      auto it = now.find(KeyOf(f));
      if (it == now.end()) continue;
      if (it->second->verdict == CheckVerdict::kOk) {
        cause.fixes.push_back(i);
        continue;
      }
      for (std::size_t s = 0; s < f.blocked_by.size(); ++s) {
        const auto& still = it->second->blocked_by;
        const bool blocks = std::any_of(still.begin(), still.end(), [&](const BlockingSide& b) {
          return b.direction == f.blocked_by[s].direction;
        });
        if (!blocks) opened.emplace_back(i, s);
      }
    }
    if (cause.fixes.empty() && opened.empty()) continue;
    cause.description = DescribeLabelTypo(typo, cluster);
    cause.typo = std::move(typo);
    const std::size_t index = result.typo_causes.size();
    for (std::size_t i : cause.fixes) result.findings[i].likely_typos.push_back(index);
    for (const auto& [i, s] : opened) result.findings[i].blocked_by[s].likely_typos.push_back(index);
    result.typo_causes.push_back(std::move(cause));
  }
}

NETPOL_NAMESPACE_END
