// What the fuzzer runs on each input, shared with the regression test that
// replays tests/fuzz/regressions/: the JSON readers against each other
// (json_readers_check.h), parse (as YAML and as JSON), then, when
// the input loads, run what the CLI commands run and write every output
// format: the allow-graph (text, JSON, DOT, matrix), the class engine
// (compact JSON, summary), explain, lint and diff.
#ifndef NETPOL_TESTS_FUZZ_FUZZ_PIPELINE_H_
#define NETPOL_TESTS_FUZZ_FUZZ_PIPELINE_H_

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/allow_graph.h"
#include "netpol/analysis.h"
#include "netpol/class_engine.h"
#include "netpol/class_graph_output.h"
#include "netpol/evaluator.h"
#include "netpol/explain.h"
#include "netpol/explain_output.h"
#include "netpol/graph_diff.h"
#include "netpol/graph_diff_output.h"
#include "netpol/graph_output.h"
#include "netpol/lint.h"
#include "netpol/lint_output.h"
#include "netpol/loader.h"
#include "netpol/matrix_output.h"

#include "fuzz/json_readers_check.h"

namespace netpol::fuzz {

// Keeps each run fast: the graph evaluates every ordered pair of endpoints.
inline constexpr std::size_t kMaxFuzzPods = 32;
inline constexpr std::size_t kMaxFuzzPolicies = 32;
// Explain traces every rule for each pair; a few pods cover its branches.
inline constexpr std::size_t kMaxExplainedPods = 4;

inline void RunExplain(const Evaluator& evaluator, const Cluster& cluster, std::ostream& out) {
  std::vector<Endpoint> endpoints;
  for (PodId id = 0; id < std::min(cluster.pods.size(), kMaxExplainedPods); ++id) {
    endpoints.push_back(Endpoint::ForPod(id));
  }
  if (const auto address = IpAddress::Parse("10.1.2.3")) {
    endpoints.push_back(Endpoint::ForAddress(*address));
  }
  std::vector<Explanation> explanations;
  for (const Endpoint& from : endpoints) {
    for (const Endpoint& to : endpoints) {
      if (!from.pod && !to.pod) continue;
      explanations.push_back(Explain(evaluator, from, to));
      explanations.push_back(Explain(evaluator, from, to, PortQuery{Protocol::kTCP, 80}));
    }
  }
  WriteExplanationsText(explanations, out);
  WriteExplanationsJson(explanations, out);
}

inline void RunLintAll(const Analysis& analysis, std::ostream& out) {
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  const std::vector<LintFinding> findings = analysis.Lint(registry);
  WriteLintText(findings, out);
  WriteLintJson(findings, out);
  WriteLintSarif(findings, registry, out);
  WriteLintGithub(findings, out);
}

// The diff of removing the first NetworkPolicy, as `netpol diff --remove`.
inline void RunDiff(const Analysis& analysis, std::ostream& out) {
  const Cluster& cluster = analysis.cluster();
  if (cluster.policies.empty()) return;
  const NetworkPolicy& first = cluster.policies.front();
  const Result<Analysis> after =
      analysis.With({}, {"NetworkPolicy/" + first.namespace_name + "/" + first.name});
  if (!after.ok()) return;
  const GraphDiff diff = analysis.Diff(*after);
  WriteGraphDiffText(diff, out);
  WriteGraphDiffJson(diff, out);
}

// Runs what the commands run, through the Analysis they are built on (so
// the modelled cluster DNS pod is part of every run, as in the CLI).
inline void RunPipeline(std::string_view text) {
  CheckJsonReaders(text);
  for (const char* name : {"fuzz.yaml", "fuzz.json"}) {
    const Result<Analysis> analysis = Analysis::FromTexts({{name, std::string(text)}});
    std::ostringstream out;
    if (!analysis.ok()) {
      out << analysis.status().detail();
      continue;
    }
    out << analysis->FormattedDiagnostics();
    const Cluster& cluster = analysis->cluster();
    if (cluster.pods.size() > kMaxFuzzPods || cluster.policies.size() > kMaxFuzzPolicies ||
        cluster.cluster_policies.size() > kMaxFuzzPolicies) {
      continue;
    }
    const AllowGraph& graph = analysis->allow_graph();
    WriteGraphText(graph, out);
    WriteGraphJson(graph, out);
    WriteGraphDot(graph, out);
    WriteMatrixText(graph, std::nullopt, out);
    WriteClassGraphJson(analysis->class_graph(), cluster, out);
    WriteGraphSummary(analysis->class_graph(), PhaseTimes{}, out);
    RunExplain(analysis->evaluator(), cluster, out);
    RunLintAll(*analysis, out);
    RunDiff(*analysis, out);
  }
}

}  // namespace netpol::fuzz

#endif  // NETPOL_TESTS_FUZZ_FUZZ_PIPELINE_H_
