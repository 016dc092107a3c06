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
};

int RunDiff(const DiffOptions& options, Io& io) {
  const bool what_if = !options.add.empty() || !options.remove.empty();
  if (!what_if && options.paths.size() != 2) {
    io.err << "netpol: diff needs BEFORE and AFTER, or PATHS with --add/--remove\n";
    return kExitUsage;
  }
  std::vector<std::string> before_paths = options.paths;
  if (!what_if) before_paths.resize(1);
  auto before = LoadOrReport(before_paths, io);
  if (!before) return kExitUsage;
  Cluster after_cluster;
  if (what_if) {
    after_cluster = before->result.cluster;
    for (const std::string& file : options.add) {
      auto added = LoadOrReport({file}, io);
      if (!added) return kExitUsage;
      after_cluster = AddObjects(after_cluster, added->result.cluster);
    }
    for (const std::string& reference : options.remove) {
      std::string error;
      if (!RemoveObject(&after_cluster, reference, &error)) {
        io.err << fmt::format("netpol: --remove: {}\n", error);
        return kExitUsage;
      }
    }
  } else {
    auto after = LoadOrReport({options.paths[1]}, io);
    if (!after) return kExitUsage;
    after_cluster = std::move(after->result.cluster);
  }

  const GraphDiff diff = DiffGraphs(before->result.cluster, after_cluster);
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
  sub.footer(
      "Lists every connection that is newly allowed, newly denied or whose port set\n"
      "changed, with the changed objects that caused it: policies that select the\n"
      "source for Egress or the destination for Ingress (before or after), and the\n"
      "two pods and their namespaces. Exit status: 0 nothing changed, 1 something\n"
      "did, 2 bad input.\n\n"
      "Examples:\n"
      "  netpol diff before/ after/\n"
      "  netpol diff examples/netpol-demo/ --add fix.yaml\n"
      "  netpol diff examples/netpol-demo/ --remove NetworkPolicy/netpol-demo/default-deny-egress");
  action = [options](Io& io) { return RunDiff(*options, io); };
}

}  // namespace netpol::cli
