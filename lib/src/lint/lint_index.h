// What the lint rules share for one run, computed once: pods by namespace,
// the pods each policy isolates, and equivalence classes of endpoints with
// the classes each peer matches. Private to the library; LintContext builds
// it on first use (LintContext::index()).
//
// Why classes: the heavy rules ask per policy rule "for every subject pod and
// every peer endpoint, what does the evaluator say". Two pods of one
// namespace with the same labels, named container ports, hostNetwork flag,
// ipBlock cells and address families get the same answer from every
// Evaluator query (the argument of netpol/class_engine.h; the modelled DNS
// pod is kept apart too, since rules skip it), so the rules ask once per
// class pair, with representative pods, and expand to pods only to name them.
// Pod classes are numbered by their first member, so iterating classes in id
// order meets their first members in PodId order; external blocks follow, in
// PartitionExternalAddresses order (as LintContext::AllEndpoints lists them).
#ifndef NETPOL_SRC_LINT_LINT_INDEX_H_
#define NETPOL_SRC_LINT_LINT_INDEX_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "netpol/endpoint.h"
#include "netpol/evaluator.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {

/// Index of an endpoint class: pod classes first, then external blocks.
using LintClass = std::uint32_t;

class LintIndex {
 public:
  LintIndex(const Cluster& cluster, const Evaluator& evaluator,
            const std::vector<ExternalBlock>& blocks);

  std::size_t PodClassCount() const { return members_.size(); }
  std::size_t ClassCount() const { return members_.size() + blocks_.size(); }
  bool IsExternal(LintClass c) const { return c >= members_.size(); }
  /// Pods of a pod class, ascending; empty for a block.
  const std::vector<PodId>& Members(LintClass c) const;
  /// Endpoints of a class: its pods, or 1 for a block.
  std::size_t Size(LintClass c) const { return IsExternal(c) ? 1 : members_[c].size(); }
  /// The class's first pod, or the block's representative address.
  Endpoint Representative(LintClass c) const;
  LintClass ClassOf(PodId pod) const { return class_of_pod_[pod]; }

  /// Two distinct endpoints, one of class `a` and one of `b` (the first
  /// members, the second one of `a` when a == b): nullopt when the classes
  /// hold no such pair (one class with one endpoint).
  std::optional<std::pair<Endpoint, Endpoint>> DistinctPair(LintClass a, LintClass b) const;
  /// Ordered pairs (x in a, y in b, x != y).
  std::uint64_t DistinctPairCount(LintClass a, LintClass b) const;
  /// The smallest pod of class `c` other than `except`; nullopt if none.
  std::optional<PodId> FirstMemberOtherThan(LintClass c, PodId except) const;

  /// Pods (not modelled ones) of namespace `name`, ascending.
  const std::vector<PodId>& PodsOf(const std::string& name) const;
  /// Pod classes of namespace `name` (modelled ones included), ascending.
  const std::vector<LintClass>& ClassesOf(const std::string& name) const;
  /// Pods `policy` isolates for `direction`, ascending.
  const std::vector<PodId>& Isolated(PolicyId policy, Direction direction) const;
  /// Distinct classes of `pods`, in order of first appearance.
  std::vector<LintClass> ClassesOfPods(const std::vector<PodId>& pods) const;

  /// Classes whose endpoints `peer` of `policy` matches (Evaluator::
  /// PeerMatches over both families), ascending; blocks only for ipBlocks.
  /// Memoised by what the peer says, so equal peers cost one evaluation.
  /// Not thread-safe: RunLint runs the rules one after another.
  const std::vector<LintClass>& PeerClasses(const NetworkPolicy& policy, const Peer& peer) const;
  /// The union over `rule`'s peers, ascending; every class when it has none.
  std::vector<LintClass> RuleClasses(const NetworkPolicy& policy, const Rule& rule) const;
  /// Classes `rule`'s peers match (Evaluator::ClusterRulePeersMatch).
  std::vector<LintClass> ClusterRuleClasses(const ClusterPolicyRule& rule) const;

  /// Pods of `classes`, ascending.
  std::vector<PodId> Expand(const std::vector<LintClass>& classes) const;

  /// What of a side verdict a caller reads: all of it, or only the tiers'
  /// part (admin_decisions, after_admin, baseline_decisions).
  enum class SideScope { kAll, kTiers };

  /// Evaluator::EvaluateSide(direction, subject, peer) for endpoints of
  /// pod class `subject` and class `peer` (representatives; DistinctPair
  /// when they are one class). Memoised by the subject's side profile
  /// (Profile). With kTiers, only the tiers' fields are meaningful.
  /// Not thread-safe.
  const SideVerdict& Side(Direction direction, LintClass subject, LintClass peer,
                          SideScope scope = SideScope::kAll) const;
  /// The subject's side profile: all that a side verdict takes from its
  /// subject. The cluster-scoped policies that select it, the NetworkPolicies
  /// isolating it for `direction` (kTiers: only whether some do, which is
  /// all the tiers ask), its named ports when it is the destination, its
  /// address families. Classes with equal profiles get equal verdicts
  /// towards any peer.
  std::uint32_t Profile(Direction direction, LintClass subject, SideScope scope) const;

 private:
  const Cluster& cluster_;
  const Evaluator& evaluator_;
  const std::vector<ExternalBlock>& blocks_;
  std::vector<LintClass> class_of_pod_;
  std::vector<std::vector<PodId>> members_;
  std::map<std::string, std::vector<PodId>, std::less<>> pods_of_;
  std::map<std::string, std::vector<LintClass>, std::less<>> classes_of_;
  struct NamespaceClasses {
    std::string name;
    const Labels* labels;
    const std::vector<LintClass>* classes;
  };
  std::vector<NamespaceClasses> namespaces_;  // those with pods, by name
  std::vector<std::vector<PodId>> isolated_[2];  // by direction, then PolicyId
  std::vector<std::uint32_t> port_signature_;  // by pod class
  mutable std::unordered_map<std::string, std::vector<LintClass>> peer_classes_;
  mutable std::vector<std::uint32_t> profile_[4];  // by direction and scope, then class; 0 = unset
  mutable std::map<std::vector<std::uint32_t>, std::uint32_t> profile_ids_;
  mutable std::unordered_map<std::uint64_t, SideVerdict> sides_;
};

}  // namespace lint
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_LINT_LINT_INDEX_H_
