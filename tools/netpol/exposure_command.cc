// `netpol exposure`: what each workload's policies admit from (and towards)
// pods and namespaces that do not exist yet, and external addresses.
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"
#include "netpol/exposure_output.h"
#include "netpol/graph_output.h"

namespace netpol::cli {
namespace {

struct ExposureCommandOptions {
  std::string to;
  std::string from;
  std::string format = "text";
  EngineFlags engine;
  std::vector<std::string> paths;
};

// The pods `text` denotes; prints why and returns nullopt when it names no pod.
std::optional<std::vector<PodId>> ResolvePods(const char* option, const std::string& text,
                                              const Analysis& analysis, Io& io) {
  Result<std::vector<Endpoint>> endpoints = analysis.ResolveEndpoints(text);
  if (!endpoints.ok()) {
    io.err << fmt::format("netpol: {}: {}\n", option, endpoints.status().message());
    return std::nullopt;
  }
  std::vector<PodId> pods;
  for (const Endpoint& endpoint : *endpoints) {
    if (endpoint.pod) pods.push_back(*endpoint.pod);
  }
  if (pods.empty()) {
    io.err << fmt::format("netpol: {}: \"{}\" is an external address; exposure is about pods\n",
                          option, text);
    return std::nullopt;
  }
  return pods;
}

int RunExposure(const ExposureCommandOptions& options, Io& io) {
  if (!options.to.empty() && !options.from.empty()) {
    io.err << "netpol: exposure takes at most one of --to DST or --from SRC\n";
    return kExitUsage;
  }
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  ExposureOptions exposure_options;
  ExposureOutputOptions output;
  if (!options.to.empty() || !options.from.empty()) {
    const bool to = !options.to.empty();
    auto pods = ResolvePods(to ? "--to" : "--from", to ? options.to : options.from, *analysis, io);
    if (!pods) return kExitUsage;
    exposure_options.pods = *pods;
    output.ingress = to;
    output.egress = !to;
    output.door = to;
  }
  const ExposureReport report = ComputeExposure(*analysis, exposure_options);
  std::ostringstream out;
  if (options.format == "json") {
    WriteExposureJson(report, output, out);
  } else if (options.format == "connlist") {
    WriteGraphConnlist(analysis->allow_graph(), out);
    WriteExposureConnlist(report, out);
  } else {
    WriteExposureText(report, output, out);
  }
  io.out << out.str();
  return kExitOk;
}

}  // namespace

void SetUpExposureCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<ExposureCommandOptions>();
  sub.add_option("--to", options->to,
                 "Only this workload's ingress, with the labels that open the door: "
                 "namespace/name or a label selector");
  sub.add_option("--from", options->from, "Only this workload's egress exposure");
  sub.add_option("-o,--output,--format", options->format,
                 "Output format: text, json, or connlist (netpol-analyzer's connlist and "
                 "exposure sections)")
      ->check(CLI::IsMember({"text", "json", "connlist"}))
      ->capture_default_str();
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "For each workload, the potential peers its own policies admit (ingress) or\n"
      "allow (egress): entire-cluster, pods of a namespace or of namespaces matching a\n"
      "selector, external blocks; with ports, the rules creating each (FILE:LINE:COL)\n"
      "and, per existing namespace, whether a new pod there would be isolated on its\n"
      "own side. Pods and namespaces that do not exist yet count. Exit status 0 when\n"
      "the exposure was computed (exposure is not a finding), 2 on usage or input\n"
      "errors. See docs/exposure.md.\n\n"
      "Examples:\n"
      "  netpol exposure examples/netpol-demo/\n"
      "  netpol exposure --to netpol-demo/database examples/netpol-demo/\n"
      "  netpol exposure --from netpol-demo/frontend -o json examples/netpol-demo/\n"
      "  netpol exposure -o connlist --no-dns-model examples/netpol-demo/");
  action = [options](Io& io) { return RunExposure(*options, io); };
}

}  // namespace netpol::cli
