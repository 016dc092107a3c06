// Writers for explanations: a trace a learner can follow, and JSON.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_EXPLAIN_OUTPUT_H_
#define NETPOL_EXPLAIN_OUTPUT_H_

#include <iosfwd>
#include <vector>

#include "netpol/api.h"
#include "netpol/explain.h"
#include "netpol/text_style.h"

NETPOL_NAMESPACE_BEGIN

/// The egress side, the ingress side (policy by policy, rule by rule, with
/// FILE:LINE) and the verdict with its reasons. Explanations are separated
/// by a blank line. With `style.color` ALLOWED is green and DENIED red.
void WriteExplanationsText(const std::vector<Explanation>& explanations, std::ostream& out,
                           const TextStyle& style = {});
/// {"explanations": [...]}; the fields are documented in the README.
void WriteExplanationsJson(const std::vector<Explanation>& explanations, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_EXPLAIN_OUTPUT_H_
