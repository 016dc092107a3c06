// expect: use of deleted function .*Evaluator::Evaluator\(const .*Evaluator&\)
// Moving a struct that holds a cluster and its evaluator would leave the
// evaluator referring to the moved-from cluster.
#include <utility>

#include <netpol/evaluator.h>

struct Holder {
  netpol::Cluster cluster;
  netpol::Evaluator evaluator{cluster};
};

int main() {
  Holder a;
  Holder b(std::move(a));
  return static_cast<int>(b.cluster.pods.size());
}
