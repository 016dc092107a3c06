// Parsing an intent file into an Intent, reporting into a DiagnosticSink:
// internal. The public way in is LoadIntentText / LoadIntentFile
// (netpol/analysis.h), which answer a Result<Intent>.
#ifndef NETPOL_INTENT_INTENT_PARSER_H_
#define NETPOL_INTENT_INTENT_PARSER_H_

#include <optional>
#include <string>
#include <string_view>

#include "netpol/diagnostic.h"
#include "netpol/intent.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Parses an intent file; problems (unknown fields, malformed ports or
/// endpoints) go to `sink` as errors with their location.
std::optional<Intent> ParseIntent(std::string_view text, const std::string& file_name,
                                  DiagnosticSink& sink);

NETPOL_NAMESPACE_END

#endif  // NETPOL_INTENT_INTENT_PARSER_H_
