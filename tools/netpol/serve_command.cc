// `netpol serve`: the what-if playground in the browser (lib/src/serve/).
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.h"
#include "serve/http_server.h"
#include "serve/listen_address.h"
#include "serve/playground_api.h"

namespace netpol::cli {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string intent_path;
  std::size_t max_pods = PlaygroundLimits{}.max_pods;
  double budget_seconds = PlaygroundLimits{}.budget_seconds;
  EngineFlags engine;
  std::vector<std::string> paths;
};

int RunServe(const ServeOptions& options, Io& io) {
  Result<ListenAddress> address = ParseListenAddress(options.listen);
  if (!address.ok()) return ReportFailure(address.status(), io);
  std::optional<AnalysisOptions> analysis_options = OptionsFromFlags(options.engine, io);
  if (!analysis_options) return kExitUsage;

  PlaygroundSession session;
  if (options.paths.empty()) {
    session = BundledExercise();
    if (!options.intent_path.empty()) session.intent = {};
  } else {
    Result<std::vector<InputFile>> texts =
        ReadTexts(options.paths, io.in, io.working_directory, options.engine.exclude);
    if (!texts.ok()) return ReportFailure(texts.status(), io);
    session.files = std::move(*texts);
    for (const std::string& path : options.paths) {
      session.source += (session.source.empty() ? "" : " ") + path;
    }
  }
  if (!options.intent_path.empty()) {
    std::ifstream in(io.Resolve(options.intent_path), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      io.err << fmt::format("{}: error: cannot read the intent file\n", options.intent_path);
      return kExitUsage;
    }
    session.intent = {options.intent_path, text.str()};
  }

  PlaygroundLimits limits;
  limits.max_pods = options.max_pods;
  limits.budget_seconds = options.budget_seconds;
  auto api = std::make_shared<PlaygroundApi>(std::move(session), *analysis_options, limits);
  HttpServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Listen(
      server_options, [api](const HttpRequest& request) { return api->Handle(request); });
  if (!server.ok()) return ReportFailure(server.status(), io);
  if (!address->loopback) {
    io.err << fmt::format(
        "netpol serve: warning: listening on {}, beyond this machine: whoever reaches it can "
        "use the playground\n",
        address->host);
  }
  io.out << fmt::format("netpol serve: {} (Ctrl-C stops)\n", (*server)->url());
  io.out.flush();
  (*server)->Run(/*stop_on_signals=*/true);
  return kExitOk;
}

}  // namespace

void SetUpServeCommand(CLI::App& sub, Action& action) {
  auto options = std::make_shared<ServeOptions>();
  sub.add_option("--listen", options->listen,
                 "Address and port to serve on: HOST:PORT with HOST an IP address, or :PORT; "
                 "port 0 picks a free one. Beyond the loopback address only when named here")
      ->capture_default_str();
  sub.add_option("-i,--intent", options->intent_path,
                 "Intent file (kind: Intent) the page checks every edit against");
  sub.add_option("--max-pods", options->max_pods,
                 "Refuse (422) an analysis request whose cluster has more pods")
      ->capture_default_str();
  sub.add_option("--budget", options->budget_seconds,
                 "Seconds of computing one request may take (0.001 to 3600); past them it is "
                 "answered 503")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.001, 3600.0))
      ->capture_default_str();
  AddEngineFlags(sub, options->engine);
  sub.add_option("paths", options->paths,
                 "Manifest files or directories the page opens on (default: the bundled "
                 "exercise, examples/netpol-demo/)")
      ->type_name("PATH");
  AddFilenameFlags(sub, options->paths, /*required=*/false);
  sub.footer(
      "Serves a local web page to edit the manifests and see, after each edit, the\n"
      "graph, the intent check and lint, what changed, and why (explain). The page\n"
      "and its JSON API (POST /api/analyze, /api/explain, /api/diff, /api/check,\n"
      "/api/lint) are described in docs/serve.md. Nothing is written to disk.\n"
      "Exit status: 0 after Ctrl-C, 2 bad usage or an address that cannot be bound.\n\n"
      "Examples:\n"
      "  netpol serve\n"
      "  netpol serve --intent intent.yaml manifests/\n"
      "  netpol serve --listen 127.0.0.1:0 examples/netpol-demo/");
  action = [options](Io& io) { return RunServe(*options, io); };
}

}  // namespace netpol::cli
