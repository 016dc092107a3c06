// `netpol diff`: what changes between two sets of manifests (what-if).
#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "analysis_keeper.h"
#include "cli_common.h"
#include "drawing_flags.h"

namespace netpol::cli {
namespace {

struct DiffOptions {
  std::vector<std::string> paths;
  std::vector<std::string> add;
  std::vector<std::string> remove;
  bool enforce_staged = false;  // after: the same inputs, staged Calico policies enforced
  std::string format = "text";
  DrawingFlags drawing;  // --max-nodes, --layout-timeout (dot, svg, html)
  EngineFlags engine;
  FilterFlags filter;
};

// The endpoints of the changed connections: the nodes -o dot|svg draws.
std::size_t ChangedEndpoints(const GraphDiff& diff) {
  std::set<std::string> ids;
  for (const ConnectionChange& c : diff.connections) {
    ids.insert(c.from);
    ids.insert(c.to);
  }
  return ids.size();
}

// Whether a drawing of `nodes` nodes fits --max-nodes; if not, says so and
// how to narrow it (a drawing that large is not readable, and the layout
// may take minutes).
// `at_least`: `nodes` is a lower bound (counted before expanding the graph).
bool FitsDrawing(std::size_t nodes, const char* what, const DiffOptions& options, Io& io,
                 bool at_least = false) {
  if (nodes <= options.drawing.max_nodes) return true;
  io.err << fmt::format(
      "netpol: the {} would have {}{} nodes, more than --max-nodes {}; narrow it with -n, -l or "
      "--focus, or raise --max-nodes to draw it anyway{}\n",
      what, at_least ? "at least " : "", nodes, options.drawing.max_nodes,
      options.format == "html" ? " (-o svg draws only the changed connections)" : "");
  return false;
}

// The visual diff: the union of both sides' allow-graphs (the part -n, -l
// and --focus show), changes coloured.
int WriteHtml(const DiffOptions& options, const GraphDiff& diff, const Analysis& before,
              const Analysis& after, const EndpointFilter& filter, std::ostream& out, Io& io) {
  const char* what = "union graph of before and after";
  if (filter.SelectsEverything()) {
    // Every pod of either side is drawn: refuse before expanding a large
    // cluster to pod pairs.
    const std::size_t pods =
        std::max(before.cluster().pods.size(), after.cluster().pods.size());
    if (!FitsDrawing(pods, what, options, io, /*at_least=*/true)) return kExitUsage;
  }
  std::optional<AllowGraph> before_shown;
  std::optional<AllowGraph> after_shown;
  if (!filter.SelectsEverything()) {
    before_shown = BuildAllowGraph(before.class_graph(), before.cluster(), filter);
    after_shown = BuildAllowGraph(after.class_graph(), after.cluster(), filter);
  }
  const AllowGraph& before_graph = before_shown ? *before_shown : before.allow_graph();
  const AllowGraph& after_graph = after_shown ? *after_shown : after.allow_graph();
  if (!FitsDrawing(DiffDrawingNodeCount(diff, before_graph, after_graph), what, options, io)) {
    return kExitUsage;
  }
  DiffHtmlOptions html;
  html.layout = LayoutOptions(options.drawing, io);
  if (!options.add.empty() || !options.remove.empty() || options.enforce_staged) {
    std::string inputs;
    for (const std::string& path : options.paths) inputs += (inputs.empty() ? "" : " ") + path;
    html.inputs.push_back(inputs);
    std::string changes;
    for (const std::string& path : options.add) changes += (changes.empty() ? "" : " ") + ("--add " + path);
    for (const std::string& ref : options.remove) changes += (changes.empty() ? "" : " ") + ("--remove " + ref);
    if (options.enforce_staged) changes += (changes.empty() ? "" : " ") + std::string("--enforce-staged");
    html.inputs.push_back(changes);
  } else {
    html.inputs = options.paths;
  }
  const Status written = WriteGraphDiffHtml(diff, before_graph, after_graph, html, out);
  if (!written.ok()) return ReportFailure(written, io);
  return kExitOk;
}

int RunDiff(const DiffOptions& options, Io& io) {
  // --enforce-staged: one input set, compared with itself once its staged
  // Calico policies are enforced (after --add/--remove, when given).
  const bool what_if = !options.add.empty() || !options.remove.empty() || options.enforce_staged;
  if (!what_if && options.paths.size() != 2) {
    io.err << "netpol: diff needs BEFORE and AFTER, or PATHS with --add/--remove/--enforce-staged\n";
    return kExitUsage;
  }
  // A side is loaded with its class graph, which Diff() compares.
  auto load = [&](const std::vector<std::string>& paths, Io& side_io) {
    std::optional<Analysis> analysis = LoadAnalysis(paths, options.engine, side_io);
    if (analysis) analysis->class_graph();
    return analysis;
  };
  std::optional<Analysis> before;
  std::optional<Analysis> after;
  if (what_if) {
    before = load(options.paths, io);
    if (!before) return kExitUsage;
    after = before;
    if (!options.add.empty() || !options.remove.empty()) {
      Result<std::vector<InputFile>> added =
          ReadTexts(options.add, io.in, io.working_directory, options.engine.exclude);
      if (!added.ok()) return ReportFailure(added.status(), io);
      Result<Analysis> changed = before->With(*added, options.remove);
      if (!changed.ok()) return ReportFailure(changed.status(), io);
      if (io.keeper != nullptr) io.keeper->Keep(*changed);
      after = std::move(*changed);
    }
    if (options.enforce_staged) {
      std::size_t staged = 0;
      after = after->WithStagedPoliciesEnforced(&staged);
      if (staged == 0) io.err << "netpol: note: the inputs have no staged Calico policy to enforce\n";
    }
  } else if (options.paths[0] == "-" || options.paths[1] == "-") {
    before = load({options.paths[0]}, io);
    if (!before) return kExitUsage;
    after = load({options.paths[1]}, io);
    if (!after) return kExitUsage;
  } else {
    // Two independent inputs load on two threads (building an Analysis
    // touches no shared state); messages print as if loaded one by one.
    std::ostringstream before_err;
    std::ostringstream after_err;
    Io before_io{io.in, io.out, before_err, io.working_directory};
    Io after_io{io.in, io.out, after_err, io.working_directory};
    before_io.keeper = io.keeper;
    after_io.keeper = io.keeper;
    std::thread load_after([&] { after = load({options.paths[1]}, after_io); });
    before = load({options.paths[0]}, before_io);
    load_after.join();
    io.err << before_err.str();
    if (!before) return kExitUsage;
    io.err << after_err.str();
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
  } else if (options.format == "csv") {
    WriteGraphDiffCsv(diff, out);
  } else if (options.format == "md") {
    WriteGraphDiffMarkdown(diff, out);
  } else if (options.format == "dot" || options.format == "svg") {
    if (!FitsDrawing(ChangedEndpoints(diff), "diff drawing", options, io)) return kExitUsage;
    if (options.format == "dot") {
      WriteGraphDiffDot(diff, out);
    } else if (const Status drawn =
                   WriteGraphDiffSvg(diff, LayoutOptions(options.drawing, io), out);
               !drawn.ok()) {
      io.err << "netpol: " << drawn.message() << "\n";
      return kExitUsage;
    }
  } else if (options.format == "html") {
    const int status = WriteHtml(options, diff, *before, *after, *filter, out, io);
    if (status != kExitOk) return status;
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
      ->type_name("PATH");
  AddFilenameFlags(sub, options->paths, /*required=*/true);
  // One value per flag (repeat the flag for more), so that the paths after
  // it stay paths, as with every repeatable flag of netpol.
  sub.add_option("--add", options->add,
                 "Apply the objects of FILE to the input (replacing same-named objects; "
                 "repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  sub.add_option("--remove", options->remove,
                 "Remove KIND/NAMESPACE/NAME (NetworkPolicy, Pod, Service, Deployment..., "
                 "CiliumNetworkPolicy, networkpolicies.projectcalico.org) or KIND/NAME (Namespace, "
                 "AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy, "
                 "CiliumClusterwideNetworkPolicy, GlobalNetworkPolicy); repeatable")
      ->type_name("REF")
      ->allow_extra_args(false);
  sub.add_flag("--enforce-staged", options->enforce_staged,
               "Compare PATHS with the same inputs where every staged Calico policy "
               "(StagedNetworkPolicy, StagedGlobalNetworkPolicy) is enforced: it replaces the "
               "enforced policy of the same name, is added when there is none, and deletes it "
               "with stagedAction: Delete. PATHS are one input set: no AFTER is needed");
  sub.add_option("-o,--output,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "csv", "md", "dot", "svg", "html"}))
      ->capture_default_str();
  AddLayoutFlags(sub, options->drawing, "With -o dot, svg or html");
  AddFilterFlags(sub, options->filter);
  AddEngineFlags(sub, options->engine);
  sub.footer(
      "Lists every connection that is newly allowed, newly denied or whose port set\n"
      "changed, with the changed objects that caused it: policies that select the\n"
      "source for Egress or the destination for Ingress (before or after), and the\n"
      "two pods and their namespaces. -n, -l and --focus keep the changed connections\n"
      "from or to the endpoints they select (a pod selected before or after). Exit\n"
      "status: 0 nothing shown changed, 1 something did, 2 bad input. -o html draws\n"
      "both sides' graphs in one picture, changes coloured, with the table of changes.\n\n"
      "Examples:\n"
      "  netpol diff before/ after/\n"
      "  netpol diff examples/netpol-demo/ --add fix.yaml\n"
      "  netpol diff before/ after/ -o html --output-file diff.html\n"
      "  netpol diff examples/netpol-demo/ --remove NetworkPolicy/netpol-demo/default-deny-egress\n"
      "  netpol diff --enforce-staged cluster/   (what would enforcing the staged Calico "
      "policies change?)");
  action = [options](Io& io) { return RunDiff(*options, io); };
}

}  // namespace netpol::cli
