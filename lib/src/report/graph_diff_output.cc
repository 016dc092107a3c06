#include "netpol/graph_diff_output.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/block_aliases.h"
#include "report/graph_diff_json.h"
#include "report/json_support.h"
#include "report/table_output.h"
#include "report/dot_quote.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using report::DotQuote;

using nlohmann::ordered_json;

std::string FileLine(const SourceLoc& loc) {
  if (loc.line <= 0) return loc.file;
  return fmt::format("{}:{}", loc.file, loc.line);
}

std::string Where(const ObjectChange& o) {
  switch (o.change) {
    case ChangeKind::kAdded: return FileLine(o.after_loc);
    case ChangeKind::kRemoved: return FileLine(o.before_loc);
    case ChangeKind::kModified:
      return FileLine(o.before_loc) + " -> " + FileLine(o.after_loc);
  }
  return "";
}

struct Counts {
  int allowed = 0;
  int denied = 0;
  int changed = 0;
};

Counts Count(const GraphDiff& diff) {
  Counts counts;
  for (const ConnectionChange& c : diff.connections) {
    switch (c.kind) {
      case ConnectionChange::Kind::kNewlyAllowed: ++counts.allowed; break;
      case ConnectionChange::Kind::kNewlyDenied: ++counts.denied; break;
      case ConnectionChange::Kind::kPortsChanged: ++counts.changed; break;
    }
  }
  return counts;
}

}  // namespace

void WriteGraphDiffCsv(const GraphDiff& diff, std::ostream& out) {
  report::WriteCsvTable(report::GraphDiffHeader(), report::GraphDiffRows(diff), out);
}

void WriteGraphDiffMarkdown(const GraphDiff& diff, std::ostream& out) {
  report::WriteMarkdownTable(report::GraphDiffHeader(), report::GraphDiffRows(diff), out);
}

void WriteGraphDiffDot(const GraphDiff& diff, std::ostream& out) {
  // Only the endpoints that appear in a change: a diff of a large cluster
  // draws what changed, not the cluster. No namespace clusters: Graphviz
  // 2.42 (Debian 12) is fragile with clusters and edge labels.
  std::map<std::string, std::size_t> node_index;
  for (const ConnectionChange& c : diff.connections) {
    node_index.emplace(c.from, 0);
    node_index.emplace(c.to, 0);
  }
  out << "digraph netpol_diff {\n"
         "  rankdir=LR;\n"
         "  newrank=true;\n"
         "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::size_t next = 0;
  for (auto& [id, index] : node_index) {
    index = next++;
    out << fmt::format("  n{} [label={}, id=\"n{}\", tooltip={}];\n", index, DotQuote(id), index,
                       DotQuote(id));
  }
  for (std::size_t i = 0; i < diff.connections.size(); ++i) {
    const ConnectionChange& c = diff.connections[i];
    std::string label;
    std::string style;
    switch (c.kind) {
      case ConnectionChange::Kind::kNewlyAllowed:
        label = PortsWithL7(c.after, c.after_l7);
        style = "class=\"newly-allowed\", color=\"#2e7d32\", fontcolor=\"#2e7d32\", penwidth=2";
        break;
      case ConnectionChange::Kind::kNewlyDenied:
        label = "was " + PortsWithL7(c.before, c.before_l7);
        style = "class=\"newly-denied\", color=\"#c62828\", fontcolor=\"#c62828\", style=dashed, "
                "penwidth=2";
        break;
      case ConnectionChange::Kind::kPortsChanged:
        label = PortsWithL7(c.before, c.before_l7) + " -> " + PortsWithL7(c.after, c.after_l7);
        style = "class=\"ports-changed\", color=\"#ef6c00\", fontcolor=\"#ef6c00\", penwidth=2";
        break;
    }
    const std::string tooltip =
        fmt::format("{} -> {}: {} ({})", c.from, c.to, ConnectionChangeKindName(c.kind), label);
    out << fmt::format("  n{} -> n{} [label={}, id=\"c{}\", tooltip={}, {}];\n",
                       node_index.at(c.from), node_index.at(c.to), DotQuote(label), i,
                       DotQuote(tooltip), style);
  }
  out << "}\n";
}

void WriteGraphDiffText(const GraphDiff& diff, std::ostream& out) {
  if (!diff.objects.empty()) {
    out << "Changed objects:\n";
    for (const ObjectChange& o : diff.objects) {
      out << fmt::format("  {:<9} {} ({})\n", ChangeKindName(o.change), o.Id(), Where(o));
    }
    out << "\n";
  }
  // Long external blocks print as aliases, with a legend at the end.
  report::BlockAliases aliases;
  std::vector<ConnectionChange> shown;
  shown.reserve(diff.connections.size());
  for (const ConnectionChange& c : diff.connections) {
    ConnectionChange named = c;
    named.from = aliases.Name(c.from);
    named.to = aliases.Name(c.to);
    shown.push_back(std::move(named));
  }
  if (!shown.empty()) {
    out << "Changed connections:\n";
    const std::size_t width = report::ConnectionColumnWidth(shown);
    for (const ConnectionChange& c : shown) {
      out << report::ConnectionChangeLine(c, width);
      for (const ChangeCause& cause : c.causes) {
        const ObjectChange& o = diff.objects[cause.object];
        out << fmt::format("    because {} {} {}\n", ChangeKindName(o.change), o.Id(),
                           cause.relation);
      }
      if (c.causes.empty()) out << "    because: no changed object selects either end\n";
    }
    out << "\n";
  }
  const Counts counts = Count(diff);
  if (diff.connections.empty()) {
    out << fmt::format("No connection changed ({} object{} changed)\n", diff.objects.size(),
                       diff.objects.size() == 1 ? "" : "s");
    return;
  }
  out << fmt::format("{} connection{} changed: {} newly allowed, {} newly denied, {} with other "
                     "ports\n",
                     diff.connections.size(), diff.connections.size() == 1 ? "" : "s",
                     counts.allowed, counts.denied, counts.changed);
  aliases.WriteLegend(out);
}

namespace report {

TableRow GraphDiffHeader() { return {"from", "to", "change", "before", "after", "causes"}; }

// One row per changed connection; a cause reads as in the text report
// ("modified NetworkPolicy/ns/name isolates the source for Egress"), causes
// separated by "; ". Ports absent on a side are "none".
std::vector<TableRow> GraphDiffRows(const GraphDiff& diff) {
  std::vector<TableRow> rows;
  rows.reserve(diff.connections.size());
  for (const ConnectionChange& c : diff.connections) {
    std::string causes;
    for (const ChangeCause& cause : c.causes) {
      const ObjectChange& o = diff.objects[cause.object];
      if (!causes.empty()) causes += "; ";
      causes += fmt::format("{} {} {}", ChangeKindName(o.change), o.Id(), cause.relation);
    }
    rows.push_back({c.from, c.to, ConnectionChangeKindName(c.kind),
                    PortsWithL7(c.before, c.before_l7), PortsWithL7(c.after, c.after_l7), causes});
  }
  return rows;
}

std::size_t ConnectionColumnWidth(const std::vector<ConnectionChange>& connections) {
  std::size_t width = 0;
  for (const ConnectionChange& c : connections) {
    width = std::max(width, c.from.size() + 4 + c.to.size());
  }
  return width;
}

std::string ConnectionChangeLine(const ConnectionChange& c, std::size_t width) {
  std::string ports;
  switch (c.kind) {
    case ConnectionChange::Kind::kNewlyAllowed: ports = PortsWithL7(c.after, c.after_l7); break;
    case ConnectionChange::Kind::kNewlyDenied:
      ports = "was " + PortsWithL7(c.before, c.before_l7);
      break;
    case ConnectionChange::Kind::kPortsChanged:
      ports = PortsWithL7(c.before, c.before_l7) + " -> " + PortsWithL7(c.after, c.after_l7);
      break;
  }
  return fmt::format("  {:<13}  {:<{}}  {}\n", ConnectionChangeKindName(c.kind),
                     c.from + " -> " + c.to, width, ports);
}

nlohmann::ordered_json GraphDiffJson(const GraphDiff& diff) {
  ordered_json objects = ordered_json::array();
  for (const ObjectChange& o : diff.objects) {
    ordered_json j = {{"id", o.Id()},
                      {"change", ChangeKindName(o.change)},
                      {"kind", o.kind},
                      {"namespace", o.namespace_name},
                      {"name", o.name}};
    report::PutLocation(j, o.before_loc, "before");
    report::PutLocation(j, o.after_loc, "after");
    // Where the object is now, or was when the change removed it.
    report::PutLocation(j, o.after_loc.IsKnown() ? o.after_loc : o.before_loc);
    objects.push_back(std::move(j));
  }
  ordered_json connections = ordered_json::array();
  for (const ConnectionChange& c : diff.connections) {
    ordered_json causes = ordered_json::array();
    for (const ChangeCause& cause : c.causes) {
      causes.push_back({{"object", diff.objects[cause.object].Id()}, {"relation", cause.relation}});
    }
    ordered_json connection = {{"from", c.from},
                               {"to", c.to},
                               {"change", ConnectionChangeKindName(c.kind)},
                               {"before", report::PortsJson(c.before)},
                               {"after", report::PortsJson(c.after)},
                               {"causes", std::move(causes)}};
    // Where a side allows ports only subject to L7 filtering, as graph's
    // edges carry "l7".
    if (!c.before_l7.empty()) connection["beforeL7"] = report::L7Json(c.before_l7);
    if (!c.after_l7.empty()) connection["afterL7"] = report::L7Json(c.after_l7);
    connections.push_back(std::move(connection));
  }
  const Counts counts = Count(diff);
  return {{"objects", std::move(objects)},
          {"connections", std::move(connections)},
          {"summary",
           {{"changed", diff.connections.size()},
            {"newlyAllowed", counts.allowed},
            {"newlyDenied", counts.denied},
            {"portsChanged", counts.changed}}}};
}

}  // namespace report

void WriteGraphDiffJson(const GraphDiff& diff, std::ostream& out) {
  out << report::DumpJson(report::GraphDiffJson(diff), 2) << "\n";
}

NETPOL_NAMESPACE_END
