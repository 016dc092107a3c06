// Problems found in the input, collected rather than thrown so that one run
// reports every error.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// A DiagnosticSink is a plain collector: one per thread.
#ifndef NETPOL_DIAGNOSTIC_H_
#define NETPOL_DIAGNOSTIC_H_

#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// How bad a diagnostic is: an error stops the analysis, the others do not.
enum class Severity { kError, kWarning, kNote };

/// "error", "warning" or "note".
const char* SeverityName(Severity severity);

/// One message about the input, with the place it refers to.
struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;

  /// "FILE:LINE:COL: error: message".
  std::string ToString() const;
  bool operator==(const Diagnostic&) const = default;
};

/// Collects diagnostics in the order they were reported.
class DiagnosticSink {
 public:
  void Error(const SourceLoc& loc, std::string message);
  void Warning(const SourceLoc& loc, std::string message);
  void Note(const SourceLoc& loc, std::string message);
  void Add(Diagnostic diagnostic);

  bool HasErrors() const { return error_count_ > 0; }
  int error_count() const { return error_count_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic> Take() { return std::move(diagnostics_); }

 private:
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_DIAGNOSTIC_H_
