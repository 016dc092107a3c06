// What a finding's location points at in the report's graph: the object
// whose manifest contains it (objects of one file start in source order, so
// the last one starting at or before the location, as lint's suppression by
// annotation finds it) and the pods that object stands for: a pod or
// workload its pods, a NetworkPolicy the pods it isolates, a cluster-scoped
// policy its subject's pods, a Namespace its pods.
#ifndef NETPOL_SRC_REPORT_FINDING_TARGETS_H_
#define NETPOL_SRC_REPORT_FINDING_TARGETS_H_

#include <map>
#include <string>
#include <vector>

#include "netpol/evaluator.h"
#include "netpol/model.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

struct FindingTarget {
  std::string object;          ///< "NetworkPolicy ns/name", "Pod ns/name", ...
  std::string namespace_name;  ///< Empty for cluster-scoped objects.
  std::vector<PodId> pods;     ///< May be empty (a policy that selects nothing).
};

/// Finds the objects at locations; built once per report.
class FindingTargets {
 public:
  FindingTargets(const Cluster& cluster, const Evaluator& evaluator);
  /// The object containing `loc` and its pods; nullopt when no object of
  /// the inputs contains it.
  std::optional<FindingTarget> At(const SourceLoc& loc) const;

 private:
  enum class Kind { kNamespace, kPod, kPolicy, kClusterPolicy };
  struct Start {
    int line;
    int column;
    Kind kind;
    std::size_t index;
  };
  const Cluster& cluster_;
  const Evaluator& evaluator_;
  std::map<std::string, std::vector<Start>> by_file_;
};

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_FINDING_TARGETS_H_
