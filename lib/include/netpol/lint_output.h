// Writers for lint findings: text, JSON, SARIF 2.1.0 and GitHub workflow
// commands; and a rule's documentation for `netpol lint --explain`. Only
// SARIF reports suppressed findings; the other writers leave them out.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_LINT_OUTPUT_H_
#define NETPOL_LINT_OUTPUT_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/lint.h"
#include "netpol/text_style.h"

NETPOL_NAMESPACE_BEGIN

/// `FILE:LINE:COL: warning: message [NP003 or-instead-of-and]`, an indented
/// `fix:` line when there is one, then a summary line. With `style.color`
/// the severity is coloured (error red, warning yellow, info cyan).
void WriteLintText(const std::vector<LintFinding>& findings, std::ostream& out,
                   const TextStyle& style = {});

/// {"findings": [{"ruleId", "rule", "severity", "file", "line", "column",
/// "message", "fix"}], "summary": {"error", "warning", "info"}}.
void WriteLintJson(const std::vector<LintFinding>& findings, std::ostream& out);

/// Where SARIF artifact locations are relative to.
struct SarifOptions {
  /// The repository root (relative to `working_directory`). Files under it
  /// get a URI relative to it (POSIX separators, no leading ./) with
  /// uriBaseId %SRCROOT%, which run.originalUriBaseIds maps to the root's
  /// file:// URI; files outside it an absolute file:// URI. Empty: every
  /// URI is the file name as given, without a base.
  std::string root;
  /// Relative file names and `root` are relative to this directory (empty:
  /// the process's working directory).
  std::string working_directory;
};

/// SARIF 2.1.0: one run whose tool.driver.rules lists every rule of
/// `registry`, results with ruleId/ruleIndex/level/message and a physical
/// location (artifact URI, startLine, startColumn). Suppressed findings
/// (LintFinding::suppressed) are results with `suppressions: [{"kind":
/// "inSource", "status": "accepted", "justification": reason}]` (§3.35).
void WriteLintSarif(const std::vector<LintFinding>& findings, const LintRegistry& registry,
                    std::ostream& out, const SarifOptions& options = {});

/// GitHub Actions workflow commands:
/// `::error file=F,line=L,col=C,title=NP004 one-sided-allow::message`
/// (info findings as `::notice`).
void WriteLintGithub(const std::vector<LintFinding>& findings, std::ostream& out);
/// CSV (RFC 4180, LF line ends): a `severity,rule,location,message,fix`
/// header, then one row per finding; rule is "NP003 or-instead-of-and",
/// location "FILE:LINE:COL", fix empty when there is none.
void WriteLintCsv(const std::vector<LintFinding>& findings, std::ostream& out);
/// The same columns as a markdown table.
void WriteLintMarkdown(const std::vector<LintFinding>& findings, std::ostream& out);

/// The rule's documentation: "NP004 one-sided-allow (error)", the summary,
/// the doc paragraph with its examples.
void WriteLintRuleDoc(const LintRuleInfo& info, std::ostream& out);

/// One line per rule: "NP004  error    one-sided-allow  summary".
void WriteLintRuleList(const LintRegistry& registry, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_LINT_OUTPUT_H_
