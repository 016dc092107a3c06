// Why a check finding is what it is, in words: which side blocks a MISSING
// connection (and by which policies or cluster-scoped rules), the closest
// rule, the fix, and which rules allow an UNEXPECTED one. Computed once from
// the CheckFinding (its blocked_by and verdict_detail); `check`'s text report
// prints these notes under each finding and the HTML report shows the same
// notes in its check table and on the graph's missing edges, so the two
// always say the same thing.
#ifndef NETPOL_SRC_REPORT_CHECK_EXPLANATION_H_
#define NETPOL_SRC_REPORT_CHECK_EXPLANATION_H_

#include <string>
#include <vector>

#include "netpol/check.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// One line of a finding's explanation.
struct CheckNote {
  enum class Kind {
    kNoCommonFamily,  ///< MISSING: the endpoints share no address family.
    kDenied,          ///< MISSING: a cluster-scoped Deny rule decided it on one side.
    kBlocked,         ///< MISSING: one side is isolated and no rule allows it.
    kClosest,         ///< MISSING: the rule that nearly allowed it.
    kFix,             ///< MISSING: how to open it.
    kFineSide,        ///< MISSING: the side that allows it.
    kAllowedBy,       ///< UNEXPECTED: how one side allows it.
    kLikelyCause,     ///< MISSING: a label typo whose fix alone allows it.
    kLikelySideCause, ///< MISSING: a label typo whose fix alone opens one blocking side.
  };
  Kind kind = Kind::kBlocked;
  /// The line as `check` prints it, without indentation or the "fix: " /
  /// "closest rule: " prefix (see CheckNoteLine).
  std::string text;
  /// kDenied, kBlocked: "egress of ns/pod"; empty otherwise.
  std::string side;
  /// kDenied: the cluster-scoped rule; kBlocked: the isolating policies
  /// ("ns/policy (file:line)", comma-separated).
  std::string by;
};

/// The notes of one finding, in the order `check` prints them; none for ok.
/// `typo_causes` is the CheckResult's, which the finding's likely_typos index.
std::vector<CheckNote> ExplainCheckFinding(const CheckFinding& finding, const Cluster& cluster,
                                           const std::vector<TypoCause>& typo_causes = {});

/// A note as a line of `check`'s text report (without the 12-space pad):
/// "  fix: ...", "  closest rule: ...", or the text.
std::string CheckNoteLine(const CheckNote& note);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_CHECK_EXPLANATION_H_
