// Rollout stages named on the command line, shared by `netpol rollout` and
// `netpol report --stages` so both read stages and their base the same way.
#ifndef NETPOL_TOOLS_STAGE_ARGS_H_
#define NETPOL_TOOLS_STAGE_ARGS_H_

#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "cli_common.h"
#include "netpol/analysis.h"
#include "netpol/rollout.h"

namespace netpol::cli {

/// One stage as given: a file or directory to apply, or an object to delete
/// (`--remove KIND/NAMESPACE/NAME`).
struct StageArg {
  bool removal = false;
  std::string text;  ///< The path, or the removed object's reference.
};

/// The stages `args` name, in order: a path stage holds the texts read from
/// it (as Analysis::Load reads a path; `# netpol: delete` files are left to
/// Analysis::Rollout), a removal stage is named "--remove REF". Prints the
/// error and returns nullopt when a path cannot be read.
std::optional<std::vector<RolloutStage>> StagesFromArgs(const std::vector<StageArg>& args, Io& io);

/// The cluster the stages are applied to: `base` loaded with `engine` (a
/// `--base PATH` each), or an empty cluster with those options when there
/// is none. Prints the errors and returns nullopt on bad input.
std::optional<Analysis> RolloutBase(const std::vector<std::string>& base, const EngineFlags& engine,
                                    Io& io);

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_STAGE_ARGS_H_
