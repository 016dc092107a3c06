// Intent files: what the author means the network to allow. A small YAML
// format of our own (apiVersion netpol.dev/v1alpha1, kind Intent), checked
// against the computed graph by CheckIntent (check.h).
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: parsing is linear in the text.
#ifndef NETPOL_INTENT_H_
#define NETPOL_INTENT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"
#include "netpol/diagnostic.h"
#include "netpol/endpoint_ref.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// The apiVersion an intent file must declare.
inline constexpr const char* kIntentApiVersion = "netpol.dev/v1alpha1";

/// One declared connection (or, for `deny`, one that must not exist).
struct IntentConnection {
  enum class Kind { kAllow, kPath, kDeny };
  Kind kind = Kind::kAllow;
  EndpointRef from;
  EndpointRef to;
  /// The ports meant; nullopt means "any port" (for deny: on no port at all).
  std::optional<PortSet> ports;
  SourceLoc loc;
  /// Where `from` and `to` are written (a path's hops), for messages about
  /// one endpoint.
  SourceLoc from_loc;
  SourceLoc to_loc;
};

/// A parsed intent file (kind: Intent): the connections that must and must
/// not exist.
struct Intent {
  std::string name;
  /// Namespaces whose pods are in scope (closed mode checks pairs of them).
  std::vector<std::string> scope_namespaces;
  /// Closed (default): every connection between in-scope pods that is not
  /// declared must be denied. Open: only what is listed is checked.
  bool closed = true;
  /// Every in-scope pod must reach cluster DNS on 53/UDP and 53/TCP.
  bool require_dns = false;
  SourceLoc require_dns_loc;
  /// Allows, with `paths` expanded into one kPath connection per hop.
  std::vector<IntentConnection> connections;
  SourceLoc loc;
};

// An intent is read by LoadIntentText / LoadIntentFile (netpol/analysis.h),
// which answer a Result<Intent>.

/// Parses "80", "80/TCP", "53/UDP", "8000-8080/TCP", "TCP" (all TCP ports)
/// or "all". kInvalidArgument saying why when malformed ("0", "90-80").
[[nodiscard]] Result<PortSet> ParsePortSpec(std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_INTENT_H_
