// Where a model object or a diagnostic came from in the input.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_SOURCE_LOC_H_
#define NETPOL_SOURCE_LOC_H_

#include <string>

#include "netpol/api.h"

NETPOL_NAMESPACE_BEGIN

/// A position in an input file. `line` and `column` are 1-based; 0 means
/// "unknown" (for example an object synthesised by the engine).
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:col", "file:line", or "file" depending on what is known.
  std::string ToString() const;
  bool IsKnown() const { return !file.empty(); }
  bool operator==(const SourceLoc&) const = default;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_SOURCE_LOC_H_
