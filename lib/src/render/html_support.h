// Private pieces shared by the HTML pages (the report and its rollout stage
// view), so both escape, inline SVG and look the same.
#ifndef NETPOL_SRC_RENDER_HTML_SUPPORT_H_
#define NETPOL_SRC_RENDER_HTML_SUPPORT_H_

#include <string>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// `text` with &, <, > and " escaped, for element content and quoted attributes.
std::string Escape(const std::string& text);

/// Graphviz's SVG without its XML prolog and DOCTYPE, which do not belong
/// inside HTML.
std::string InlineSvg(const std::string& svg);

/// JSON text made safe inside a <script> element (no "</" can close it).
std::string ScriptSafeJson(std::string json);

/// The report's style sheet (body, headings, tables, verdict colours); defined in
/// html_report.cc, beside the page it was written for.
const char* HtmlReportStyle();

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_RENDER_HTML_SUPPORT_H_
