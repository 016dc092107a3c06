// How reports name a source position and a policy rule, shared by the check
// report and the HTML report so both say the same thing.
#ifndef NETPOL_SRC_REPORT_RULE_TEXT_H_
#define NETPOL_SRC_REPORT_RULE_TEXT_H_

#include <string>

#include "netpol/evaluator.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

/// "file:line", "file" when the line is unknown, "modelled" for objects
/// netpol made up (the modelled cluster DNS).
std::string LineRef(const SourceLoc& loc);

/// "ns/policy ingress[0] (file:line)".
std::string RuleRefText(const Cluster& cluster, const RuleRef& ref);

/// "ANP name (Admin tier, priority 10) ingress[0] \"rule-name\" (file:line)";
/// the Baseline tier has no priority, so its policy shows none.
std::string TierRuleText(const Cluster& cluster, const ClusterRuleRef& ref);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_RULE_TEXT_H_
