#include "parse/workload_folding.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

namespace netpol {
namespace {

using WorkloadKey = std::tuple<std::string, std::string, std::string>;  // ns, kind, name

bool SameBehaviour(const Pod& a, const Pod& b) {
  if (a.labels != b.labels || a.host_network != b.host_network || a.ports.size() != b.ports.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.ports.size(); ++i) {
    if (a.ports[i].name != b.ports[i].name || a.ports[i].port != b.ports[i].port ||
        a.ports[i].protocol != b.ports[i].protocol) {
      return false;
    }
  }
  return true;
}

void AddIps(Pod& into, const Pod& from) {
  for (const IpAddress& ip : from.ips) {
    if (std::find(into.ips.begin(), into.ips.end(), ip) == into.ips.end()) into.ips.push_back(ip);
  }
}

}  // namespace

void FoldOwnedPods(Cluster& cluster, DiagnosticSink& sink) {
  std::map<WorkloadKey, std::size_t> workloads;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& p = cluster.pods[i];
    if (p.IsWorkload()) workloads[{p.namespace_name, p.kind, p.name}] = i;
  }
  // The top-most workload in the inputs that (transitively) owns `key`.
  auto top = [&](WorkloadKey key) -> std::optional<std::size_t> {
    std::optional<std::size_t> found;
    for (int depth = 0; depth < 4; ++depth) {
      auto it = workloads.find(key);
      if (it == workloads.end()) break;
      found = it->second;
      const auto& owner = cluster.pods[it->second].owner;
      if (!owner) break;
      key = {std::get<0>(key), owner->kind, owner->name};
    }
    return found;
  };

  std::vector<bool> remove(cluster.pods.size(), false);
  // Workloads owned by workloads in the inputs (ReplicaSet of a Deployment).
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& p = cluster.pods[i];
    if (!p.IsWorkload() || !p.owner) continue;
    auto owner = top({p.namespace_name, p.owner->kind, p.owner->name});
    if (owner && *owner != i) remove[i] = true;
  }
  // Pods owned by workloads in the inputs, or grouped by an absent owner.
  std::map<WorkloadKey, std::size_t> absent_owner_endpoint;
  std::vector<Pod> added;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    Pod& pod = cluster.pods[i];
    if (pod.IsWorkload() || !pod.owner) continue;
    const WorkloadKey owner_key{pod.namespace_name, pod.owner->kind, pod.owner->name};
    if (auto owner = top(owner_key)) {
      Pod& workload = cluster.pods[*owner];
      if (!SameBehaviour(pod, workload)) {
        sink.Warning(pod.loc, fmt::format("pod {} differs from the pod template of its owner {} "
                                          "(labels, ports or hostNetwork); kept as its own endpoint",
                                          pod.Id(), workload.Id()));
        continue;
      }
      AddIps(workload, pod);
      ++workload.folded_pods;
      remove[i] = true;
      continue;
    }
    // Owner not in the inputs: one endpoint per owner, named after it.
    auto [it, inserted] = absent_owner_endpoint.emplace(owner_key, added.size());
    if (inserted) {
      Pod endpoint = pod;
      endpoint.name = pod.owner->name;
      endpoint.kind = pod.owner->kind.empty() ? "Pod" : pod.owner->kind;
      endpoint.owner.reset();
      added.push_back(std::move(endpoint));
      remove[i] = true;
      continue;
    }
    Pod& endpoint = added[it->second];
    if (!SameBehaviour(pod, endpoint)) {
      sink.Warning(pod.loc, fmt::format("pods of owner {}/{} differ in labels, ports or hostNetwork; "
                                        "pod {} is kept as its own endpoint",
                                        pod.namespace_name, pod.owner->name, pod.Id()));
      continue;
    }
    AddIps(endpoint, pod);
    ++endpoint.folded_pods;
    remove[i] = true;
  }
  std::vector<Pod> kept;
  kept.reserve(cluster.pods.size() + added.size());
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    if (!remove[i]) kept.push_back(std::move(cluster.pods[i]));
  }
  for (Pod& endpoint : added) kept.push_back(std::move(endpoint));
  cluster.pods = std::move(kept);
}

}  // namespace netpol
