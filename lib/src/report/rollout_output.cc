#include "netpol/rollout_output.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/check_output.h"
#include "netpol/graph_diff_output.h"
#include "report/graph_diff_json.h"
#include "report/json_support.h"
#include "report/rule_text.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using nlohmann::ordered_json;
using report::LineRef;

std::string Plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// Indents every line of `text` by `prefix`.
std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) out += (line.empty() ? "" : prefix + line) + "\n";
  return out;
}

bool IsPolicy(const ObjectChange& o) { return o.kind != "Pod" && o.kind != "Namespace"; }

void WriteChanges(const GraphDiff& diff, std::size_t max_connections, std::ostream& out) {
  for (const ObjectChange& o : diff.objects) {
    const SourceLoc& where = o.after_loc.IsKnown() ? o.after_loc : o.before_loc;
    out << fmt::format("  {:<9} {} ({})\n", ChangeKindName(o.change), o.Id(), LineRef(where));
  }
  if (diff.connections.empty()) {
    out << "  no connection changed\n";
    return;
  }
  const std::size_t width = report::ConnectionColumnWidth(diff.connections);
  std::size_t shown = 0;
  for (const ConnectionChange& c : diff.connections) {
    if (max_connections != 0 && shown == max_connections) {
      const std::size_t rest = diff.connections.size() - shown;
      out << fmt::format("  ... and {} more changed connection{} (--max-connections 0 lists "
                         "them all)\n",
                         rest, rest == 1 ? "" : "s");
      break;
    }
    ++shown;
    out << report::ConnectionChangeLine(c, width);
    // New pods and namespaces explain themselves; the policies are the news.
    for (const ChangeCause& cause : c.causes) {
      const ObjectChange& o = diff.objects[cause.object];
      if (!IsPolicy(o)) continue;
      out << fmt::format("    because {} {} {}\n", ChangeKindName(o.change), o.Id(),
                         cause.relation);
    }
  }
}

std::string ConnectionText(const IntendedConnection& c) {
  return fmt::format("{} -> {}  {}  ({}, {})", c.from, c.to, c.declared.ToString(), c.origin,
                     LineRef(c.declared_at));
}

void WriteIntent(const RolloutStep& step, std::ostream& out) {
  const std::size_t holding = static_cast<std::size_t>(
      std::count_if(step.intended.begin(), step.intended.end(),
                    [](const IntendedConnection& c) { return c.holds; }));
  out << fmt::format("  intent: {} of {} hold ({} ok, {} MISSING, {} UNEXPECTED)\n", holding,
                     Plural(step.intended.size(), "intended connection"), step.ok, step.missing,
                     step.unexpected);
  for (const IntendedConnection& c : step.broken) {
    out << fmt::format("    BROKEN     {}; now allowed: {}\n", ConnectionText(c),
                       c.allowed.IsEmpty() ? "nothing" : c.allowed.ToString());
  }
  for (const IntendedConnection& c : step.restored) {
    out << fmt::format("    now holds  {}\n", ConnectionText(c));
  }
}

ordered_json ConnectionJson(const IntendedConnection& c) {
  ordered_json j = {{"origin", c.origin},
                    {"from", c.from},
                    {"to", c.to},
                    {"declared", report::PortsJson(c.declared)},
                    {"allowed", report::PortsJson(c.allowed)},
                    {"holds", c.holds},
                    {"declaredAt", LineRef(c.declared_at)}};
  report::PutLocation(j, c.declared_at);
  return j;
}

ordered_json ConnectionsJson(const std::vector<IntendedConnection>& list) {
  ordered_json array = ordered_json::array();
  for (const IntendedConnection& c : list) array.push_back(ConnectionJson(c));
  return array;
}

}  // namespace

void WriteRolloutStepText(const RolloutStep& step, bool with_intent, std::ostream& out,
                          const RolloutTextOptions& options) {
  WriteChanges(step.changes, options.max_connections, out);
  if (with_intent) WriteIntent(step, out);
}

std::string RolloutVerdict(const RolloutReport& report) {
  const std::size_t broken = report.BrokenCount();
  if (!report.final_check) return fmt::format("{} applied", Plural(report.steps.size(), "stage"));
  std::vector<std::string> problems;
  if (broken > 0) {
    problems.push_back(fmt::format("{} broken between applies", Plural(broken, "intended connection")));
  }
  if (!report.final_check->Holds()) problems.push_back("the final state does not satisfy the intent");
  if (problems.empty()) {
    return fmt::format("{} applied; no stage breaks an intended connection and the intent holds",
                       Plural(report.steps.size(), "stage"));
  }
  return fmt::format("{} applied; {}", Plural(report.steps.size(), "stage"), fmt::join(problems, "; "));
}

void WriteRolloutText(const RolloutReport& report, std::ostream& out,
                      const RolloutTextOptions& options) {
  const bool with_intent = report.final_check.has_value();
  for (const RolloutStep& step : report.steps) {
    out << fmt::format("Stage {}/{}: {}\n", step.stage + 1, report.steps.size(), step.name);
    WriteRolloutStepText(step, with_intent, out, options);
    out << "\n";
  }
  if (with_intent) {
    out << "Final state, as `netpol check` judges it:\n";
    std::ostringstream check;
    WriteCheckText(*report.final_check, report.final_cluster, check);
    out << Indent(check.str(), "  ") << "\n";
  }
  if (report.order) {
    const RolloutOrder& order = *report.order;
    const std::string search =
        order.exhaustive
            ? fmt::format("every order of the {} stages was considered", report.steps.size())
            : fmt::format("greedy search: more than the exhaustive limit of stages, so the "
                          "order found may not be the best");
    if (order.broken.empty()) {
      out << fmt::format("Safe order ({}): no stage breaks an intended connection that holds "
                         "at the end\n",
                         search);
    } else {
      out << fmt::format("No order avoids every outage ({}); the best breaks {}:\n", search,
                         Plural(order.broken.size(), "intended connection"));
    }
    for (std::size_t position = 0; position < order.stages.size(); ++position) {
      const std::size_t stage = order.stages[position];
      out << fmt::format("  {}. {}{}\n", position + 1, report.stage_names[stage],
                         stage == position ? "" : fmt::format("  (given as stage {})", stage + 1));
      for (const auto& [at, c] : order.broken) {
        if (at == position) out << fmt::format("       breaks {}\n", ConnectionText(c));
      }
    }
    for (const RolloutConstraint& c : order.constraints) {
      out << fmt::format("  {} stays before {}: {}\n", report.stage_names[c.before],
                         report.stage_names[c.after], c.reason);
    }
    out << "\n";
  }
  out << RolloutVerdict(report) << "\n";
}

void WriteRolloutJson(const RolloutReport& report, std::ostream& out) {
  ordered_json stages = ordered_json::array();
  for (const RolloutStep& step : report.steps) {
    ordered_json j = {{"stage", step.name}, {"index", step.stage + 1},
                      {"changes", report::GraphDiffJson(step.changes)}};
    if (report.final_check) {
      j["intent"] = {{"ok", step.ok},
                     {"missing", step.missing},
                     {"unexpected", step.unexpected},
                     {"broken", ConnectionsJson(step.broken)},
                     {"restored", ConnectionsJson(step.restored)},
                     {"connections", ConnectionsJson(step.intended)}};
    }
    stages.push_back(std::move(j));
  }
  ordered_json doc = {{"holds", report.Holds()},
                      {"brokenCount", report.BrokenCount()},
                      {"stages", std::move(stages)}};
  if (report.final_check) {
    std::ostringstream check;
    WriteCheckJson(*report.final_check, report.final_cluster, check);
    doc["final"] = ordered_json::parse(check.str());
  }
  if (report.order) {
    const RolloutOrder& order = *report.order;
    ordered_json names = ordered_json::array();
    for (std::size_t stage : order.stages) names.push_back(report.stage_names[stage]);
    ordered_json broken = ordered_json::array();
    for (const auto& [at, c] : order.broken) {
      ordered_json j = ConnectionJson(c);
      j["position"] = at + 1;
      j["stage"] = report.stage_names[order.stages[at]];
      broken.push_back(std::move(j));
    }
    ordered_json constraints = ordered_json::array();
    for (const RolloutConstraint& c : order.constraints) {
      constraints.push_back({{"before", report.stage_names[c.before]},
                             {"after", report.stage_names[c.after]},
                             {"reason", c.reason}});
    }
    doc["order"] = {{"stages", std::move(names)},
                    {"exhaustive", order.exhaustive},
                    {"safe", order.broken.empty()},
                    {"broken", std::move(broken)},
                    {"constraints", std::move(constraints)}};
  }
  out << report::DumpJson(doc, 2) << "\n";
}

NETPOL_NAMESPACE_END
