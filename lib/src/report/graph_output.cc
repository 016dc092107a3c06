#include "netpol/graph_output.h"

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/json_support.h"

namespace netpol {
namespace {

// Out-edges of `v` ordered by target vertex, so output follows vertex order.
std::vector<GraphEdgeRef> SortedOutEdges(const AllowGraphType& g, GraphVertex v) {
  std::vector<GraphEdgeRef> edges;
  for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) edges.push_back(*it);
  std::sort(edges.begin(), edges.end(), [&](const GraphEdgeRef& a, const GraphEdgeRef& b) {
    return boost::target(a, g) < boost::target(b, g);
  });
  return edges;
}

std::string DotQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void WriteGraphText(const AllowGraph& graph, std::ostream& out) {
  const AllowGraphType& g = graph.graph;
  std::size_t width = 0;
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    for (const GraphEdgeRef& e : SortedOutEdges(g, v)) {
      width = std::max(width, g[v].id.size() + 4 + g[boost::target(e, g)].id.size());
    }
  }
  std::size_t pods = 0;
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    if (g[v].kind == NodeKind::kPod) ++pods;
    for (const GraphEdgeRef& e : SortedOutEdges(g, v)) {
      const std::string pair = g[v].id + " -> " + g[boost::target(e, g)].id;
      out << fmt::format("{:<{}}  {}\n", pair, width, g[e].ports.ToString());
    }
  }
  const std::size_t blocks = boost::num_vertices(g) - pods;
  out << fmt::format("{} endpoint{} ({} pod{}, {} external block{}), {} allowed connection{}\n",
                     boost::num_vertices(g), boost::num_vertices(g) == 1 ? "" : "s", pods,
                     pods == 1 ? "" : "s", blocks, blocks == 1 ? "" : "s", boost::num_edges(g),
                     boost::num_edges(g) == 1 ? "" : "s");
}

void WriteGraphJson(const AllowGraph& graph, std::ostream& out) {
  const AllowGraphType& g = graph.graph;
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    const GraphNode& node = g[v];
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
    for (const GraphEdgeRef& e : SortedOutEdges(g, v)) {
      edges.push_back({{"from", node.id},
                       {"to", g[boost::target(e, g)].id},
                       {"ports", report::PortsJson(g[e].ports)}});
    }
  }
  nlohmann::ordered_json doc = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
  out << report::DumpJson(doc, 2) << "\n";
}

void WriteGraphDot(const AllowGraph& graph, std::ostream& out) {
  WriteGraphDot(graph, GraphHighlights{}, out);
}

void WriteGraphDot(const AllowGraph& graph, const GraphHighlights& highlights, std::ostream& out) {
  const AllowGraphType& g = graph.graph;
  const bool with_ids =
      highlights.element_ids || !highlights.unexpected.empty() || !highlights.missing.empty();
  auto node_attrs = [&](GraphVertex v, std::string attrs) {
    if (with_ids) attrs += fmt::format(", id=\"n{}\", tooltip={}", v, DotQuote(g[v].id));
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
  std::map<std::string, std::vector<GraphVertex>> by_namespace;
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    if (g[v].kind == NodeKind::kPod) by_namespace[g[v].namespace_name].push_back(v);
  }
  for (const auto& [ns, vertices] : by_namespace) {
    out << "  subgraph " << DotQuote("cluster_" + ns) << " {\n"
        << "    label=" << DotQuote(ns) << ";\n";
    for (GraphVertex v : vertices) {
      const std::string label = g[v].id.substr(g[v].namespace_name.size() + 1);
      out << "    " << DotQuote(g[v].id) << " [" << node_attrs(v, "label=" + DotQuote(label))
          << "];\n";
    }
    out << "  }\n";
  }
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    if (g[v].kind != NodeKind::kIpBlock) continue;
    out << "  " << DotQuote(g[v].id) << " [" << node_attrs(v, "shape=ellipse, style=dashed")
        << "];\n";
  }
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    for (const GraphEdgeRef& e : SortedOutEdges(g, v)) {
      const GraphVertex to = boost::target(e, g);
      std::string attrs = "label=" + DotQuote(g[e].ports.ToString());
      if (with_ids) {
        attrs += fmt::format(", id=\"e{}_{}\"", v, to);
        if (highlights.unexpected.count({g[v].id, g[to].id})) {
          attrs += ", color=\"#d9480f\", fontcolor=\"#d9480f\", penwidth=2";
        }
      }
      out << "  " << DotQuote(g[v].id) << " -> " << DotQuote(g[to].id) << " [" << attrs << "];\n";
    }
  }
  for (const auto& [from, to] : highlights.missing) {
    auto f = graph.FindVertex(from);
    auto t = graph.FindVertex(to);
    if (!f || !t) continue;
    out << "  " << DotQuote(from) << " -> " << DotQuote(to)
        << fmt::format(" [style=dashed, color=\"#c92a2a\", fontcolor=\"#c92a2a\", "
                       "label=\"missing\", id=\"m{}_{}\"];\n",
                       *f, *t);
  }
  out << "}\n";
}

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

void WriteGraphConnlist(const AllowGraph& graph, std::ostream& out) {
  const AllowGraphType& g = graph.graph;
  // Each vertex's names: one for a workload, one per range for a block.
  auto names = [&](GraphVertex v) {
    std::vector<std::string> result;
    const GraphNode& node = g[v];
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
  std::vector<std::string> lines;
  for (GraphVertex v = 0; v < boost::num_vertices(g); ++v) {
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      const std::string ports = ConnlistPorts(g[*it].ports);
      for (const std::string& from : names(v)) {
        for (const std::string& to : names(boost::target(*it, g))) {
          lines.push_back(from + " => " + to + " : " + ports);
        }
      }
    }
  }
  std::sort(lines.begin(), lines.end());
  for (const std::string& line : lines) out << line << "\n";
}

}  // namespace netpol
