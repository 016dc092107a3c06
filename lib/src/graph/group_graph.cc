#include "netpol/group_graph.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Label keys that name a bare pod's application, in order of preference.
constexpr const char* kAppLabels[] = {"app.kubernetes.io/name", "app", "k8s-app"};

// The pod groups of `by` and the group of each pod.
struct Grouping {
  std::vector<EndpointGroup> groups;
  std::vector<std::uint32_t> group_of_pod;
};

std::string GroupKey(const Pod& pod, GroupBy by) {
  return by == GroupBy::kNamespace ? pod.namespace_name : WorkloadName(pod);
}

Grouping GroupPods(const ClassGraph& classes, const Cluster& cluster, GroupBy by) {
  Grouping result;
  const std::size_t n = cluster.pods.size();
  result.group_of_pod.resize(n);
  switch (by) {
    case GroupBy::kPod:
      for (std::size_t i = 0; i < n; ++i) {
        const Pod& pod = cluster.pods[i];
        result.groups.push_back({pod.Id(), pod.namespace_name, false, {static_cast<PodId>(i)}});
        result.group_of_pod[i] = static_cast<std::uint32_t>(i);
      }
      break;
    case GroupBy::kClass:
      for (std::size_t c = 0; c < classes.PodClassCount(); ++c) {
        const std::vector<PodId>& members = classes.pod_classes[c];
        const Pod& first = cluster.pods[members.front()];
        std::string id = first.Id();
        if (members.size() > 1) id += " +" + std::to_string(members.size() - 1);
        result.groups.push_back({std::move(id), first.namespace_name, false, members});
        for (PodId p : members) result.group_of_pod[p] = static_cast<std::uint32_t>(c);
      }
      break;
    case GroupBy::kWorkload:
    case GroupBy::kNamespace: {
      // (namespace, id) -> members; PodId order within each group.
      std::map<std::pair<std::string, std::string>, std::vector<PodId>> members;
      for (std::size_t i = 0; i < n; ++i) {
        const Pod& pod = cluster.pods[i];
        members[{pod.namespace_name, GroupKey(pod, by)}].push_back(static_cast<PodId>(i));
      }
      for (auto& [key, pods] : members) {
        for (PodId p : pods) result.group_of_pod[p] = static_cast<std::uint32_t>(result.groups.size());
        result.groups.push_back({key.second, key.first, false, std::move(pods)});
      }
      break;
    }
  }
  return result;
}

}  // namespace

const char* GroupByName(GroupBy by) {
  switch (by) {
    case GroupBy::kPod: return "pod";
    case GroupBy::kWorkload: return "workload";
    case GroupBy::kClass: return "class";
    case GroupBy::kNamespace: return "namespace";
  }
  return "pod";
}

std::optional<GroupBy> ParseGroupBy(std::string_view text) {
  for (GroupBy by : {GroupBy::kPod, GroupBy::kWorkload, GroupBy::kClass, GroupBy::kNamespace}) {
    if (text == GroupByName(by)) return by;
  }
  return std::nullopt;
}

std::string WorkloadName(const Pod& pod) {
  if (pod.IsWorkload()) return pod.Id();
  if (!pod.replica_of.empty()) return pod.replica_of;
  if (pod.owner && !pod.owner->name.empty()) {
    return pod.namespace_name + "/" + pod.owner->name + "[" +
           (pod.owner->kind.empty() ? "Pod" : pod.owner->kind) + "]";
  }
  for (const char* key : kAppLabels) {
    auto it = pod.labels.find(key);
    if (it != pod.labels.end()) return pod.namespace_name + "/" + key + "=" + it->second;
  }
  return pod.Id();
}

const char* CoverageName(Coverage coverage) {
  switch (coverage) {
    case Coverage::kNone: return "none";
    case Coverage::kSome: return "some";
    case Coverage::kAll: return "all";
  }
  return "none";
}

std::size_t GroupGraph::PodGroupCount() const {
  std::size_t count = 0;
  while (count < groups.size() && !groups[count].external) ++count;
  return count;
}

std::uint64_t GroupGraph::PairCount(std::uint32_t from, std::uint32_t to) const {
  const std::uint64_t a = groups[from].Size();
  const std::uint64_t b = groups[to].Size();
  return from == to ? a * (a - 1) : a * b;
}

const GroupEdge* GroupGraph::Find(std::uint32_t from, std::uint32_t to) const {
  auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(from, to),
                             [](const GroupEdge& e, const std::pair<std::uint32_t, std::uint32_t>& key) {
                               return std::make_pair(e.from, e.to) < key;
                             });
  return it != edges.end() && it->from == from && it->to == to ? &*it : nullptr;
}

Coverage GroupGraph::CoverageBetween(std::uint32_t from, std::uint32_t to) const {
  const GroupEdge* edge = Find(from, to);
  return edge ? edge->coverage() : Coverage::kNone;
}

GroupGraph BuildGroupGraph(const ClassGraph& classes, const Cluster& cluster, GroupBy by,
                           const std::optional<PortQuery>& port) {
  GroupGraph graph;
  graph.by = by;
  graph.port = port;
  Grouping grouping = GroupPods(classes, cluster, by);
  graph.groups = std::move(grouping.groups);
  const auto first_block = static_cast<std::uint32_t>(graph.groups.size());
  for (const ExternalBlock& block : classes.blocks) {
    EndpointGroup group;
    group.id = block.Id();
    group.external = true;
    graph.groups.push_back(std::move(group));
  }
  // Each class as (group, members in it) runs: one run at namespace level.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint64_t>>> runs(classes.ClassCount());
  for (ClassId c = 0; c < classes.ClassCount(); ++c) {
    if (classes.IsExternal(c)) {
      runs[c].push_back({first_block + static_cast<std::uint32_t>(c - classes.PodClassCount()), 1});
      continue;
    }
    std::vector<std::uint32_t> of;
    of.reserve(classes.pod_classes[c].size());
    for (PodId p : classes.pod_classes[c]) of.push_back(grouping.group_of_pod[p]);
    std::sort(of.begin(), of.end());
    for (std::uint32_t g : of) {
      if (runs[c].empty() || runs[c].back().first != g) runs[c].push_back({g, 0});
      ++runs[c].back().second;
    }
  }
  // Accumulate per group pair: allowed pairs and the distinct port sets seen.
  struct Cell {
    std::uint64_t allowed = 0;
    std::vector<PortSetId> port_sets;
  };
  std::unordered_map<std::uint64_t, Cell> cells;
  for (const ClassEdge& e : classes.edges) {
    const PortSet& ports = classes.port_sets.Get(e.ports);
    if (port && !ports.Contains(port->protocol, port->port)) continue;
    for (const auto& [g1, n1] : runs[e.from]) {
      for (const auto& [g2, n2] : runs[e.to]) {
        const std::uint64_t pairs = e.from == e.to && g1 == g2 ? n1 * (n1 - 1) : n1 * n2;
        if (pairs == 0) continue;
        Cell& cell = cells[(std::uint64_t{g1} << 32) | g2];
        cell.allowed += pairs;
        if (std::find(cell.port_sets.begin(), cell.port_sets.end(), e.ports) == cell.port_sets.end()) {
          cell.port_sets.push_back(e.ports);
        }
      }
    }
  }
  graph.edges.reserve(cells.size());
  for (auto& [key, cell] : cells) {
    GroupEdge edge;
    edge.from = static_cast<std::uint32_t>(key >> 32);
    edge.to = static_cast<std::uint32_t>(key & 0xffffffffu);
    edge.allowed = cell.allowed;
    edge.pairs = graph.PairCount(edge.from, edge.to);
    std::sort(cell.port_sets.begin(), cell.port_sets.end());
    for (PortSetId id : cell.port_sets) edge.ports.Merge(classes.port_sets.Get(id));
    graph.edges.push_back(std::move(edge));
  }
  std::sort(graph.edges.begin(), graph.edges.end(), [](const GroupEdge& a, const GroupEdge& b) {
    return std::make_pair(a.from, a.to) < std::make_pair(b.from, b.to);
  });
  return graph;
}

std::size_t CountPodGroups(const ClassGraph& classes, const Cluster& cluster, GroupBy by) {
  switch (by) {
    case GroupBy::kPod: return cluster.pods.size();
    case GroupBy::kClass: return classes.PodClassCount();
    case GroupBy::kWorkload:
    case GroupBy::kNamespace: {
      std::vector<std::pair<std::string_view, std::string>> keys;
      keys.reserve(cluster.pods.size());
      for (const Pod& pod : cluster.pods) keys.emplace_back(pod.namespace_name, GroupKey(pod, by));
      std::sort(keys.begin(), keys.end());
      return static_cast<std::size_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
    }
  }
  return 0;
}

GroupBy ChooseDrawingLevel(const ClassGraph& classes, const Cluster& cluster,
                           std::size_t max_nodes) {
  const std::size_t blocks = classes.blocks.size();
  for (GroupBy by : {GroupBy::kPod, GroupBy::kWorkload}) {
    if (CountPodGroups(classes, cluster, by) + blocks <= max_nodes) return by;
  }
  return GroupBy::kNamespace;
}

NETPOL_NAMESPACE_END
