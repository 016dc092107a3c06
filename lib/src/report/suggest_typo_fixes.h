// `check --suggest` for MISSING connections a label typo explains: a patch
// to the label or selector instead of new policies. Kept apart from the
// policy suggestions (suggest_fixes.cc), which call it.
#ifndef NETPOL_SRC_REPORT_SUGGEST_TYPO_FIXES_H_
#define NETPOL_SRC_REPORT_SUGGEST_TYPO_FIXES_H_

#include <string>

#include "netpol/check.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// Whether a clean typo fix (TypoCause::clean) alone allows `finding`: no
/// policy need be suggested for it.
bool FixedByTypo(const CheckResult& result, const CheckFinding& finding);

/// Whether a clean typo fix alone opens `side` of a MISSING finding.
bool SideFixedByTypo(const CheckResult& result, const BlockingSide& side);

/// `cluster` with every clean typo fix applied: the policies suggested next
/// to the fixes select pods by their corrected labels.
Cluster WithTypoFixesApplied(const CheckResult& result, const Cluster& cluster);

/// YAML comments naming each clean typo fix: the file, line and column to
/// change, from what to what, and the MISSING connections it opens. Empty
/// when there is none.
std::string SuggestTypoFixes(const CheckResult& result, const Cluster& cluster);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_SUGGEST_TYPO_FIXES_H_
