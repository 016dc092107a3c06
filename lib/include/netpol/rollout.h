// Rollouts: a change applied as a sequence of `kubectl apply` steps, judged
// one apply at a time (Analysis::Rollout in analysis.h).
//
// Design. A rollout starts from an analysis (the cluster as it is; empty for
// a fresh namespace) and applies stages in order. A stage applies the
// objects of its texts (an object with the same kind, namespace and name
// replaces the earlier one, as `kubectl apply` does) and deletes the objects
// it names. After each stage the cluster is analysed again: what the stage
// changed (a GraphDiff against the state before it) and, with an intent,
// which intended connections (`allow`, `paths`, `requireDNS`) hold. An
// intended connection that held before a stage and not after it is broken by
// that stage: a real rollout suffers an outage between the two applies.
// Intended connections whose endpoints do not exist yet are not judged.
//
// Order search. Stages that touch a common object keep their given relative
// order (reordering them would change the end state), and a stage that
// creates a Namespace precedes the stages that put objects in it (the API
// server rejects objects in a namespace that does not exist); all others
// may move.
// The state after a set of stages is then independent of the order they
// were applied in, so the search is a shortest path over sets of stages:
// exhaustive up to RolloutOptions::exhaustive_limit stages, greedy (one
// stage at a time, the one that breaks the fewest) beyond. The cost of an
// order is the number of (stage, connection) pairs where the stage breaks an
// intended connection that holds in the final state; ties go to the order
// closest to the given one.
//
// Threads: see Analysis::Rollout (analysis.h): it reads a const Analysis
// and builds new ones. Cost: one With(), Diff() and Check() per stage; the
// order search up to 2^stages subsets, each analysed once.
#ifndef NETPOL_ROLLOUT_H_
#define NETPOL_ROLLOUT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/allow_graph.h"
#include "netpol/check.h"
#include "netpol/graph_diff.h"
#include "netpol/intent.h"
#include "netpol/loader.h"
#include "netpol/model.h"
#include "netpol/port_set.h"
#include "netpol/source_loc.h"

NETPOL_NAMESPACE_BEGIN

/// One apply (and/or delete) of a rollout.
struct RolloutStage {
  /// How messages name the stage: the path as given, or "--remove KIND/NS/NAME".
  std::string name;
  /// Objects applied, as `kubectl apply -f` applies them. A text whose
  /// first lines hold the comment `# netpol: delete` deletes its objects
  /// instead, as `kubectl delete -f` does.
  std::vector<InputFile> texts;
  /// Objects deleted: "KIND/NAMESPACE/NAME" or "KIND/NAME" (cluster-scoped).
  std::vector<std::string> removals;
};

/// What a rollout checks besides the changes of each stage.
struct RolloutOptions {
  /// What the rollout must keep working; without it only changes are shown.
  std::optional<Intent> intent;
  /// Search the orders of the stages for one that breaks nothing.
  bool search_order = false;
  /// Up to this many stages the search is exhaustive; beyond it, greedy.
  std::size_t exhaustive_limit = 8;
  /// Keep the allow-graph of every state in RolloutReport::graphs, for
  /// drawing the stages (WriteRolloutHtmlReport). Costs one allow-graph per
  /// stage (see Analysis::allow_graph): meant for graphs a person reads.
  bool keep_graphs = false;
};

/// An intended connection (an `allow`, a hop of a `path`, or a pod's DNS
/// requirement) in one state of the rollout.
struct IntendedConnection {
  std::string origin;  ///< "allow", "path" or "dns".
  std::string from;    ///< Endpoint name, "ns/name".
  std::string to;
  PortSet declared;    ///< The ports meant.
  PortSet allowed;     ///< What the policies allow in this state.
  SourceLoc declared_at;
  bool holds = false;

  /// Identifies the connection across states: origin, ends and declaration.
  std::string Key() const;
};

/// What one stage did.
struct RolloutStep {
  std::size_t stage = 0;  ///< Index into the stages as given.
  std::string name;
  GraphDiff changes;      ///< Against the state before this stage.
  /// With an intent: every intended connection whose ends exist after this
  /// stage, in intent order.
  std::vector<IntendedConnection> intended;
  /// Held before this stage, not after it.
  std::vector<IntendedConnection> broken;
  /// Did not hold (or did not exist) before this stage, hold after it.
  std::vector<IntendedConnection> restored;
  /// The intent check of this state, over the connections whose ends exist.
  int ok = 0;
  int missing = 0;
  int unexpected = 0;
};

/// Why the order search keeps one stage before another.
struct RolloutConstraint {
  std::size_t before = 0;  ///< Index into the stages as given.
  std::size_t after = 0;
  /// "both change NetworkPolicy/shop/web" or "creates Namespace shop".
  std::string reason;
};

/// An order of the stages and what it breaks.
struct RolloutOrder {
  std::vector<std::size_t> stages;  ///< Indices into the stages as given.
  bool exhaustive = true;           ///< False when the greedy search was used.
  /// (position in `stages`, connection): the stage at that position breaks
  /// the connection, which holds in the final state. Empty for a safe order.
  std::vector<std::pair<std::size_t, IntendedConnection>> broken;
  /// What the search had to respect: stages that change a common object
  /// keep their given order, and a stage that creates a Namespace comes
  /// before the stages that put objects in it (kubectl rejects an object
  /// whose namespace does not exist).
  std::vector<RolloutConstraint> constraints;
};

/// What a rollout found: each stage's changes, and the final check.
struct RolloutReport {
  std::vector<std::string> stage_names;  ///< As given, in the given order.
  std::vector<RolloutStep> steps;        ///< One per stage, in the given order.
  /// The final state judged as `netpol check` judges it (with an intent).
  std::optional<CheckResult> final_check;
  /// The final cluster (for writing final_check).
  Cluster final_cluster;
  /// With RolloutOptions::search_order: the best order found.
  std::optional<RolloutOrder> order;
  /// With RolloutOptions::keep_graphs: the allow-graph of every state in the
  /// given order, the base first: graphs[0] before any stage, graphs[i + 1]
  /// after stage i. Empty otherwise.
  std::vector<AllowGraph> graphs;

  /// Every intended connection broken by some stage, counted per stage.
  std::size_t BrokenCount() const;
  /// No stage breaks an intended connection and the final state satisfies
  /// the intent (true without an intent when no stage failed).
  bool Holds() const;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_ROLLOUT_H_
