#include "netpol/diagnostic.h"

#include <utility>

#include "model/utf8.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

std::string Diagnostic::ToString() const {
  std::string text;
  if (loc.IsKnown()) text = loc.ToString() + ": ";
  text += SeverityName(severity);
  text += ": ";
  text += message;
  return text;
}

void DiagnosticSink::Error(const SourceLoc& loc, std::string message) {
  Add({Severity::kError, loc, std::move(message)});
}

void DiagnosticSink::Warning(const SourceLoc& loc, std::string message) {
  Add({Severity::kWarning, loc, std::move(message)});
}

void DiagnosticSink::Note(const SourceLoc& loc, std::string message) {
  Add({Severity::kNote, loc, std::move(message)});
}

void DiagnosticSink::Add(Diagnostic diagnostic) {
  // Messages echo input (keys, values, file names): never print it raw.
  diagnostic.message = EscapeControlCharacters(diagnostic.message);
  diagnostic.loc.file = EscapeControlCharacters(diagnostic.loc.file);
  if (diagnostic.severity == Severity::kError) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

NETPOL_NAMESPACE_END
