// DiffGraphs on classes; see the design note in graph/class_diff.h.
#include "graph/class_diff.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "engine/class_engine_internal.h"
#include "graph/diff_endpoints.h"
#include "graph/object_changes.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
using JointId = std::uint32_t;

// A side's class graph, indexed: out-edges by class, blocks by address.
class SideIndex {
 public:
  explicit SideIndex(const ClassGraph& graph) : graph_(graph) {
    edge_begin_.assign(graph.ClassCount() + 1, 0);
    for (const ClassEdge& edge : graph.edges) ++edge_begin_[edge.from + 1];
    for (std::size_t c = 0; c < graph.ClassCount(); ++c) edge_begin_[c + 1] += edge_begin_[c];
    for (std::uint32_t b = 0; b < graph.blocks.size(); ++b) {
      for (const IpRange& range : graph.blocks[b].ranges) block_ranges_.push_back({range, b});
    }
    std::sort(block_ranges_.begin(), block_ranges_.end());
  }

  const ClassGraph& graph() const { return graph_; }

  std::span<const ClassEdge> OutEdges(ClassId c) const {
    return {graph_.edges.data() + edge_begin_[c], edge_begin_[c + 1] - edge_begin_[c]};
  }

  // The class of a side's endpoint: its pod's, or the block holding its
  // address; kNone when the side has no such endpoint or no such block.
  ClassId ClassOf(const std::optional<Endpoint>& endpoint) const {
    if (!endpoint) return kNone;
    if (endpoint->pod) return graph_.class_of_pod[*endpoint->pod];
    if (!endpoint->address) return kNone;
    const IpAddress& ip = *endpoint->address;
    auto it = std::upper_bound(block_ranges_.begin(), block_ranges_.end(), ip,
                               [](const IpAddress& x, const auto& r) { return x < r.first.first; });
    if (it == block_ranges_.begin()) return kNone;
    --it;
    if (ip > it->first.last) return kNone;
    return static_cast<ClassId>(graph_.PodClassCount() + it->second);
  }

  // Whether every external endpoint of the diff lies in one of its blocks.
  bool Covers(const std::vector<DiffEndpoint>& endpoints) const {
    return std::all_of(endpoints.begin(), endpoints.end(), [&](const DiffEndpoint& end) {
      return end.is_pod || ClassOf(end.before) != kNone;
    });
  }

 private:
  const ClassGraph& graph_;
  std::vector<std::size_t> edge_begin_;
  std::vector<std::pair<IpRange, std::uint32_t>> block_ranges_;
};

// The side's graph if it covers the common partition, else one computed with
// the other side's ipBlocks (and every family of the partition) as cuts.
const ClassGraph& CoveringGraph(const DiffSide& side, const Cluster& other,
                                const std::vector<DiffEndpoint>& endpoints,
                                std::optional<ClassGraph>& own) {
  if (side.graph && SideIndex(*side.graph).Covers(endpoints)) return *side.graph;
  std::vector<Cidr> cuts = IpBlockCidrs(other);
  std::set<IpFamily> families;
  for (const DiffEndpoint& end : endpoints) {
    if (!end.is_pod) families.insert(end.before->address->family);
  }
  // A whole family cuts nothing but makes the partition cover it, as the
  // common one does when only the other side has addresses of that family.
  for (IpFamily family : families) cuts.push_back(Cidr{IpAddress{family, 0}, 0});
  own = ComputeClassGraph(side.evaluator->cluster(), side.evaluator->options(), cuts);
  return *own;
}

// A changed endpoint pair: endpoint indices, joint classes, ports and
// their L7 filtering.
struct Change {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  JointId from_joint = 0;
  JointId to_joint = 0;
  const PortSet* before = nullptr;
  const PortSet* after = nullptr;
  const std::vector<L7Filter>* before_l7 = nullptr;
  const std::vector<L7Filter>* after_l7 = nullptr;
};

class ClassDiff {
 public:
  ClassDiff(const Evaluator& before, const ClassGraph& before_graph, const Evaluator& after,
            const ClassGraph& after_graph, const std::vector<DiffEndpoint>& endpoints,
            const std::vector<ObjectChange>& objects)
      : before_(before),
        after_(after),
        endpoints_(endpoints),
        before_index_(before_graph),
        after_index_(after_graph) {
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const ObjectChange& o = objects[i];
      object_index_[o.kind + "/" + o.namespace_name + "/" + o.name] = i;
    }
  }

  std::vector<ConnectionChange> Run() {
    BuildJointClasses();
    FindSharedPods();
    CompareJointClasses();
    CompareSharedPods();
    std::sort(changes_.begin(), changes_.end(), [](const Change& a, const Change& b) {
      return std::tie(a.from, a.to) < std::tie(b.from, b.to);
    });
    std::vector<ConnectionChange> connections;
    connections.reserve(changes_.size());
    for (const Change& c : changes_) {
      ConnectionChange change;
      change.from = endpoints_[c.from].id;
      change.to = endpoints_[c.to].id;
      change.before = *c.before;
      change.after = *c.after;
      change.before_l7 = *c.before_l7;
      change.after_l7 = *c.after_l7;
      change.kind = change.before.IsEmpty()  ? ConnectionChange::Kind::kNewlyAllowed
                    : change.after.IsEmpty() ? ConnectionChange::Kind::kNewlyDenied
                                             : ConnectionChange::Kind::kPortsChanged;
      change.causes = PolicyCauses(c.from_joint, c.to_joint);
      AddEndpointCauses(c.from, c.to, change.causes);
      connections.push_back(std::move(change));
    }
    return connections;
  }

 private:
  // ---- Joint classes -----------------------------------------------------
  void BuildJointClasses() {
    std::unordered_map<std::uint64_t, JointId> ids;
    joint_of_.resize(endpoints_.size());
    joints_of_before_.resize(before_index_.graph().ClassCount());
    joints_of_after_.resize(after_index_.graph().ClassCount());
    for (std::uint32_t i = 0; i < endpoints_.size(); ++i) {
      const ClassId b = before_index_.ClassOf(endpoints_[i].before);
      const ClassId a = after_index_.ClassOf(endpoints_[i].after);
      const std::uint64_t key = (static_cast<std::uint64_t>(b) << 32) | a;
      auto [it, inserted] = ids.emplace(key, static_cast<JointId>(members_.size()));
      if (inserted) {
        members_.emplace_back();
        joint_before_.push_back(b);
        joint_after_.push_back(a);
        joint_external_.push_back(!endpoints_[i].is_pod);
        if (b != kNone) joints_of_before_[b].push_back(it->second);
        if (a != kNone) joints_of_after_[a].push_back(it->second);
      }
      members_[it->second].push_back(i);
      joint_of_[i] = it->second;
    }
  }

  // Pairs of distinct endpoints that stand for the same pod on one side.
  void FindSharedPods() {
    for (bool before : {true, false}) {
      std::vector<std::pair<PodId, std::uint32_t>> users;
      for (std::uint32_t i = 0; i < endpoints_.size(); ++i) {
        const std::optional<Endpoint>& side = before ? endpoints_[i].before : endpoints_[i].after;
        if (side && side->pod) users.push_back({*side->pod, i});
      }
      std::sort(users.begin(), users.end());
      for (std::size_t first = 0; first < users.size();) {
        std::size_t last = first;
        while (last < users.size() && users[last].first == users[first].first) ++last;
        for (std::size_t x = first; x < last; ++x) {
          for (std::size_t y = first; y < last; ++y) {
            if (x != y) shared_.insert({users[x].second, users[y].second});
          }
        }
        first = last;
      }
    }
  }

  // ---- Comparing ---------------------------------------------------------
  void CompareJointClasses() {
    const std::size_t count = members_.size();
    std::vector<PortSetId> before_ports(count, PortSetTable::kEmpty);
    std::vector<PortSetId> after_ports(count, PortSetTable::kEmpty);
    std::vector<char> seen(count, 0);
    std::vector<JointId> touched;
    const PortSetTable& before_sets = before_index_.graph().port_sets;
    const PortSetTable& after_sets = after_index_.graph().port_sets;
    for (JointId j = 0; j < count; ++j) {
      touched.clear();
      auto walk = [&](const SideIndex& index, ClassId c,
                      const std::vector<std::vector<JointId>>& joints_of,
                      std::vector<PortSetId>& ports) {
        if (c == kNone) return;
        for (const ClassEdge& edge : index.OutEdges(c)) {
          for (JointId k : joints_of[edge.to]) {
            if (!seen[k]) {
              seen[k] = 1;
              touched.push_back(k);
            }
            ports[k] = edge.ports;
          }
        }
      };
      walk(before_index_, joint_before_[j], joints_of_before_, before_ports);
      walk(after_index_, joint_after_[j], joints_of_after_, after_ports);
      for (JointId k : touched) {
        const PortSet& before = before_sets.Get(before_ports[k]);
        const PortSet& after = after_sets.Get(after_ports[k]);
        before_ports[k] = after_ports[k] = PortSetTable::kEmpty;
        seen[k] = 0;
        if (joint_external_[j] && joint_external_[k]) continue;
        // An allow whose ports stay but whose L7 filtering changes is a change.
        const std::vector<L7Filter>& before_l7 =
            L7Between(before_index_.graph(), joint_before_[j], joint_before_[k]);
        const std::vector<L7Filter>& after_l7 =
            L7Between(after_index_.graph(), joint_after_[j], joint_after_[k]);
        if (before == after && before_l7 == after_l7) continue;
        for (std::uint32_t from : members_[j]) {
          for (std::uint32_t to : members_[k]) {
            if (from == to || shared_.count({from, to})) continue;
            changes_.push_back({from, to, j, k, &before, &after, &before_l7, &after_l7});
          }
        }
      }
    }
  }

  // The L7 filtering of the edge between two classes; none without one.
  static const std::vector<L7Filter>& L7Between(const ClassGraph& graph, ClassId from, ClassId to) {
    static const std::vector<L7Filter> kNoFilters;
    if (from == kNone || to == kNone) return kNoFilters;
    return graph.L7Of(from, to);
  }

  // What the class graphs cannot say: a pod towards itself.
  void CompareSharedPods() {
    auto verdict = [](const Evaluator& evaluator, const std::optional<Endpoint>& from,
                      const std::optional<Endpoint>& to) {
      if (!from || !to) return Verdict{};
      return evaluator.Evaluate(*from, *to);
    };
    for (const auto& [from, to] : shared_) {
      const DiffEndpoint& source = endpoints_[from];
      const DiffEndpoint& destination = endpoints_[to];
      Verdict before = verdict(before_, source.before, destination.before);
      Verdict after = verdict(after_, source.after, destination.after);
      if (before.allowed == after.allowed && before.l7 == after.l7) continue;
      const PortSet& kept_before = shared_values_.emplace_back(std::move(before.allowed));
      const PortSet& kept_after = shared_values_.emplace_back(std::move(after.allowed));
      const std::vector<L7Filter>& before_l7 = shared_l7_.emplace_back(std::move(before.l7));
      const std::vector<L7Filter>& after_l7 = shared_l7_.emplace_back(std::move(after.l7));
      changes_.push_back({from, to, joint_of_[from], joint_of_[to], &kept_before, &kept_after,
                          &before_l7, &after_l7});
    }
  }

  // ---- Causes ------------------------------------------------------------
  // The changed policies that isolate the source's class for egress or the
  // destination's for ingress, before then after: the same for every
  // endpoint pair of two joint classes.
  const std::vector<ChangeCause>& PolicyCauses(JointId from, JointId to) {
    const std::uint64_t key = (static_cast<std::uint64_t>(from) << 32) | to;
    auto [it, inserted] = policy_causes_.try_emplace(key);
    if (!inserted) return it->second;
    std::vector<ChangeCause>& causes = it->second;
    std::set<std::size_t> seen;
    auto add = [&](const std::string& object, std::string relation) {
      auto found = object_index_.find(object);
      if (found != object_index_.end() && seen.insert(found->second).second) {
        causes.push_back({found->second, std::move(relation)});
      }
    };
    auto policies = [&](JointId joint, Direction direction, const char* role) {
      for (const auto& [index, c, evaluator] :
           {std::tuple{&before_index_, joint_before_[joint], &before_},
            std::tuple{&after_index_, joint_after_[joint], &after_}}) {
        if (c == kNone || index->graph().IsExternal(c)) continue;
        const PodId pod = index->graph().pod_classes[c].front();
        for (PolicyId id : evaluator->IsolatingPolicies(pod, direction)) {
          const NetworkPolicy& policy = evaluator->cluster().policies[id];
          add(policy.kind == PolicyKind::kNetworkPolicy
                  ? "NetworkPolicy/" + policy.namespace_name + "/" + policy.name
                  : CiliumObjectOf(policy).Key(),
              fmt::format("selects the {} for {}", role, DirectionName(direction)));
        }
        for (ClusterPolicyId id : evaluator->ClusterPoliciesOf(pod)) {
          const ClusterPolicy& policy = evaluator->cluster().cluster_policies[id];
          if (policy.Rules(direction).empty()) continue;
          add(IsCiliumDenyKind(policy.kind)
                  ? CiliumObjectOf(policy).Key()
                  : std::string(ClusterPolicyKindName(policy.kind)) + "//" + policy.name,
              fmt::format("selects the {} for {} ({} tier)", role, DirectionName(direction),
                          PolicyTierName(policy.tier)));
        }
        for (const Evaluator::CalicoStep& step : evaluator->CalicoWalk(pod, direction)) {
          if (!step.calico_policy) continue;
          const CalicoPolicy& policy = evaluator->cluster().calico_policies[*step.calico_policy];
          add(std::string(policy.IsGlobal() ? "GlobalNetworkPolicy" : kCalicoNetworkPolicyKind) +
                  "/" + policy.namespace_name + "/" + policy.name,
              fmt::format("selects the {} for {} (tier {})", role, DirectionName(direction),
                          policy.tier));
          add("Tier//" + policy.tier,
              fmt::format("orders a policy selecting the {} for {}", role, DirectionName(direction)));
        }
      }
    };
    if (!joint_external_[from]) policies(from, Direction::kEgress, "source");
    if (!joint_external_[to]) policies(to, Direction::kIngress, "destination");
    return causes;
  }

  // The two pods and their namespaces, when changed.
  void AddEndpointCauses(std::uint32_t from, std::uint32_t to,
                         std::vector<ChangeCause>& causes) const {
    std::size_t added[4];
    std::size_t count = 0;
    auto add = [&](const std::string& object, const char* relation) {
      auto found = object_index_.find(object);
      if (found == object_index_.end()) return;
      if (std::find(added, added + count, found->second) != added + count) return;
      added[count++] = found->second;
      causes.push_back({found->second, relation});
    };
    using Roles = std::tuple<const DiffEndpoint*, const char*, const char*>;
    for (const auto& [end, pod, ns] :
         {Roles{&endpoints_[from], "is the source pod", "is the source's namespace"},
          Roles{&endpoints_[to], "is the destination pod", "is the destination's namespace"}}) {
      if (!end->is_pod) continue;
      const std::size_t slash = end->id.find('/');
      add("Pod/" + end->id.substr(0, slash) + "/" + end->id.substr(slash + 1), pod);
      add("Namespace//" + end->namespace_name, ns);
    }
  }

  const Evaluator& before_;
  const Evaluator& after_;
  const std::vector<DiffEndpoint>& endpoints_;
  const SideIndex before_index_;
  const SideIndex after_index_;
  std::map<std::string, std::size_t> object_index_;

  std::vector<std::vector<std::uint32_t>> members_;  // by joint class, ascending
  std::vector<ClassId> joint_before_;                // kNone: no pod before
  std::vector<ClassId> joint_after_;
  std::vector<bool> joint_external_;
  std::vector<JointId> joint_of_;                           // by endpoint
  std::vector<std::vector<JointId>> joints_of_before_;      // by before class
  std::vector<std::vector<JointId>> joints_of_after_;       // by after class
  std::set<std::pair<std::uint32_t, std::uint32_t>> shared_;  // ordered endpoint pairs

  std::vector<Change> changes_;
  std::deque<PortSet> shared_values_;
  std::deque<std::vector<L7Filter>> shared_l7_;
  std::unordered_map<std::uint64_t, std::vector<ChangeCause>> policy_causes_;
};

}  // namespace

GraphDiff DiffOnClasses(const DiffSide& before, const DiffSide& after) {
  const Cluster& before_cluster = before.evaluator->cluster();
  const Cluster& after_cluster = after.evaluator->cluster();
  GraphDiff diff;
  diff.objects = ObjectChanges(before_cluster, after_cluster);
  const std::vector<DiffEndpoint> endpoints = DiffEndpoints(before_cluster, after_cluster);
  std::optional<ClassGraph> own_before;
  std::optional<ClassGraph> own_after;
  const ClassGraph& before_graph = CoveringGraph(before, after_cluster, endpoints, own_before);
  const ClassGraph& after_graph = CoveringGraph(after, before_cluster, endpoints, own_after);
  diff.connections = ClassDiff(*before.evaluator, before_graph, *after.evaluator, after_graph,
                               endpoints, diff.objects)
                         .Run();
  return diff;
}

NETPOL_NAMESPACE_END
