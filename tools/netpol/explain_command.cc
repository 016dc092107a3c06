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
  std::optional<Analysis> analysis = LoadAnalysis(options.paths, options.engine, io);
  if (!analysis) return kExitUsage;
  Result<std::vector<Explanation>> explained =
      analysis->ExplainConnections(options.from, options.to, port);
  if (!explained.ok()) return ReportFailure(explained.status(), io);
  const std::vector<Explanation>& explanations = *explained;
  std::ostringstream out;
  if (options.format == "json") {
    WriteExplanationsJson(explanations, out);
  } else {
    WriteExplanationsText(explanations, out, TextStyle{io.ColorOut()});
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
  sub.add_option("-o,--output,--format", options->format, "Output format")
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
      "  netpol explain --from app=frontend --to 10.0.0.1 examples/netpol-demo/\n"
      "  netpol explain --from pod/netpol-demo/frontend --to po/netpol-demo/backend -p 80 \\\n"
      "      -o json -f examples/netpol-demo/");
  action = [options](Io& io) { return RunExplain(*options, io); };
}

}  // namespace netpol::cli
