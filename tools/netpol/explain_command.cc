// `netpol explain`: why a connection is allowed or denied, rule by rule.
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"
#include "endpoint_args.h"

namespace netpol::cli {
namespace {

struct ExplainOptions {
  std::string from;
  std::string to;
  std::string port;
  std::string format = "text";
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunExplain(const ExplainOptions& options, Io& io) {
  std::optional<PortQuery> port;
  if (!ParsePortArg(options.port, &port, io)) return kExitUsage;
  auto loaded = LoadOrReport(options.paths, io);
  if (!loaded) return kExitUsage;
  auto prepared = PrepareCluster(loaded->result, options.engine, io);
  if (!prepared) return kExitUsage;
  const Cluster& cluster = prepared->cluster;
  auto sources = ResolveEndpointArg("--from", options.from, cluster, io);
  if (!sources) return kExitUsage;
  auto destinations = ResolveEndpointArg("--to", options.to, cluster, io);
  if (!destinations) return kExitUsage;

  // A Service destination: --port is a service port; policies see the
  // target port each pod listens on (after DNAT).
  std::string ref_error;
  const auto to_ref = EndpointRef::Parse(options.to, &ref_error);
  const Service* service = to_ref ? ServiceOf(*to_ref, cluster) : nullptr;

  const Evaluator evaluator(cluster, prepared->eval);
  std::vector<Explanation> explanations;
  for (const Endpoint& source : *sources) {
    for (const Endpoint& destination : *destinations) {
      if (source == destination) continue;  // pod-to-itself traffic is not evaluated
      std::optional<PortQuery> pod_port = port;
      if (service && port && destination.pod) {
        const PortSet target = service->TargetPorts(PortSet::Single(port->protocol, port->port),
                                                    cluster.pods[*destination.pod]);
        const auto& ranges = target.Ranges(port->protocol);
        if (ranges.empty()) {
          io.err << fmt::format("netpol: --port: service {} has no port {} that lands on {}\n",
                                service->Id(), port->ToString(), EndpointName(destination, cluster));
          return kExitUsage;
        }
        pod_port->port = ranges.front().first;
      }
      explanations.push_back(Explain(evaluator, source, destination, pod_port));
    }
  }
  if (explanations.empty()) {
    io.err << "netpol: --from and --to denote the same pod; pod-to-itself traffic is not "
              "evaluated\n";
    return kExitUsage;
  }
  std::ostringstream out;
  if (options.format == "json") {
    WriteExplanationsJson(explanations, out);
  } else {
    WriteExplanationsText(explanations, out);
  }
  io.out << out.str();
  return kExitOk;  // a question, not a check
}

}  // namespace

void SetUpExplainCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<ExplainOptions>();
  sub.add_option("--from", options->from, "Source: namespace/name, a label selector, or an IP")
      ->required();
  sub.add_option("--to", options->to, "Destination: namespace/name, a label selector, or an IP")
      ->required();
  sub.add_option("-p,--port", options->port, "One port: 80/TCP, 53/UDP, or 80 (= TCP)");
  sub.add_option("-f,--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  AddEngineFlags(sub, options->engine);
  AddPathsArgument(sub, options->paths);
  sub.footer(
      "Traces the source's egress side and the destination's ingress side: the\n"
      "policies that isolate each (FILE:LINE), every rule, whether its peer and its\n"
      "ports matched and why not. A selector matching several pods explains each pair.\n"
      "Exits 0 whatever the verdict.\n\n"
      "Examples:\n"
      "  netpol explain --from netpol-demo/external-client --to netpol-demo/frontend \\\n"
      "      --port 80/TCP examples/netpol-demo/\n"
      "  netpol explain --from app=frontend --to 10.0.0.1 examples/netpol-demo/");
  action = [options](Io& io) { return RunExplain(*options, io); };
}

}  // namespace netpol::cli
