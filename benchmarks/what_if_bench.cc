// A one-policy what-if through the library, timed phase by phase: load a
// cluster (netpol_bench_gen's output), build its class graph, then apply one
// new NetworkPolicy with Analysis::With and ask Analysis::Diff what it
// changed, as `netpol diff` and an admission check do (#25: under a second
// on the 10k-pod tier M).
//   netpol_what_if_bench [--runs N] PATH...
// Prints one line per phase: "phase seconds" (the what-if phases: the median
// of N runs), then the number of changed connections.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <netpol/analysis.h>
#include <netpol/graph_diff.h>
#include <netpol/model.h>

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Isolates the pods of one application namespace for ingress except from
// their own namespace: a typical one-policy change that cuts connections.
std::string OnePolicy(const std::string& ns) {
  return "apiVersion: networking.k8s.io/v1\n"
         "kind: NetworkPolicy\n"
         "metadata: {name: what-if-same-namespace-only, namespace: " + ns + "}\n"
         "spec:\n"
         "  podSelector: {}\n"
         "  policyTypes: [Ingress]\n"
         "  ingress:\n"
         "  - from: [{podSelector: {}}]\n";
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::cerr << "usage: netpol_what_if_bench [--runs N] PATH...\n";
    return 2;
  }

  Clock::time_point start = Clock::now();
  const netpol::Result<netpol::Analysis> before = netpol::Analysis::Load(paths, std::cin);
  if (!before.ok()) {
    std::cerr << before.status().detail() << before.status().message() << "\n";
    return 2;
  }
  std::cout << "load " << Seconds(start) << "\n";
  start = Clock::now();
  (void)before->class_graph();
  std::cout << "class_graph " << Seconds(start) << "\n";

  // The namespace of a pod in the middle of the cluster: an application
  // namespace of the generated clusters, not a system one.
  const netpol::Cluster& cluster = before->cluster();
  if (cluster.pods.empty()) {
    std::cerr << "netpol_what_if_bench: the cluster has no pod\n";
    return 2;
  }
  const std::string ns = cluster.pods[cluster.pods.size() / 2].namespace_name;
  const std::vector<netpol::InputFile> added = {{"what-if.yaml", OnePolicy(ns)}};

  std::vector<double> with_s, diff_s, total_s;
  std::size_t changed = 0;
  for (int run = 0; run < runs; ++run) {
    const Clock::time_point run_start = Clock::now();
    start = Clock::now();
    const netpol::Result<netpol::Analysis> after = before->With(added);
    if (!after.ok()) {
      std::cerr << after.status().detail() << after.status().message() << "\n";
      return 2;
    }
    with_s.push_back(Seconds(start));
    start = Clock::now();
    const netpol::GraphDiff diff = before->Diff(*after);
    diff_s.push_back(Seconds(start));
    total_s.push_back(Seconds(run_start));
    changed = diff.connections.size();
  }
  std::cout << "with " << Median(with_s) << "\n"
            << "diff " << Median(diff_s) << "\n"
            << "what_if_total " << Median(total_s) << "\n"
            << "namespace " << ns << "\n"
            << "changed_connections " << changed << "\n";
  return 0;
}
