// Private helpers shared by the JSON writers (nlohmann stays out of the
// public headers).
#ifndef NETPOL_SRC_REPORT_JSON_SUPPORT_H_
#define NETPOL_SRC_REPORT_JSON_SUPPORT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netpol/l7_filter.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

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

/// [{"protocol": "http", "ports": PortsJson(...)}, ...]: the ports allowed
/// subject to L7 filtering (netpol/l7_filter.h), as `graph` prints edges.
inline nlohmann::ordered_json L7Json(const std::vector<L7Filter>& filters) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const L7Filter& filter : filters) {
    list.push_back({{"protocol", filter.protocol}, {"ports", PortsJson(filter.ports)}});
  }
  return list;
}

/// The document as text. Invalid UTF-8 (a name typed on the command line)
/// is written as U+FFFD rather than thrown: output never aborts a run.
inline std::string DumpJson(const nlohmann::ordered_json& doc, int indent = -1) {
  return doc.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// {"file": "...", "line": N, "column": N}: the one shape of a source
/// location in every JSON writer (lint, explain, check, diff).
inline nlohmann::ordered_json LocationJson(const SourceLoc& loc) {
  return {{"file", loc.file}, {"line", loc.line}, {"column", loc.column}};
}

/// Writes `json[key] = LocationJson(loc)`, `key` being "location" unless the
/// writer already used that name for something else. Unknown parts follow
/// SourceLoc: a location with a file is always written, its `line` and
/// `column` 0 when not known (a finding about a whole file); one without a
/// file (an object netpol modelled, such as the DNS pod) is omitted, so a
/// present `location` always names a file.
inline void PutLocation(nlohmann::ordered_json& json, const SourceLoc& loc,
                        const char* key = "location") {
  if (loc.IsKnown()) json[key] = LocationJson(loc);
}

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_JSON_SUPPORT_H_
