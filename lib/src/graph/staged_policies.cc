// Enforcing staged Calico policies (see EnforceStagedPolicies in
// netpol/graph_diff.h): the cluster a staged rollout would leave.
#include <algorithm>

#include "netpol/graph_diff.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

Cluster EnforceStagedPolicies(const Cluster& cluster, std::size_t* enforced) {
  Cluster result = cluster;
  std::vector<CalicoPolicy> staged;
  std::vector<CalicoPolicy>& policies = result.calico_policies;
  for (CalicoPolicy& policy : policies) {
    if (policy.IsStaged()) staged.push_back(std::move(policy));
  }
  std::erase_if(policies, [](const CalicoPolicy& policy) { return policy.IsStaged(); });
  if (enforced) *enforced = staged.size();
  // In input order, so that a later staged policy of one name wins, as a
  // later `kubectl apply` would.
  for (CalicoPolicy& policy : staged) {
    policy.kind = EnforcedCalicoKind(policy.kind);
    const CalicoStagedAction action = policy.staged_action;
    policy.staged_action = CalicoStagedAction::kSet;
    auto same = std::find_if(policies.begin(), policies.end(), [&](const CalicoPolicy& p) {
      return p.kind == policy.kind && p.namespace_name == policy.namespace_name &&
             p.name == policy.name;
    });
    if (action == CalicoStagedAction::kDelete) {
      if (same != policies.end()) policies.erase(same);
    } else if (same != policies.end()) {
      *same = std::move(policy);
    } else {
      policies.push_back(std::move(policy));
    }
  }
  result.Finalize();
  return result;
}

NETPOL_NAMESPACE_END
