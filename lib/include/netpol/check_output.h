// Writers for `netpol check` results: the text and JSON reports, the
// NetworkPolicy YAML that would fix MISSING connections, and a script of
// kubectl probes. The computation they write is CheckIntent (netpol/check.h).
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_CHECK_OUTPUT_H_
#define NETPOL_CHECK_OUTPUT_H_

#include <iosfwd>
#include <cstddef>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/analysis.h"
#include "netpol/check.h"
#include "netpol/model.h"
#include "netpol/text_style.h"

NETPOL_NAMESPACE_BEGIN

/// Text report: one line per finding with explanations, then a summary.
/// With `style.color` the verdict is coloured (OK green, MISSING red,
/// UNEXPECTED yellow).
void WriteCheckText(const CheckResult& result, const Cluster& cluster, std::ostream& out,
                    const TextStyle& style = {});
/// JSON report (see README).
void WriteCheckJson(const CheckResult& result, const Cluster& cluster, std::ostream& out);
/// CSV (RFC 4180, LF line ends): a `verdict,from,to,ports,declared` header,
/// then one row per finding with the text report's first line: the ports
/// declared (OK) or at fault (MISSING, UNEXPECTED), and where the intent
/// declares the pair ("allow, intent.yaml:12", or "not declared").
void WriteCheckCsv(const CheckResult& result, const Cluster& cluster, std::ostream& out);
/// The same columns as a markdown table.
void WriteCheckMarkdown(const CheckResult& result, const Cluster& cluster, std::ostream& out);

/// NetworkPolicy YAML that, added to the inputs, allows every MISSING
/// connection with least privilege, plus comments naming the rules to narrow
/// for UNEXPECTED ones. Names never reuse an existing NetworkPolicy's in the
/// same namespace (a -2, -3... suffix, said in a comment). Each finding's
/// policies are verified first (VerifySuggestion, netpol/suggestion_check.h):
/// applied to `analysis` in memory they must open exactly the missing
/// ports; when they would deny or open anything else they are left out, and
/// a comment says why. `result` is a check of `analysis`.
std::string SuggestFixes(const CheckResult& result, const Analysis& analysis);

/// What SuggestFixes proposes for one MISSING finding: its part of the text.
struct SuggestedFix {
  /// The finding: an index into CheckResult::findings.
  std::size_t finding = 0;
  /// The verified NetworkPolicy documents that allow it, each "---\n",
  /// its comments and its YAML, ready to apply; empty when nothing is
  /// suggested for it (then `comments` says why).
  std::string yaml;
  /// The policies in `yaml`, "NAMESPACE/NAME", in order.
  std::vector<std::string> policies;
  /// The comments SuggestFixes prints for it outside `yaml`: an Admin-tier
  /// Deny no policy can open, a policy suggested for an earlier finding that
  /// allows it already, why the policies were left out, or (for a finding a
  /// label typo explains) the typo fixes to make instead.
  std::string comments;
};

/// SuggestFixes finding by finding: one SuggestedFix per MISSING finding,
/// in the order of result.findings.
std::vector<SuggestedFix> SuggestFixList(const CheckResult& result, const Analysis& analysis);

/// The same for a cluster built elsewhere (an Analysis of it with default
/// evaluation options and no DNS modelling verifies the suggestions).
std::string SuggestFixes(const CheckResult& result, const Cluster& cluster);

/// A bash script of `kubectl exec` probes with netpol's expected result for
/// every declared connection.
std::string ProbeScript(const CheckResult& result, const Cluster& cluster);

NETPOL_NAMESPACE_END

#endif  // NETPOL_CHECK_OUTPUT_H_
