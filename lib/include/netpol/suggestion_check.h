// Verifying a suggested change before anyone applies it.
//
// Design. A suggestion (`check --suggest`'s policies, or any other fix a
// command proposes) is applied in memory exactly as `netpol diff --add`
// applies a file (Analysis::With: same kind, namespace and name replaces),
// and the two allow-graphs are compared (Analysis::Diff). The suggestion is
// right only when the connections that change are the ones it is meant to
// open: every wanted port is allowed afterwards, no port of any pair is lost,
// and nothing else is newly allowed. Callers print a suggestion only when it
// passes, and the problems otherwise.
//
// Threads: VerifySuggestion reads a const Analysis and builds new ones;
// concurrent calls are safe. Cost: one Analysis::With and Diff.
#ifndef NETPOL_SUGGESTION_CHECK_H_
#define NETPOL_SUGGESTION_CHECK_H_

#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/analysis.h"
#include "netpol/endpoint.h"
#include "netpol/graph_diff.h"
#include "netpol/loader.h"
#include "netpol/port_set.h"

NETPOL_NAMESPACE_BEGIN

/// A connection a suggestion is meant to (or may) open. Endpoints are those
/// of the analysis the suggestion is checked against.
struct WantedConnection {
  Endpoint from;
  Endpoint to;
  PortSet ports;
};

/// Whether a suggested policy is safe to apply, and why not.
struct SuggestionCheck {
  bool ok = false;
  /// Why not ok, one sentence each: "it would newly deny ns/a -> ns/b TCP
  /// 80", "it would also newly allow ...", "it would not open ...", or why
  /// the objects do not load.
  std::vector<std::string> problems;
  /// What applying the objects changes (empty when they do not load).
  GraphDiff diff;
};

/// Applies `objects` (manifest texts) to `before` in memory and compares:
/// ok when every port of `must_open` is allowed afterwards, no connection
/// loses a port, and every newly allowed port is in `must_open` or
/// `may_open` (other connections the caller knows are missing, such as
/// identical replicas the same selector opens too).
SuggestionCheck VerifySuggestion(const Analysis& before, const std::vector<InputFile>& objects,
                                 const std::vector<WantedConnection>& must_open,
                                 const std::vector<WantedConnection>& may_open = {});

NETPOL_NAMESPACE_END

#endif  // NETPOL_SUGGESTION_CHECK_H_
