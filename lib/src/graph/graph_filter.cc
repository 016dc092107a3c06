#include "netpol/graph_filter.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

[[noreturn]] void Die(const char* message) {
  std::fprintf(stderr, "netpol: BuildAllowGraph: %s\n", message);
  std::abort();
}

GraphNode PodNode(const Cluster& cluster, PodId id) {
  const Pod& pod = cluster.pods[id];
  GraphNode node;
  node.kind = NodeKind::kPod;
  node.id = pod.Id();
  node.namespace_name = pod.namespace_name;
  node.name = pod.name;
  node.endpoint = Endpoint::ForPod(id);
  return node;
}

GraphNode BlockNode(const ExternalBlock& block) {
  GraphNode node;
  node.kind = NodeKind::kIpBlock;
  node.id = block.Id();
  node.endpoint = Endpoint::ForAddress(block.Representative());
  node.block = block;
  return node;
}

// The ranges an ExternalBlock::Id() text stands for ("a-b,c/8"); nullopt
// when `id` is not such a text (a pod id, "ns/name").
std::optional<std::vector<IpRange>> ParseBlockId(std::string_view id) {
  std::vector<IpRange> ranges;
  while (!id.empty()) {
    const std::size_t comma = id.find(',');
    const std::string_view part = id.substr(0, comma);
    id = comma == std::string_view::npos ? std::string_view() : id.substr(comma + 1);
    if (part.find('/') != std::string_view::npos) {
      const std::optional<Cidr> cidr = Cidr::Parse(part);
      if (!cidr) return std::nullopt;
      ranges.push_back(cidr->Range());
      continue;
    }
    const std::size_t dash = part.find('-');
    const std::optional<IpAddress> first = IpAddress::Parse(part.substr(0, dash));
    const std::optional<IpAddress> last =
        dash == std::string_view::npos ? first : IpAddress::Parse(part.substr(dash + 1));
    if (!first || !last) return std::nullopt;
    ranges.push_back({*first, *last});
  }
  if (ranges.empty()) return std::nullopt;
  return ranges;
}

}  // namespace

ClassSelection SelectClasses(const ClassGraph& classes, const Cluster& cluster,
                             const EndpointFilter& filter) {
  ClassSelection selection;
  selection.selected.assign(classes.ClassCount(), 0);
  selection.pod_selected.assign(cluster.pods.size(), 0);
  for (ClassId c = 0; c < classes.PodClassCount(); ++c) {
    const std::vector<PodId>& members = classes.pod_classes[c];
    const Pod& first = cluster.pods[members.front()];
    if (!filter.MatchesNamespaceAndLabels(first.namespace_name, first.labels)) continue;
    for (PodId pod : members) {
      // Members share namespace and labels: only --focus tells them apart.
      if (filter.HasFocus() && !filter.Selects(cluster.pods[pod])) continue;
      selection.pod_selected[pod] = 1;
      ++selection.selected[c];
    }
    selection.endpoints += selection.selected[c];
  }
  for (std::size_t b = 0; b < classes.blocks.size(); ++b) {
    if (filter.SelectsAddresses(classes.blocks[b].ranges)) {
      selection.selected[classes.PodClassCount() + b] = 1;
      ++selection.endpoints;
    }
  }
  return selection;
}

std::uint64_t CountShownPairs(const ClassGraph& classes, const ClassSelection& selection) {
  std::uint64_t pairs = 0;
  for (const ClassEdge& edge : classes.edges) {
    const std::uint64_t from = classes.ClassSize(edge.from);
    const std::uint64_t to = classes.ClassSize(edge.to);
    const std::uint64_t from_out = from - selection.selected[edge.from];
    const std::uint64_t to_out = to - selection.selected[edge.to];
    // All pairs of the edge minus those with neither end selected.
    if (edge.from == edge.to) {
      pairs += from * (from - 1) - from_out * (from_out == 0 ? 0 : from_out - 1);
    } else {
      pairs += from * to - from_out * to_out;
    }
  }
  return pairs;
}

AllowGraph BuildAllowGraph(const ClassGraph& classes, const Cluster& cluster,
                           const EndpointFilter& filter) {
  if (classes.class_of_pod.size() != cluster.pods.size()) {
    Die("the class graph was computed from another cluster (pod counts differ)");
  }
  const ClassSelection selection = SelectClasses(classes, cluster, filter);
  const std::size_t pod_count = cluster.pods.size();
  const std::size_t node_count = pod_count + classes.blocks.size();
  if (node_count > std::numeric_limits<std::uint32_t>::max()) Die("more than 2^32-1 endpoints");
  const std::size_t class_count = classes.ClassCount();

  // Node indices as BuildAllowGraph numbers them ("full"), and the
  // selected members of each class in that numbering.
  std::vector<std::vector<std::uint32_t>> selected_members(class_count);
  for (PodId pod = 0; pod < pod_count; ++pod) {
    if (selection.pod_selected[pod] != 0) {
      selected_members[classes.class_of_pod[pod]].push_back(static_cast<std::uint32_t>(pod));
    }
  }
  for (std::size_t b = 0; b < classes.blocks.size(); ++b) {
    if (selection.selected[classes.PodClassCount() + b]) {
      selected_members[classes.PodClassCount() + b].push_back(
          static_cast<std::uint32_t>(pod_count + b));
    }
  }
  auto is_selected = [&](std::uint32_t full) {
    return full < pod_count ? selection.pod_selected[full] != 0
                            : selection.selected[classes.PodClassCount() + (full - pod_count)] != 0;
  };

  std::vector<std::size_t> first_edge(class_count + 1, classes.edges.size());
  for (std::size_t i = classes.edges.size(); i-- > 0;) first_edge[classes.edges[i].from] = i;
  for (std::size_t c = class_count; c-- > 0;) first_edge[c] = std::min(first_edge[c], first_edge[c + 1]);
  // A class none of whose members is selected shows only its edges towards
  // classes with a selected member; most classes then have none.
  std::vector<bool> relevant(class_count, false);
  for (std::size_t c = 0; c < class_count; ++c) {
    relevant[c] = selection.selected[c] > 0;
    for (std::size_t e = first_edge[c]; !relevant[c] && e < first_edge[c + 1]; ++e) {
      relevant[c] = selection.selected[classes.edges[e].to] > 0;
    }
  }

  struct RawEdge {
    std::uint32_t from;
    std::uint32_t to;
    PortSetId ports;
  };
  std::vector<RawEdge> raw;
  std::vector<std::pair<std::uint32_t, PortSetId>> targets;
  auto expand = [&](ClassId source_class, std::uint32_t from) {
    if (!relevant[source_class]) return;
    const bool from_selected = is_selected(from);
    targets.clear();
    for (std::size_t e = first_edge[source_class]; e < first_edge[source_class + 1]; ++e) {
      const ClassEdge& edge = classes.edges[e];
      if (classes.IsExternal(edge.to)) {
        const auto to = static_cast<std::uint32_t>(pod_count + (edge.to - classes.PodClassCount()));
        if (from_selected || is_selected(to)) targets.push_back({to, edge.ports});
        continue;
      }
      if (from_selected) {
        for (PodId to : classes.pod_classes[edge.to]) {
          if (to != from) targets.push_back({static_cast<std::uint32_t>(to), edge.ports});
        }
      } else {
        for (std::uint32_t to : selected_members[edge.to]) {
          if (to != from) targets.push_back({to, edge.ports});
        }
      }
    }
    std::sort(targets.begin(), targets.end());
    for (const auto& [to, ports] : targets) raw.push_back({from, to, ports});
    if (raw.size() > std::numeric_limits<std::uint32_t>::max()) Die("more than 2^32-1 edges");
  };
  for (std::size_t pod = 0; pod < pod_count; ++pod) {
    expand(classes.class_of_pod[pod], static_cast<std::uint32_t>(pod));
  }
  for (std::size_t b = 0; b < classes.blocks.size(); ++b) {
    expand(static_cast<ClassId>(classes.PodClassCount() + b),
           static_cast<std::uint32_t>(pod_count + b));
  }

  // The nodes shown, renumbered densely in the same order.
  constexpr std::uint32_t kHidden = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> renumber(node_count, kHidden);
  for (std::uint32_t full = 0; full < node_count; ++full) {
    if (is_selected(full)) renumber[full] = 0;
  }
  for (const RawEdge& edge : raw) renumber[edge.from] = renumber[edge.to] = 0;
  AllowGraph result;
  for (std::uint32_t full = 0; full < node_count; ++full) {
    if (renumber[full] == kHidden) continue;
    renumber[full] = static_cast<std::uint32_t>(result.nodes_.size());
    GraphNode node = full < pod_count ? PodNode(cluster, full)
                                      : BlockNode(classes.blocks[full - pod_count]);
    node.selected = is_selected(full);
    result.nodes_.push_back(std::move(node));
  }
  result.edges_.reserve(raw.size());
  result.out_begin_.assign(result.nodes_.size() + 1, 0);
  for (const RawEdge& edge : raw) {
    result.edges_.push_back(GraphEdge{NodeId{renumber[edge.from]}, NodeId{renumber[edge.to]},
                                      classes.port_sets.Get(edge.ports)});
    ++result.out_begin_[renumber[edge.from] + 1];
  }
  for (std::size_t n = 0; n < result.nodes_.size(); ++n) {
    result.out_begin_[n + 1] += result.out_begin_[n];
  }
  result.IndexEdges();
  result.AttachL7(classes);
  return result;
}

bool SelectsNode(const EndpointFilter& filter, const GraphNode& node, const Cluster& cluster) {
  if (node.kind == NodeKind::kPod) return filter.Selects(cluster.pods[*node.endpoint.pod]);
  return node.block && filter.SelectsAddresses(node.block->ranges);
}

bool SelectsAnyEndpoint(const EndpointFilter& filter, const Cluster& cluster) {
  if (!filter.RestrictsToPods()) {
    for (const ExternalBlock& block : PartitionExternalAddresses(cluster)) {
      if (filter.SelectsAddresses(block.ranges)) return true;
    }
  }
  return std::any_of(cluster.pods.begin(), cluster.pods.end(),
                     [&](const Pod& pod) { return filter.Selects(pod); });
}

std::vector<Reached> FilterReached(const std::vector<Reached>& reached, const AllowGraph& graph,
                                   const Cluster& cluster, const EndpointFilter& filter) {
  std::vector<Reached> kept;
  for (const Reached& r : reached) {
    if (SelectsNode(filter, graph.Node(r.node), cluster)) kept.push_back(r);
  }
  return kept;
}

GraphDiff FilterGraphDiff(const GraphDiff& diff, const EndpointFilter& filter,
                          const Cluster& before, const Cluster& after) {
  if (filter.SelectsEverything()) return diff;
  std::unordered_map<std::string, bool> selected;
  for (const Cluster* cluster : {&before, &after}) {
    for (const Pod& pod : cluster->pods) selected[pod.Id()] |= filter.Selects(pod);
  }
  auto selects = [&](const std::string& id) {
    if (auto it = selected.find(id); it != selected.end()) return it->second;
    const std::optional<std::vector<IpRange>> ranges = ParseBlockId(id);
    const bool result = ranges && filter.SelectsAddresses(*ranges);
    selected.emplace(id, result);
    return result;
  };
  GraphDiff kept;
  kept.objects = diff.objects;
  for (const ConnectionChange& change : diff.connections) {
    if (selects(change.from) || selects(change.to)) kept.connections.push_back(change);
  }
  return kept;
}

NETPOL_NAMESPACE_END
