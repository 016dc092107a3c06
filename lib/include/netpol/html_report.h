// A self-contained HTML report: the SVG graph, the reachability matrix, the
// intent check and lint findings, with a small inline script (click a node
// to highlight what it reaches and what reaches it; hover an edge to see the
// rules that allow it). No network access: everything is inline.
#ifndef NETPOL_HTML_REPORT_H_
#define NETPOL_HTML_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/evaluator.h"

namespace netpol {

/// A finding shown in the report's findings table (lint, for instance).
struct ReportFinding {
  std::string severity;  ///< "error", "warning", "info".
  std::string rule;      ///< "NP003 one-sided-allow".
  SourceLoc loc;
  std::string message;
};

struct HtmlReportInput {
  const Evaluator* evaluator = nullptr;  ///< Required.
  const AllowGraph* graph = nullptr;     ///< Required, built from `evaluator`.
  const CheckResult* check = nullptr;    ///< Optional intent check.
  std::vector<ReportFinding> findings;   ///< Optional.
  std::string title = "netpol report";
  std::vector<std::string> inputs;       ///< Shown in the header.
};

/// Writes the report. Returns false and sets `error` when the graph cannot
/// be rendered (nothing is written then).
bool WriteHtmlReport(const HtmlReportInput& input, std::ostream& out, std::string* error);

}  // namespace netpol

#endif  // NETPOL_HTML_REPORT_H_
