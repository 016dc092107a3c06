#include "endpoint_args.h"

#include <set>

#include <fmt/format.h>

namespace netpol::cli {

std::optional<std::vector<NodeId>> ResolveNodeArg(const std::string& option,
                                                         const std::string& text,
                                                         const Analysis& analysis, Io& io) {
  Result<std::vector<Endpoint>> endpoints = analysis.ResolveEndpoints(text);
  if (!endpoints.ok()) {
    io.err << fmt::format("netpol: {}: {}\n", option, endpoints.status().message());
    return std::nullopt;
  }
  std::set<NodeId> nodes;
  for (const Endpoint& endpoint : *endpoints) {
    if (auto v = NodeFor(analysis.allow_graph(), endpoint, analysis.cluster())) {
      nodes.insert(*v);
    }
  }
  return std::vector<NodeId>(nodes.begin(), nodes.end());
}

bool ParsePortArg(const std::string& text, std::optional<PortQuery>* port, Io& io) {
  if (text.empty()) return true;
  Result<PortQuery> parsed = PortQuery::Parse(text);
  if (!parsed.ok()) {
    io.err << fmt::format("netpol: --port: {}\n", parsed.status().message());
    return false;
  }
  *port = *parsed;
  return true;
}

}  // namespace netpol::cli
