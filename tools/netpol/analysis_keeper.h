// The analyses the netpol executable keeps until it exits (see main.cc).
#ifndef NETPOL_TOOLS_ANALYSIS_KEEPER_H_
#define NETPOL_TOOLS_ANALYSIS_KEEPER_H_

#include <mutex>
#include <vector>

#include "netpol/analysis.h"

namespace netpol::cli {

/// Analyses kept alive until the process exits, so that the operating system
/// reclaims a large model at once instead of the program freeing it object by
/// object (clang's -disable-free does the same for its ASTs): tearing down a
/// 50k-pod model takes about a twentieth of the run. main() never destroys
/// its keeper, except in sanitizer builds, where a leak checker would rightly
/// report it. Safe to use from several threads (diff loads its sides on two).
class AnalysisKeeper {
 public:
  void Keep(const Analysis& analysis) {
    const std::lock_guard<std::mutex> lock(mutex_);
    kept_.push_back(analysis);  // a copy shares the analysis: one reference more
  }
  /// What is kept, in the order it was kept.
  std::vector<Analysis> Kept() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return kept_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Analysis> kept_;
};

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_ANALYSIS_KEEPER_H_
