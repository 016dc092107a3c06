#include "netpol/html_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/class_engine.h"
#include "netpol/endpoint_ref.h"
#include "netpol/graph_filter.h"
#include "netpol/svg_output.h"
#include "netpol/version.h"
#include "report/check_explanation.h"
#include "report/exposure_badges.h"
#include "report/finding_targets.h"
#include "render/html_grouped.h"
#include "render/html_support.h"
#include "report/json_support.h"
#include "report/rule_text.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using report::LineRef;
using report::RuleRefText;
using report::TierRuleText;

using report::Escape;

std::string TierReason(const Cluster& cluster, const TierDecision& decision) {
  return fmt::format("{}: {} on {}", TierRuleText(cluster, decision.rule),
                     TierActionName(decision.action), decision.ports.ToString());
}

// Why one side allows what it does, tier by tier: each cluster-scoped rule
// that decided ports (with its action), each NetworkPolicy rule that allowed
// ("ns/policy egress[0] (file:line): ports"), or why the side allows
// everything.
nlohmann::ordered_json SideReasons(const SideVerdict& side, const Cluster& cluster) {
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  if (!side.is_pod) {
    reasons.push_back("external address: no policy applies");
    return reasons;
  }
  for (const TierDecision& d : side.admin_decisions) reasons.push_back(TierReason(cluster, d));
  if (side.isolated) {
    for (const auto& c : side.allowed_by) {
      reasons.push_back(
          fmt::format("{}: {}", RuleRefText(cluster, c.rule), c.ports.ToString()));
    }
  } else if (!side.tiered) {
    reasons.push_back(fmt::format("not isolated for {}: everything allowed",
                                  DirectionName(side.direction)));
  } else if (!side.after_admin.IsEmpty()) {
    reasons.push_back(fmt::format(
        "no NetworkPolicy isolates it for {}: what the Admin tier passes on is allowed "
        "unless the Baseline tier denies it",
        DirectionName(side.direction)));
  }
  for (const TierDecision& d : side.baseline_decisions) reasons.push_back(TierReason(cluster, d));
  return reasons;
}

using report::InlineSvg;

const char* const kStyle = R"(
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #212529; }
h1 { margin-bottom: 4px; } .muted { color: #868e96; }
section { margin-top: 28px; }
#graph svg { max-width: 100%; height: auto; border: 1px solid #dee2e6; border-radius: 6px; }
#graph g.node, #graph g.edge { cursor: pointer; }
#graph g.node.selected polygon, #graph g.node.selected ellipse, #graph g.node.selected path { stroke: #1971c2; stroke-width: 3; }
#graph g.node.reaches polygon, #graph g.node.reaches ellipse, #graph g.node.reaches path { fill: #d0ebff; }
#graph g.node.reached-by polygon, #graph g.node.reached-by ellipse, #graph g.node.reached-by path { fill: #fff3bf; }
#graph g.edge.active path { stroke: #1971c2; stroke-width: 2.5; }
#graph.dim g.node:not(.selected):not(.reaches):not(.reached-by), #graph.dim g.edge:not(.active) { opacity: 0.25; }
#tooltip { position: fixed; display: none; max-width: 560px; background: #fff; border: 1px solid #adb5bd;
  border-radius: 6px; padding: 8px 10px; font-size: 12px; box-shadow: 0 2px 8px rgba(0,0,0,.15); z-index: 10; }
#tooltip b { display: block; margin-bottom: 4px; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #dee2e6; padding: 3px 6px; text-align: left; }
table.matrix td { text-align: center; min-width: 18px; } table.matrix th { white-space: nowrap; }
td.allow { background: #d3f9d8; } td.deny { background: #ffe3e3; } td.self { background: #f1f3f5; }
.verdict-ok { color: #2b8a3e; } .verdict-MISSING, .verdict-UNEXPECTED, .sev-error { color: #c92a2a; font-weight: bold; }
.sev-warning { color: #e8590c; } .legend span { margin-right: 14px; }
td.some { background: #fff3bf; } tr.ns-row { cursor: pointer; } tr.ns-row:hover { background: #e7f5ff; }
.note { background: #f1f3f5; border-radius: 6px; padding: 8px 12px; }
tr.finding.linked { cursor: pointer; } tr.finding.linked:hover { background: #e7f5ff; }
td.why, td.fix { font-size: 12px; } .sev-info { color: #1971c2; }
#graph g.node[data-exposure] polygon, #graph g.node[data-exposure] ellipse, #graph g.node[data-exposure] path { stroke: #e8590c; stroke-width: 2; }
.badge { display: inline-block; margin: 2px 4px; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.badge.exposure { background: #fff4e6; color: #d9480f; border: 1px solid #ffc078; }
ul.exposure { list-style: none; padding-left: 0; } ul.exposure li { margin: 4px 0; }
)";

// The graph's script: highlights, tooltips and (grouped report) drilling
// into a namespace through window.netpolDrill (see html_grouped.cc).
const char* const kScript = R"(
(function () {
  const data = JSON.parse(document.getElementById('netpol-data').textContent);
  const graph = document.getElementById('graph');
  const tip = document.getElementById('tooltip');
  const out = new Map(), inc = new Map();
  data.edges.forEach(function (e) {
    (out.get(e.from) || out.set(e.from, []).get(e.from)).push(e);
    (inc.get(e.to) || inc.set(e.to, []).get(e.to)).push(e);
  });
  function closure(start, adj, next) {
    const seen = new Set([start]), queue = [start];
    while (queue.length) {
      const v = queue.shift();
      (adj.get(v) || []).forEach(function (e) {
        const w = next(e);
        if (!seen.has(w)) { seen.add(w); queue.push(w); }
      });
    }
    seen.delete(start);
    return seen;
  }
  function clear() {
    graph.classList.remove('dim');
    graph.querySelectorAll('.selected,.reaches,.reached-by,.active').forEach(function (el) {
      el.classList.remove('selected', 'reaches', 'reached-by', 'active');
    });
    document.getElementById('selection').textContent = 'Click a node to see what it reaches (blue) and what reaches it (yellow).';
    const exposure = document.getElementById('selection-exposure');
    if (exposure) exposure.textContent = '';
  }
  function select(v) {
    clear();
    const reaches = closure(v, out, function (e) { return e.to; });
    const reachedBy = closure(v, inc, function (e) { return e.from; });
    graph.classList.add('dim');
    document.getElementById('n' + v).classList.add('selected');
    reaches.forEach(function (w) { const el = document.getElementById('n' + w); if (el) el.classList.add('reaches'); });
    reachedBy.forEach(function (w) { const el = document.getElementById('n' + w); if (el) el.classList.add('reached-by'); });
    data.edges.forEach(function (e) {
      if ((e.from === v || reaches.has(e.from)) && reaches.has(e.to) || (e.to === v || reachedBy.has(e.to)) && reachedBy.has(e.from) || e.from === v || e.to === v) {
        const el = document.getElementById('e' + e.from + '_' + e.to);
        if (el) el.classList.add('active');
      }
    });
    document.getElementById('selection').textContent = data.nodes[v].id + ' reaches ' + reaches.size +
        ' ' + (data.unit || 'endpoint') + '(s); ' + reachedBy.size + ' ' + (data.unit || 'endpoint') +
        '(s) reach it.';
    const exposure = document.getElementById('selection-exposure');
    if (exposure) exposure.textContent = (data.nodes[v].exposure || []).join('; ');
    if (data.nodes[v].ns && window.netpolDrill) window.netpolDrill(data.nodes[v].ns);
  }
  graph.querySelectorAll('g.node').forEach(function (el) {
    const v = Number(el.id.slice(1));
    el.addEventListener('click', function (ev) { ev.stopPropagation(); select(v); });
    // Exposure badges: an orange outline, the badges in the node's hover text.
    const badges = data.nodes[v] && data.nodes[v].exposure;
    if (badges) {
      el.dataset.exposure = badges.join('; ');
      const title = el.querySelector('title');
      if (title) title.textContent += '\n' + badges.join('\n');
    }
  });
  graph.addEventListener('click', clear);
  const byId = new Map(data.edges.map(function (e) { return ['e' + e.from + '_' + e.to, e]; }));
  graph.querySelectorAll('g.edge').forEach(function (el) {
    const e = byId.get(el.id);
    if (!e) return;
    const title = el.querySelector('title');
    if (title) title.remove();
    el.addEventListener('mousemove', function (ev) {
      tip.innerHTML = '';
      const head = document.createElement('b');
      head.textContent = data.nodes[e.from].id + ' \u2192 ' + data.nodes[e.to].id + ': ' + e.ports;
      tip.appendChild(head);
      if (e.summary) {
        const line = document.createElement('div');
        line.textContent = e.summary;
        tip.appendChild(line);
      }
      (e.missing || []).forEach(function (text) {
        const line = document.createElement('div');
        line.textContent = text;
        line.style.color = '#c92a2a';
        tip.appendChild(line);
      });
      [['egress', e.egress], ['ingress', e.ingress]].forEach(function (side) {
        side[1].forEach(function (r) {
          const line = document.createElement('div');
          line.textContent = side[0] + ': ' + r;
          tip.appendChild(line);
        });
      });
      tip.style.left = (ev.clientX + 14) + 'px';
      tip.style.top = (ev.clientY + 14) + 'px';
      tip.style.display = 'block';
    });
    el.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
  });
  // A linked lint finding: highlight the pods of its object, or open its
  // namespace in the grouped report.
  document.querySelectorAll('tr.finding.linked').forEach(function (row) {
    row.addEventListener('click', function () {
      if (row.dataset.ns) {
        if (window.netpolDrill) window.netpolDrill(row.dataset.ns);
        return;
      }
      clear();
      graph.classList.add('dim');
      row.dataset.nodes.split(' ').forEach(function (id) {
        const el = document.getElementById(id);
        if (el) el.classList.add('selected');
      });
      document.getElementById('selection').textContent = row.dataset.target + ': ' +
          row.dataset.nodes.split(' ').length + ' highlighted (' + row.cells[1].textContent + ' ' +
          row.cells[2].textContent + ')';
      graph.scrollIntoView({block: 'nearest'});
    });
  });
  clear();
  // #selftest: exercise the handlers in a headless browser (see tests/report).
  if (location.hash === '#selftest' && data.nodes.length) {
    const first = graph.querySelector('g.node');
    if (first) first.dispatchEvent(new MouseEvent('click', {bubbles: true}));
    document.body.dataset.selftest = document.getElementById('selection').textContent;
    const drill = document.getElementById('drill-title');
    if (drill) document.body.dataset.drill = drill.textContent;
    const finding = document.querySelector('tr.finding.linked[data-nodes]');
    if (finding) {
      finding.dispatchEvent(new MouseEvent('click', {bubbles: true}));
      document.body.dataset.findingSelftest = document.getElementById('selection').textContent;
    }
  }
  document.body.dataset.ready = '1';
})();
)";

}  // namespace

const char* report::HtmlReportStyle() { return kStyle; }

std::vector<ReportFinding> ReportFindingsFromLint(const std::vector<LintFinding>& findings) {
  std::vector<ReportFinding> rows;
  rows.reserve(findings.size());
  for (const LintFinding& f : findings) {
    rows.push_back({LintSeverityName(f.severity), f.rule_id + " " + f.rule_name, f.loc, f.message,
                    f.fix});
  }
  return rows;
}

namespace {

// The explanation of each MISSING connection between two nodes of `graph`,
// as `check` prints it: "a -> b: MISSING TCP 80", then its notes.
std::map<std::pair<NodeId, NodeId>, std::vector<std::string>> MissingExplanations(
    const CheckResult& check, const AllowGraph& graph, const Cluster& cluster) {
  std::map<std::pair<NodeId, NodeId>, std::vector<std::string>> out;
  for (const CheckFinding& f : check.findings) {
    if (f.verdict != CheckVerdict::kMissing) continue;
    const std::optional<NodeId> from = graph.FindNode(EndpointName(f.from, cluster));
    const std::optional<NodeId> to = graph.FindNode(EndpointName(f.to, cluster));
    if (!from || !to) continue;
    std::vector<std::string>& lines = out[{*from, *to}];
    lines.push_back(fmt::format("{} -> {}: MISSING {} ({}, {})", EndpointName(f.from, cluster),
                                EndpointName(f.to, cluster), f.offending.ToString(), f.origin,
                                LineRef(f.declared_at)));
    for (const report::CheckNote& note : report::ExplainCheckFinding(f, cluster, check.typo_causes)) {
      lines.push_back(report::CheckNoteLine(note));
    }
  }
  return out;
}

// Graphviz names an edge's <title> after its ends; these edges' titles
// become `titles` (by element id).
std::string TitleEdges(std::string svg, const std::map<std::string, std::string>& titles) {
  for (const auto& [id, text] : titles) {
    const std::size_t at = svg.find("<g id=\"" + id + "\" class=\"edge\">");
    if (at == std::string::npos) continue;
    const std::size_t open = svg.find("<title>", at);
    const std::size_t close = svg.find("</title>", open);
    if (open == std::string::npos || close == std::string::npos) continue;
    svg.replace(open + 7, close - open - 7, Escape(text));
  }
  return svg;
}

// The pod-level graph (with the reasons of every edge in `data_json`) and
// the pod matrix.
Status WritePodSections(const Analysis& analysis, const AllowGraph& graph,
                        const HtmlReportOptions& input, std::ostream& html,
                        std::string* data_json) {
  const Cluster& cluster = analysis.cluster();
  std::ostringstream svg;
  const GraphHighlights highlights =
      input.check ? HighlightsFromCheck(*input.check, cluster) : GraphHighlights{};
  GraphHighlights with_ids = highlights;
  with_ids.element_ids = true;  // the script finds nodes and edges by id
  if (Status drawn = WriteGraphSvg(graph, with_ids, input.layout, svg); !drawn.ok()) return drawn;
  const std::map<std::pair<NodeId, NodeId>, std::vector<std::string>> missing =
      input.check ? MissingExplanations(*input.check, graph, cluster)
                  : std::map<std::pair<NodeId, NodeId>, std::vector<std::string>>{};
  // A missing edge (nothing allowed) is drawn apart, `m<from>_<to>`; its
  // explanation is its SVG <title>, the browser's tooltip, script or not.
  std::map<std::string, std::string> missing_titles;
  for (const auto& [ends, lines] : missing) {
    if (!graph.PortsBetween(ends.first, ends.second).IsEmpty()) continue;
    std::string title;
    for (const std::string& line : lines) title += (title.empty() ? "" : "\n") + line;
    missing_titles[fmt::format("m{}_{}", Index(ends.first), Index(ends.second))] = title;
  }

  std::vector<PodId> pods;
  for (NodeId v : graph.NodeIds()) {
    if (graph.Node(v).endpoint.pod) pods.push_back(*graph.Node(v).endpoint.pod);
  }
  const std::map<PodId, std::vector<std::string>> badges = report::ExposureBadgesOf(analysis, pods);
  auto badges_of = [&](const GraphNode& node) -> const std::vector<std::string>* {
    if (!node.endpoint.pod) return nullptr;
    const auto found = badges.find(*node.endpoint.pod);
    return found == badges.end() ? nullptr : &found->second;
  };

  nlohmann::ordered_json data = {{"nodes", nlohmann::ordered_json::array()},
                                 {"edges", nlohmann::ordered_json::array()}};
  for (NodeId v : graph.NodeIds()) {
    const GraphNode& node = graph.Node(v);
    nlohmann::ordered_json node_json = {{"id", node.id}, {"kind", NodeKindName(node.kind)}};
    if (const std::vector<std::string>* list = badges_of(node)) node_json["exposure"] = *list;
    data["nodes"].push_back(std::move(node_json));
    for (const GraphEdge& e : graph.OutEdges(v)) {
      const Verdict verdict = analysis.evaluator().Evaluate(node.endpoint, graph.Node(e.to).endpoint);
      nlohmann::ordered_json edge = {{"from", Index(v)},
                                     {"to", Index(e.to)},
                                     // L7-filtered ports marked: "TCP 80 (L7: http)".
                                     {"ports", PortsWithL7(e.ports, graph.L7Between(v, e.to))},
                                     {"egress", SideReasons(verdict.egress, cluster)},
                                     {"ingress", SideReasons(verdict.ingress, cluster)}};
      // Some declared ports allowed, others MISSING: the edge is drawn, and
      // its tooltip says what is missing and why.
      if (auto it = missing.find({v, e.to}); it != missing.end()) edge["missing"] = it->second;
      data["edges"].push_back(std::move(edge));
    }
  }
  *data_json = report::DumpJson(data);

  html << "<section id=\"graph-section\"><h2>Allow-graph</h2>\n<p id=\"selection\" class=\"muted\"></p>\n"
       << "<p id=\"selection-exposure\" class=\"muted\"></p>\n"
       << "<div id=\"graph\">" << TitleEdges(InlineSvg(svg.str()), missing_titles) << "</div>\n";
  if (input.check) {
    html << "<p class=\"legend muted\"><span style=\"color:#d9480f\">&#9644; allowed but not "
            "intended</span><span style=\"color:#c92a2a\">- - intended but denied</span></p>\n";
  }
  html << "</section>\n<div id=\"tooltip\"></div>\n";
  if (!badges.empty()) {
    // The same badges without the script: which workloads anyone may reach.
    html << "<section id=\"exposure-section\"><h2>Exposure</h2>\n<p class=\"muted\">Workloads "
            "reachable from every pod of the cluster or from outside it, by pods and addresses "
            "that exist today or not yet (see <code>netpol exposure</code>); outlined in orange in "
            "the graph.</p>\n<ul class=\"exposure\">\n";
    for (NodeId v : graph.NodeIds()) {
      const std::vector<std::string>* list = badges_of(graph.Node(v));
      if (list == nullptr) continue;
      html << "<li><b>" << Escape(graph.Node(v).id) << "</b>";
      for (const std::string& badge : *list) html << " <span class=\"badge exposure\">" << Escape(badge) << "</span>";
      html << "</li>\n";
    }
    html << "</ul>\n</section>\n";
  }

  // The reachability matrix, pods only.
  std::vector<NodeId> pod_nodes;
  for (NodeId v : graph.NodeIds()) {
    if (graph.Node(v).kind == NodeKind::kPod) pod_nodes.push_back(v);
  }
  html << "<section id=\"matrix\"><h2>Reachability matrix</h2>\n<p class=\"muted\">Rows are sources, "
          "columns destinations (numbered as the rows); a cell lists the allowed ports.</p>\n"
          "<table class=\"matrix\"><tr><th>from \\ to</th>";
  for (std::size_t j = 0; j < pod_nodes.size(); ++j) {
    html << "<th title=\"" << Escape(graph.Node(pod_nodes[j]).id) << "\">" << j + 1 << "</th>";
  }
  html << "</tr>\n";
  for (std::size_t i = 0; i < pod_nodes.size(); ++i) {
    html << "<tr><th>" << i + 1 << ". " << Escape(graph.Node(pod_nodes[i]).id) << "</th>";
    for (NodeId to : pod_nodes) {
      if (to == pod_nodes[i]) {
        html << "<td class=\"self\">-</td>";
        continue;
      }
      if (!graph.Node(pod_nodes[i]).selected && !graph.Node(to).selected) {
        html << "<td class=\"self\" title=\"neither pod selected\"></td>";
        continue;
      }
      const PortSet ports = graph.PortsBetween(pod_nodes[i], to);
      if (ports.IsEmpty()) {
        html << "<td class=\"deny\">&#10007;</td>";
      } else {
        html << "<td class=\"allow\" title=\""
             << Escape(PortsWithL7(ports, graph.L7Between(pod_nodes[i], to))) << "\">&#10003;</td>";
      }
    }
    html << "</tr>\n";
  }
  html << "</table></section>\n";
  return Status::Ok();
}

// Lines joined for a table cell, escaped.
std::string CellLines(const std::vector<std::string>& lines) {
  std::string cell;
  for (const std::string& line : lines) cell += (cell.empty() ? "" : "<br>") + Escape(line);
  return cell;
}

// The intent check, one row per finding: for MISSING which side blocks it
// (by which policies or cluster-scoped rules) and the fix, for UNEXPECTED
// the rules that allow it: `check`'s own notes (check_explanation.h).
void WriteCheckSection(const CheckResult& check, const Cluster& cluster, std::ostream& html) {
  html << fmt::format("<section id=\"check\"><h2>Intent check</h2>\n<p>{} ok, {} MISSING, {} "
                      "UNEXPECTED: the intent <b>{}</b>.</p>\n",
                      check.Count(CheckVerdict::kOk), check.Count(CheckVerdict::kMissing),
                      check.Count(CheckVerdict::kUnexpected),
                      check.Holds() ? "holds" : "does not hold");
  html << "<table><tr><th>verdict</th><th>connection</th><th>ports</th><th>declared</th>"
          "<th>blocked by / allowed by</th><th>fix</th></tr>\n";
  for (const CheckFinding& f : check.findings) {
    const PortSet& shown = f.verdict == CheckVerdict::kOk ? f.declared : f.offending;
    std::vector<std::string> why, fixes;
    for (const report::CheckNote& note : report::ExplainCheckFinding(f, cluster, check.typo_causes)) {
      using Kind = report::CheckNote::Kind;
      switch (note.kind) {
        case Kind::kBlocked: why.push_back(note.side + ": isolated by " + note.by); break;
        case Kind::kDenied: why.push_back(note.side + ": denied by " + note.by); break;
        case Kind::kNoCommonFamily: why.push_back(note.text); break;
        case Kind::kAllowedBy: why.push_back(note.text); break;
        case Kind::kFix: fixes.push_back(note.text); break;
        case Kind::kLikelyCause: why.push_back("likely cause: " + note.text); break;
        case Kind::kLikelySideCause: why.push_back(note.side + ": likely cause: " + note.text); break;
        case Kind::kClosest: case Kind::kFineSide: break;
      }
    }
    html << fmt::format("<tr><td class=\"verdict-{0}\">{0}</td><td>{1} &rarr; {2}</td><td>{3}</td>"
                        "<td>{4}</td><td class=\"why\">{5}</td><td class=\"fix\">{6}</td></tr>\n",
                        CheckVerdictName(f.verdict), Escape(EndpointName(f.from, cluster)),
                        Escape(EndpointName(f.to, cluster)), Escape(shown.ToString()),
                        Escape(f.origin + (f.origin == "undeclared" ? "" : ", " + LineRef(f.declared_at))),
                        CellLines(why), CellLines(fixes));
  }
  html << "</table></section>\n";
}

// How serious, most serious first; unknown names last.
int SeverityRank(const std::string& severity) {
  if (severity == "error") return 0;
  if (severity == "warning") return 1;
  if (severity == "info") return 2;
  return 3;
}

// "2 lint findings: 1 error, 1 warning, 0 info": lint's summary line.
std::string FindingsSummary(const std::vector<ReportFinding>& findings) {
  if (findings.empty()) return "no lint findings";  // lint: "no findings"
  int counts[4] = {0, 0, 0, 0};
  for (const ReportFinding& f : findings) ++counts[SeverityRank(f.severity)];
  return fmt::format("{} lint finding{}: {} error{}, {} warning{}, {} info", findings.size(),
                     findings.size() == 1 ? "" : "s", counts[0], counts[0] == 1 ? "" : "s",
                     counts[1], counts[1] == 1 ? "" : "s", counts[2]);
}

// The lint findings, grouped by severity. A row whose location is in an
// object with pods in the graph is linked: a click highlights those pods
// (pod-level graph) or opens the object's namespace (grouped report).
void WriteFindingsSection(const std::vector<ReportFinding>& findings, const Analysis& analysis,
                          const AllowGraph* pod_graph, std::ostream& html) {
  const Cluster& cluster = analysis.cluster();
  const report::FindingTargets targets(cluster, analysis.evaluator());
  html << "<section id=\"findings\"><h2>Lint findings</h2>\n<p id=\"findings-summary\">"
       << Escape(FindingsSummary(findings)) << " (as <code>netpol lint</code> reports them"
       << (findings.empty() ? "" : "; click a linked row to highlight its pods") << ").</p>\n";
  std::vector<const ReportFinding*> sorted;
  for (const ReportFinding& f : findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(), [](const ReportFinding* a, const ReportFinding* b) {
    return SeverityRank(a->severity) < SeverityRank(b->severity);
  });
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t end = i;
    while (end < sorted.size() && sorted[end]->severity == sorted[i]->severity) ++end;
    const std::string& severity = sorted[i]->severity;
    const bool plural = end - i != 1 && severity != "info";
    html << fmt::format("<h3 class=\"sev-{0}\">{1} {0}{2}</h3>\n<table class=\"findings\" data-severity=\"{0}\">"
                        "<tr><th>severity</th><th>rule</th><th>location</th><th>object</th><th>message</th>"
                        "<th>fix</th></tr>\n",
                        Escape(severity), end - i, plural ? "s" : "");
    for (; i < end; ++i) {
      const ReportFinding& f = *sorted[i];
      const std::optional<report::FindingTarget> target = targets.At(f.loc);
      std::string attrs;
      if (target) {
        std::string nodes;
        if (pod_graph) {
          for (PodId pod : target->pods) {
            const std::optional<NodeId> node =
                pod_graph->FindNode(EndpointName(Endpoint::ForPod(pod), cluster));
            if (node) nodes += (nodes.empty() ? "n" : " n") + std::to_string(Index(*node));
          }
        }
        if (!nodes.empty()) {
          attrs = fmt::format(" class=\"finding linked\" data-nodes=\"{}\"", nodes);
        } else if (!pod_graph && !target->namespace_name.empty()) {
          attrs = fmt::format(" class=\"finding linked\" data-ns=\"{}\"", Escape(target->namespace_name));
        } else {
          attrs = " class=\"finding\"";
        }
        attrs += fmt::format(" data-target=\"{}\"", Escape(target->object));
      } else {
        attrs = " class=\"finding\"";
      }
      html << fmt::format("<tr{0}><td class=\"sev-{1}\">{1}</td><td>{2}</td><td>{3}</td><td>{4}</td>"
                          "<td>{5}</td><td>{6}</td></tr>\n",
                          attrs, Escape(f.severity), Escape(f.rule), Escape(f.loc.ToString()),
                          target ? Escape(target->object) : "", Escape(f.message), Escape(f.fix));
    }
    html << "</table>\n";
  }
  html << "</section>\n";
}

// The grouping level of the report, or nullopt for every pod. A filter
// (-n, -l, --focus) selects pods, so the report of a selection is drawn pod
// by pod: a group would mix selected and unselected pods.
Result<std::optional<GroupBy>> ReportLevel(const Analysis& analysis,
                                           const std::optional<AllowGraph>& filtered,
                                           const HtmlReportOptions& input) {
  if (filtered) {
    if (input.by && *input.by != GroupBy::kPod) {
      return Status::InvalidArgument(fmt::format(
          "-n, -l and --focus select pods; they do not combine with --by {} (a group holds "
          "selected and unselected pods)", GroupByName(*input.by)));
    }
    const std::size_t nodes = filtered->NodeCount();
    if (!input.by && nodes > input.max_nodes) {
      return Status::InvalidArgument(fmt::format(
          "the selection's graph has {} nodes, more than --max-nodes {}; narrow -n/-l/--focus, "
          "raise --max-nodes, or add --by pod to draw it anyway", nodes, input.max_nodes));
    }
    return std::optional<GroupBy>();
  }
  using Level = std::optional<GroupBy>;
  if (input.by) {
    if (*input.by == GroupBy::kPod) return Level();
    return Level(input.by);
  }
  const GroupBy level = ChooseDrawingLevel(analysis.class_graph(), analysis.cluster(), input.max_nodes);
  if (level == GroupBy::kPod) return Level();
  return Level(level);
}

}  // namespace

Status WriteHtmlReport(const Analysis& analysis, const HtmlReportOptions& input,
                       std::ostream& out) {
  const Cluster& cluster = analysis.cluster();
  const ClassGraph& classes = analysis.class_graph();
  // With a filter, only the part shown is expanded from the class graph.
  std::optional<AllowGraph> filtered;
  if (!input.filter.SelectsEverything()) {
    filtered = BuildAllowGraph(classes, cluster, input.filter);
  }
  const Result<std::optional<GroupBy>> chosen = ReportLevel(analysis, filtered, input);
  if (!chosen.ok()) return chosen.status();
  const std::optional<GroupBy> level = *chosen;
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
       << Escape(input.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n"
       << "<body data-ready=\"0\">\n<h1>" << Escape(input.title) << "</h1>\n";
  std::string inputs;
  for (const std::string& path : input.inputs) inputs += (inputs.empty() ? "" : ", ") + path;
  std::size_t endpoints = cluster.pods.size() + classes.blocks.size();
  std::size_t pods = cluster.pods.size();
  std::uint64_t connections = classes.EndpointPairCount();
  if (filtered) {  // what the page shows
    endpoints = filtered->NodeCount();
    pods = 0;
    for (NodeId v : filtered->NodeIds()) pods += filtered->Node(v).kind == NodeKind::kPod;
    connections = filtered->EdgeCount();
  }
  std::string lint_summary;
  if (input.lint_ran || !input.findings.empty()) {
    lint_summary = " &middot; <a href=\"#findings\">" + Escape(FindingsSummary(input.findings)) + "</a>";
  }
  html << fmt::format("<p class=\"muted\">{} &middot; {} endpoints ({} pods), {} allowed "
                      "connections{} &middot; netpol {}</p>\n",
                      Escape(inputs), endpoints, pods, connections, lint_summary, Version());

  std::string data_json;
  if (!level) {
    const AllowGraph& graph = filtered ? *filtered : analysis.allow_graph();
    if (Status written = WritePodSections(analysis, graph, input, html, &data_json); !written.ok()) {
      return written;
    }
  } else {
    report::WriteGroupedSections(analysis, input, *level, html, &data_json);
  }
  if (input.check) WriteCheckSection(*input.check, cluster, html);
  if (input.lint_ran || !input.findings.empty()) {
    const AllowGraph* pod_graph = level ? nullptr : filtered ? &*filtered : &analysis.allow_graph();
    WriteFindingsSection(input.findings, analysis, pod_graph, html);
  }
  html << "<script type=\"application/json\" id=\"netpol-data\">" << report::ScriptSafeJson(data_json)
       << "</script>\n";
  if (level) report::WriteGroupedScripts(html);
  html << "<script>" << kScript << "</script>\n</body>\n</html>\n";
  out << html.str();
  return Status::Ok();
}

NETPOL_NAMESPACE_END
