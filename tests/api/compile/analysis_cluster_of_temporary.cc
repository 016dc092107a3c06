// expect: use of deleted function .*Analysis::cluster\(\) &&
// A reference into a temporary Analysis dies with it.
#include <netpol/analysis.h>

int main() {
  const netpol::Cluster& cluster = netpol::Analysis::FromCluster({}).cluster();
  return static_cast<int>(cluster.pods.size());
}
