// An admission-style check: would applying these objects to the cluster cut
// a connection that works today? Answers as a validating webhook would.
//   admission_check CLUSTER_PATH NEW_OBJECTS.yaml
//     exit 0: admit (nothing newly denied); 1: deny, listing what breaks;
//     2: the inputs have errors.
// Analysis::With applies the objects as `kubectl apply` would (same kind,
// namespace and name replaces) and returns a new Analysis; the first stays
// valid and unchanged, so a long-running webhook can keep it for the next
// request and share it between request threads.
#include <iostream>
#include <string>

#include <netpol/analysis.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: admission_check CLUSTER_PATH NEW_OBJECTS.yaml\n";
    return 2;
  }
  const netpol::Result<netpol::Analysis> current = netpol::Analysis::Load({argv[1]}, std::cin);
  if (!current.ok()) {
    std::cerr << current.status().detail() << current.status().message() << "\n";
    return 2;
  }
  const auto request = netpol::ReadTexts({argv[2]}, std::cin);
  if (!request.ok()) {
    std::cerr << request.status().message() << "\n";
    return 2;
  }
  const netpol::Result<netpol::Analysis> proposed = current->With(*request);
  if (!proposed.ok()) {
    std::cerr << proposed.status().detail() << proposed.status().message() << "\n";
    return 2;
  }

  const netpol::GraphDiff diff = current->Diff(*proposed);
  int broken = 0;
  for (const netpol::ConnectionChange& change : diff.connections) {
    // Ports that worked before and no longer do.
    const netpol::PortSet lost = change.before.Intersect(change.after.Complement());
    if (lost.IsEmpty()) continue;
    ++broken;
    std::cout << "would deny " << change.from << " -> " << change.to << " " << lost.ToString();
    for (const netpol::ChangeCause& cause : change.causes) std::cout << "; by " << diff.objects[cause.object].Id();
    std::cout << "\n";
  }
  std::cout << (broken == 0 ? "admit" : "deny") << ": " << diff.objects.size()
            << " object(s) changed, " << broken << " connection(s) lose ports\n";
  return broken == 0 ? 0 : 1;
}
