#include "stage_args.h"

namespace netpol::cli {

std::optional<std::vector<RolloutStage>> StagesFromArgs(const std::vector<StageArg>& args, Io& io) {
  std::vector<RolloutStage> stages;
  for (const StageArg& arg : args) {
    if (arg.removal) {
      stages.push_back(RolloutStage{"--remove " + arg.text, {}, {arg.text}});
      continue;
    }
    Result<std::vector<InputFile>> texts = ReadTexts({arg.text}, io.in, io.working_directory);
    if (!texts.ok()) {
      ReportFailure(texts.status(), io);
      return std::nullopt;
    }
    stages.push_back(RolloutStage{arg.text, std::move(*texts), {}});
  }
  return stages;
}

std::optional<Analysis> RolloutBase(const std::vector<std::string>& base, const EngineFlags& engine,
                                    Io& io) {
  if (!base.empty()) return LoadAnalysis(base, engine, io);
  std::optional<AnalysisOptions> options = OptionsFromFlags(engine, io);
  if (!options) return std::nullopt;
  return Analysis::FromCluster(Cluster{}, *options);
}

}  // namespace netpol::cli
