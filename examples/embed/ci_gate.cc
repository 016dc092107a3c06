// A CI gate: checks manifests against an intent file and fails the build
// when an intended connection is blocked or a forbidden one is allowed.
//   ci_gate INTENT PATH...      exit 0: the intent holds; 1: it does not;
//                               2: the inputs or the intent have errors.
// One Analysis answers everything; each fallible step returns a Result whose
// status already carries the formatted FILE:LINE:COL diagnostics.
#include <iostream>
#include <string>
#include <vector>

#include <netpol/analysis.h>
#include <netpol/endpoint_ref.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: ci_gate INTENT PATH...\n";
    return 2;
  }
  const std::vector<std::string> paths(argv + 2, argv + argc);
  const netpol::Result<netpol::Analysis> analysis = netpol::Analysis::Load(paths, std::cin);
  if (!analysis.ok()) {
    std::cerr << analysis.status().detail() << analysis.status().message() << "\n";
    return 2;
  }
  const netpol::Result<netpol::Intent> intent = netpol::LoadIntentFile(argv[1]);
  if (!intent.ok()) {
    std::cerr << intent.status().detail() << intent.status().message() << "\n";
    return 2;
  }
  const netpol::Result<netpol::CheckResult> result = analysis->Check(*intent);
  if (!result.ok()) {
    std::cerr << result.status().detail() << result.status().message() << "\n";
    return 2;
  }

  const netpol::Cluster& cluster = analysis->cluster();
  int failed = 0;
  for (const netpol::CheckFinding& finding : result->findings) {
    if (finding.verdict == netpol::CheckVerdict::kOk) continue;
    ++failed;
    std::cout << netpol::CheckVerdictName(finding.verdict) << " "
              << netpol::EndpointName(finding.from, cluster) << " -> "
              << netpol::EndpointName(finding.to, cluster) << " "
              << finding.offending.ToString() << " (" << finding.declared_at.ToString() << ")\n";
  }
  std::cout << (failed == 0 ? "pass" : "FAIL") << ": " << result->findings.size()
            << " connections checked, " << failed << " wrong\n";
  return failed == 0 ? 0 : 1;
}
