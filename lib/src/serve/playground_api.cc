#include "serve/playground_api.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netpol/allow_graph.h"
#include "netpol/endpoint_ref.h"
#include "netpol/check_output.h"
#include "netpol/explain_output.h"
#include "netpol/graph_diff_output.h"
#include "netpol/graph_output.h"
#include "netpol/lint.h"
#include "netpol/lint_output.h"
#include "netpol/port_query.h"
#include "netpol/svg_output.h"
#include "report/json_support.h"
#include "serve/embedded_files.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

using json = nlohmann::json;

// A request that cannot be answered: thrown inside Handle() only, and
// answered with `status` and a JSON error body there.
struct RequestError {
  int status;
  std::string message;
  std::string detail;
  std::vector<Diagnostic> diagnostics;
};

constexpr std::string_view kExercisePrefix = "examples/netpol-demo/";

json DiagnosticJson(const Diagnostic& diagnostic) {
  return {{"file", diagnostic.loc.file},
          {"line", diagnostic.loc.line},
          {"column", diagnostic.loc.column},
          {"severity", SeverityName(diagnostic.severity)},
          {"message", diagnostic.message},
          {"text", diagnostic.ToString()}};
}

json DiagnosticsJson(const std::vector<Diagnostic>& diagnostics) {
  json out = json::array();
  for (const Diagnostic& diagnostic : diagnostics) out.push_back(DiagnosticJson(diagnostic));
  return out;
}

HttpResponse JsonResponse(int status, const json& body) {
  // Diagnostics may quote input bytes that are not UTF-8: replaced, not thrown.
  return {status, "application/json",
          body.dump(2, ' ', false, json::error_handler_t::replace) + "\n", ""};
}

HttpResponse ErrorResponse(const RequestError& error) {
  json body = {{"error", error.message}};
  if (!error.detail.empty()) body["detail"] = error.detail;
  if (!error.diagnostics.empty()) body["diagnostics"] = DiagnosticsJson(error.diagnostics);
  return JsonResponse(error.status, body);
}

// A library failure as the answer to the request: the inputs' problems
// (kInvalidInput, kNotFound, kInvalidArgument) are the client's, 422.
RequestError FromStatus(const Status& status) {
  const int code = status.code() == StatusCode::kUnavailable ? 503 : 422;
  return {code, status.message(), status.detail(), status.diagnostics()};
}

// What a library JSON writer prints, as a value to embed in an answer.
json Written(const std::function<void(std::ostream&)>& write) {
  std::ostringstream out;
  write(out);
  return json::parse(out.str());
}

// What a library JSON writer prints, as the whole answer: byte for byte
// what `netpol COMMAND -o json` prints.
HttpResponse WrittenResponse(const std::function<void(std::ostream&)>& write) {
  std::ostringstream out;
  write(out);
  return {200, "application/json", out.str(), ""};
}

json ParseBody(const std::string& body) {
  json parsed;
  try {
    parsed = json::parse(body);
  } catch (const json::parse_error& e) {
    throw RequestError{400, std::string("malformed JSON: ") + e.what(), "", {}};
  }
  if (!parsed.is_object()) throw RequestError{400, "the request body must be a JSON object", "", {}};
  return parsed;
}

std::string StringField(const json& body, const char* key, bool required) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) throw RequestError{400, fmt::format("\"{}\" is required", key), "", {}};
    return "";
  }
  if (!it->is_string()) throw RequestError{400, fmt::format("\"{}\" must be a string", key), "", {}};
  return it->get<std::string>();
}

// A boolean flag of the request: absent or null is false.
bool Wants(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw RequestError{400, fmt::format("\"{}\" must be true or false", key), "", {}};
  return it->get<bool>();
}

std::vector<std::string> StringList(const json& body, const char* key) {
  std::vector<std::string> out;
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) throw RequestError{400, fmt::format("\"{}\" must be an array of strings", key), "", {}};
  for (const json& item : *it) {
    if (!item.is_string()) {
      throw RequestError{400, fmt::format("\"{}\" must be an array of strings", key), "", {}};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// The file a suggested policy would go to: a new file named after it,
// next to the first manifest, under a name no file of `files` has.
std::string SuggestionFile(const std::string& policy_id, const std::vector<InputFile>& files) {
  std::string directory;
  if (!files.empty()) {
    const std::size_t slash = files.front().name.rfind('/');
    if (slash != std::string::npos) directory = files.front().name.substr(0, slash + 1);
  }
  const std::string stem = directory + policy_id.substr(policy_id.find('/') + 1);
  std::string name = stem + ".yaml";
  for (int i = 2; std::any_of(files.begin(), files.end(),
                              [&](const InputFile& file) { return file.name == name; });
       ++i) {
    name = fmt::format("{}-{}.yaml", stem, i);
  }
  return name;
}

// `check --suggest` finding by finding: for each MISSING finding, the
// policies that allow it and the file they would go to (see docs/serve.md).
json SuggestionsJson(const CheckResult& checked, const Analysis& analysis) {
  const Cluster& cluster = analysis.cluster();
  json out = json::array();
  for (const SuggestedFix& fix : SuggestFixList(checked, analysis)) {
    const CheckFinding& finding = checked.findings[fix.finding];
    json entry = {{"finding", fix.finding},
                  {"from", EndpointName(finding.from, cluster)},
                  {"to", EndpointName(finding.to, cluster)},
                  {"offending", json::parse(report::PortsJson(finding.offending).dump())},
                  {"policies", fix.policies},
                  {"comments", fix.comments}};
    if (fix.yaml.empty()) {
      entry["yaml"] = nullptr;
      entry["file"] = nullptr;
    } else {
      entry["yaml"] = fix.yaml;
      entry["file"] = SuggestionFile(fix.policies.front(), analysis.inputs());
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

PlaygroundSession BundledExercise() {
  PlaygroundSession session;
  session.source = std::string(kExercisePrefix) + " (bundled)";
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    if (!file.name.starts_with(kExercisePrefix)) continue;
    InputFile input{std::string(file.name), std::string(file.content)};
    if (file.name.ends_with("/intent.yaml")) {
      session.intent = std::move(input);
    } else {
      session.files.push_back(std::move(input));
    }
  }
  std::sort(session.files.begin(), session.files.end(),
            [](const InputFile& a, const InputFile& b) { return a.name < b.name; });
  return session;
}

PlaygroundApi::PlaygroundApi(PlaygroundSession session, AnalysisOptions options,
                             PlaygroundLimits limits)
    : session_(std::move(session)), options_(std::move(options)), limits_(limits) {
  Result<SvgLayoutProcess> process = SvgLayoutProcess::Start();
  if (process.ok()) {
    layout_process_.emplace(std::move(process).value());
  } else {
    layout_unavailable_ = process.status().message();
  }
}

namespace {

// The work of one request; `api` fields are read-only.
class Request {
 public:
  Request(const PlaygroundSession& session, const AnalysisOptions& options,
          const PlaygroundLimits& limits, SvgLayoutProcess* layout_process,
          const std::string& layout_unavailable)
      : session_(session),
        options_(options),
        limits_(limits),
        layout_process_(layout_process),
        layout_unavailable_(layout_unavailable),
        deadline_(std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(limits.budget_seconds))) {}

  HttpResponse Session() const {
    json files = json::array();
    for (const InputFile& file : session_.files) {
      json entry = {{"name", file.name}, {"text", file.text}};
      // Read as the CLI reads a file it found in a directory (skipped when it
      // holds no Kubernetes object, or is a Helm template).
      if (file.found_in_directory) entry["foundInDirectory"] = true;
      if (!file.helm_chart.empty()) entry["helmChart"] = file.helm_chart;
      files.push_back(std::move(entry));
    }
    json intent = nullptr;
    if (!session_.intent.text.empty()) {
      intent = {{"name", session_.intent.name}, {"text", session_.intent.text}};
    }
    return JsonResponse(200, {{"source", session_.source},
                              {"files", files},
                              {"intent", intent},
                              {"limits",
                               {{"maxFiles", limits_.max_files},
                                {"maxPods", limits_.max_pods},
                                {"maxPolicies", limits_.max_policies},
                                {"maxDrawnPods", limits_.max_drawn_pods},
                                {"budgetSeconds", limits_.budget_seconds}}}});
  }

  HttpResponse Analyze(const json& body) const {
    const bool suggest = Wants(body, "suggest");  // the shape first: a 400 whatever the inputs
    const Analysis analysis = Build(body, "files", "disabled");
    const std::optional<Intent> intent = IntentOf(body, /*required=*/false);
    const Cluster& cluster = analysis.cluster();
    Spend(analysis);
    json out;
    out["pods"] = cluster.pods.size();
    out["diagnostics"] = DiagnosticsJson(analysis.diagnostics());
    json policies = json::array();
    for (const NetworkPolicy& policy : cluster.policies) {
      if (policy.kind != PolicyKind::kNetworkPolicy) continue;
      policies.push_back({{"id", "NetworkPolicy/" + policy.Id()},
                          {"file", policy.loc.file},
                          {"line", policy.loc.line}});
    }
    out["policies"] = policies;
    out["graph"] = Written([&](std::ostream& s) { WriteGraphJson(analysis.allow_graph(), s); });
    GraphHighlights highlights;
    highlights.element_ids = true;
    out["check"] = nullptr;
    if (intent) {
      Result<CheckResult> checked = analysis.Check(*intent);
      if (!checked.ok()) throw FromStatus(checked.status());
      Spend("checking the intent");
      out["check"] = Written([&](std::ostream& s) { WriteCheckJson(*checked, cluster, s); });
      if (suggest) {
        out["suggestions"] = SuggestionsJson(*checked, analysis);
        Spend("suggesting fixes");
      }
      highlights = HighlightsFromCheck(*checked, cluster);
      highlights.element_ids = true;
    }
    LintRegistry registry;
    RegisterBuiltinRules(registry);
    const std::vector<LintFinding> findings = analysis.Lint(registry);
    out["lint"] = Written([&](std::ostream& s) { WriteLintJson(findings, s); });
    Spend("linting");
    out["svg"] = nullptr;
    const bool want_svg = !body.contains("svg") || body["svg"] == true;
    if (!want_svg) {
      out["svgNote"] = "not asked for";
    } else if (cluster.pods.size() > limits_.max_drawn_pods) {
      out["svgNote"] = fmt::format("not drawn: {} pods, more than the {} this server draws",
                                   cluster.pods.size(), limits_.max_drawn_pods);
    } else if (layout_process_ == nullptr) {
      out["svgNote"] = "not drawn: " + layout_unavailable_;
    } else {
      std::ostringstream svg;
      SvgLayoutOptions layout;
      layout.budget_seconds = limits_.layout_seconds;
      layout.process = layout_process_;
      if (const Status drawn = WriteGraphSvg(analysis.allow_graph(), highlights, layout, svg);
          drawn.ok()) {
        out["svg"] = svg.str();
      } else {
        out["svgNote"] = "not drawn: " + drawn.message();
      }
    }
    return JsonResponse(200, out);
  }

  HttpResponse Explain(const json& body) const {
    const Analysis analysis = Build(body, "files", "disabled");
    const std::string from = StringField(body, "from", true);
    const std::string to = StringField(body, "to", true);
    const std::string port_text = StringField(body, "port", false);
    std::optional<PortQuery> port;
    if (!port_text.empty()) {
      Result<PortQuery> parsed = PortQuery::Parse(port_text);
      if (!parsed.ok()) throw RequestError{400, "\"port\": " + parsed.status().message(), "", {}};
      port = *parsed;
    }
    Result<std::vector<Explanation>> explained = analysis.ExplainConnections(from, to, port);
    if (!explained.ok()) throw FromStatus(explained.status());
    Spend("explaining");
    return WrittenResponse([&](std::ostream& s) { WriteExplanationsJson(*explained, s); });
  }

  HttpResponse Diff(const json& body) const {
    Files(body, "after");  // both shapes first: a malformed request is a 400 whatever the inputs
    const Analysis before = Build(body, "before", "disabledBefore");
    const Analysis after = Build(body, "after", "disabledAfter");
    Spend(before);
    Spend(after);
    const GraphDiff diff = before.Diff(after);
    Spend("comparing the two sides");
    return WrittenResponse([&](std::ostream& s) { WriteGraphDiffJson(diff, s); });
  }

  HttpResponse Check(const json& body) const {
    const bool suggest = Wants(body, "suggest");  // the shape first: a 400 whatever the inputs
    const Analysis analysis = Build(body, "files", "disabled");
    const std::optional<Intent> intent = IntentOf(body, /*required=*/true);
    Result<CheckResult> checked = analysis.Check(*intent);
    if (!checked.ok()) throw FromStatus(checked.status());
    Spend("checking the intent");
    if (!suggest) {
      return WrittenResponse([&](std::ostream& s) { WriteCheckJson(*checked, analysis.cluster(), s); });
    }
    // The check's JSON, in the CLI's order, with one field more.
    std::ostringstream check;
    WriteCheckJson(*checked, analysis.cluster(), check);
    nlohmann::ordered_json out = nlohmann::ordered_json::parse(check.str());
    out["suggestions"] = nlohmann::ordered_json::parse(SuggestionsJson(*checked, analysis).dump());
    Spend("suggesting fixes");
    return {200, "application/json",
            out.dump(2, ' ', false, json::error_handler_t::replace) + "\n", ""};
  }

  HttpResponse Lint(const json& body) const {
    const Analysis analysis = Build(body, "files", "disabled");
    LintRegistry registry;
    RegisterBuiltinRules(registry);
    const std::vector<LintFinding> findings = analysis.Lint(registry);
    Spend("linting");
    return WrittenResponse([&](std::ostream& s) { WriteLintJson(findings, s); });
  }

 private:
  // The answer when the budget is spent: 503, naming it and the step.
  RequestError OverBudget(const std::string& step) const {
    return {503,
            fmt::format("the request took more than its compute budget of {:g} s (netpol serve "
                        "--budget) while {}; nothing was answered",
                        limits_.budget_seconds, step),
            "", {}};
  }
  bool PastDeadline() const { return std::chrono::steady_clock::now() > deadline_; }
  // Ends the request when the budget is spent after `step`.
  void Spend(const std::string& step) const {
    if (PastDeadline()) throw OverBudget(step);
  }
  // Computes `analysis`' graphs within the budget (stopping the class
  // engine between two classes when it is spent).
  void Spend(const Analysis& analysis) const {
    if (!analysis.PrepareClassGraph([this] { return PastDeadline(); }).ok()) {
      throw OverBudget("computing the allow-graph");
    }
  }

  std::vector<InputFile> Files(const json& body, const char* key) const {
    const auto it = body.find(key);
    const std::string shape =
        fmt::format("\"{}\" must be an array of {{\"name\": string, \"text\": string}}", key);
    if (it == body.end() || !it->is_array()) throw RequestError{400, shape, "", {}};
    if (it->size() > limits_.max_files) {
      throw RequestError{422,
                         fmt::format("\"{}\" has {} files, more than the {} this server reads", key,
                                     it->size(), limits_.max_files),
                         "", {}};
    }
    std::vector<InputFile> files;
    std::set<std::string> names;
    for (const json& file : *it) {
      if (!file.is_object() || !file.contains("name") || !file["name"].is_string() ||
          !file.contains("text") || !file["text"].is_string()) {
        throw RequestError{400, shape, "", {}};
      }
      InputFile input{file["name"].get<std::string>(), file["text"].get<std::string>()};
      if (file.contains("foundInDirectory")) {
        input.found_in_directory = file["foundInDirectory"].get<bool>();
      }
      if (file.contains("helmChart")) input.helm_chart = file["helmChart"].get<std::string>();
      if (input.name.empty()) throw RequestError{400, "a file's \"name\" must not be empty", "", {}};
      if (!names.insert(input.name).second) {
        throw RequestError{400, fmt::format("two files are named \"{}\"", input.name), "", {}};
      }
      files.push_back(std::move(input));
    }
    return files;
  }

  // The analysis of the request's files `files_key`, without the policies
  // `disabled_key` lists; refused over the limits.
  Analysis Build(const json& body, const char* files_key, const char* disabled_key) const {
    Result<Analysis> loaded = Analysis::FromTexts(Files(body, files_key), options_);
    if (!loaded.ok()) throw FromStatus(loaded.status());
    Spend("reading the inputs");
    const Cluster& cluster = loaded->cluster();
    const std::size_t policies = cluster.policies.size() + cluster.cluster_policies.size();
    if (cluster.pods.size() > limits_.max_pods) {
      throw RequestError{422,
                         fmt::format("the inputs have {} pods, more than the {} this server "
                                     "analyses per request",
                                     cluster.pods.size(), limits_.max_pods),
                         "", {}};
    }
    if (policies > limits_.max_policies) {
      throw RequestError{422,
                         fmt::format("the inputs have {} policies, more than the {} this server "
                                     "analyses per request",
                                     policies, limits_.max_policies),
                         "", {}};
    }
    const std::vector<std::string> disabled = StringList(body, disabled_key);
    if (disabled.empty()) return *loaded;
    Result<Analysis> changed = loaded->With({}, disabled);
    if (!changed.ok()) throw FromStatus(changed.status());
    return *changed;
  }

  std::optional<Intent> IntentOf(const json& body, bool required) const {
    const std::string text = StringField(body, "intent", required);
    if (text.empty() && !required) return std::nullopt;
    std::string name = StringField(body, "intentName", false);
    if (name.empty()) name = "intent.yaml";
    Result<Intent> intent = LoadIntentText(text, name);
    if (!intent.ok()) throw FromStatus(intent.status());
    return *intent;
  }

  const PlaygroundSession& session_;
  const AnalysisOptions& options_;
  const PlaygroundLimits& limits_;
  SvgLayoutProcess* layout_process_;
  const std::string& layout_unavailable_;
  const std::chrono::steady_clock::time_point deadline_;
};

struct Route {
  std::string_view path;
  std::string_view method;
};

constexpr Route kApiRoutes[] = {
    {"/api/session", "GET"}, {"/api/analyze", "POST"}, {"/api/explain", "POST"},
    {"/api/diff", "POST"},   {"/api/check", "POST"},   {"/api/lint", "POST"},
};

std::string ContentType(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".svg")) return "image/svg+xml";
  return "text/plain; charset=utf-8";
}

// The embedded asset served at `path` ("/" is index.html), if any.
const EmbeddedFile* Asset(std::string_view path) {
  if (path == "/") path = "/index.html";
  if (path.empty() || path[0] != '/') return nullptr;
  const std::string name = "assets" + std::string(path);
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

}  // namespace

HttpResponse PlaygroundApi::Handle(const HttpRequest& http) const {
  const std::string& path = http.target;
  if (const EmbeddedFile* asset = Asset(path)) {
    if (http.method != "GET" && http.method != "HEAD") {
      return {405, "application/json", "{\"error\": \"use GET\"}\n", "GET, HEAD"};
    }
    return {200, ContentType(asset->name), std::string(asset->content), ""};
  }
  const auto route = std::find_if(std::begin(kApiRoutes), std::end(kApiRoutes),
                                  [&](const Route& r) { return r.path == path; });
  if (route == std::end(kApiRoutes)) {
    return ErrorResponse({404, "no such page or API: " + path, "", {}});
  }
  if (http.method != route->method) {
    HttpResponse response =
        ErrorResponse({405, fmt::format("{} takes {}, not {}", path, route->method, http.method),
                       "", {}});
    response.allow = std::string(route->method);
    return response;
  }
  const Request request(session_, options_, limits_, layout_process_ ? &*layout_process_ : nullptr, layout_unavailable_);
  try {
    if (path == "/api/session") return request.Session();
    const json body = ParseBody(http.body);
    if (path == "/api/analyze") return request.Analyze(body);
    if (path == "/api/explain") return request.Explain(body);
    if (path == "/api/diff") return request.Diff(body);
    if (path == "/api/check") return request.Check(body);
    return request.Lint(body);
  } catch (const RequestError& error) {
    return ErrorResponse(error);
  } catch (const json::exception& e) {
    return ErrorResponse({400, std::string("malformed request: ") + e.what(), "", {}});
  }
}

NETPOL_NAMESPACE_END
