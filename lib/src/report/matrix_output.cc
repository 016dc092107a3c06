#include "netpol/matrix_output.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace netpol {

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

}  // namespace netpol
