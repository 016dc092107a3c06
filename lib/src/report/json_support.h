// Private helpers shared by the JSON writers (nlohmann stays out of the
// public headers).
#ifndef NETPOL_SRC_REPORT_JSON_SUPPORT_H_
#define NETPOL_SRC_REPORT_JSON_SUPPORT_H_

#include <string>

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

/// The document as text. Invalid UTF-8 (a name typed on the command line)
/// is written as U+FFFD rather than thrown: output never aborts a run.
inline std::string DumpJson(const nlohmann::ordered_json& doc, int indent = -1) {
  return doc.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// {"file": "...", "line": N}.
inline nlohmann::ordered_json LocJson(const SourceLoc& loc) {
  return {{"file", loc.file}, {"line", loc.line}};
}

}  // namespace netpol::report

#endif  // NETPOL_SRC_REPORT_JSON_SUPPORT_H_
