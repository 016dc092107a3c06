// The built-in lint rules (one per file under lint/rules/) and the helpers
// they share. Private to the library.
#ifndef NETPOL_SRC_LINT_RULES_H_
#define NETPOL_SRC_LINT_RULES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "netpol/lint.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {

/// A rule whose info is fixed at construction; subclasses implement Check.
class BasicRule : public LintRule {
 public:
  explicit BasicRule(LintRuleInfo info) : info_(std::move(info)) {}
  const LintRuleInfo& Info() const override { return info_; }

 private:
  LintRuleInfo info_;
};

std::unique_ptr<LintRule> MakePolicySelectsNothingRule();      // NP001
std::unique_ptr<LintRule> MakePeerSelectsNothingRule();        // NP002
std::unique_ptr<LintRule> MakeOrInsteadOfAndRule();            // NP003
std::unique_ptr<LintRule> MakeOneSidedAllowRule();             // NP004
std::unique_ptr<LintRule> MakeDnsEgressBlockedRule();          // NP005
std::unique_ptr<LintRule> MakeNamedPortUndefinedRule();        // NP006
std::unique_ptr<LintRule> MakeRedundantRuleRule();             // NP007
std::unique_ptr<LintRule> MakeImplicitPolicyTypesRule();       // NP008
std::unique_ptr<LintRule> MakeNoDefaultDenyIngressRule();      // NP009
std::unique_ptr<LintRule> MakeNoDefaultDenyEgressRule();       // NP010
std::unique_ptr<LintRule> MakeBroadIngressRule();              // NP011
std::unique_ptr<LintRule> MakeIpBlockExceptOutsideCidrRule();  // NP012
std::unique_ptr<LintRule> MakeIpBlockCoversPodRangeRule();     // NP013
std::unique_ptr<LintRule> MakeHostNetworkSelectedRule();       // NP014
std::unique_ptr<LintRule> MakeDuplicateObjectRule();           // NP015
std::unique_ptr<LintRule> MakePolicyInEmptyNamespaceRule();    // NP016
std::unique_ptr<LintRule> MakeTierRuleShadowedRule();          // NP017
std::unique_ptr<LintRule> MakePassWithoutNetworkPolicyRule();  // NP018
std::unique_ptr<LintRule> MakeDuplicateTierPriorityRule();     // NP019
std::unique_ptr<LintRule> MakeAllowAllShadowsRule();           // NP020
std::unique_ptr<LintRule> MakeServicePortNotTargetPortRule();  // NP021
std::unique_ptr<LintRule> MakeLikelyLabelTypoRule();           // NP022
std::unique_ptr<LintRule> MakeExposedWorkloadRule();           // NP023
std::unique_ptr<LintRule> MakeL7RulesWithoutEffectRule();       // NP030
std::unique_ptr<LintRule> MakeFqdnWithoutDnsVisibilityRule();   // NP031
std::unique_ptr<LintRule> MakeCiliumWorldIngressRule();         // NP032
std::unique_ptr<LintRule> MakeDefaultDenyOffWithoutEffectRule(); // NP033
std::unique_ptr<LintRule> MakeCiliumReopensDefaultDenyRule();   // NP034
std::unique_ptr<LintRule> MakeCiliumEmptyEndpointsPeerRule();   // NP035
std::unique_ptr<LintRule> MakeCiliumDenyShadowsAllowsRule();    // NP036
std::unique_ptr<LintRule> MakeCalicoDnsEgressDeniedRule();      // NP040
std::unique_ptr<LintRule> MakeCalicoPassToNoTierRule();         // NP041
std::unique_ptr<LintRule> MakeCalicoUnreachableRuleRule();      // NP042
std::unique_ptr<LintRule> MakeCalicoOrderCollisionRule();       // NP043

// --- helpers (rule_support.cc) ---

/// "ingress[0]" / "egress[2]".
std::string RuleLabel(Direction direction, std::size_t index);
/// The first `max` names joined by ", ", then "and N more".
std::string JoinLimited(const std::vector<std::string>& names, std::size_t max = 4);
/// The location of `loc` if known, else `fallback`.
const SourceLoc& KnownOr(const SourceLoc& loc, const SourceLoc& fallback);
/// Whether `a` comes before `b` in (file, line, column) order.
bool LocBefore(const SourceLoc& a, const SourceLoc& b);
/// Pod names of `ids`.
std::vector<std::string> PodNames(const Cluster& cluster, const std::vector<PodId>& ids);
/// The policies of the cluster in source order (file, line, column).
std::vector<PolicyId> PoliciesInSourceOrder(const Cluster& cluster);
/// A copy of `rule` with every SourceLoc cleared, to compare rules by meaning.
Rule WithoutLocations(Rule rule);
/// Whether some AdminNetworkPolicy / BANP / ClusterNetworkPolicy with rules
/// for `direction` selects `pod`: the cluster admins' tiers police it.
bool PolicedByClusterPolicies(const LintContext& context, PodId pod, Direction direction);
/// Whether rule `other` may make rule `self` redundant (NP007): a rule of
/// the same policy, or one of another policy identical to it. A broader rule
/// of another policy does not: deleting the narrow policy would be the wrong
/// advice (the least-privilege one is what should stay), so NP020 flags the
/// broad policy instead. Shared with NP007's pod-level oracle.
bool CountsAsCover(const Cluster& cluster, const RuleRef& self, const RuleRef& other);
/// Why the `side` of pod `blocker` never allows `ports` with pod `peer` at
/// the other end, and the fix, each right for what blocks: an Admin-tier
/// Deny (ANP, or CNP of tier Admin), which no NetworkPolicy overrides; a
/// Baseline-tier Deny (BANP, or CNP of tier Baseline), which a NetworkPolicy
/// selecting the pod does override; or the NetworkPolicies isolating it.
/// Shared by NP004 and its pod-level oracle, so their texts cannot drift.
struct BlockedSide {
  std::string why;  ///< "isolated by ns/a, whose rules allow nothing from ns/b".
  std::string fix;
};
BlockedSide DescribeBlockedSide(const LintContext& context, Direction side, PodId blocker,
                                PodId peer, const PortSet& ports);
/// Shared by NP009 and NP010: namespaces with pods not isolated for
/// `direction`, neither by NetworkPolicies nor by cluster-scoped policies.
void CheckDefaultDeny(const LintContext& context, LintReporter& reporter, Direction direction);

}  // namespace lint
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_LINT_RULES_H_
