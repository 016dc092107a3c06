// Analysis::Rollout: stages applied one at a time, and the search for an
// order that breaks no intended connection (see netpol/rollout.h).
#include "netpol/rollout.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "netpol/analysis.h"
#include "netpol/endpoint_ref.h"
#include "graph/object_changes.h"
#include "parse/load.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// The objects a stage applies, as "Kind/namespace/name" (RemoveObject's
// references; Services as "Service/ns/name", which only conflict), each
// once: a Cilium policy is one object however many rules it was lowered to.
std::vector<std::string> ObjectIds(const Cluster& cluster) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  auto add = [&](std::string id) {
    if (seen.insert(id).second) ids.push_back(std::move(id));
  };
  auto cilium = [&](const CiliumObject& object) {
    add(object.namespace_name.empty() ? object.kind + "/" + object.name : object.Key());
  };
  for (const Namespace& ns : cluster.namespaces) {
    if (ns.declared) add("Namespace/" + ns.name);
  }
  for (const Pod& pod : cluster.pods) add("Pod/" + pod.namespace_name + "/" + pod.name);
  for (const NetworkPolicy& p : cluster.policies) {
    if (p.kind == PolicyKind::kNetworkPolicy) {
      add("NetworkPolicy/" + p.namespace_name + "/" + p.name);
    } else {
      cilium(CiliumObjectOf(p));
    }
  }
  for (const NetworkPolicy& p : cluster.clusterwide_policies) cilium(CiliumObjectOf(p));
  for (const Service& s : cluster.services) add("Service/" + s.namespace_name + "/" + s.name);
  for (const ClusterPolicy& p : cluster.cluster_policies) {
    if (IsCiliumDenyKind(p.kind)) {
      cilium(CiliumObjectOf(p));
    } else {
      add(std::string(ClusterPolicyKindName(p.kind)) + "/" + p.name);
    }
  }
  for (const CalicoPolicy& p : cluster.calico_policies) {
    if (p.IsGlobal()) {
      add(std::string(CalicoPolicyKindName(p.kind)) + "/" + p.name);
    } else {
      // Calico's NetworkPolicy by its group: the bare kind is Kubernetes'.
      add(p.kind == CalicoPolicyKind::kNetworkPolicy
              ? "networkpolicies.projectcalico.org/" + p.namespace_name + "/" + p.name
              : std::string(CalicoPolicyKindName(p.kind)) + "/" + p.namespace_name + "/" + p.name);
    }
  }
  return ids;
}

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Whether the leading comment block of `text` holds `# netpol: delete`.
bool HasDeleteMarker(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::string_view rest = line;
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) {
      rest.remove_prefix(1);
    }
    if (rest.empty() || rest == "---") continue;
    if (rest.front() != '#') return false;
    rest.remove_prefix(1);
    std::string compact;
    for (char c : rest) {
      if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    }
    if (compact == "netpol:delete") return true;
  }
  return false;
}

// A stage prepared for applying: what it applies and what it deletes.
struct PreparedStage {
  std::vector<InputFile> applied;
  std::vector<std::string> removals;
  std::map<std::string, std::string> touched;  // lowercased object id -> id, for conflicts
  std::set<std::string> creates_namespaces;    // Namespace objects applied
  std::set<std::string> uses_namespaces;       // namespaces of the objects applied
};

Result<PreparedStage> Prepare(const RolloutStage& stage, const LoadOptions& load) {
  PreparedStage prepared;
  for (const InputFile& text : stage.texts) {
    const bool deletes = HasDeleteMarker(text.text);
    LoadResult loaded = LoadInputs({text}, load);
    if (loaded.HasErrors()) {
      std::string detail;
      int errors = 0;
      for (const Diagnostic& d : loaded.diagnostics) {
        detail += FormatDiagnostic(d, {text});
        errors += d.severity == Severity::kError ? 1 : 0;
      }
      return Status::InvalidInput(
          fmt::format("{} error{} in stage {}; nothing was analysed", errors,
                      errors == 1 ? "" : "s", stage.name),
          std::move(loaded.diagnostics), std::move(detail));
    }
    if (!deletes) {
      const Cluster& c = loaded.cluster;
      for (const Namespace& ns : c.namespaces) {
        if (ns.declared) prepared.creates_namespaces.insert(ns.name);
      }
      for (const Pod& pod : c.pods) prepared.uses_namespaces.insert(pod.namespace_name);
      for (const NetworkPolicy& p : c.policies) prepared.uses_namespaces.insert(p.namespace_name);
      for (const Service& svc : c.services) prepared.uses_namespaces.insert(svc.namespace_name);
    }
    for (const std::string& id : ObjectIds(loaded.cluster)) {
      prepared.touched.emplace(Lowercase(id), id);
      if (deletes) {
        if (id.starts_with("Service/")) {
          return Status::InvalidArgument(fmt::format(
              "stage {}: {} cannot be deleted in a rollout (Services are read, not removed)",
              stage.name, id));
        }
        prepared.removals.push_back(id);
      }
    }
    if (!deletes) prepared.applied.push_back(text);
  }
  for (const std::string& removal : stage.removals) {
    prepared.removals.push_back(removal);
    prepared.touched.emplace(Lowercase(removal), removal);
  }
  return prepared;
}

Result<Analysis> Apply(const Analysis& state, const PreparedStage& stage, const std::string& name) {
  Result<Analysis> next = state.With(stage.applied, stage.removals);
  if (!next.ok()) {
    const Status& status = next.status();
    if (status.code() == StatusCode::kInvalidInput) {
      return Status::InvalidInput(fmt::format("stage {}: {}", name, status.message()),
                                  status.diagnostics(), status.detail());
    }
    return Status(status.code(), fmt::format("stage {}: {}", name, status.message()));
  }
  return next;
}

// The intent restricted to connections whose ends exist in `cluster`.
Intent PresentPart(const Intent& intent, const Cluster& cluster) {
  Intent present = intent;
  std::erase_if(present.connections, [&](const IntentConnection& c) {
    const auto exists = [&](const EndpointRef& ref) {
      return !ResolveEndpointRef(ref, cluster).empty() || ServiceOf(ref, cluster) != nullptr;
    };
    return !exists(c.from) || !exists(c.to);
  });
  return present;
}

// One state of the rollout, judged against the intent.
struct Judged {
  std::vector<IntendedConnection> intended;
  int ok = 0;
  int missing = 0;
  int unexpected = 0;
};

Result<Judged> Judge(const Analysis& state, const std::optional<Intent>& intent) {
  Judged judged;
  if (!intent) return judged;
  Result<CheckResult> checked = state.Check(PresentPart(*intent, state.cluster()));
  if (!checked.ok()) return checked.status();
  for (const CheckFinding& f : checked->findings) {
    switch (f.verdict) {
      case CheckVerdict::kOk: ++judged.ok; break;
      case CheckVerdict::kMissing: ++judged.missing; break;
      case CheckVerdict::kUnexpected: ++judged.unexpected; break;
    }
    if (f.origin != "allow" && f.origin != "path" && f.origin != "dns") continue;
    IntendedConnection c;
    c.origin = f.origin;
    c.from = EndpointName(f.from, state.cluster());
    c.to = EndpointName(f.to, state.cluster());
    c.declared = f.declared;
    c.allowed = f.allowed;
    c.declared_at = f.declared_at;
    c.holds = f.verdict == CheckVerdict::kOk;
    judged.intended.push_back(std::move(c));
  }
  return judged;
}

// Every intended connection of a state, by Key().
std::map<std::string, const IntendedConnection*> ByKey(const Judged& judged) {
  std::map<std::string, const IntendedConnection*> by_key;
  for (const IntendedConnection& c : judged.intended) by_key.emplace(c.Key(), &c);
  return by_key;
}

// Connections that held in `before` and do not hold in `after` (with what
// `after` allows them, nothing when their ends are gone).
std::vector<IntendedConnection> Broken(const Judged& before, const Judged& after) {
  const auto now = ByKey(after);
  std::vector<IntendedConnection> broken;
  for (const IntendedConnection& c : before.intended) {
    const auto it = now.find(c.Key());
    if (!c.holds || (it != now.end() && it->second->holds)) continue;
    IntendedConnection lost = c;
    lost.holds = false;
    lost.allowed = it != now.end() ? it->second->allowed : PortSet();
    broken.push_back(std::move(lost));
  }
  return broken;
}

// Connections that hold in `after` and did not (or did not exist) in `before`.
std::vector<IntendedConnection> Restored(const Judged& before, const Judged& after) {
  const auto then = ByKey(before);
  std::vector<IntendedConnection> restored;
  for (const IntendedConnection& c : after.intended) {
    const auto it = then.find(c.Key());
    if (c.holds && (it == then.end() || !it->second->holds)) restored.push_back(c);
  }
  return restored;
}

// The order search over sets of stages (bit i = stage i applied).
class OrderSearch {
 public:
  OrderSearch(const Analysis& base, const std::vector<PreparedStage>& stages,
              const std::vector<std::string>& names, const RolloutOptions& options)
      : base_(base), stages_(stages), names_(names), options_(options) {
    const std::size_t n = stages.size();
    predecessors_.assign(n, 0);
    for (std::size_t later = 0; later < n; ++later) {
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        for (const auto& [key, id] : stages[earlier].touched) {
          if (!stages[later].touched.contains(key)) continue;
          Require(earlier, later, "both change " + id);
          break;
        }
      }
    }
    // Namespaces before their objects, unless that contradicts the above
    // (then the given order stands for them too).
    const std::vector<Mask> object_order = predecessors_;
    const auto constraints = constraints_.size();
    for (std::size_t creator = 0; creator < n; ++creator) {
      for (const std::string& ns : stages[creator].creates_namespaces) {
        for (std::size_t user = 0; user < n; ++user) {
          if (user == creator || stages[user].creates_namespaces.contains(ns) ||
              !stages[user].uses_namespaces.contains(ns)) {
            continue;
          }
          if (predecessors_[user] & (Mask{1} << creator)) continue;
          Require(creator, user, "creates Namespace " + ns);
        }
      }
    }
    if (!Acyclic()) {
      predecessors_ = object_order;
      constraints_.resize(constraints);
    }
  }

  Result<RolloutOrder> Run(const std::set<std::string>& final_holding) {
    final_holding_ = &final_holding;
    const std::size_t n = stages_.size();
    RolloutOrder order;
    order.constraints = constraints_;
    order.exhaustive = n <= options_.exhaustive_limit;
    Mask applied = 0;
    if (order.exhaustive) {
      // Cost to go from every set to the full one, then the first stage (in
      // the given order) that achieves it, step by step.
      const Mask full = (Mask{1} << n) - 1;
      std::map<Mask, std::size_t> cost_to_go;
      cost_to_go[full] = 0;
      for (Mask set = full; set-- > 0;) {
        if (!Reachable(set)) continue;
        std::size_t best = std::numeric_limits<std::size_t>::max();
        for (std::size_t i = 0; i < n; ++i) {
          if (!Allowed(set, i)) continue;
          auto step = StepCost(set, i);
          if (!step.ok()) return step.status();
          const auto rest = cost_to_go.find(set | (Mask{1} << i));
          if (rest == cost_to_go.end()) continue;
          best = std::min(best, step->size() + rest->second);
        }
        cost_to_go[set] = best;
      }
      while (applied != full) {
        for (std::size_t i = 0; i < n; ++i) {
          if (!Allowed(applied, i)) continue;
          auto step = StepCost(applied, i);
          if (!step.ok()) return step.status();
          const auto rest = cost_to_go.find(applied | (Mask{1} << i));
          if (rest == cost_to_go.end() || step->size() + rest->second != cost_to_go[applied]) {
            continue;
          }
          Take(order, applied, i, *step);
          break;
        }
      }
    } else {
      for (std::size_t position = 0; position < n; ++position) {
        std::optional<std::size_t> best;
        std::vector<IntendedConnection> best_broken;
        for (std::size_t i = 0; i < n; ++i) {
          if (!Allowed(applied, i)) continue;
          auto step = StepCost(applied, i);
          if (!step.ok()) return step.status();
          if (!best || step->size() < best_broken.size()) {
            best = i;
            best_broken = *step;
          }
        }
        Take(order, applied, *best, best_broken);
      }
    }
    return order;
  }

 private:
  using Mask = unsigned long long;

  void Require(std::size_t before, std::size_t after, std::string reason) {
    predecessors_[after] |= Mask{1} << before;
    constraints_.push_back(RolloutConstraint{before, after, std::move(reason)});
  }

  // Whether some order satisfies every constraint.
  bool Acyclic() const {
    Mask placed = 0;
    for (std::size_t round = 0; round < stages_.size(); ++round) {
      bool progressed = false;
      for (std::size_t i = 0; i < stages_.size(); ++i) {
        if (Allowed(placed, i)) {
          placed |= Mask{1} << i;
          progressed = true;
        }
      }
      if (!progressed) break;
    }
    return placed == (stages_.size() == 64 ? ~Mask{0} : (Mask{1} << stages_.size()) - 1);
  }

  bool Allowed(Mask set, std::size_t i) const {
    return (set & (Mask{1} << i)) == 0 && (predecessors_[i] & ~set) == 0;
  }

  bool Reachable(Mask set) const {
    for (std::size_t i = 0; i < stages_.size(); ++i) {
      if ((set & (Mask{1} << i)) && (predecessors_[i] & ~set)) return false;
    }
    return true;
  }

  void Take(RolloutOrder& order, Mask& applied, std::size_t i,
            const std::vector<IntendedConnection>& broken) {
    for (const IntendedConnection& c : broken) order.broken.emplace_back(order.stages.size(), c);
    order.stages.push_back(i);
    applied |= Mask{1} << i;
  }

  // The state after the stages of `set`, applied in the given order.
  Result<const Judged*> State(Mask set) {
    if (auto it = judged_.find(set); it != judged_.end()) return &it->second;
    Analysis state = base_;
    if (set != 0) {
      std::size_t last = 0;
      for (std::size_t i = 0; i < stages_.size(); ++i) {
        if (set & (Mask{1} << i)) last = i;
      }
      auto before = StateAnalysis(set & ~(Mask{1} << last));
      if (!before.ok()) return before.status();
      auto next = Apply(*before, stages_[last], names_[last]);
      if (!next.ok()) return next.status();
      state = std::move(*next);
    }
    analyses_.emplace(set, state);
    auto judged = Judge(state, options_.intent);
    if (!judged.ok()) return judged.status();
    return &judged_.emplace(set, std::move(*judged)).first->second;
  }

  Result<Analysis> StateAnalysis(Mask set) {
    if (auto it = analyses_.find(set); it != analyses_.end()) return it->second;
    auto judged = State(set);
    if (!judged.ok()) return judged.status();
    return analyses_.at(set);
  }

  // The connections holding in the final state that stage i breaks after `set`.
  Result<std::vector<IntendedConnection>> StepCost(Mask set, std::size_t i) {
    auto before = State(set);
    if (!before.ok()) return before.status();
    const Judged* before_judged = *before;
    auto after = State(set | (Mask{1} << i));
    if (!after.ok()) return after.status();
    std::vector<IntendedConnection> broken = Broken(*before_judged, **after);
    std::erase_if(broken, [&](const IntendedConnection& c) {
      return !final_holding_->contains(c.Key());
    });
    return broken;
  }

  const Analysis& base_;
  const std::vector<PreparedStage>& stages_;
  const std::vector<std::string>& names_;
  const RolloutOptions& options_;
  std::vector<Mask> predecessors_;
  std::vector<RolloutConstraint> constraints_;
  std::map<Mask, Judged> judged_;
  std::map<Mask, Analysis> analyses_;
  const std::set<std::string>* final_holding_ = nullptr;
};

}  // namespace

std::string IntendedConnection::Key() const {
  return fmt::format("{} {} -> {} @{}:{}", origin, from, to, declared_at.file, declared_at.line);
}

std::size_t RolloutReport::BrokenCount() const {
  std::size_t count = 0;
  for (const RolloutStep& step : steps) count += step.broken.size();
  return count;
}

bool RolloutReport::Holds() const {
  return BrokenCount() == 0 && (!final_check || final_check->Holds());
}

Result<RolloutReport> Analysis::Rollout(const std::vector<RolloutStage>& stages,
                                        const RolloutOptions& options) const {
  if (stages.empty()) return Status::InvalidArgument("a rollout needs at least one stage");
  constexpr std::size_t kMaxStages = 62;  // one bit each in the search's sets
  if (stages.size() > kMaxStages) {
    return Status::InvalidArgument(
        fmt::format("a rollout has at most {} stages, got {}", kMaxStages, stages.size()));
  }
  std::vector<PreparedStage> prepared;
  std::vector<std::string> names;
  for (const RolloutStage& stage : stages) {
    Result<PreparedStage> p = Prepare(stage, this->options().load);
    if (!p.ok()) return p.status();
    prepared.push_back(std::move(*p));
    names.push_back(stage.name);
  }

  RolloutReport report;
  report.stage_names = names;
  Analysis state = *this;
  Result<Judged> judged = Judge(state, options.intent);
  if (!judged.ok()) return judged.status();
  if (options.keep_graphs) report.graphs.push_back(state.allow_graph());
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    Result<Analysis> next = Apply(state, prepared[i], names[i]);
    if (!next.ok()) return next.status();
    Result<Judged> next_judged = Judge(*next, options.intent);
    if (!next_judged.ok()) return next_judged.status();
    RolloutStep step;
    step.stage = i;
    step.name = names[i];
    step.changes = state.Diff(*next);
    step.broken = Broken(*judged, *next_judged);
    step.restored = Restored(*judged, *next_judged);
    step.intended = next_judged->intended;
    step.ok = next_judged->ok;
    step.missing = next_judged->missing;
    step.unexpected = next_judged->unexpected;
    report.steps.push_back(std::move(step));
    if (options.keep_graphs) report.graphs.push_back(next->allow_graph());
    state = std::move(*next);
    judged = std::move(next_judged);
  }
  report.final_cluster = state.cluster();
  if (options.intent) {
    Result<CheckResult> final_check = state.Check(*options.intent);
    if (!final_check.ok()) return final_check.status();
    report.final_check = std::move(*final_check);
  }
  if (options.search_order) {
    std::set<std::string> final_holding;
    for (const IntendedConnection& c : judged->intended) {
      if (c.holds) final_holding.insert(c.Key());
    }
    OrderSearch search(*this, prepared, names, options);
    Result<RolloutOrder> order = search.Run(final_holding);
    if (!order.ok()) return order.status();
    report.order = std::move(*order);
  }
  return report;
}

NETPOL_NAMESPACE_END
