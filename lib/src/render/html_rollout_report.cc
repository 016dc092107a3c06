// WriteRolloutHtmlReport: the rollout's stages drawn on one shared layout
// (see netpol/html_rollout_report.h).
#include "netpol/html_rollout_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "netpol/check_output.h"
#include "netpol/rollout_output.h"
#include "netpol/version.h"
#include "render/html_support.h"
#include "report/rule_text.h"
#include "render/svg_render.h"
#include "report/dot_quote.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using report::DotQuote;

using report::Escape;
using report::LineRef;

// Every node and edge of every state, by id, with what each state has.
struct UnionGraph {
  struct Node {
    std::string id;
    NodeKind kind = NodeKind::kPod;
    std::string namespace_name;
    std::vector<bool> present;  // per state
  };
  struct Edge {
    std::size_t from = 0;
    std::size_t to = 0;
    std::vector<std::optional<PortSet>> ports;  // per state; nullopt: not allowed
  };
  // An intended connection that is denied (nothing allowed) in some stage.
  struct Missing {
    std::size_t from = 0;
    std::size_t to = 0;
    std::vector<bool> shown;  // per state
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<Missing> missing;
  std::map<std::string, std::size_t> node_index;
};

UnionGraph BuildUnion(const RolloutReport& report) {
  const std::size_t states = report.graphs.size();
  UnionGraph u;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> edge_index;
  for (std::size_t s = 0; s < states; ++s) {
    const AllowGraph& g = report.graphs[s];
    std::vector<std::size_t> local(g.NodeCount());
    for (NodeId v : g.NodeIds()) {
      const GraphNode& node = g.Node(v);
      auto [it, added] = u.node_index.emplace(node.id, u.nodes.size());
      if (added) {
        u.nodes.push_back({node.id, node.kind, node.namespace_name, std::vector<bool>(states)});
      }
      u.nodes[it->second].present[s] = true;
      local[Index(v)] = it->second;
    }
    for (const GraphEdge& e : g.Edges()) {
      const auto key = std::make_pair(local[Index(e.from)], local[Index(e.to)]);
      auto [it, added] = edge_index.emplace(key, u.edges.size());
      if (added) {
        u.edges.push_back({key.first, key.second, std::vector<std::optional<PortSet>>(states)});
      }
      u.edges[it->second].ports[s] = e.ports;
    }
  }
  // Intended connections that do not hold and have nothing allowed, where
  // no allow-edge exists in that stage or the one before (a connection the
  // stage newly denied is drawn as that removed edge).
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> missing_index;
  for (const RolloutStep& step : report.steps) {
    const std::size_t s = step.stage + 1;
    for (const IntendedConnection& c : step.intended) {
      if (c.holds || !c.allowed.IsEmpty()) continue;
      const auto from = u.node_index.find(c.from);
      const auto to = u.node_index.find(c.to);
      if (from == u.node_index.end() || to == u.node_index.end()) continue;
      const auto key = std::make_pair(from->second, to->second);
      if (auto e = edge_index.find(key);
          e != edge_index.end() && (u.edges[e->second].ports[s - 1] || u.edges[e->second].ports[s])) {
        continue;
      }
      auto [it, added] = missing_index.emplace(key, u.missing.size());
      if (added) u.missing.push_back({key.first, key.second, std::vector<bool>(states)});
      u.missing[it->second].shown[s] = true;
    }
  }
  return u;
}

// The union as DOT, drawn as WriteGraphDot draws one graph (namespaces as
// clusters, blocks as dashed ellipses). Ids: node n<i>, edge e<i>, missing
// m<i>, namespace c<i>. An edge's label is its longest ports text over the
// states, so the layout leaves room for every stage's label.
std::string UnionDot(const UnionGraph& u) {
  std::ostringstream dot;
  // newrank: Graphviz 2.42's dot corrupts its heap on graphs with clusters
  // and edge labels under the default cluster ranking (see graph_output.cc).
  dot << "digraph netpol_rollout {\n"
         "  rankdir=LR;\n"
         "  newrank=true;\n"
         "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::map<std::string, std::vector<std::size_t>> by_namespace;
  for (std::size_t i = 0; i < u.nodes.size(); ++i) {
    if (u.nodes[i].kind == NodeKind::kPod) by_namespace[u.nodes[i].namespace_name].push_back(i);
  }
  std::size_t cluster = 0;
  for (const auto& [ns, members] : by_namespace) {
    dot << "  subgraph " << DotQuote("cluster_" + ns) << " {\n"
        << "    label=" << DotQuote(ns) << "; id=\"c" << cluster++ << "\";\n";
    for (std::size_t i : members) {
      const std::string label = u.nodes[i].id.substr(ns.size() + 1);
      dot << "    " << DotQuote(u.nodes[i].id) << " [label=" << DotQuote(label) << ", id=\"n" << i
          << "\"];\n";
    }
    dot << "  }\n";
  }
  for (std::size_t i = 0; i < u.nodes.size(); ++i) {
    if (u.nodes[i].kind != NodeKind::kIpBlock) continue;
    dot << "  " << DotQuote(u.nodes[i].id) << " [shape=ellipse, style=dashed, id=\"n" << i
        << "\"];\n";
  }
  for (std::size_t i = 0; i < u.edges.size(); ++i) {
    const UnionGraph::Edge& e = u.edges[i];
    std::string label;
    for (const auto& ports : e.ports) {
      if (ports && ports->ToString().size() > label.size()) label = ports->ToString();
    }
    dot << "  " << DotQuote(u.nodes[e.from].id) << " -> " << DotQuote(u.nodes[e.to].id)
        << " [label=" << DotQuote(label) << ", id=\"e" << i << "\"];\n";
  }
  for (std::size_t i = 0; i < u.missing.size(); ++i) {
    const UnionGraph::Missing& m = u.missing[i];
    dot << "  " << DotQuote(u.nodes[m.from].id) << " -> " << DotQuote(u.nodes[m.to].id)
        << " [label=\"intended\", style=dashed, id=\"m" << i << "\"];\n";
  }
  dot << "}\n";
  return dot.str();
}

// What one stage does to one drawn element: its classes and, for edges, the
// label it shows in that stage.
struct Mark {
  std::string classes;
  std::optional<std::string> label;
};

// What stage `s` (state s against state s - 1) does to each element of the
// union, by element id.
class StageMarks {
 public:
  StageMarks(const UnionGraph& u, const RolloutStep& step)
      : u_(u), s_(step.stage + 1) {
    for (const IntendedConnection& c : step.broken) broken_.insert({c.from, c.to});
  }

  Mark For(const std::string& id) const {
    // Graphviz's own groups (graph0, clust1) keep their classes.
    if (id.size() < 2 || !std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return {};
    }
    const std::size_t i = std::stoul(id.substr(1));
    switch (id[0]) {
      case 'n': return NodeMark(i);
      case 'e': return EdgeMark(i);
      case 'm': return {u_.missing.at(i).shown[s_] ? "st-missing" : "st-absent", std::nullopt};
      case 'c': return ClusterMark(i);
      default: return {};
    }
  }

 private:
  Mark NodeMark(std::size_t i) const {
    const UnionGraph::Node& n = u_.nodes.at(i);
    if (n.present[s_]) return {n.present[s_ - 1] ? "st-present" : "st-present st-added", std::nullopt};
    return {n.present[s_ - 1] ? "st-gone" : "st-absent", std::nullopt};
  }

  Mark EdgeMark(std::size_t i) const {
    const UnionGraph::Edge& e = u_.edges.at(i);
    const auto& before = e.ports[s_ - 1];
    const auto& after = e.ports[s_];
    std::string classes;
    std::optional<std::string> label;
    if (before && after) {
      classes = *before == *after ? "st-kept" : "st-changed";
      label = after->ToString();
    } else if (after) {
      classes = "st-new";
      label = after->ToString();
    } else if (before) {
      classes = "st-removed";
      label = before->ToString();
    } else {
      return {"st-absent", std::nullopt};
    }
    if (broken_.count({u_.nodes[e.from].id, u_.nodes[e.to].id})) classes += " st-broken";
    return {classes, label};
  }

  // A namespace box is drawn while one of its pods is.
  Mark ClusterMark(std::size_t i) const {
    std::map<std::string, bool> shown;
    for (const UnionGraph::Node& n : u_.nodes) {
      if (n.kind != NodeKind::kPod) continue;
      shown[n.namespace_name] = shown[n.namespace_name] || n.present[s_] || n.present[s_ - 1];
    }
    auto it = shown.begin();
    std::advance(it, std::min(i, shown.size()));
    return {it != shown.end() && it->second ? "st-present" : "st-absent", std::nullopt};
  }

  const UnionGraph& u_;
  const std::size_t s_;
  std::set<std::pair<std::string, std::string>> broken_;
};

// A copy of Graphviz's SVG for one stage: each group's id gets `prefix`
// (ids stay unique on the page), its class gets the stage's marks, and an
// edge's label shows the stage's ports.
std::string StageSvg(const std::string& svg, const std::string& prefix, const StageMarks& marks) {
  std::string out;
  out.reserve(svg.size() + svg.size() / 8);
  const std::string open = "<g id=\"";
  std::size_t pos = 0;
  for (std::size_t at; (at = svg.find(open, pos)) != std::string::npos;) {
    const std::size_t id_start = at + open.size();
    const std::size_t id_end = svg.find('"', id_start);
    if (id_end == std::string::npos) break;
    const std::string id = svg.substr(id_start, id_end - id_start);
    out.append(svg, pos, id_start - pos);
    out += prefix + id;
    pos = id_end;
    const Mark mark = marks.For(id);
    const std::string class_attr = "\" class=\"";
    if (mark.classes.empty() || svg.compare(id_end, class_attr.size(), class_attr) != 0) continue;
    const std::size_t class_end = svg.find('"', id_end + class_attr.size());
    if (class_end == std::string::npos) break;
    out.append(svg, pos, class_end - pos);
    out += " " + mark.classes;
    pos = class_end;
    if (!mark.label) continue;
    // The edge's label: the content of the first <text> before the group ends.
    const std::size_t group_end = svg.find("</g>", pos);
    const std::size_t text = svg.find("<text", pos);
    if (text == std::string::npos || text > group_end) continue;
    const std::size_t content = svg.find('>', text);
    const std::size_t content_end = svg.find("</text>", content);
    if (content == std::string::npos || content_end == std::string::npos) continue;
    out.append(svg, pos, content + 1 - pos);
    out += Escape(*mark.label);
    pos = content_end;
  }
  out.append(svg, pos, std::string::npos);
  return out;
}

std::string ShortName(const std::string& stage) {
  if (stage.starts_with("--")) return stage;
  std::string name = stage;
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  const std::size_t slash = name.find_last_of('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string Plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The intended connections of one stage, with what the stage did to each.
void WriteIntentTable(const RolloutStep& step, std::ostream& html) {
  std::set<std::string> broken, restored;
  for (const IntendedConnection& c : step.broken) broken.insert(c.Key());
  for (const IntendedConnection& c : step.restored) restored.insert(c.Key());
  std::vector<IntendedConnection> rows = step.intended;
  // A connection broken because an end is gone is no longer judged; show it.
  for (const IntendedConnection& c : step.broken) {
    if (std::none_of(rows.begin(), rows.end(),
                     [&](const IntendedConnection& r) { return r.Key() == c.Key(); })) {
      rows.push_back(c);
    }
  }
  if (rows.empty()) {
    html << "<p class=\"muted\">No intended connection is judged yet: their endpoints do not exist "
            "in this state.</p>\n";
    return;
  }
  html << "<table class=\"intent\"><tr><th>status</th><th>connection</th><th>intended</th>"
          "<th>allowed now</th><th>declared</th></tr>\n";
  for (const IntendedConnection& c : rows) {
    std::string status, css;
    if (broken.count(c.Key())) {
      status = "BROKEN by this stage";
      css = "broken";
    } else if (restored.count(c.Key())) {
      status = "holds again (restored)";
      css = "restored";
    } else if (c.holds) {
      status = "holds";
      css = "holds";
    } else {
      status = "does not hold";
      css = "fails";
    }
    html << fmt::format(
        "<tr class=\"intent-{}\"><td>{}</td><td>{} &rarr; {}</td><td>{}</td><td>{}</td><td>{}, "
        "{}</td></tr>\n",
        css, status, Escape(c.from), Escape(c.to), Escape(c.declared.ToString()),
        Escape(c.allowed.IsEmpty() ? "nothing" : c.allowed.ToString()), Escape(c.origin),
        Escape(LineRef(c.declared_at)));
  }
  html << "</table>\n";
}

const char* const kStageStyle = R"(
#stage-tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 16px 0 4px; }
#stage-tabs a { padding: 6px 12px; border: 1px solid #ced4da; border-radius: 6px 6px 0 0;
  text-decoration: none; color: #1971c2; background: #f8f9fa; }
#stage-tabs a[aria-selected="true"] { background: #1971c2; color: #fff; border-color: #1971c2; }
#stage-tabs a:focus-visible { outline: 3px solid #74c0fc; outline-offset: 1px; }
#stage-slider-row label { margin-right: 8px; } #stage-slider { width: 320px; vertical-align: middle; }
section.stage { border-top: 1px solid #dee2e6; padding-top: 4px; }
.stage-graph svg { max-width: 100%; max-height: 80vh; width: auto; height: auto; border: 1px solid #dee2e6; border-radius: 6px; }
.stage-graph .st-absent { display: none; }
.stage-graph g.node.st-gone { opacity: 0.35; }
.stage-graph g.node.st-added path, .stage-graph g.node.st-added polygon, .stage-graph g.node.st-added ellipse { stroke: #2b8a3e; stroke-width: 2; }
.stage-graph g.edge.st-kept path { stroke: #adb5bd; }
.stage-graph g.edge.st-kept polygon { stroke: #adb5bd; fill: #adb5bd; }
.stage-graph g.edge.st-kept text { fill: #868e96; }
.stage-graph g.edge.st-new path { stroke: #2b8a3e; stroke-width: 2.5; }
.stage-graph g.edge.st-new polygon { stroke: #2b8a3e; fill: #2b8a3e; }
.stage-graph g.edge.st-new text { fill: #2b8a3e; font-weight: bold; }
.stage-graph g.edge.st-changed path { stroke: #e67700; stroke-width: 2.5; }
.stage-graph g.edge.st-changed polygon { stroke: #e67700; fill: #e67700; }
.stage-graph g.edge.st-changed text { fill: #e67700; font-weight: bold; }
.stage-graph g.edge.st-removed path { stroke: #c92a2a; stroke-width: 2; stroke-dasharray: 7 4; }
.stage-graph g.edge.st-removed polygon { stroke: #c92a2a; fill: #fff; }
.stage-graph g.edge.st-removed text { fill: #c92a2a; text-decoration: line-through; }
.stage-graph g.edge.st-broken path { stroke-width: 4; }
.stage-graph g.edge.st-missing path { stroke: #c92a2a; stroke-dasharray: 2 3; }
.stage-graph g.edge.st-missing polygon { stroke: #c92a2a; fill: none; }
.stage-graph g.edge.st-missing text { fill: #c92a2a; }
.legend .new { color: #2b8a3e; font-weight: bold; } .legend .removed { color: #c92a2a; }
.legend .changed { color: #e67700; } .legend .kept { color: #868e96; }
pre.changes { background: #f8f9fa; border: 1px solid #dee2e6; border-radius: 6px; padding: 8px; overflow-x: auto; font-size: 12px; }
tr.intent-broken td:first-child, .verdict-bad { color: #c92a2a; font-weight: bold; }
tr.intent-restored td:first-child, tr.intent-holds td:first-child, .verdict-good { color: #2b8a3e; }
tr.intent-restored td:first-child { font-weight: bold; } tr.intent-fails td:first-child { color: #c92a2a; }
)";

// Tabs and a slider over the stage sections; without the script every stage
// is shown and the tabs are links to them. #selftest walks the stages with
// the keyboard and the slider and records what each shows (tests/report).
const char* const kStageScript = R"(
(function () {
  const tabs = Array.prototype.slice.call(document.querySelectorAll('#stage-tabs [role="tab"]'));
  const panels = tabs.map(function (t) { return document.getElementById(t.getAttribute('aria-controls')); });
  const slider = document.getElementById('stage-slider');
  function show(i, focus) {
    tabs.forEach(function (t, j) {
      t.setAttribute('aria-selected', j === i ? 'true' : 'false');
      t.tabIndex = j === i ? 0 : -1;
      panels[j].hidden = j !== i;
    });
    slider.value = String(i + 1);
    document.getElementById('stage-slider-value').textContent = tabs[i].textContent;
    if (focus) tabs[i].focus();
    document.body.dataset.stage = String(i + 1);
  }
  tabs.forEach(function (t, i) {
    t.addEventListener('click', function (ev) {
      ev.preventDefault();
      show(i, false);
      history.replaceState(null, '', '#stage-' + (i + 1));
    });
    t.addEventListener('keydown', function (ev) {
      const keys = {ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: tabs.length - 1};
      if (!(ev.key in keys)) return;
      ev.preventDefault();
      show((keys[ev.key] + tabs.length) % tabs.length, true);
    });
  });
  slider.addEventListener('input', function () { show(Number(slider.value) - 1, false); });
  document.getElementById('stage-slider-row').hidden = false;
  document.getElementById('stage-tabs').setAttribute('role', 'tablist');
  // A link to #stage-N opens that stage, with the selector in view.
  const wanted = /^#stage-(\d+)$/.exec(location.hash);
  if (wanted && Number(wanted[1]) >= 1 && Number(wanted[1]) <= tabs.length) {
    show(Number(wanted[1]) - 1, false);
    // After the browser's own jump to the fragment, which comes late.
    window.addEventListener('load', function () { setTimeout(function () { window.scrollTo(0, 0); }, 0); });
  } else {
    show(0, false);
  }
  function visible(el) { return el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none'; }
  function snapshot() {
    const shown = panels.filter(visible);
    const state = {stage: Number(document.body.dataset.stage), panels: shown.length, edges: {}};
    shown.forEach(function (panel) {
      panel.querySelectorAll('g.edge').forEach(function (el) {
        if (!visible(el)) return;
        const kind = ['st-new', 'st-removed', 'st-changed', 'st-kept', 'st-missing'].filter(function (c) { return el.classList.contains(c); })[0] || 'other';
        (state.edges[kind] = state.edges[kind] || []).push(el.querySelector('title').textContent);
      });
    });
    Object.keys(state.edges).forEach(function (k) { state.edges[k].sort(); });
    return state;
  }
  if (location.hash === '#selftest') {
    const result = {stages: [snapshot()]};
    tabs[0].focus();
    for (let i = 1; i < tabs.length; ++i) {
      const selected = tabs.filter(function (t) { return t.getAttribute('aria-selected') === 'true'; })[0];
      selected.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
      result.stages.push(snapshot());
    }
    slider.value = '1';
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    result.afterSlider = snapshot().stage;
    document.body.dataset.selftest = JSON.stringify(result);
  }
  document.body.dataset.ready = '1';
})();
)";

}  // namespace

Status WriteRolloutHtmlReport(const RolloutReport& report, const RolloutHtmlOptions& options,
                              std::ostream& out) {
  if (report.graphs.size() != report.steps.size() + 1) {
    return Status::InvalidArgument(
        "the rollout's graphs were not kept: run it with RolloutOptions::keep_graphs");
  }
  const UnionGraph u = BuildUnion(report);
  std::string svg, error;
  if (!RenderDotToSvg(UnionDot(u), &svg, &error)) return Status::Unavailable(error);
  svg = report::InlineSvg(svg);

  const bool with_intent = report.final_check.has_value();
  const std::size_t n = report.steps.size();
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
       << Escape(options.title) << "</title>\n<style>" << report::HtmlReportStyle() << kStageStyle
       << "</style>\n</head>\n<body data-ready=\"0\">\n<h1>" << Escape(options.title) << "</h1>\n";
  std::string inputs;
  for (const std::string& path : options.inputs) inputs += (inputs.empty() ? "" : ", ") + path;
  html << fmt::format("<p class=\"muted\">{}{}{} applied one after another &middot; netpol {}</p>\n",
                      Escape(inputs), inputs.empty() ? "" : " &middot; ", Plural(n, "stage"),
                      Version());
  html << fmt::format("<p id=\"verdict\" class=\"{}\"><b>{}</b></p>\n",
                      report.Holds() ? "verdict-good" : "verdict-bad", Escape(RolloutVerdict(report)));

  html << "<nav id=\"stage-tabs\" aria-label=\"Stages\">\n";
  for (const RolloutStep& step : report.steps) {
    html << fmt::format(
        "<a role=\"tab\" id=\"tab-{0}\" href=\"#stage-{0}\" aria-controls=\"stage-{0}\" "
        "title=\"{2}\">{0}. {1}</a>\n",
        step.stage + 1, Escape(ShortName(step.name)), Escape(step.name));
  }
  html << "</nav>\n";
  html << fmt::format(
      "<p id=\"stage-slider-row\" hidden><label for=\"stage-slider\">Stage</label><input "
      "type=\"range\" id=\"stage-slider\" min=\"1\" max=\"{}\" step=\"1\" value=\"1\"> <span "
      "id=\"stage-slider-value\" class=\"muted\"></span></p>\n",
      n);
  html << "<p class=\"legend muted\">Each stage against the state before it: <span class=\"new\">"
          "&#9644; newly allowed</span><span class=\"removed\">- - newly denied</span><span "
          "class=\"changed\">&#9644; ports changed</span><span class=\"kept\">&#9644; "
          "unchanged</span>";
  if (with_intent) {
    html << "<span class=\"removed\">&#8943; intended but denied</span>A thick edge is an "
            "intended connection this stage breaks. ";
  } else {
    html << " ";
  }
  html << "Nodes keep their place in every stage.</p>\n";

  for (const RolloutStep& step : report.steps) {
    const std::size_t s = step.stage + 1;
    std::size_t added = 0, removed = 0, changed = 0;
    for (const UnionGraph::Edge& e : u.edges) {
      if (e.ports[s] && !e.ports[s - 1]) ++added;
      if (!e.ports[s] && e.ports[s - 1]) ++removed;
      if (e.ports[s] && e.ports[s - 1] && *e.ports[s] != *e.ports[s - 1]) ++changed;
    }
    html << fmt::format(
        "<section class=\"stage\" id=\"stage-{0}\" role=\"tabpanel\" aria-labelledby=\"tab-{0}\">\n"
        "<h2>Stage {0}/{1}: {2}</h2>\n<p class=\"summary\">{3} newly allowed, {4} newly denied, "
        "{5} with other ports; {6} allowed in this state",
        s, n, Escape(step.name), added, removed, changed,
        Plural(report.graphs[s].EdgeCount(), "connection"));
    if (with_intent) {
      html << fmt::format("; intent: {} broken, {} restored", step.broken.size(),
                          step.restored.size());
    }
    html << ".</p>\n<div class=\"stage-graph\">"
         << StageSvg(svg, fmt::format("s{}-", s), StageMarks(u, step)) << "</div>\n";
    std::ostringstream changes;
    WriteRolloutStepText(step, false, changes);
    html << "<h3>What this stage changed</h3>\n<pre class=\"changes\">" << Escape(changes.str())
         << "</pre>\n";
    if (with_intent) {
      html << "<h3>Intended connections after this stage</h3>\n";
      WriteIntentTable(step, html);
    }
    html << "</section>\n";
  }

  if (with_intent) {
    std::ostringstream check;
    WriteCheckText(*report.final_check, report.final_cluster, check);
    html << "<section id=\"final\"><h2>Final state, as <code>netpol check</code> judges it</h2>\n"
         << "<pre class=\"changes\">" << Escape(check.str()) << "</pre></section>\n";
  }
  html << "<script>" << kStageScript << "</script>\n</body>\n</html>\n";
  out << html.str();
  return Status::Ok();
}

NETPOL_NAMESPACE_END
