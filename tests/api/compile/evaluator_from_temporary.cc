// expect: use of deleted function .*Evaluator::Evaluator\(.*Cluster&&
// An Evaluator keeps a reference to its cluster; a temporary dies at the end
// of the statement.
#include <netpol/evaluator.h>

netpol::Cluster MakeCluster() { return {}; }

int main() {
  const netpol::Evaluator evaluator(MakeCluster());
  return static_cast<int>(evaluator.cluster().pods.size());
}
