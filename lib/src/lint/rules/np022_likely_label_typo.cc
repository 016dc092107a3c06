// NP022 likely-label-typo: a selector and a label one small edit apart.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class LikelyLabelTypo : public BasicRule {
 public:
  LikelyLabelTypo()
      : BasicRule({"NP022", "likely-label-typo", LintSeverity::kWarning,
                   "A selector misses pods by one small edit of a label key or value, or a pod "
                   "label is one edit away from what policies select",
                   R"(A selector that selects nothing but would select pods (or namespaces) if one of its
label keys or values were spelt like theirs — differing only in case, or by one or two edits
(one for words of up to five characters, none for words of up to three; spellings that differ
only in digits, such as v1/v2, are not typos) — is almost always a typo; so is a pod label one edit away from what a
policy selects when nothing else in that policy selects the pod. The finding sits on the side
that is likely wrong: the spelling fewer objects and selectors use (a tie blames the selector).
It says "did you mean", and the NP001/NP002 findings the typo causes name it. Runs only when
the inputs contain pods. `netpol check` names the typo as the cause of the MISSING connections
it explains, and `check --suggest` proposes fixing it instead of new policies when that alone
opens them.

Bad (the policies select app: backend):
  kind: Pod
  metadata:
    name: backend
    labels: {app: backnd}

Good:
  kind: Pod
  metadata:
    name: backend
    labels: {app: backend})"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    if (!context.HasPods()) return;
    const Cluster& cluster = context.cluster();
    for (const LabelTypo& typo : context.LabelTypos()) {
      const std::string description = DescribeLabelTypo(typo, cluster);
      if (typo.wrong == LabelTypo::Side::kSelector) {
        for (const SelectorSite& site : typo.selectors) {
          reporter.Diag(site.loc, description,
                        fmt::format("select {} (or relabel the pods, if {} is meant)",
                                    typo.Intended(), typo.Written()));
        }
        continue;
      }
      for (std::size_t object : typo.objects) {
        const LabelLocs& locs =
            typo.namespaces ? cluster.namespaces[object].label_locs : cluster.pods[object].label_locs;
        const SourceLoc& fallback =
            typo.namespaces ? cluster.namespaces[object].loc : cluster.pods[object].loc;
        auto it = locs.find(typo.label_key);
        reporter.Diag(it != locs.end() ? it->second : fallback, description,
                      fmt::format("label it {} (or change the selectors, if {} is meant)",
                                  typo.Intended(), typo.Written()));
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeLikelyLabelTypoRule() { return std::make_unique<LikelyLabelTypo>(); }

}  // namespace lint
NETPOL_NAMESPACE_END
