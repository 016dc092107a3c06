#include "drawing_flags.h"

#include <fmt/format.h>

namespace netpol::cli {

void AddDrawingFlags(CLI::App& sub, DrawingFlags& flags, const std::string& what) {
  sub.add_option("--by", flags.by,
                 what + ": one node (or row) per pod, workload, class or namespace; a group's "
                        "cell or edge says whether all, some or none of its pod pairs are "
                        "allowed (default: pod, aggregated when over --max-nodes, see README)")
      ->check(CLI::IsMember({"pod", "workload", "class", "namespace"}));
  AddLayoutFlags(sub, flags, what);
}

void AddLayoutFlags(CLI::App& sub, DrawingFlags& flags, const std::string& what) {
  sub.add_option("--max-nodes", flags.max_nodes,
                 what + ": the most pods drawn (or matrix rows printed) one by one")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub.add_option("--layout-timeout", flags.layout_timeout,
                 "Seconds Graphviz may take to lay out a drawing (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

std::optional<GroupBy> GroupByFlag(const DrawingFlags& flags) {
  if (flags.by.empty()) return std::nullopt;
  return ParseGroupBy(flags.by);
}

SvgLayoutOptions LayoutOptions(const DrawingFlags& flags, Io& io) {
  SvgLayoutOptions layout;
  layout.budget_seconds = flags.layout_timeout;
  layout.progress = [&io](std::string_view line) { io.err << "netpol: " << line << "\n" << std::flush; };
  return layout;
}

}  // namespace netpol::cli
