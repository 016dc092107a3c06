#include "report/finding_targets.h"

#include <algorithm>
#include <tuple>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

FindingTargets::FindingTargets(const Cluster& cluster, const Evaluator& evaluator)
    : cluster_(cluster), evaluator_(evaluator) {
  auto add = [this](const SourceLoc& loc, Kind kind, std::size_t index) {
    if (loc.IsKnown()) by_file_[loc.file].push_back(Start{loc.line, loc.column, kind, index});
  };
  for (std::size_t i = 0; i < cluster.namespaces.size(); ++i) {
    if (cluster.namespaces[i].declared) add(cluster.namespaces[i].loc, Kind::kNamespace, i);
  }
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) add(cluster.pods[i].loc, Kind::kPod, i);
  for (std::size_t i = 0; i < cluster.policies.size(); ++i) add(cluster.policies[i].loc, Kind::kPolicy, i);
  for (std::size_t i = 0; i < cluster.cluster_policies.size(); ++i) {
    add(cluster.cluster_policies[i].loc, Kind::kClusterPolicy, i);
  }
  for (auto& [file, starts] : by_file_) {
    std::stable_sort(starts.begin(), starts.end(), [](const Start& a, const Start& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
  }
}

std::optional<FindingTarget> FindingTargets::At(const SourceLoc& loc) const {
  auto it = by_file_.find(loc.file);
  if (!loc.IsKnown() || it == by_file_.end()) return std::nullopt;
  const Start* found = nullptr;
  for (const Start& start : it->second) {
    if (std::tie(start.line, start.column) > std::tie(loc.line, loc.column)) break;
    found = &start;
  }
  if (!found) return std::nullopt;
  FindingTarget target;
  switch (found->kind) {
    case Kind::kNamespace: {
      const Namespace& ns = cluster_.namespaces[found->index];
      target.object = "Namespace " + ns.name;
      target.namespace_name = ns.name;
      for (std::size_t p = 0; p < cluster_.pods.size(); ++p) {
        if (cluster_.pods[p].namespace_name == ns.name) target.pods.push_back(static_cast<PodId>(p));
      }
      break;
    }
    case Kind::kPod: {
      // A workload's replicas share its location.
      const Pod& pod = cluster_.pods[found->index];
      target.object = pod.kind + " " + pod.namespace_name + "/" +
                      (pod.replica_of.empty() ? pod.name : pod.replica_of);
      target.namespace_name = pod.namespace_name;
      for (std::size_t p = 0; p < cluster_.pods.size(); ++p) {
        if (cluster_.pods[p].loc == pod.loc) target.pods.push_back(static_cast<PodId>(p));
      }
      break;
    }
    case Kind::kPolicy: {
      const PolicyId id = static_cast<PolicyId>(found->index);
      const NetworkPolicy& policy = cluster_.policies[id];
      target.object = "NetworkPolicy " + policy.Id();
      target.namespace_name = policy.namespace_name;
      for (std::size_t p = 0; p < cluster_.pods.size(); ++p) {
        for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
          const auto& isolating = evaluator_.IsolatingPolicies(static_cast<PodId>(p), direction);
          if (std::find(isolating.begin(), isolating.end(), id) != isolating.end()) {
            target.pods.push_back(static_cast<PodId>(p));
            break;
          }
        }
      }
      break;
    }
    case Kind::kClusterPolicy: {
      const ClusterPolicy& policy = cluster_.cluster_policies[found->index];
      target.object = policy.Id();
      for (std::size_t p = 0; p < cluster_.pods.size(); ++p) {
        if (evaluator_.ClusterPolicySelects(policy, static_cast<PodId>(p))) {
          target.pods.push_back(static_cast<PodId>(p));
        }
      }
      break;
    }
  }
  return target;
}

}  // namespace report
NETPOL_NAMESPACE_END
