// Command-line arguments shared by explain, reach and paths: endpoints
// (SRC/DST) and ports, parsed and resolved with errors printed the same way.
#ifndef NETPOL_TOOLS_ENDPOINT_ARGS_H_
#define NETPOL_TOOLS_ENDPOINT_ARGS_H_

#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "netpol/port_query.h"

namespace netpol::cli {

/// Resolves `text` (--from/--to) in the analysis, then the allow-graph
/// nodes standing for its endpoints (external addresses: the block
/// containing them), in graph order, without repeats. Prints
/// "netpol: --from: ..." to io.err and returns nullopt when it is malformed or
/// matches nothing.
std::optional<std::vector<NodeId>> ResolveNodeArg(const std::string& option,
                                                         const std::string& text,
                                                         const Analysis& analysis, Io& io);

/// Parses --port ("80/TCP", "53/UDP", "80"); an empty text is no port.
/// Returns false (after printing why) when malformed.
bool ParsePortArg(const std::string& text, std::optional<PortQuery>* port, Io& io);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_ENDPOINT_ARGS_H_
