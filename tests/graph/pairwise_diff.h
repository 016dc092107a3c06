// The pod-pair what-if that DiffGraphs computed before it worked on classes,
// kept as the oracle of the class-level diff: every ordered pair of distinct
// endpoints (not two external blocks) evaluated before and after with the
// Evaluator, and the causes found per pair.
#ifndef NETPOL_TESTS_GRAPH_PAIRWISE_DIFF_H_
#define NETPOL_TESTS_GRAPH_PAIRWISE_DIFF_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "graph/diff_endpoints.h"
#include "graph/object_changes.h"
#include "netpol/netpol.h"

namespace netpol::testing {
namespace pairwise_diff {

class CauseFinder {
 public:
  CauseFinder(const GraphDiff& diff, const Evaluator& before, const Evaluator& after)
      : before_(before), after_(after) {
    for (std::size_t i = 0; i < diff.objects.size(); ++i) {
      const ObjectChange& o = diff.objects[i];
      index_[o.kind + "/" + o.namespace_name + "/" + o.name] = i;
    }
  }

  std::vector<ChangeCause> Find(const DiffEndpoint& from, const DiffEndpoint& to) const {
    std::vector<ChangeCause> causes;
    std::set<std::size_t> seen;
    auto add = [&](const std::string& key, const std::string& relation) {
      auto it = index_.find(key);
      if (it != index_.end() && seen.insert(it->second).second) {
        causes.push_back({it->second, relation});
      }
    };
    auto policies = [&](const DiffEndpoint& end, Direction direction, const std::string& role) {
      for (const auto& [side, evaluator] : {std::pair{&end.before, &before_}, {&end.after, &after_}}) {
        if (!*side || !(*side)->pod) continue;
        for (PolicyId id : evaluator->IsolatingPolicies(*(*side)->pod, direction)) {
          const NetworkPolicy& policy = evaluator->cluster().policies[id];
          add("NetworkPolicy/" + policy.namespace_name + "/" + policy.name,
              fmt::format("selects the {} for {}", role, DirectionName(direction)));
        }
        for (ClusterPolicyId id : evaluator->ClusterPoliciesOf(*(*side)->pod)) {
          const ClusterPolicy& policy = evaluator->cluster().cluster_policies[id];
          if (policy.Rules(direction).empty()) continue;
          add(std::string(ClusterPolicyKindName(policy.kind)) + "//" + policy.name,
              fmt::format("selects the {} for {} ({} tier)", role, DirectionName(direction),
                          PolicyTierName(policy.tier)));
        }
      }
    };
    if (from.is_pod) policies(from, Direction::kEgress, "source");
    if (to.is_pod) policies(to, Direction::kIngress, "destination");
    for (const auto& [end, role] : {std::pair{&from, "source"}, {&to, "destination"}}) {
      if (!end->is_pod) continue;
      const std::size_t slash = end->id.find('/');
      add("Pod/" + end->id.substr(0, slash) + "/" + end->id.substr(slash + 1),
          fmt::format("is the {} pod", role));
      add("Namespace//" + end->namespace_name, fmt::format("is the {}'s namespace", role));
    }
    return causes;
  }

 private:
  const Evaluator& before_;
  const Evaluator& after_;
  std::map<std::string, std::size_t> index_;
};

inline PortSet Allowed(const Evaluator& evaluator, const std::optional<Endpoint>& from,
                const std::optional<Endpoint>& to) {
  if (!from || !to) return PortSet::None();
  return evaluator.Evaluate(*from, *to).allowed;
}

}  // namespace pairwise_diff

inline GraphDiff PairwiseDiffGraphs(const Cluster& before, const Cluster& after,
                                    EvalOptions options = {}) {
  using pairwise_diff::Allowed;
  GraphDiff diff;
  diff.objects = ObjectChanges(before, after);
  const std::vector<DiffEndpoint> endpoints = DiffEndpoints(before, after);
  const Evaluator before_eval(before, options);
  const Evaluator after_eval(after, options);
  const pairwise_diff::CauseFinder causes(diff, before_eval, after_eval);
  for (const DiffEndpoint& from : endpoints) {
    for (const DiffEndpoint& to : endpoints) {
      if (from.id == to.id || (!from.is_pod && !to.is_pod)) continue;
      ConnectionChange change;
      change.from = from.id;
      change.to = to.id;
      change.before = Allowed(before_eval, from.before, to.before);
      change.after = Allowed(after_eval, from.after, to.after);
      if (change.before == change.after) continue;
      change.kind = change.before.IsEmpty()  ? ConnectionChange::Kind::kNewlyAllowed
                    : change.after.IsEmpty() ? ConnectionChange::Kind::kNewlyDenied
                                             : ConnectionChange::Kind::kPortsChanged;
      change.causes = causes.Find(from, to);
      diff.connections.push_back(std::move(change));
    }
  }
  return diff;
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_GRAPH_PAIRWISE_DIFF_H_
