// `netpol rollout`: the stages of a change applied one at a time, what each
// apply does, and an order that never breaks an intended connection.
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "netpol/rollout.h"
#include "netpol/rollout_output.h"
#include "stage_args.h"

namespace netpol::cli {
namespace {

struct RolloutCommandOptions {
  std::string intent_path;
  std::vector<std::string> base;
  std::string format = "text";
  bool order = false;
  std::size_t max_connections = 8;
  EngineFlags engine;
};

// The stage arguments in command-line order: paths, and `--remove REF`
// (or `--remove=REF`) stages. CLI11 leaves them to us, in order.
// `-f PATH` (kubectl's --filename) is a stage like a positional PATH; -R is
// accepted (directories are read recursively).
std::optional<std::vector<RolloutStage>> StagesFrom(CLI::App& sub, const std::vector<std::string>& args,
                                                    Io& io) {
  std::vector<StageArg> stages;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-R" || arg == "--recursive") continue;
    if (arg == "-f" || arg == "--filename" || arg.starts_with("--filename=")) {
      std::string path;
      if (arg.starts_with("--filename=")) {
        path = arg.substr(std::string("--filename=").size());
      } else if (i + 1 == args.size()) {
        io.err << "netpol: rollout: " << arg << " needs a PATH\n";
        return std::nullopt;
      } else {
        path = args[++i];
      }
      if (IsOldFormatFlag(sub, path, io)) return std::nullopt;
      stages.push_back({false, path});
    } else if (arg == "--remove") {
      if (i + 1 == args.size()) {
        io.err << "netpol: rollout: --remove needs KIND/NAMESPACE/NAME\n";
        return std::nullopt;
      }
      stages.push_back({true, args[++i]});
    } else if (arg.starts_with("--remove=")) {
      stages.push_back({true, arg.substr(std::string("--remove=").size())});
    } else if (arg.size() > 1 && arg.front() == '-') {
      io.err << "netpol: rollout: unknown option " << arg << " (see netpol rollout --help)\n";
      return std::nullopt;
    } else {
      stages.push_back({false, arg});
    }
  }
  if (stages.empty()) {
    io.err << "netpol: rollout needs at least one STAGE (a file or directory)\n";
    return std::nullopt;
  }
  return StagesFromArgs(stages, io);
}

int RunRollout(const RolloutCommandOptions& options, CLI::App& sub, Io& io) {
  const std::vector<std::string> stage_args = sub.remaining();
  RolloutOptions rollout;
  rollout.search_order = options.order;
  std::vector<std::string> manifest_paths = stage_args;
  manifest_paths.insert(manifest_paths.end(), options.base.begin(), options.base.end());
  if (!options.intent_path.empty()) {
    std::optional<Intent> intent = LoadIntentOrReport(options.intent_path, manifest_paths, io);
    if (!intent) return kExitUsage;
    rollout.intent = std::move(*intent);
  }
  std::optional<std::vector<RolloutStage>> stages = StagesFrom(sub, stage_args, io);
  if (!stages) return kExitUsage;
  std::optional<Analysis> base = RolloutBase(options.base, options.engine, io);
  if (!base) return kExitUsage;
  Result<RolloutReport> report = base->Rollout(*stages, rollout);
  if (!report.ok()) return ReportFailure(report.status(), io);
  std::ostringstream out;
  if (options.format == "json") {
    WriteRolloutJson(*report, out);
  } else {
    WriteRolloutText(*report, out, RolloutTextOptions{options.max_connections});
  }
  io.out << out.str();
  return report->Holds() ? kExitOk : kExitFindings;
}

}  // namespace

void SetUpRolloutCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<RolloutCommandOptions>();
  sub.add_option("-i,--intent", options->intent_path,
                 "Intent file (kind: Intent): which connections each stage must keep working");
  sub.add_option("--base", options->base,
                 "The cluster the stages are applied to (files or directories, e.g. a dump); "
                 "default: an empty cluster; repeatable")
      ->type_name("PATH")
      ->allow_extra_args(false);  // one path per --base: the stages follow
  sub.add_option("-o,--output,--format", options->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_flag("--order", options->order,
               "Search the orders of the stages for one that never breaks an intended "
               "connection (every order up to 8 stages, greedy beyond)");
  sub.add_option("--max-connections", options->max_connections,
                 "List at most N changed connections per stage in text output (0: all)")
      ->capture_default_str();
  AddEngineFlags(sub, options->engine);
  sub.allow_extras();
  sub.positionals_at_end(false);
  sub.footer(
      "Usage: netpol rollout [--intent FILE] [-o text|json] [--order] [--base PATH]...\n"
      "                      STAGE...\n\n"
      "Each STAGE is a file or directory (PATH or -f PATH) applied on top of the\n"
      "previous ones, as `kubectl apply -f` applies it (objects with the same kind,\n"
      "namespace and name are replaced), or `--remove KIND/NAMESPACE/NAME`, which\n"
      "deletes an object. A\n"
      "file whose first lines hold the comment `# netpol: delete` deletes its objects.\n"
      "For every stage: what it changed (as `netpol diff`) and, with --intent, which\n"
      "intended connections it breaks (an outage between two applies) or restores;\n"
      "then the final state, judged as `netpol check` judges it.\n\n"
      "Exit status: 0 no stage breaks an intended connection and the final state\n"
      "satisfies the intent, 1 otherwise, 2 bad input.\n\n"
      "Examples:\n"
      "  netpol rollout --intent examples/netpol-demo/intent.yaml \\\n"
      "      examples/netpol-demo/01-namespace-and-pods.yaml \\\n"
      "      examples/netpol-demo/02-default-deny-all.yaml \\\n"
      "      examples/netpol-demo/03-allow-dns-egress.yaml \\\n"
      "      examples/netpol-demo/04-allow-paths.yaml\n"
      "  netpol rollout --order --intent intent.yaml deny.yaml allow.yaml\n"
      "  netpol rollout --base cluster-dump.yaml --intent intent.yaml change/ \\\n"
      "      --remove NetworkPolicy/shop/legacy-allow");
  CLI::App* app = &sub;
  action = [options, app](Io& io) { return RunRollout(*options, *app, io); };
}

}  // namespace netpol::cli
