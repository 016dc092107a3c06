// What the fuzzer runs on each input, shared with the regression test that
// replays tests/fuzz/regressions/: parse (as YAML and as JSON), then, when
// the input loads, evaluate every pair and write every output format.
#ifndef NETPOL_TESTS_FUZZ_FUZZ_PIPELINE_H_
#define NETPOL_TESTS_FUZZ_FUZZ_PIPELINE_H_

#include <sstream>
#include <string_view>

#include "netpol/allow_graph.h"
#include "netpol/evaluator.h"
#include "netpol/graph_output.h"
#include "netpol/loader.h"

namespace netpol::fuzz {

// Keeps each run fast: the graph evaluates every ordered pair of endpoints.
inline constexpr std::size_t kMaxFuzzPods = 32;
inline constexpr std::size_t kMaxFuzzPolicies = 32;

inline void RunPipeline(std::string_view text) {
  for (const char* name : {"fuzz.yaml", "fuzz.json"}) {
    const LoadResult loaded = LoadText(text, name);
    std::ostringstream out;
    for (const Diagnostic& diagnostic : loaded.diagnostics) out << diagnostic.ToString() << '\n';
    if (loaded.HasErrors()) continue;
    const Cluster& cluster = loaded.cluster;
    if (cluster.pods.size() > kMaxFuzzPods || cluster.policies.size() > kMaxFuzzPolicies) continue;
    const Evaluator evaluator(cluster);
    const AllowGraph graph = BuildAllowGraph(evaluator);
    WriteGraphText(graph, out);
    WriteGraphJson(graph, out);
    WriteGraphDot(graph, out);
  }
}

}  // namespace netpol::fuzz

#endif  // NETPOL_TESTS_FUZZ_FUZZ_PIPELINE_H_
