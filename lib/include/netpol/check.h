// `netpol check`: compare the computed allow-graph with an Intent. The
// writers of its result are in netpol/check_output.h.
//
// Threads: CheckIntent only reads its evaluator and intent; concurrent calls
// on a const Evaluator are safe.
// Cost: O(declared pairs × rules of the policies isolating each end), plus
// the class graph for closed intents (see analysis.h).
#ifndef NETPOL_CHECK_H_
#define NETPOL_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/cluster_dns.h"
#include "netpol/diagnostic.h"
#include "netpol/evaluator.h"
#include "netpol/intent.h"
#include "netpol/label_typo.h"

NETPOL_NAMESPACE_BEGIN

/// How a checked pair compares with the intent.
enum class CheckVerdict { kOk, kMissing, kUnexpected };
/// "ok", "MISSING", "UNEXPECTED".
const char* CheckVerdictName(CheckVerdict verdict);

/// A rule that nearly allowed a missing connection.
struct NearMiss {
  RuleRef rule;
  /// What differed: "wrong port: rule allows TCP 443" or "wrong peer: ...".
  std::string reason;
};

/// Why one side blocks a missing connection.
struct BlockingSide {
  Direction direction = Direction::kEgress;
  std::vector<PolicyId> isolating_policies;
  PortSet missing;  ///< The declared ports this side does not allow.
  std::optional<NearMiss> closest;
  /// Cluster-scoped Deny rules (Admin or Baseline tier) that decided some of
  /// `missing`, in precedence order.
  std::vector<TierDecision> tier_denials;
  /// The part of `missing` an Admin-tier Deny decided: no NetworkPolicy can
  /// open it.
  PortSet admin_denied;
  /// Indexes into CheckResult::typo_causes of the likely typos whose fix
  /// alone opens this side (the other side still blocks).
  std::vector<std::size_t> likely_typos;
};

/// One checked ordered pair.
struct CheckFinding {
  CheckVerdict verdict = CheckVerdict::kOk;
  /// "allow", "path", "deny", "dns" or "undeclared".
  std::string origin;
  Endpoint from;
  Endpoint to;
  PortSet declared;  ///< The ports meant (for undeclared: none).
  PortSet allowed;   ///< What the policies allow.
  PortSet offending; ///< MISSING: declared but denied; UNEXPECTED: allowed but not meant.
  SourceLoc declared_at;
  std::vector<BlockingSide> blocked_by;  ///< MISSING only.
  Verdict verdict_detail;                ///< The evaluator's full verdict.
  /// MISSING only: indexes into CheckResult::typo_causes of the likely
  /// typos whose fix alone allows this connection.
  std::vector<std::size_t> likely_typos;
};

/// A likely label typo (netpol/label_typo.h) that explains MISSING findings:
/// with it fixed in memory, the intent was checked again.
struct TypoCause {
  LabelTypo typo;
  std::string description;  ///< DescribeLabelTypo.
  /// Indexes into CheckResult::findings of the MISSING findings the fix
  /// alone turns ok, ascending.
  std::vector<std::size_t> fixes;
  /// Fixing it turns no finding from ok to MISSING or UNEXPECTED (nor adds
  /// one): `check --suggest` proposes it instead of new policies.
  bool clean = true;
};

/// The outcome of an intent check (CheckIntent, Analysis::Check).
struct CheckResult {
  std::vector<CheckFinding> findings;  ///< Declared pairs first, in intent order, then undeclared.
  bool dns_modelled = false;  ///< No kube-dns pod in the inputs; a standard one was assumed.
  /// Likely typos explaining MISSING findings (Analysis::Check finds them;
  /// CheckIntent alone leaves this empty), in FindLabelTypos order.
  std::vector<TypoCause> typo_causes;

  bool Holds() const;
  int Count(CheckVerdict verdict) const;
};

// An intent is checked by Analysis::Check (netpol/analysis.h), which
// answers a Result<CheckResult>.

NETPOL_NAMESPACE_END

#endif  // NETPOL_CHECK_H_
