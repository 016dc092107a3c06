#include "netpol/graph_diff_output.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/block_aliases.h"
#include "report/graph_diff_json.h"
#include "report/json_support.h"

namespace netpol {
namespace {

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
    case ConnectionChange::Kind::kNewlyAllowed: ports = c.after.ToString(); break;
    case ConnectionChange::Kind::kNewlyDenied: ports = "was " + c.before.ToString(); break;
    case ConnectionChange::Kind::kPortsChanged:
      ports = c.before.ToString() + " -> " + c.after.ToString();
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
    connections.push_back({{"from", c.from},
                           {"to", c.to},
                           {"change", ConnectionChangeKindName(c.kind)},
                           {"before", report::PortsJson(c.before)},
                           {"after", report::PortsJson(c.after)},
                           {"causes", std::move(causes)}});
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

}  // namespace netpol
