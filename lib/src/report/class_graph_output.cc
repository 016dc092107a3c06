#include "netpol/class_graph_output.h"

#include <string>

#include <fmt/format.h>

#include "model/utf8.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Hand-written rather than through nlohmann::json: at 150k pods the document
// tree would cost more than computing the graph. Like report::DumpJson, it
// writes a byte that is not well-formed UTF-8 as U+FFFD.
void AppendString(const std::string& text, std::string& out) {
  out += '"';
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x80) {
      const std::size_t length = Utf8SequenceLength(text, at);
      if (length == 0) {
        out += "\xEF\xBF\xBD";
        ++at;
      } else {
        out.append(text, at, length);
        at += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
    ++at;
  }
  out += '"';
}

void AppendPorts(const PortSet& ports, std::string& out) {
  out += '[';
  bool first = true;
  for (Protocol protocol : kAllProtocols) {
    for (const PortRange& range : ports.Ranges(protocol)) {
      if (!first) out += ',';
      first = false;
      out += fmt::format(R"({{"protocol":"{}","port":{},"endPort":{}}})", ProtocolName(protocol),
                         range.first, range.last);
    }
  }
  out += ']';
}

}  // namespace

void WriteClassGraphJson(const ClassGraph& graph, const Cluster& cluster, std::ostream& out) {
  std::string text;
  auto flush = [&] {
    if (text.size() > (1u << 20)) {
      out << text;
      text.clear();
    }
  };
  text += "{\"nodes\":[\n";
  const std::size_t pods = cluster.pods.size();
  for (PodId id = 0; id < pods; ++id) {
    const Pod& pod = cluster.pods[id];
    text += id ? ",\n{\"id\":" : "{\"id\":";
    AppendString(pod.Id(), text);
    text += ",\"kind\":\"Pod\",\"namespace\":";
    AppendString(pod.namespace_name, text);
    text += ",\"name\":";
    AppendString(pod.name, text);
    text += '}';
    flush();
  }
  for (std::size_t b = 0; b < graph.blocks.size(); ++b) {
    const ExternalBlock& block = graph.blocks[b];
    text += pods + b ? ",\n{\"id\":" : "{\"id\":";
    AppendString(block.Id(), text);
    text += ",\"kind\":\"IPBlock\",\"cidrs\":[";
    bool first = true;
    for (const Cidr& cidr : block.Cidrs()) {
      if (!first) text += ',';
      first = false;
      AppendString(cidr.ToString(), text);
    }
    text += "],\"ranges\":[";
    for (std::size_t r = 0; r < block.ranges.size(); ++r) {
      if (r) text += ',';
      text += "{\"first\":";
      AppendString(block.ranges[r].first.ToString(), text);
      text += ",\"last\":";
      AppendString(block.ranges[r].last.ToString(), text);
      text += '}';
    }
    text += "]}";
  }
  text += "\n],\"classes\":[\n";
  for (ClassId c = 0; c < graph.ClassCount(); ++c) {
    text += fmt::format("{}{{\"id\":{},\"members\":[", c ? ",\n" : "", c);
    if (graph.IsExternal(c)) {
      text += std::to_string(pods + (c - graph.PodClassCount()));
    } else {
      const auto& members = graph.pod_classes[c];
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) text += ',';
        text += std::to_string(members[i]);
      }
    }
    text += "]}";
    flush();
  }
  // Only the sets edges use, renumbered densely in first-use order.
  std::vector<std::int64_t> renumber(graph.port_sets.size(), -1);
  std::vector<PortSetId> used;
  for (const ClassEdge& edge : graph.edges) {
    if (renumber[edge.ports] < 0) {
      renumber[edge.ports] = static_cast<std::int64_t>(used.size());
      used.push_back(edge.ports);
    }
  }
  text += "\n],\"portSets\":[\n";
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (i) text += ",\n";
    AppendPorts(graph.port_sets.Get(used[i]), text);
  }
  text += "\n],\"edges\":[\n";
  for (std::size_t i = 0; i < graph.edges.size(); ++i) {
    const ClassEdge& edge = graph.edges[i];
    text += fmt::format("{}{{\"from\":{},\"to\":{},\"ports\":{}", i ? ",\n" : "", edge.from,
                        edge.to, renumber[edge.ports]);
    // Only on edges with L7-filtered ports (ClassGraph::l7): others keep their shape.
    const std::vector<L7Filter>& l7 = graph.L7Of(edge.from, edge.to);
    if (!l7.empty()) {
      text += ",\"l7\":[";
      for (std::size_t f = 0; f < l7.size(); ++f) {
        text += fmt::format("{}{{\"protocol\":", f ? "," : "");
        AppendString(l7[f].protocol, text);
        text += ",\"ports\":";
        AppendPorts(l7[f].ports, text);
        text += '}';
      }
      text += ']';
    }
    text += '}';
    flush();
  }
  text += "\n]}\n";
  out << text;
}

void WriteGraphSummary(const ClassGraph& graph, const PhaseTimes& times, std::ostream& out,
                       const ClassSelection* selection) {
  std::size_t pods = 0;
  for (const auto& members : graph.pod_classes) pods += members.size();
  out << fmt::format("endpoints: {} ({} pods, {} external blocks)\n", pods + graph.blocks.size(),
                     pods, graph.blocks.size());
  out << fmt::format("equivalence classes: {} ({} pod classes, {} external blocks)\n",
                     graph.ClassCount(), graph.PodClassCount(), graph.blocks.size());
  out << fmt::format("allowed ordered pairs: {}\n", graph.EndpointPairCount());
  out << fmt::format("class edges: {}\n", graph.edges.size());
  out << fmt::format("distinct port sets: {}\n", graph.DistinctEdgePortSets());
  if (selection) {
    out << fmt::format("selected endpoints: {}\n", selection->endpoints);
    out << fmt::format("allowed ordered pairs with a selected end: {}\n",
                       CountShownPairs(graph, *selection));
  }
  out << fmt::format("parse time: {:.3f} s\n", times.parse);
  out << fmt::format("compute time: {:.3f} s\n", times.compute);
  out << fmt::format("output time: {:.3f} s\n", times.output);
  out << "(times are wall-clock)\n";
}

NETPOL_NAMESPACE_END
