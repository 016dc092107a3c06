// `netpol diff`: what changes between two sets of manifests (what-if).
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"

namespace netpol::cli {
namespace {

struct DiffOptions {
  std::vector<std::string> paths;
  std::vector<std::string> add;
  std::vector<std::string> remove;
  std::string format = "text";
  EngineFlags engine;
  FilterFlags filter;
};

int RunDiff(const DiffOptions& options, Io& io) {
  const bool what_if = !options.add.empty() || !options.remove.empty();
  if (!what_if && options.paths.size() != 2) {
    io.err << "netpol: diff needs BEFORE and AFTER, or PATHS with --add/--remove\n";
    return kExitUsage;
  }
  std::vector<std::string> before_paths = options.paths;
  if (!what_if) before_paths.resize(1);
  std::optional<Analysis> before = LoadAnalysis(before_paths, options.engine, io);
  if (!before) return kExitUsage;
  std::optional<Analysis> after;
  if (what_if) {
    Result<std::vector<InputFile>> added =
        ReadTexts(options.add, io.in, io.working_directory, options.engine.exclude);
    if (!added.ok()) return ReportFailure(added.status(), io);
    Result<Analysis> changed = before->With(*added, options.remove);
    if (!changed.ok()) return ReportFailure(changed.status(), io);
    after = std::move(*changed);
  } else {
    after = LoadAnalysis({options.paths[1]}, options.engine, io);
    if (!after) return kExitUsage;
  }
  // A pod is selected when it is on either side.
  const std::optional<EndpointFilter> filter = ResolveFilter(options.filter, {*before, *after}, io);
  if (!filter) return kExitUsage;
  const GraphDiff diff =
      FilterGraphDiff(before->Diff(*after), *filter, before->cluster(), after->cluster());
  std::ostringstream out;
  if (options.format == "json") {
    WriteGraphDiffJson(diff, out);
  } else {
    WriteGraphDiffText(diff, out);
  }
  io.out << out.str();
  return diff.Empty() ? kExitOk : kExitFindings;
}

}  // namespace

void SetUpDiffCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<DiffOptions>();
  sub.add_option("paths", options->paths,
                 "BEFORE AFTER (each a file or directory), or the input set that "
                 "--add/--remove change")
      ->required();
  sub.add_option("--add", options->add,
                 "Apply the objects of FILE to the input (replacing same-named objects)");
  sub.add_option("--remove", options->remove,
                 "Remove KIND/NAMESPACE/NAME (NetworkPolicy, Pod) or KIND/NAME (Namespace, AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy)");
  sub.add_option("-f,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  AddFilterFlags(sub, options->filter);
  AddEngineFlags(sub, options->engine);
  sub.footer(
      "Lists every connection that is newly allowed, newly denied or whose port set\n"
      "changed, with the changed objects that caused it: policies that select the\n"
      "source for Egress or the destination for Ingress (before or after), and the\n"
      "two pods and their namespaces. -n, -l and --focus keep the changed connections\n"
      "from or to the endpoints they select (a pod selected before or after). Exit\n"
      "status: 0 nothing shown changed, 1 something did, 2 bad input.\n\n"
      "Examples:\n"
      "  netpol diff before/ after/\n"
      "  netpol diff examples/netpol-demo/ --add fix.yaml\n"
      "  netpol diff examples/netpol-demo/ --remove NetworkPolicy/netpol-demo/default-deny-egress");
  action = [options](Io& io) { return RunDiff(*options, io); };
}

}  // namespace netpol::cli
