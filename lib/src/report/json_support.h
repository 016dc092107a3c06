// Private helpers shared by the JSON writers (nlohmann stays out of the
// public headers).
#ifndef NETPOL_SRC_REPORT_JSON_SUPPORT_H_
#define NETPOL_SRC_REPORT_JSON_SUPPORT_H_

#include <nlohmann/json.hpp>

#include "netpol/port_set.h"
#include "netpol/source_loc.h"

namespace netpol::report {

/// [{"protocol": "TCP", "port": 80, "endPort": 80}, ...], as `graph` prints edges.
inline nlohmann::ordered_json PortsJson(const PortSet& ports) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (Protocol protocol : kAllProtocols) {
    for (const PortRange& range : ports.Ranges(protocol)) {
      list.push_back(
          {{"protocol", ProtocolName(protocol)}, {"port", range.first}, {"endPort", range.last}});
    }
  }
  return list;
}

/// {"file": "...", "line": N}.
inline nlohmann::ordered_json LocJson(const SourceLoc& loc) {
  return {{"file", loc.file}, {"line", loc.line}};
}

}  // namespace netpol::report

#endif  // NETPOL_SRC_REPORT_JSON_SUPPORT_H_
