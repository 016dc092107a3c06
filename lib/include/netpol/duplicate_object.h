// An object defined twice in the inputs: found by the loader, reported by
// lint (NP015). A model value, so that lint need not depend on the loader.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_DUPLICATE_OBJECT_H_
#define NETPOL_DUPLICATE_OBJECT_H_

#include <string>

#include "netpol/api.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// An object defined twice in the inputs; the later definition replaced the
/// first (as `kubectl apply` would).
struct DuplicateObject {
  std::string kind;  ///< "Pod", "Deployment", "NetworkPolicy", ...
  std::string id;    ///< "namespace/name" ("name" for a Namespace).
  SourceLoc first;   ///< The definition that was replaced.
  SourceLoc second;  ///< The definition that was kept.
  bool operator==(const DuplicateObject&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_DUPLICATE_OBJECT_H_
