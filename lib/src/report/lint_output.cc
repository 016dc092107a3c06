// Lint findings as text, JSON, SARIF 2.1.0 and GitHub workflow commands.
#include "netpol/lint_output.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/version.h"
#include "report/json_support.h"
#include "report/table_output.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using Json = nlohmann::ordered_json;

// What the writers other than SARIF show: findings not suppressed.
std::vector<LintFinding> Shown(const std::vector<LintFinding>& findings) {
  std::vector<LintFinding> shown;
  for (const LintFinding& finding : findings) {
    if (!finding.suppressed) shown.push_back(finding);
  }
  return shown;
}

std::array<int, 3> Count(const std::vector<LintFinding>& findings) {
  std::array<int, 3> counts{};
  for (const LintFinding& finding : findings) ++counts[static_cast<int>(finding.severity)];
  return counts;
}

const char* SarifLevel(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kError: return "error";
    case LintSeverity::kWarning: return "warning";
    case LintSeverity::kInfo: return "note";
  }
  return "error";
}

// A relative URI reference for a file name as given on the command line.
std::string FileUri(const std::string& file) {
  std::string uri;
  for (unsigned char c : file) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += fmt::format("%{:02X}", c);
    }
  }
  while (uri.starts_with("./")) uri.erase(0, 2);
  return uri;
}

// The absolute, lexically normal form of `path` read from `working_directory`.
std::filesystem::path Absolute(const std::string& path, const std::string& working_directory) {
  std::filesystem::path p(path);
  if (p.is_relative()) {
    std::error_code error;
    const std::filesystem::path base = working_directory.empty()
                                           ? std::filesystem::current_path(error)
                                           : std::filesystem::absolute(working_directory, error);
    p = base / p;
  }
  return p.lexically_normal();
}

// "file:///a/b/" for a directory, "file:///a/b.yaml" for a file.
std::string FileScheme(const std::filesystem::path& absolute, bool directory) {
  std::string uri = "file://" + FileUri(absolute.generic_string());
  if (directory && !uri.ends_with("/")) uri += "/";
  return uri;
}

// artifactLocation for `file`: relative to the root with %SRCROOT% when it is
// under it, an absolute file:// URI when not; as given without a root or for
// names that are not paths ("<stdin>").
Json ArtifactLocation(const std::string& file, const SarifOptions& options) {
  if (options.root.empty() || file.empty() || file.starts_with("<")) {
    return {{"uri", FileUri(file)}};
  }
  const std::filesystem::path root = Absolute(options.root, options.working_directory);
  const std::filesystem::path path = Absolute(file, options.working_directory);
  const std::filesystem::path relative = path.lexically_relative(root);
  const std::string text = relative.generic_string();
  if (relative.empty() || text == "." || text == ".." || text.starts_with("../")) {
    return {{"uri", FileScheme(path, false)}};
  }
  return {{"uri", FileUri(text)}, {"uriBaseId", "%SRCROOT%"}};
}

// Workflow-command escaping (data and property values).
std::string GithubEscape(const std::string& text, bool property) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

const report::TableRow kLintHeader = {"severity", "rule", "location", "message", "fix"};

std::vector<report::TableRow> LintRows(const std::vector<LintFinding>& findings) {
  std::vector<report::TableRow> rows;
  rows.reserve(findings.size());
  for (const LintFinding& f : findings) {
    rows.push_back({LintSeverityName(f.severity), f.rule_id + " " + f.rule_name, f.loc.ToString(),
                    f.message, f.fix});
  }
  return rows;
}

}  // namespace

void WriteLintCsv(const std::vector<LintFinding>& findings, std::ostream& out) {
  report::WriteCsvTable(kLintHeader, LintRows(Shown(findings)), out);
}

void WriteLintMarkdown(const std::vector<LintFinding>& findings, std::ostream& out) {
  report::WriteMarkdownTable(kLintHeader, LintRows(Shown(findings)), out);
}

void WriteLintText(const std::vector<LintFinding>& all_findings, std::ostream& out,
                   const TextStyle& style) {
  const std::vector<LintFinding> findings = Shown(all_findings);
  for (const LintFinding& finding : findings) {
    const TextColor color = finding.severity == LintSeverity::kError     ? TextColor::kRed
                            : finding.severity == LintSeverity::kWarning ? TextColor::kYellow
                                                                         : TextColor::kCyan;
    out << fmt::format("{}: {}: {} [{} {}]\n", finding.loc.ToString(),
                       Paint(LintSeverityName(finding.severity), color, style), finding.message, finding.rule_id,
                       finding.rule_name);
    if (!finding.fix.empty()) out << "  fix: " << finding.fix << "\n";
  }
  if (findings.empty()) {
    out << "no findings\n";
    return;
  }
  const auto counts = Count(findings);
  out << fmt::format("{} finding{}: {} error{}, {} warning{}, {} info\n", findings.size(),
                     findings.size() == 1 ? "" : "s", counts[0], counts[0] == 1 ? "" : "s",
                     counts[1], counts[1] == 1 ? "" : "s", counts[2]);
}

void WriteLintJson(const std::vector<LintFinding>& all_findings, std::ostream& out) {
  const std::vector<LintFinding> findings = Shown(all_findings);
  Json list = Json::array();
  for (const LintFinding& finding : findings) {
    Json item = {{"ruleId", finding.rule_id},
                 {"rule", finding.rule_name},
                 {"severity", LintSeverityName(finding.severity)},
                 {"file", finding.loc.file},
                 {"line", finding.loc.line},
                 {"column", finding.loc.column},
                 {"message", finding.message},
                 {"fix", finding.fix}};
    report::PutLocation(item, finding.loc);
    list.push_back(std::move(item));
  }
  const auto counts = Count(findings);
  Json doc = {{"findings", list},
              {"summary", {{"error", counts[0]}, {"warning", counts[1]}, {"info", counts[2]}}}};
  out << report::DumpJson(doc, 2) << "\n";
}

void WriteLintSarif(const std::vector<LintFinding>& findings, const LintRegistry& registry,
                    std::ostream& out, const SarifOptions& options) {
  Json rules = Json::array();
  const std::vector<LintRuleInfo> infos = registry.Infos();
  for (const LintRuleInfo& info : infos) {
    rules.push_back({{"id", info.id},
                     {"name", info.name},
                     {"shortDescription", {{"text", info.summary}}},
                     {"fullDescription", {{"text", info.doc}}},
                     {"help", {{"text", info.doc}}},
                     {"defaultConfiguration", {{"level", SarifLevel(info.severity)}}}});
  }
  Json results = Json::array();
  for (const LintFinding& finding : findings) {
    Json result = {{"ruleId", finding.rule_id}};
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (infos[i].id == finding.rule_id) result["ruleIndex"] = i;
    }
    result["level"] = SarifLevel(finding.severity);
    result["message"] = {
        {"text", finding.fix.empty() ? finding.message : finding.message + ". Fix: " + finding.fix}};
    Json region = Json::object();
    if (finding.loc.line > 0) region["startLine"] = finding.loc.line;
    if (finding.loc.column > 0) region["startColumn"] = finding.loc.column;
    Json physical = {{"artifactLocation", ArtifactLocation(finding.loc.file, options)}};
    if (!region.empty()) physical["region"] = region;
    result["locations"] = Json::array({{{"physicalLocation", physical}}});
    if (finding.suppressed) {
      Json suppression = {{"kind", "inSource"}, {"status", "accepted"}};
      if (!finding.suppressed->empty()) suppression["justification"] = *finding.suppressed;
      result["suppressions"] = Json::array({suppression});
    }
    results.push_back(result);
  }
  Json run = {{"tool",
               {{"driver",
                 {{"name", "netpol"}, {"version", NETPOL_VERSION_STRING}, {"rules", rules}}}}}};
  if (!options.root.empty()) {
    run["originalUriBaseIds"] = {
        {"%SRCROOT%",
         {{"uri", FileScheme(Absolute(options.root, options.working_directory), true)}}}};
  }
  run["results"] = results;
  Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({run})}};
  out << report::DumpJson(doc, 2) << "\n";
}

void WriteLintGithub(const std::vector<LintFinding>& all_findings, std::ostream& out) {
  const std::vector<LintFinding> findings = Shown(all_findings);
  for (const LintFinding& finding : findings) {
    const char* command = finding.severity == LintSeverity::kError     ? "error"
                          : finding.severity == LintSeverity::kWarning ? "warning"
                                                                       : "notice";
    std::string properties = "file=" + GithubEscape(finding.loc.file, true);
    if (finding.loc.line > 0) properties += fmt::format(",line={}", finding.loc.line);
    if (finding.loc.column > 0) properties += fmt::format(",col={}", finding.loc.column);
    properties += ",title=" + GithubEscape(finding.rule_id + " " + finding.rule_name, true);
    std::string message = finding.message;
    if (!finding.fix.empty()) message += "\nfix: " + finding.fix;
    out << "::" << command << " " << properties << "::" << GithubEscape(message, false) << "\n";
  }
}

void WriteLintRuleDoc(const LintRuleInfo& info, std::ostream& out) {
  out << fmt::format("{} {} ({})\n{}\n\n{}\n\nSuppress on an object with the annotation "
                     "`{}: {}` (or a comma-separated list, or `all`).\n",
                     info.id, info.name, LintSeverityName(info.severity), info.summary, info.doc,
                     kLintIgnoreAnnotation, info.id);
}

void WriteLintRuleList(const LintRegistry& registry, std::ostream& out) {
  std::size_t width = 0;
  for (const auto& rule : registry.rules()) width = std::max(width, rule->Info().name.size());
  for (const auto& rule : registry.rules()) {
    const LintRuleInfo& info = rule->Info();
    out << fmt::format("{}  {:<7}  {:<{}}  {}\n", info.id, LintSeverityName(info.severity),
                       info.name, width, info.summary);
  }
}

NETPOL_NAMESPACE_END
