#include "render/html_grouped.h"

#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/graph_output.h"
#include "netpol/svg_output.h"
#include "render/html_support.h"
#include "report/json_support.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {
namespace {

const char* Plural(GroupBy level) {
  switch (level) {
    case GroupBy::kPod: return "pods";
    case GroupBy::kWorkload: return "workloads";
    case GroupBy::kClass: return "classes";
    case GroupBy::kNamespace: return "namespaces";
  }
  return "groups";
}

void WriteGraphSection(const GroupGraph& graph, const HtmlReportOptions& options,
                       std::ostream& html) {
  const std::size_t nodes = graph.groups.size();
  html << fmt::format("<section id=\"graph-section\"><h2>Allow-graph by {}</h2>\n", GroupByName(graph.by))
       << "<p class=\"legend muted\"><span>&#9644; all pod pairs of the two groups allowed</span>"
          "<span>- - some allowed (allowed/all pairs)</span><span>hover an edge for its ports</span></p>\n"
       << "<p id=\"selection\" class=\"muted\"></p>\n<div id=\"graph\">";
  if (nodes > options.max_nodes && !options.by) {
    html << fmt::format("<p class=\"note\">Not drawn: {} {} are more than {} nodes. The namespace "
                        "table below lists them; click one to see its pods.</p>",
                        nodes, Plural(graph.by), options.max_nodes);
  } else {
    std::ostringstream svg;
    if (const Status drawn = WriteGroupGraphSvg(graph, options.layout, svg); drawn.ok()) {
      html << InlineSvg(svg.str());
    } else {
      if (options.layout.progress) options.layout.progress(drawn.message());
      html << "<p class=\"note\">Not drawn: " << Escape(drawn.message()) << "</p>";
    }
  }
  html << "</div>\n</section>\n<div id=\"tooltip\"></div>\n";
}

void WriteMatrixSection(const GroupGraph& graph, const HtmlReportOptions& options,
                        std::ostream& html) {
  const auto rows = static_cast<std::uint32_t>(graph.PodGroupCount());
  html << fmt::format("<section id=\"matrix\"><h2>Reachability matrix by {}</h2>\n",
                      GroupByName(graph.by));
  if (rows > options.max_nodes) {
    html << fmt::format("<p class=\"note\">Left out: {} rows are more than {}.</p></section>\n", rows,
                        options.max_nodes);
    return;
  }
  html << "<p class=\"muted\">Rows are sources, columns destinations (numbered as the rows). A "
          "cell covers every pair of a pod of the row and another pod of the column: &#10003; all "
          "pairs allowed, ~ some, &#10007; none; hover for the counts and ports.</p>\n"
          "<table class=\"matrix\"><tr><th>from \\ to</th>";
  for (std::uint32_t j = 0; j < rows; ++j) {
    html << "<th title=\"" << Escape(graph.groups[j].id) << "\">" << j + 1 << "</th>";
  }
  html << "</tr>\n";
  auto edge = graph.edges.begin();
  for (std::uint32_t i = 0; i < rows; ++i) {
    html << "<tr><th>" << i + 1 << ". " << Escape(graph.groups[i].id) << " ("
         << graph.groups[i].Size() << ")</th>";
    while (edge != graph.edges.end() && edge->from < i) ++edge;
    for (std::uint32_t j = 0; j < rows; ++j) {
      while (edge != graph.edges.end() && edge->from == i && edge->to < j) ++edge;
      const bool found = edge != graph.edges.end() && edge->from == i && edge->to == j;
      if (graph.PairCount(i, j) == 0) {
        html << "<td class=\"self\">-</td>";
      } else if (!found) {
        html << "<td class=\"deny\">&#10007;</td>";
      } else if (edge->coverage() == Coverage::kAll) {
        html << "<td class=\"allow\" title=\"" << Escape(GroupEdgeText(*edge)) << "\">&#10003;</td>";
      } else {
        html << "<td class=\"some\" title=\"" << Escape(GroupEdgeText(*edge)) << "\">~</td>";
      }
    }
    html << "</tr>\n";
  }
  html << "</table></section>\n";
}

// One row per namespace: its size and which other namespaces it reaches and
// is reached from. A click opens its pods.
void WriteNamespaceTable(const GroupGraph& namespaces, const Cluster& cluster, std::ostream& html) {
  std::map<std::string, std::set<std::string>> workloads;
  for (const Pod& pod : cluster.pods) workloads[pod.namespace_name].insert(WorkloadName(pod));
  const auto rows = static_cast<std::uint32_t>(namespaces.PodGroupCount());
  std::vector<std::size_t> reaches(rows), reached_by(rows), external_out(rows), external_in(rows);
  std::vector<Coverage> within(rows, Coverage::kNone);
  for (const GroupEdge& e : namespaces.edges) {
    if (e.from == e.to) {
      within[e.from] = e.coverage();
    } else if (e.to >= rows) {
      ++external_out[e.from];
    } else if (e.from >= rows) {
      ++external_in[e.to];
    } else {
      ++reaches[e.from];
      ++reached_by[e.to];
    }
  }
  html << "<section id=\"namespaces\"><h2>Namespaces</h2>\n<p class=\"muted\">Click a namespace "
          "to see its pods: the pod matrix inside it and each pod's connections with other "
          "namespaces.</p>\n<table><tr><th>namespace</th><th>pods</th><th>workloads</th>"
          "<th>pods reach each other</th><th>reaches namespaces</th><th>reached from "
          "namespaces</th><th>external blocks out / in</th></tr>\n";
  for (std::uint32_t i = 0; i < rows; ++i) {
    const EndpointGroup& ns = namespaces.groups[i];
    const char* inside = namespaces.PairCount(i, i) == 0 ? "-" : CoverageName(within[i]);
    html << fmt::format("<tr class=\"ns-row\" data-ns=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td>"
                        "<td>{3}</td><td>{4}</td><td>{5}</td><td>{6} / {7}</td></tr>\n",
                        Escape(ns.id), ns.Size(), workloads[ns.id].size(), inside, reaches[i],
                        reached_by[i], external_out[i], external_in[i]);
  }
  html << "</table></section>\n";
  html << "<section id=\"drill\"><h2 id=\"drill-title\">Pods of a namespace</h2>\n"
          "<div id=\"drill-body\" class=\"muted\">Click a namespace in the table or a node of the "
          "graph.</div></section>\n";
}

// The class graph, compactly, for the drill-down script: namespaces, pods
// as [name, namespace index, class], blocks, port set texts and class edges
// as [from, to, port set index].
std::string PodData(const ClassGraph& classes, const Cluster& cluster, std::size_t max_nodes) {
  std::map<std::string, std::size_t> namespace_index;
  for (const Pod& pod : cluster.pods) namespace_index.emplace(pod.namespace_name, 0);
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (auto& [name, index] : namespace_index) {
    index = names.size();
    names.push_back(name);
  }
  nlohmann::ordered_json pods = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& pod = cluster.pods[i];
    pods.push_back({pod.Id().substr(pod.namespace_name.size() + 1),
                    namespace_index[pod.namespace_name], classes.class_of_pod[i]});
  }
  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  for (const ExternalBlock& block : classes.blocks) blocks.push_back(block.Id());
  std::map<PortSetId, std::size_t> port_index;
  nlohmann::ordered_json port_sets = nlohmann::ordered_json::array();
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const ClassEdge& e : classes.edges) {
    auto [it, added] = port_index.emplace(e.ports, port_sets.size());
    if (added) port_sets.push_back(classes.port_sets.Get(e.ports).ToString());
    edges.push_back({e.from, e.to, it->second});
  }
  nlohmann::ordered_json data = {{"namespaces", std::move(names)},
                                 {"pods", std::move(pods)},
                                 {"classes", classes.PodClassCount()},
                                 {"blocks", std::move(blocks)},
                                 {"portSets", std::move(port_sets)},
                                 {"edges", std::move(edges)},
                                 {"maxNodes", max_nodes}};
  return DumpJson(data);
}

const char* const kDrillScript = R"(
(function () {
  const d = JSON.parse(document.getElementById('netpol-pods').textContent);
  const members = [];
  d.pods.forEach(function (p, i) { (members[p[2]] || (members[p[2]] = [])).push(i); });
  const outs = new Map(), ins = new Map(), ports = new Map();
  d.edges.forEach(function (e) {
    (outs.get(e[0]) || outs.set(e[0], []).get(e[0])).push(e);
    (ins.get(e[1]) || ins.set(e[1], []).get(e[1])).push(e);
    ports.set(e[0] + ',' + e[1], d.portSets[e[2]]);
  });
  const nsSize = d.namespaces.map(function () { return 0; });
  d.pods.forEach(function (p) { nsSize[p[1]]++; });
  function nsOf(c) { return c < d.classes ? d.pods[members[c][0]][1] : -1; }
  function where(c) { return c < d.classes ? d.namespaces[nsOf(c)] : d.blocks[c - d.classes]; }
  function size(c) { return c < d.classes ? members[c].length : 1; }
  // "namespace (reached pods/its pods): ports" for the edges leaving the namespace.
  function across(list, other, ns) {
    const by = new Map();
    (list || []).forEach(function (e) {
      const c = other(e);
      if (nsOf(c) === ns) return;
      const key = where(c);
      const s = by.get(key) || {n: 0, total: c < d.classes ? nsSize[nsOf(c)] : 1, ports: new Set()};
      s.n += size(c);
      s.ports.add(d.portSets[e[2]]);
      by.set(key, s);
    });
    return Array.from(by.keys()).sort().map(function (k) {
      const s = by.get(k);
      return k + ' (' + s.n + '/' + s.total + '): ' + Array.from(s.ports).join('; ');
    });
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  window.netpolDrill = function (name) {
    const ns = d.namespaces.indexOf(name);
    if (ns < 0) return;
    const pods = [];
    d.pods.forEach(function (p, i) { if (p[1] === ns) pods.push(i); });
    document.getElementById('drill-title').textContent =
        'Pods of namespace ' + name + ' (' + pods.length + ')';
    const body = document.getElementById('drill-body');
    body.innerHTML = '';
    body.className = '';
    if (pods.length <= d.maxNodes) {
      body.appendChild(el('p', 'Within the namespace: rows are sources, columns destinations.', 'muted'));
      const table = el('table', undefined, 'matrix');
      const head = el('tr');
      head.appendChild(el('th', 'from \\ to'));
      pods.forEach(function (p, j) { const th = el('th', String(j + 1)); th.title = d.pods[p][0]; head.appendChild(th); });
      table.appendChild(head);
      pods.forEach(function (p, i) {
        const row = el('tr');
        row.appendChild(el('th', (i + 1) + '. ' + d.pods[p][0]));
        pods.forEach(function (q) {
          if (p === q) { row.appendChild(el('td', '-', 'self')); return; }
          const allowed = ports.get(d.pods[p][2] + ',' + d.pods[q][2]);
          const td = allowed ? el('td', '\u2713', 'allow') : el('td', '\u2717', 'deny');
          if (allowed) td.title = allowed;
          row.appendChild(td);
        });
        table.appendChild(row);
      });
      body.appendChild(table);
    } else {
      body.appendChild(el('p', pods.length + ' pods are more than ' + d.maxNodes + ' for a matrix.', 'note'));
    }
    body.appendChild(el('h3', 'Connections with other namespaces and external addresses'));
    body.appendChild(el('p', 'Per pod: where it may connect to and what may connect to it, ' +
        'as namespace (pods allowed/pods in it): ports.', 'muted'));
    const table = el('table');
    const head = el('tr');
    ['pod', 'egress to', 'ingress from'].forEach(function (h) { head.appendChild(el('th', h)); });
    table.appendChild(head);
    const cache = new Map();
    pods.forEach(function (p) {
      const c = d.pods[p][2];
      if (!cache.has(c)) {
        cache.set(c, [across(outs.get(c), function (e) { return e[1]; }, ns),
                      across(ins.get(c), function (e) { return e[0]; }, ns)]);
      }
      const row = el('tr');
      row.appendChild(el('td', d.pods[p][0]));
      cache.get(c).forEach(function (list) {
        const td = el('td', list.length ? undefined : 'none');
        list.forEach(function (line) { td.appendChild(el('div', line)); });
        row.appendChild(td);
      });
      table.appendChild(row);
    });
    body.appendChild(table);
  };
  document.querySelectorAll('tr.ns-row').forEach(function (row) {
    row.addEventListener('click', function () {
      window.netpolDrill(row.dataset.ns);
      document.getElementById('drill').scrollIntoView();
    });
  });
  // report.html#ns=NAME opens that namespace's pods.
  if (location.hash.indexOf('#ns=') === 0) {
    window.netpolDrill(decodeURIComponent(location.hash.slice(4)));
    document.getElementById('drill').scrollIntoView();
  }
})();
)";

}  // namespace

void WriteGroupedSections(const Analysis& analysis, const HtmlReportOptions& options,
                          GroupBy level, std::ostream& html, std::string* data_json) {
  const ClassGraph& classes = analysis.class_graph();
  const Cluster& cluster = analysis.cluster();
  const GroupGraph graph = BuildGroupGraph(classes, cluster, level);
  const GroupGraph namespaces =
      level == GroupBy::kNamespace ? graph : BuildGroupGraph(classes, cluster, GroupBy::kNamespace);
  html << fmt::format(
      "<p class=\"note\">{} pods are {} to draw one by one: the graph and the matrix show {} "
      "({}), each with the external address blocks. An edge or a cell says whether all or only "
      "some of the pod pairs between two groups are allowed. Click a node, or a namespace in the "
      "table, to see its pods.</p>\n",
      cluster.pods.size(), options.by ? "grouped as asked" : fmt::format("more than {}", options.max_nodes),
      Plural(level), graph.PodGroupCount());
  WriteGraphSection(graph, options, html);
  WriteMatrixSection(graph, options, html);
  WriteNamespaceTable(namespaces, cluster, html);
  html << "<script type=\"application/json\" id=\"netpol-pods\">"
       << ScriptSafeJson(PodData(classes, cluster, options.max_nodes)) << "</script>\n";

  nlohmann::ordered_json data = {{"unit", "node"},
                                 {"nodes", nlohmann::ordered_json::array()},
                                 {"edges", nlohmann::ordered_json::array()}};
  for (const EndpointGroup& group : graph.groups) {
    data["nodes"].push_back({{"id", group.id},
                             {"kind", group.external ? "IPBlock" : GroupByName(level)},
                             {"ns", group.namespace_name}});
  }
  for (const GroupEdge& e : graph.edges) {
    data["edges"].push_back({{"from", e.from},
                             {"to", e.to},
                             {"ports", e.ports.ToString()},
                             {"summary", GroupEdgeText(e)},
                             {"egress", nlohmann::ordered_json::array()},
                             {"ingress", nlohmann::ordered_json::array()}});
  }
  *data_json = DumpJson(data);
}

void WriteGroupedScripts(std::ostream& html) {
  html << "<script>" << kDrillScript << "</script>\n";
}

}  // namespace report
NETPOL_NAMESPACE_END
