#include "netpol/matrix_output.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

void WriteMatrixText(const AllowGraph& graph, const std::optional<PortQuery>& port,
                     std::ostream& out) {
  std::vector<NodeId> pods;
  for (NodeId v : graph.NodeIds()) {
    if (graph.Node(v).kind == NodeKind::kPod) pods.push_back(v);
  }
  const std::size_t number_width = fmt::format("{}", pods.size()).size();
  std::size_t name_width = 7;  // "from\to"
  for (NodeId v : pods) name_width = std::max(name_width, graph.Node(v).id.size());
  const std::size_t cell = std::max<std::size_t>(number_width, 1) + 1;

  out << fmt::format("{:>{}} {:<{}}", "", number_width, "from\\to", name_width);
  for (std::size_t j = 0; j < pods.size(); ++j) out << fmt::format("{:>{}}", j + 1, cell);
  out << "\n";
  std::size_t allowed = 0;
  std::size_t pairs = 0;
  bool filtered = false;  // a graph built with a filter: some pairs are not shown
  for (std::size_t i = 0; i < pods.size(); ++i) {
    out << fmt::format("{:>{}} {:<{}}", i + 1, number_width, graph.Node(pods[i]).id, name_width);
    for (std::size_t j = 0; j < pods.size(); ++j) {
      char mark = '-';
      if (i != j && !graph.Node(pods[i]).selected && !graph.Node(pods[j]).selected) {
        mark = ' ';  // neither end selected: not shown
        filtered = true;
      } else if (i != j) {
        ++pairs;
        const PortSet ports = graph.PortsBetween(pods[i], pods[j]);
        const bool ok = port ? ports.Contains(port->protocol, port->port) : !ports.IsEmpty();
        mark = ok ? '.' : 'X';
        if (ok) ++allowed;
      }
      out << fmt::format("{:>{}}", mark, cell);
    }
    out << "\n";
  }
  out << fmt::format("\n. allowed{}  X denied  - same pod (not evaluated){}; column N is row N\n",
                     port ? " on " + port->ToString() : " on some port",
                     filtered ? "  (blank) neither pod selected" : "");
  out << fmt::format("{} of {} pod pairs allowed\n", allowed, pairs);
}

NETPOL_NAMESPACE_END

NETPOL_INTERNAL_NAMESPACE_BEGIN

void WriteGroupMatrixText(const GroupGraph& graph, std::ostream& out) {
  const auto rows = static_cast<std::uint32_t>(graph.PodGroupCount());
  const std::size_t number_width = fmt::format("{}", rows).size();
  std::vector<std::string> names;
  names.reserve(rows);
  std::size_t name_width = 7;  // "from\to"
  std::uint64_t pods = 0;
  for (std::uint32_t i = 0; i < rows; ++i) {
    names.push_back(fmt::format("{} ({})", graph.groups[i].id, graph.groups[i].Size()));
    name_width = std::max(name_width, names.back().size());
    pods += graph.groups[i].Size();
  }
  const std::size_t cell = std::max<std::size_t>(number_width, 1) + 1;
  out << fmt::format("{:>{}} {:<{}}", "", number_width, "from\\to", name_width);
  for (std::uint32_t j = 0; j < rows; ++j) out << fmt::format("{:>{}}", j + 1, cell);
  out << "\n";
  // Rows are filled from the sorted edges: O(cells) characters, no lookup
  // per cell (a 2,500-workload matrix has 6 million cells).
  std::uint64_t allowed = 0;
  std::uint64_t pairs = 0;
  std::string row(rows * cell, ' ');
  auto edge = graph.edges.begin();
  for (std::uint32_t i = 0; i < rows; ++i) {
    for (std::uint32_t j = 0; j < rows; ++j) {
      const std::uint64_t member_pairs = graph.PairCount(i, j);
      pairs += member_pairs;
      row[(j + 1) * cell - 1] = member_pairs > 0 ? 'X' : '-';
    }
    while (edge != graph.edges.end() && edge->from < i) ++edge;
    for (; edge != graph.edges.end() && edge->from == i; ++edge) {
      if (edge->to >= rows) continue;  // an external block
      allowed += edge->allowed;
      row[(edge->to + 1) * cell - 1] = edge->coverage() == Coverage::kAll ? '.' : '~';
    }
    out << fmt::format("{:>{}} {:<{}}", i + 1, number_width, names[i], name_width) << row << "\n";
  }
  const std::string on = graph.port ? " on " + graph.port->ToString() : " on some port";
  const char* what = GroupByName(graph.by);
  out << fmt::format(
      "\nrows and columns: {}s (member pods in parentheses); a cell covers every pair of a pod of "
      "the row and another pod of the column\n"
      ". all pairs allowed{}  ~ some allowed, some denied  X none allowed  - no pair (one pod with "
      "itself); column N is row N\n",
      what, on);
  out << fmt::format("{} of {} pod pairs allowed ({} {}s, {} pods)\n", allowed, pairs, rows, what,
                     pods);
}

NETPOL_NAMESPACE_END
