// The correct programs: everything a borrowing API refers to lives in a
// named variable (or in the Analysis that owns it). Must compile.
#include <netpol/analysis.h>
#include <netpol/evaluator.h>
#include <netpol/lint.h>

int main() {
  netpol::Cluster cluster;
  cluster.Finalize();
  const netpol::Evaluator evaluator(cluster);
  const netpol::LintOptions options;
  const netpol::LintContext context(cluster, evaluator, options);
  const netpol::Analysis analysis = netpol::Analysis::FromCluster(cluster);
  const netpol::Cluster& owned = analysis.cluster();
  const netpol::Evaluator& owned_evaluator = analysis.evaluator();
  return static_cast<int>(owned.pods.size() + context.AllEndpoints().size()) +
         (&owned_evaluator.cluster() == &owned ? 0 : 1);
}
