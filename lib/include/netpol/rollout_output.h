// Writers for a RolloutReport (netpol rollout): text and JSON.
//
// Threads: the writers keep no state; concurrent calls are safe when they
// share only const inputs and write to distinct streams.
// Cost: linear in what they print.
#ifndef NETPOL_ROLLOUT_OUTPUT_H_
#define NETPOL_ROLLOUT_OUTPUT_H_

#include <cstddef>
#include <iosfwd>
#include <string>

#include "netpol/api.h"
#include "netpol/rollout.h"

NETPOL_NAMESPACE_BEGIN

/// How the text rollout report is laid out.
struct RolloutTextOptions {
  /// At most this many changed connections are listed per stage (the rest
  /// are counted); 0 lists them all.
  std::size_t max_connections = 0;
};

/// Per stage: the objects it changed, the connections it changed (with the
/// policies that caused each), and, with an intent, the intended
/// connections it broke or restored; then the final state as `netpol check`
/// prints it, the order found, and a one-line verdict.
void WriteRolloutText(const RolloutReport& report, std::ostream& out,
                      const RolloutTextOptions& options = {});

/// What WriteRolloutText prints under a stage's heading: the objects it
/// changed, the connections it changed with their causes, and (with
/// `with_intent`) the intent summary and the connections it broke or restored.
void WriteRolloutStepText(const RolloutStep& step, bool with_intent, std::ostream& out,
                          const RolloutTextOptions& options = {});

/// WriteRolloutText's last line, without the newline: "4 stages applied;
/// ..." with what broke between applies and whether the intent holds.
std::string RolloutVerdict(const RolloutReport& report);

/// {"holds", "brokenCount", "stages": [{"stage", "index", "changes" (as
/// `netpol diff --format json`), "intent": {"ok", "missing", "unexpected",
/// "broken", "restored", "connections"}}], "final" (as `netpol check
/// --format json`), "order": {"stages", "exhaustive", "safe", "broken",
/// "constraints"}}.
void WriteRolloutJson(const RolloutReport& report, std::ostream& out);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ROLLOUT_OUTPUT_H_
