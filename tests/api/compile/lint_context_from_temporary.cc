// expect: use of deleted function .*LintContext::LintContext\(.*LintOptions&&\)
// A LintContext keeps references to its cluster, evaluator and options.
#include <netpol/lint.h>

int main() {
  netpol::Cluster cluster;
  const netpol::Evaluator evaluator(cluster);
  const netpol::LintContext context(cluster, evaluator, netpol::LintOptions{});
  return static_cast<int>(context.AllEndpoints().size());
}
