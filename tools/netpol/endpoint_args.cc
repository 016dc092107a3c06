#include "endpoint_args.h"

#include <set>

#include <fmt/format.h>

namespace netpol::cli {

std::optional<std::vector<GraphVertex>> ResolveVertexArg(const std::string& option,
                                                         const std::string& text,
                                                         const Analysis& analysis, Io& io) {
  Result<std::vector<Endpoint>> endpoints = analysis.ResolveEndpoints(text);
  if (!endpoints.ok()) {
    io.err << fmt::format("netpol: {}: {}\n", option, endpoints.status().message());
    return std::nullopt;
  }
  std::set<GraphVertex> vertices;
  for (const Endpoint& endpoint : *endpoints) {
    if (auto v = VertexFor(analysis.allow_graph(), endpoint, analysis.cluster())) {
      vertices.insert(*v);
    }
  }
  return std::vector<GraphVertex>(vertices.begin(), vertices.end());
}

bool ParsePortArg(const std::string& text, std::optional<PortQuery>* port, Io& io) {
  if (text.empty()) return true;
  std::string error;
  *port = PortQuery::Parse(text, &error);
  if (!*port) {
    io.err << fmt::format("netpol: --port: {}\n", error);
    return false;
  }
  return true;
}

}  // namespace netpol::cli
