// WriteGraphDiffHtml: the visual diff, one layout of the union of the before
// and after allow-graphs (see netpol/html_diff_report.h).
#include "netpol/html_diff_report.h"

#include <map>
#include <optional>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "netpol/version.h"
#include "report/graph_diff_json.h"
#include "render/html_support.h"
#include "report/json_support.h"
#include "render/svg_render.h"
#include "report/dot_quote.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using report::DotQuote;
using report::Escape;

// The colours of WriteGraphDiffDot (graph_diff_output.cc), so the SVG, the
// DOT and the page agree; unchanged edges are grey.
constexpr const char* kAllowedColour = "#2e7d32";
constexpr const char* kDeniedColour = "#c62828";
constexpr const char* kChangedColour = "#ef6c00";
constexpr const char* kUnchangedColour = "#adb5bd";

// One node of either side (or of a change only, for an external block the
// diff's refined partition names).
struct Node {
  std::string id;
  NodeKind kind = NodeKind::kPod;
  std::string namespace_name;
};

// A drawn edge: a changed connection (`change` set) or one allowed on both
// sides with the same ports.
struct Edge {
  std::size_t from = 0;
  std::size_t to = 0;
  const ConnectionChange* change = nullptr;
  PortSet ports;  // unchanged edges: the ports on both sides
};

struct UnionGraph {
  std::vector<Node> nodes;
  std::map<std::string, std::size_t> node_index;
  std::vector<Edge> edges;

  std::size_t AddNode(const std::string& id, std::optional<NodeKind> kind,
                      const std::string& namespace_name) {
    auto [it, added] = node_index.emplace(id, nodes.size());
    if (added) {
      Node node{id, kind.value_or(NodeKind::kPod), namespace_name};
      if (!kind) {
        // Not in either graph: a block of the diff's own partition
        // ("10.0.0.0/8", "::/0") or a pod "namespace/name".
        const std::size_t slash = id.find('/');
        const bool block = slash == std::string::npos || slash + 1 >= id.size() ||
                           (id[slash + 1] >= '0' && id[slash + 1] <= '9');
        node.kind = block ? NodeKind::kIpBlock : NodeKind::kPod;
        if (!block) node.namespace_name = id.substr(0, slash);
      }
      nodes.push_back(std::move(node));
    }
    return it->second;
  }
};

UnionGraph BuildUnion(const GraphDiff& diff, const AllowGraph& before, const AllowGraph& after) {
  UnionGraph u;
  for (const AllowGraph* graph : {&before, &after}) {
    for (NodeId v : graph->NodeIds()) {
      const GraphNode& node = graph->Node(v);
      u.AddNode(node.id, node.kind, node.namespace_name);
    }
  }
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> edge_index;
  for (const ConnectionChange& c : diff.connections) {
    const std::size_t from = u.AddNode(c.from, std::nullopt, "");
    const std::size_t to = u.AddNode(c.to, std::nullopt, "");
    edge_index.emplace(std::make_pair(from, to), u.edges.size());
    u.edges.push_back({from, to, &c, {}});
  }
  // Unchanged: allowed after with the same ports as before. An edge of one
  // side only that the diff does not list (a block the two sides partition
  // differently) is not drawn: the diff is the authority on what changed.
  for (const GraphEdge& e : after.Edges()) {
    const std::string& from_id = after.Node(e.from).id;
    const std::string& to_id = after.Node(e.to).id;
    const std::pair<std::size_t, std::size_t> key{u.node_index.at(from_id), u.node_index.at(to_id)};
    if (edge_index.count(key)) continue;
    const std::optional<NodeId> from_before = before.FindNode(from_id);
    const std::optional<NodeId> to_before = before.FindNode(to_id);
    if (!from_before || !to_before) continue;
    if (before.PortsBetween(*from_before, *to_before) != e.ports) continue;
    edge_index.emplace(key, u.edges.size());
    u.edges.push_back({key.first, key.second, nullptr, e.ports});
  }
  return u;
}

// The label an edge shows and its hover text.
std::string EdgeLabel(const Edge& e) {
  if (!e.change) return e.ports.ToString();
  switch (e.change->kind) {
    case ConnectionChange::Kind::kNewlyAllowed: return e.change->after.ToString();
    case ConnectionChange::Kind::kNewlyDenied: return "was " + e.change->before.ToString();
    case ConnectionChange::Kind::kPortsChanged:
      return e.change->before.ToString() + " -> " + e.change->after.ToString();
  }
  return "";
}

std::string EdgeTooltip(const Edge& e, const UnionGraph& u, const GraphDiff& diff) {
  std::string text = u.nodes[e.from].id + " -> " + u.nodes[e.to].id + "\n";
  if (!e.change) return text + "unchanged: " + e.ports.ToString();
  const ConnectionChange& c = *e.change;
  text += fmt::format("{}: {} \u2192 {}", ConnectionChangeKindName(c.kind), c.before.ToString(),
                      c.after.ToString());
  for (const ChangeCause& cause : c.causes) {
    const ObjectChange& o = diff.objects[cause.object];
    text += fmt::format("\nbecause {} {} {}", ChangeKindName(o.change), o.Id(), cause.relation);
  }
  if (c.causes.empty()) text += "\nbecause: no changed object selects either end";
  return text;
}

// A DOT string for a tooltip: quoted, with line breaks as Graphviz's "\n".
std::string DotTooltip(const std::string& text) {
  std::string quoted = DotQuote(text);
  std::string out;
  for (char c : quoted) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// The union as DOT: namespaces as clusters, blocks as dashed ellipses (as
// WriteGraphDot draws one graph). Ids: node n<i>, edge e<i>, namespace c<i>;
// classes: newly-allowed, newly-denied, ports-changed, unchanged.
std::string UnionDot(const UnionGraph& u, const GraphDiff& diff) {
  std::ostringstream dot;
  // newrank: Graphviz 2.42's dot corrupts its heap on graphs with clusters
  // and edge labels under the default cluster ranking (see graph_output.cc).
  dot << "digraph netpol_diff {\n"
         "  rankdir=LR;\n"
         "  newrank=true;\n"
         "  fontname=\"Helvetica\";\n"
         "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::map<std::string, std::vector<std::size_t>> by_namespace;
  for (std::size_t i = 0; i < u.nodes.size(); ++i) {
    if (u.nodes[i].kind == NodeKind::kPod) by_namespace[u.nodes[i].namespace_name].push_back(i);
  }
  std::size_t cluster = 0;
  for (const auto& [ns, members] : by_namespace) {
    dot << "  subgraph " << DotQuote("cluster_" + ns) << " {\n"
        << "    label=" << DotQuote(ns) << "; id=\"c" << cluster++ << "\"; class=\"namespace\";\n";
    for (std::size_t i : members) {
      const std::string& id = u.nodes[i].id;
      const std::string label = id.size() > ns.size() ? id.substr(ns.size() + 1) : id;
      dot << "    n" << i << " [label=" << DotQuote(label) << ", id=\"n" << i
          << "\", tooltip=" << DotQuote(id) << "];\n";
    }
    dot << "  }\n";
  }
  for (std::size_t i = 0; i < u.nodes.size(); ++i) {
    if (u.nodes[i].kind != NodeKind::kIpBlock) continue;
    dot << "  n" << i << " [label=" << DotQuote(u.nodes[i].id)
        << ", shape=ellipse, style=dashed, id=\"n" << i << "\", tooltip="
        << DotQuote(u.nodes[i].id) << "];\n";
  }
  for (std::size_t i = 0; i < u.edges.size(); ++i) {
    const Edge& e = u.edges[i];
    std::string style;
    if (!e.change) {
      style = fmt::format("class=\"unchanged\", color=\"{0}\", fontcolor=\"{0}\", fontsize=8, "
                          "penwidth=0.8, arrowsize=0.6",
                          kUnchangedColour);
    } else {
      switch (e.change->kind) {
        case ConnectionChange::Kind::kNewlyAllowed:
          style = fmt::format("class=\"newly-allowed\", color=\"{0}\", fontcolor=\"{0}\", penwidth=2.5",
                              kAllowedColour);
          break;
        case ConnectionChange::Kind::kNewlyDenied:
          style = fmt::format("class=\"newly-denied\", color=\"{0}\", fontcolor=\"{0}\", "
                              "style=dashed, penwidth=2.5",
                              kDeniedColour);
          break;
        case ConnectionChange::Kind::kPortsChanged:
          style = fmt::format("class=\"ports-changed\", color=\"{0}\", fontcolor=\"{0}\", penwidth=2.5",
                              kChangedColour);
          break;
      }
    }
    dot << "  n" << e.from << " -> n" << e.to << " [label=" << DotQuote(EdgeLabel(e)) << ", id=\"e"
        << i << "\", tooltip=" << DotTooltip(EdgeTooltip(e, u, diff)) << ", " << style << "];\n";
  }
  dot << "}\n";
  return dot.str();
}

std::string Plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

const char* const kDiffStyle = R"(
#diff-graph svg { max-width: 100%; max-height: 80vh; width: auto; height: auto; border: 1px solid #dee2e6; border-radius: 6px; }
#diff-graph g.edge.newly-allowed path, #diff-graph g.edge.newly-denied path, #diff-graph g.edge.ports-changed path { stroke-width: 2.5; }
#diff-graph g.edge.newly-allowed text, #diff-graph g.edge.newly-denied text, #diff-graph g.edge.ports-changed text { font-weight: bold; }
#diff-graph g.edge.newly-denied polygon { fill: #fff; }
#diff-graph g.edge.newly-denied text { text-decoration: line-through; }
#diff-graph g.edge:hover path { stroke-width: 4; }
.legend span { margin-right: 18px; white-space: nowrap; }
.legend .newly-allowed { color: #2e7d32; font-weight: bold; } .legend .newly-denied { color: #c62828; font-weight: bold; }
.legend .ports-changed { color: #ef6c00; font-weight: bold; } .legend .unchanged { color: #868e96; }
.legend svg { vertical-align: middle; margin-right: 4px; }
table.changes td { vertical-align: top; } table.changes td:not(:last-child) { white-space: nowrap; }
tr.newly-allowed td.change { color: #2e7d32; font-weight: bold; }
tr.newly-denied td.change { color: #c62828; font-weight: bold; }
tr.ports-changed td.change { color: #ef6c00; font-weight: bold; }
)";

// The page needs no script; this one only answers the browser test: at
// #selftest it records, per edge class, the stroke colour each drawn edge
// is rendered with, and whether the legend is shown (tests/report).
const char* const kSelftestScript = R"(
(function () {
  if (location.hash !== '#selftest') return;
  function visible(el) { return el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none'; }
  const result = {edges: {}, legend: false};
  document.querySelectorAll('#diff-graph g.edge').forEach(function (el) {
    const kind = ['newly-allowed', 'newly-denied', 'ports-changed', 'unchanged'].filter(function (c) { return el.classList.contains(c); })[0] || 'other';
    const path = el.querySelector('path');
    (result.edges[kind] = result.edges[kind] || []).push({
      stroke: getComputedStyle(path).stroke, dashed: getComputedStyle(path).strokeDasharray !== 'none',
      hover: (el.querySelector('a') || el).getAttribute('xlink:title') || ''});
  });
  const legend = document.getElementById('legend');
  result.legend = !!legend && visible(legend);
  result.legendEntries = legend ? Array.prototype.map.call(legend.querySelectorAll('span line'), function (l) { return l.closest('span').className + '=' + getComputedStyle(l).stroke; }) : [];
  document.body.dataset.selftest = JSON.stringify(result);
})();
)";

// One legend entry: a short line drawn as the graph draws that kind of edge.
std::string LegendEntry(const char* css, const char* colour, double width, bool dashed,
                        const char* text) {
  return fmt::format(
      "<span class=\"{0}\"><svg width=\"36\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" "
      "y1=\"5\" x2=\"36\" y2=\"5\" stroke=\"{1}\" stroke-width=\"{2}\"{3}/></svg>{4}</span>",
      css, colour, width, dashed ? " stroke-dasharray=\"6 3\"" : "", text);
}

}  // namespace

std::size_t DiffDrawingNodeCount(const GraphDiff& diff, const AllowGraph& before,
                                 const AllowGraph& after) {
  UnionGraph u;
  for (const AllowGraph* graph : {&before, &after}) {
    for (NodeId v : graph->NodeIds()) u.node_index.emplace(graph->Node(v).id, 0);
  }
  for (const ConnectionChange& c : diff.connections) {
    u.node_index.emplace(c.from, 0);
    u.node_index.emplace(c.to, 0);
  }
  return u.node_index.size();
}

Status WriteGraphDiffHtml(const GraphDiff& diff, const AllowGraph& before, const AllowGraph& after,
                          const DiffHtmlOptions& options, std::ostream& out) {
  const UnionGraph u = BuildUnion(diff, before, after);
  std::string svg, error;
  const std::string what = fmt::format("the union graph ({} nodes and {} edges)", u.nodes.size(),
                                       u.edges.size());
  if (!RenderDotToSvg(UnionDot(u, diff), options.layout, what, &svg, &error)) {
    return Status::Unavailable(error);
  }
  std::size_t allowed = 0, denied = 0, changed = 0;
  for (const ConnectionChange& c : diff.connections) {
    switch (c.kind) {
      case ConnectionChange::Kind::kNewlyAllowed: ++allowed; break;
      case ConnectionChange::Kind::kNewlyDenied: ++denied; break;
      case ConnectionChange::Kind::kPortsChanged: ++changed; break;
    }
  }
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
       << Escape(options.title) << "</title>\n<style>" << report::HtmlReportStyle() << kDiffStyle
       << "</style>\n</head>\n<body>\n<h1>" << Escape(options.title) << "</h1>\n";
  std::string inputs;
  for (const std::string& input : options.inputs) {
    inputs += (inputs.empty() ? "" : " &rarr; ") + Escape(input);
  }
  html << fmt::format("<p class=\"muted\">{}{}netpol {}</p>\n", inputs,
                      inputs.empty() ? "" : " &middot; ", Escape(Version()));
  html << fmt::format(
      "<p id=\"summary\"><b>{}</b>: {} newly allowed, {} newly denied, {} with other ports; {} "
      "changed.</p>\n",
      diff.connections.empty() ? std::string("No connection changed")
                               : Plural(diff.connections.size(), "connection") + " changed",
      allowed, denied, changed, Plural(diff.objects.size(), "object"));
  html << "<p class=\"legend\" id=\"legend\">"
       << LegendEntry("newly-allowed", kAllowedColour, 3, false, "newly allowed")
       << LegendEntry("newly-denied", kDeniedColour, 3, true, "newly denied")
       << LegendEntry("ports-changed", kChangedColour, 3, false, "ports changed")
       << LegendEntry("unchanged", kUnchangedColour, 1, false, "unchanged")
       << "<span class=\"muted\">Hover over an edge for its ports before and after and what "
          "caused the change.</span></p>\n";
  html << "<section id=\"diff-graph\">" << report::InlineSvg(svg) << "</section>\n";

  html << "<section id=\"changes\"><h2>Changed connections</h2>\n";
  if (diff.connections.empty()) {
    html << "<p class=\"muted\">None.</p>\n";
  } else {
    html << "<table class=\"changes\"><tr>";
    for (const std::string& column : report::GraphDiffHeader()) html << "<th>" << column << "</th>";
    html << "</tr>\n";
    const std::vector<report::TableRow> rows = report::GraphDiffRows(diff);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const char* css = diff.connections[i].kind == ConnectionChange::Kind::kNewlyAllowed
                            ? "newly-allowed"
                        : diff.connections[i].kind == ConnectionChange::Kind::kNewlyDenied
                            ? "newly-denied"
                            : "ports-changed";
      html << "<tr class=\"" << css << "\">";
      for (std::size_t column = 0; column < rows[i].size(); ++column) {
        std::string cell = Escape(rows[i][column]);
        // One cause a line.
        if (column == 5) {
          for (std::size_t at; (at = cell.find("; ")) != std::string::npos;) cell.replace(at, 2, "<br>");
        }
        html << (column == 2 ? "<td class=\"change\">" : "<td>") << cell << "</td>";
      }
      html << "</tr>\n";
    }
    html << "</table>\n";
  }
  html << "</section>\n";
  if (!diff.objects.empty()) {
    html << "<section id=\"objects\"><h2>Changed objects</h2>\n<table class=\"objects\">"
            "<tr><th>change</th><th>object</th><th>where</th></tr>\n";
    for (const ObjectChange& o : diff.objects) {
      const SourceLoc& loc = o.after_loc.IsKnown() ? o.after_loc : o.before_loc;
      std::string where = loc.file;
      if (loc.line > 0) where += fmt::format(":{}", loc.line);
      html << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", ChangeKindName(o.change),
                          Escape(o.Id()), Escape(where));
    }
    html << "</table></section>\n";
  }
  html << "<script type=\"application/json\" id=\"netpol-diff\">"
       << report::ScriptSafeJson(report::DumpJson(report::GraphDiffJson(diff))) << "</script>\n";
  html << "<script>" << kSelftestScript << "</script>\n</body>\n</html>\n";
  out << html.str();
  return Status::Ok();
}

NETPOL_NAMESPACE_END
