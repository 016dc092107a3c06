#include "netpol/graph_output.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/block_aliases.h"
#include "report/json_support.h"
#include "report/table_output.h"
#include "report/dot_quote.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

using report::DotQuote;

void WriteGraphText(const AllowGraph& graph, std::ostream& out) {
  // Names as printed: long external blocks as aliases, numbered in order of
  // first appearance.
  report::BlockAliases aliases;
  std::vector<std::string> names(graph.NodeCount());
  std::vector<bool> named(graph.NodeCount(), false);
  auto name = [&](NodeId v) -> const std::string& {
    if (!named[Index(v)]) {
      named[Index(v)] = true;
      const GraphNode& node = graph.Node(v);
      names[Index(v)] = node.kind == NodeKind::kIpBlock ? aliases.Name(node.id) : node.id;
    }
    return names[Index(v)];
  };
  std::size_t width = 0;
  for (const GraphEdge& e : graph.Edges()) {
    width = std::max(width, name(e.from).size() + 4 + name(e.to).size());
  }
  std::size_t pods = 0;
  for (NodeId v : graph.NodeIds()) {
    if (graph.Node(v).kind == NodeKind::kPod) ++pods;
  }
  for (const GraphEdge& e : graph.Edges()) {
    const std::string pair = name(e.from) + " -> " + name(e.to);
    out << fmt::format("{:<{}}  {}\n", pair, width,
                       PortsWithL7(e.ports, graph.L7Between(e.from, e.to)));
  }
  const std::size_t nodes = graph.NodeCount();
  const std::size_t blocks = nodes - pods;
  out << fmt::format("{} endpoint{} ({} pod{}, {} external block{}), {} allowed connection{}\n",
                     nodes, nodes == 1 ? "" : "s", pods, pods == 1 ? "" : "s", blocks,
                     blocks == 1 ? "" : "s", graph.EdgeCount(), graph.EdgeCount() == 1 ? "" : "s");
  aliases.WriteLegend(out);
}

void WriteGraphJson(const AllowGraph& graph, std::ostream& out) {
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (NodeId v : graph.NodeIds()) {
    const GraphNode& node = graph.Node(v);
    nlohmann::ordered_json j = {{"id", node.id}, {"kind", NodeKindName(node.kind)}};
    if (node.kind == NodeKind::kPod) {
      j["namespace"] = node.namespace_name;
      j["name"] = node.name;
    } else {
      nlohmann::ordered_json cidrs = nlohmann::ordered_json::array();
      for (const Cidr& cidr : node.block->Cidrs()) cidrs.push_back(cidr.ToString());
      j["cidrs"] = std::move(cidrs);
      nlohmann::ordered_json ranges = nlohmann::ordered_json::array();
      for (const IpRange& range : node.block->ranges) {
        ranges.push_back({{"first", range.first.ToString()}, {"last", range.last.ToString()}});
      }
      j["ranges"] = std::move(ranges);
    }
    nodes.push_back(std::move(j));
    for (const GraphEdge& e : graph.OutEdges(v)) {
      nlohmann::ordered_json edge = {{"from", node.id},
                                     {"to", graph.Node(e.to).id},
                                     {"ports", report::PortsJson(e.ports)}};
      // Only on edges with L7-filtered ports: other edges keep their shape.
      if (const auto& l7 = graph.L7Between(e.from, e.to); !l7.empty()) {
        edge["l7"] = report::L7Json(l7);
      }
      edges.push_back(std::move(edge));
    }
  }
  nlohmann::ordered_json doc = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
  out << report::DumpJson(doc, 2) << "\n";
}

void WriteGraphDot(const AllowGraph& graph, std::ostream& out) {
  WriteGraphDot(graph, GraphHighlights{}, out);
}

void WriteGraphDot(const AllowGraph& graph, const GraphHighlights& highlights, std::ostream& out) {
  const bool with_ids =
      highlights.element_ids || !highlights.unexpected.empty() || !highlights.missing.empty();
  auto node_attrs = [&](NodeId v, std::string attrs) {
    if (with_ids) {
      attrs += fmt::format(", id=\"n{}\", tooltip={}", Index(v), DotQuote(graph.Node(v).id));
    }
    return attrs;
  };
  // newrank: Graphviz 2.42's dot (Debian 12) corrupts its heap on most
  // graphs with clusters and edge labels under the default cluster ranking
  // (tests/report/svg_layout_test.cc); global ranking avoids that code.
  out << "digraph netpol {\n"
         "  rankdir=LR;\n"
         "  newrank=true;\n"
         "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::map<std::string, std::vector<NodeId>> by_namespace;
  for (NodeId v : graph.NodeIds()) {
    const GraphNode& node = graph.Node(v);
    if (node.kind == NodeKind::kPod) by_namespace[node.namespace_name].push_back(v);
  }
  for (const auto& [ns, members] : by_namespace) {
    out << "  subgraph " << DotQuote("cluster_" + ns) << " {\n"
        << "    label=" << DotQuote(ns) << ";\n";
    for (NodeId v : members) {
      const GraphNode& node = graph.Node(v);
      const std::string label = node.id.substr(node.namespace_name.size() + 1);
      out << "    " << DotQuote(node.id) << " [" << node_attrs(v, "label=" + DotQuote(label))
          << "];\n";
    }
    out << "  }\n";
  }
  for (NodeId v : graph.NodeIds()) {
    if (graph.Node(v).kind != NodeKind::kIpBlock) continue;
    out << "  " << DotQuote(graph.Node(v).id) << " ["
        << node_attrs(v, "shape=ellipse, style=dashed") << "];\n";
  }
  for (const GraphEdge& e : graph.Edges()) {
    const std::string& from = graph.Node(e.from).id;
    const std::string& to = graph.Node(e.to).id;
    std::string attrs = "label=" + DotQuote(PortsWithL7(e.ports, graph.L7Between(e.from, e.to)));
    if (with_ids) {
      attrs += fmt::format(", id=\"e{}_{}\"", Index(e.from), Index(e.to));
      if (highlights.unexpected.count({from, to})) {
        attrs += ", color=\"#d9480f\", fontcolor=\"#d9480f\", penwidth=2";
      }
    }
    out << "  " << DotQuote(from) << " -> " << DotQuote(to) << " [" << attrs << "];\n";
  }
  for (const auto& [from, to] : highlights.missing) {
    auto f = graph.FindNode(from);
    auto t = graph.FindNode(to);
    if (!f || !t) continue;
    out << "  " << DotQuote(from) << " -> " << DotQuote(to)
        << fmt::format(" [style=dashed, color=\"#c92a2a\", fontcolor=\"#c92a2a\", "
                       "label=\"missing\", id=\"m{}_{}\"];\n",
                       Index(*f), Index(*t));
  }
  out << "}\n";
}

namespace {

// "TCP 80,443" cut to `limit` characters with an ellipsis.
std::string Shorten(const std::string& text, std::size_t limit) {
  return text.size() <= limit ? text : text.substr(0, limit - 3) + "...";
}

}  // namespace

// What a grouped edge allows, in words: "all 12 pairs: TCP 80".
std::string GroupEdgeText(const GroupEdge& edge) {
  return edge.coverage() == Coverage::kAll
             ? fmt::format("all {} pod pair{}: {}", edge.pairs, edge.pairs == 1 ? "" : "s",
                           edge.ports.ToString())
             : fmt::format("some: {} of {} pod pairs: {}", edge.allowed, edge.pairs,
                           edge.ports.ToString());
}

void WriteGroupGraphDot(const GroupGraph& graph, std::ostream& out) {
  out << "digraph netpol {\n"
         "  rankdir=LR;\n"
         "  newrank=true;\n"
         "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  auto node = [&](std::uint32_t i, const std::string& label, const std::string& attrs) {
    const EndpointGroup& group = graph.groups[i];
    out << fmt::format("  n{} [label={}, id=\"n{}\", tooltip={}{}];\n", i, DotQuote(label), i,
                       DotQuote(fmt::format("{} ({} endpoint{})", group.id, group.Size(),
                                            group.Size() == 1 ? "" : "s")),
                       attrs);
  };
  const auto pod_groups = static_cast<std::uint32_t>(graph.PodGroupCount());
  if (graph.by == GroupBy::kNamespace) {
    for (std::uint32_t i = 0; i < pod_groups; ++i) {
      const std::uint64_t size = graph.groups[i].Size();
      node(i, fmt::format("{}\n{} pod{}", graph.groups[i].id, size, size == 1 ? "" : "s"), "");
    }
  } else {
    // Groups are sorted by namespace at workload level; by PodId (which
    // follows the namespace) at pod and class level: runs of one namespace.
    std::map<std::string, std::vector<std::uint32_t>> by_namespace;
    for (std::uint32_t i = 0; i < pod_groups; ++i) {
      by_namespace[graph.groups[i].namespace_name].push_back(i);
    }
    for (const auto& [ns, members] : by_namespace) {
      out << "  subgraph " << DotQuote("cluster_" + ns) << " {\n    label=" << DotQuote(ns)
          << ";\n";
      for (std::uint32_t i : members) {
        const EndpointGroup& group = graph.groups[i];
        std::string label = group.id.starts_with(ns + "/") ? group.id.substr(ns.size() + 1) : group.id;
        if (group.Size() > 1) label += fmt::format("\n({} pods)", group.Size());
        out << "  ";
        node(i, label, "");
      }
      out << "  }\n";
    }
  }
  for (std::uint32_t i = pod_groups; i < graph.groups.size(); ++i) {
    node(i, graph.groups[i].id, ", shape=ellipse, style=dashed");
  }
  for (const GroupEdge& e : graph.edges) {
    std::string label = Shorten(e.ports.ToString(), 40);
    std::string style;
    if (e.coverage() == Coverage::kSome) {
      label += fmt::format(" ({}/{})", e.allowed, e.pairs);
      style = ", style=dashed";
    }
    out << fmt::format("  n{} -> n{} [label={}, id=\"e{}_{}\", tooltip={}{}];\n", e.from, e.to,
                       DotQuote(label), e.from, e.to, DotQuote(GroupEdgeText(e)), style);
  }
  out << "}\n";
}

namespace {

// The connlist form of a port set: "All Connections", "TCP 80,UDP 53", ...
std::string ConnlistPorts(const PortSet& ports) {
  if (ports.IsAll()) return "All Connections";
  // Groups sorted by protocol name as strings: SCTP < TCP < UDP.
  std::string text;
  for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) {
    const auto& ranges = ports.Ranges(protocol);
    if (ranges.empty()) continue;
    if (!text.empty()) text += ",";
    text += ProtocolName(protocol);
    text += " ";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      if (i > 0) text += ",";
      text += ranges[i].first == ranges[i].last ? fmt::format("{}", ranges[i].first)
                                                : fmt::format("{}-{}", ranges[i].first, ranges[i].last);
    }
  }
  return text;
}

}  // namespace

namespace {

// The connlist as rows {src, dst, conns}, in the order of the text lines.
std::vector<report::TableRow> ConnlistRows(const AllowGraph& graph) {
  // Each node's names: one for a workload, one per range for a block.
  auto names = [&](NodeId v) {
    std::vector<std::string> result;
    const GraphNode& node = graph.Node(v);
    if (node.kind == NodeKind::kPod) {
      const std::string id = node.id;
      result.push_back(id.back() == ']' ? id : id + "[Pod]");
    } else {
      for (const IpRange& range : node.block->ranges) {
        result.push_back(range.first.ToString() + "-" + range.last.ToString() + "[External]");
      }
    }
    return result;
  };
  // Sorted by the whole text line, as netpol-analyzer sorts.
  std::vector<std::pair<std::string, report::TableRow>> lines;
  for (const GraphEdge& e : graph.Edges()) {
    const std::string ports = ConnlistPorts(e.ports);
    for (const std::string& from : names(e.from)) {
      for (const std::string& to : names(e.to)) {
        lines.emplace_back(from + " => " + to + " : " + ports, report::TableRow{from, to, ports});
      }
    }
  }
  std::sort(lines.begin(), lines.end());
  std::vector<report::TableRow> rows;
  rows.reserve(lines.size());
  for (auto& line : lines) rows.push_back(std::move(line.second));
  return rows;
}

const report::TableRow kConnlistHeader = {"src", "dst", "conn"};

}  // namespace

void WriteGraphConnlist(const AllowGraph& graph, std::ostream& out) {
  for (const report::TableRow& row : ConnlistRows(graph)) {
    out << row[0] << " => " << row[1] << " : " << row[2] << "\n";
  }
}

void WriteGraphConnlistCsv(const AllowGraph& graph, std::ostream& out) {
  report::WriteCsvTable(kConnlistHeader, ConnlistRows(graph), out);
}

void WriteGraphConnlistMarkdown(const AllowGraph& graph, std::ostream& out) {
  report::WriteMarkdownTable(kConnlistHeader, ConnlistRows(graph), out);
}

NETPOL_NAMESPACE_END
