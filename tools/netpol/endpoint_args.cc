#include "endpoint_args.h"

#include <set>

#include <fmt/format.h>

namespace netpol::cli {

std::optional<std::vector<Endpoint>> ResolveEndpointArg(const std::string& option,
                                                        const std::string& text,
                                                        const Cluster& cluster, Io& io) {
  std::string error;
  auto ref = EndpointRef::Parse(text, &error);
  if (!ref) {
    io.err << fmt::format("netpol: {}: {}\n", option, error);
    return std::nullopt;
  }
  std::vector<Endpoint> endpoints = ResolveEndpointRef(*ref, cluster);
  if (endpoints.empty()) {
    io.err << fmt::format("netpol: {}: no pod matches \"{}\"\n", option, text);
    return std::nullopt;
  }
  return endpoints;
}

std::optional<std::vector<NodeId>> ResolveNodeArg(const std::string& option,
                                                  const std::string& text,
                                                  const AllowGraph& graph,
                                                  const Cluster& cluster, Io& io) {
  auto endpoints = ResolveEndpointArg(option, text, cluster, io);
  if (!endpoints) return std::nullopt;
  std::set<NodeId> nodes;
  for (const Endpoint& endpoint : *endpoints) {
    if (auto v = NodeFor(graph, endpoint, cluster)) nodes.insert(*v);
  }
  return std::vector<NodeId>(nodes.begin(), nodes.end());
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
