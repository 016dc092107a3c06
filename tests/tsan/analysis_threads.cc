// One const Analysis queried from several threads at once (#25): every
// thread asks the same questions through every kind of query (evaluator,
// explanations, endpoint resolution, both lazily built graphs, intent check,
// lint) and must get the answers a single thread gets. Then the loader's own
// threads (#19): a text large enough to be read in parts and decoded in
// shares, loaded with two jobs, must give the cluster one job gives. Built with
// -fsanitize=thread by `./bootstrap.sh test-tsan` (build-tsan/), where any
// data race fails the run; in the normal build it runs as the ctest
// api.threads.
//   analysis_threads SOURCE_DIR [THREADS]
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "netpol/allow_graph.h"
#include "netpol/analysis.h"
#include "netpol/class_engine.h"

namespace {

// Every answer of one pass, flattened to text so passes compare exactly.
std::string Pass(const netpol::Analysis& analysis, const netpol::Intent& intent,
                 const netpol::LintRegistry& registry) {
  std::ostringstream out;
  const netpol::Cluster& cluster = analysis.cluster();
  for (netpol::PodId a = 0; a < cluster.pods.size(); ++a) {
    for (netpol::PodId b = 0; b < cluster.pods.size(); ++b) {
      const netpol::Verdict v = analysis.evaluator().Evaluate(netpol::Endpoint::ForPod(a),
                                                              netpol::Endpoint::ForPod(b));
      out << a << ">" << b << ":" << v.allowed.ToString() << "\n";
    }
  }
  const auto explained = analysis.ExplainConnections("netpol-demo/frontend", "netpol-demo/backend",
                                                     netpol::PortQuery{netpol::Protocol::kTCP, 80});
  out << "explain " << (explained.ok() && (*explained)[0].allows) << "\n";
  const auto resolved = analysis.ResolveEndpoints("netpol-demo/app=backend");
  out << "resolve " << (resolved.ok() ? resolved->size() : 0) << "\n";
  out << "class edges " << analysis.class_graph().edges.size() << "\n";
  out << "allow edges " << analysis.allow_graph().EdgeCount() << "\n";
  const auto checked = analysis.Check(intent);
  if (checked.ok()) {
    for (const netpol::CheckFinding& f : checked->findings) {
      out << netpol::CheckVerdictName(f.verdict) << " " << f.declared_at.ToString() << "\n";
    }
  }
  for (const netpol::LintFinding& f : analysis.Lint(registry)) {
    out << f.rule_id << " " << f.loc.ToString() << "\n";
  }
  return out.str();
}

// A YAML stream and a JSON List of the same cluster, each over a MiB (read
// in parts) and of thousands of objects (decoded in shares), with duplicates
// (taken in by the thread that decodes in order).
std::vector<netpol::InputFile> LargeTexts() {
  std::string yaml;
  std::string json = R"({"apiVersion":"v1","kind":"List","items":[)";
  for (int i = 0; i < 6000; ++i) {
    const int name = i % 50 == 49 ? i - 3000 : i;  // some names repeat, far apart
    const std::string ns = "ns" + std::to_string(i % 7);
    const std::string app = "a" + std::to_string(i % 11);
    yaml += "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p" + std::to_string(name) +
            "\n  namespace: " + ns + "\n  labels:\n    app: " + app +
            "\nspec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: 80\n";
    json += std::string(i > 0 ? "," : "") + R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p)" +
            std::to_string(name) + R"(","namespace":")" + ns + R"(","labels":{"app":")" + app +
            R"("}},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]}})";
    if (i % 10 == 0) {
      yaml += "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np" +
              std::to_string(i) + "\n  namespace: " + ns +
              "\nspec:\n  podSelector:\n    matchLabels:\n      app: " + app +
              "\n  ingress:\n  - from:\n    - podSelector: {}\n";
    }
  }
  json += "]}";
  return {{"big.yaml", yaml}, {"big.json", json}};
}

// Whether loading `texts` with two jobs gives the cluster one job gives.
bool LoaderThreadsAgree(const std::vector<netpol::InputFile>& texts) {
  std::vector<netpol::Cluster> clusters;
  for (unsigned jobs : {1u, 2u}) {
    netpol::AnalysisOptions options;
    options.load.jobs = jobs;
    auto analysis = netpol::Analysis::FromTexts(texts, options);
    if (!analysis.ok()) return false;
    clusters.push_back(analysis->cluster());
  }
  return clusters[0] == clusters[1] && clusters[0].pods.size() > 3000;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: analysis_threads SOURCE_DIR [THREADS]\n");
    return 2;
  }
  const std::string source = argv[1];
  const int threads = argc > 2 ? std::atoi(argv[2]) : 4;
  std::istringstream no_stdin;
  const auto load = [&] {
    return netpol::Analysis::Load({source + "/examples/netpol-demo"}, no_stdin);
  };
  auto analysis = load();
  const auto intent = netpol::LoadIntentFile(source + "/examples/netpol-demo/intent.yaml");
  if (!analysis.ok() || !intent.ok()) {
    std::fprintf(stderr, "analysis_threads: cannot load examples/netpol-demo\n");
    return 2;
  }
  netpol::LintRegistry registry;
  netpol::RegisterBuiltinRules(registry);

  // The threads start together on a fresh Analysis, so the lazily built
  // graphs are first requested concurrently. Each thread holds its own
  // handle (a copy made here, released when the thread ends) and this thread
  // drops its own before they finish, so the shared state is freed by
  // whichever thread ends last: the reference count is under test too.
  std::vector<std::string> answers(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  {
    std::optional<netpol::Analysis> shared(std::move(analysis).value());
    for (int i = 0; i < threads; ++i) {
      pool.emplace_back(
          [&, i, mine = *shared] { answers[i] = Pass(mine, *intent, registry); });
    }
  }
  for (std::thread& t : pool) t.join();
  // The reference pass, on an analysis of its own loaded after the threads.
  const auto reference = load();
  if (!reference.ok()) return 2;
  const std::string expected = Pass(*reference, *intent, registry);
  for (int i = 0; i < threads; ++i) {
    if (answers[i] != expected) {
      std::fprintf(stderr, "analysis_threads: thread %d answered differently\n", i);
      return 1;
    }
  }
  for (const netpol::InputFile& text : LargeTexts()) {
    if (!LoaderThreadsAgree({text})) {
      std::fprintf(stderr, "analysis_threads: %s loaded with two jobs differs from one job\n",
                   text.name.c_str());
      return 1;
    }
  }
  std::printf("analysis_threads: %d threads, identical answers (%zu bytes each); the loader's "
              "threads agree with one\n", threads, expected.size());
  return 0;
}
