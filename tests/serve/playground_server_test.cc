// `netpol serve` against a real server on a loopback port: every route, the
// answers equal to the CLI's JSON, and every class of rejected request.
#include <atomic>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/generated_cluster.h"
#include "serve/listen_address.h"
#include "serve_client.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

using json = nlohmann::json;

json FilesJson(const std::vector<InputFile>& files) {
  json out = json::array();
  for (const InputFile& file : files) out.push_back({{"name", file.name}, {"text", file.text}});
  return out;
}

// The exercise as the page sends it: every manifest, and the intent.
json ExerciseRequest() {
  const PlaygroundSession exercise = BundledExercise();
  return {{"files", FilesJson(exercise.files)},
          {"intent", exercise.intent.text},
          {"intentName", exercise.intent.name}};
}

json Post(const RunningPlayground& server, const std::string& path, const json& body,
          int expected_status = 200) {
  const HttpReply reply = Send(server.port(), "POST", path, body.dump());
  INFO(reply.body);
  REQUIRE(reply.status == expected_status);
  CHECK(reply.content_type == "application/json");
  return json::parse(reply.body);
}

json CliJson(const std::vector<std::string>& args) {
  const CliResult result = RunCli(args);
  INFO(result.err);
  REQUIRE((result.exit_code == 0 || result.exit_code == 1));
  return json::parse(result.out);
}

TEST_CASE("serve answers GET / with the embedded page and its script and style", "[serve]") {
  const RunningPlayground server;
  const HttpReply page = Send(server.port(), "GET", "/");
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body.find("<script src=\"/app.js\">") != std::string::npos);
  const HttpReply script = Send(server.port(), "GET", "/app.js");
  CHECK(script.status == 200);
  CHECK(script.content_type == "text/javascript; charset=utf-8");
  CHECK(script.body.find("/api/analyze") != std::string::npos);
  CHECK(Send(server.port(), "GET", "/style.css").status == 200);
}

TEST_CASE("serve opens on the bundled exercise: its four manifests in order and its intent",
          "[serve]") {
  const RunningPlayground server;
  const HttpReply reply = Send(server.port(), "GET", "/api/session");
  REQUIRE(reply.status == 200);
  const json session = json::parse(reply.body);
  std::vector<std::string> names;
  for (const json& file : session["files"]) names.push_back(file["name"]);
  CHECK(names == std::vector<std::string>{"examples/netpol-demo/01-namespace-and-pods.yaml",
                                          "examples/netpol-demo/02-default-deny-all.yaml",
                                          "examples/netpol-demo/03-allow-dns-egress.yaml",
                                          "examples/netpol-demo/04-allow-paths.yaml"});
  CHECK(session["files"][1]["text"] ==
        ReadFileOrFail(std::string(NETPOL_SOURCE_DIR) + "/examples/netpol-demo/02-default-deny-all.yaml"));
  CHECK(session["intent"]["name"] == "examples/netpol-demo/intent.yaml");
}

TEST_CASE("serve /api/analyze answers the graph, check and lint JSON of the CLI, and an SVG",
          "[serve]") {
  const RunningPlayground server;
  const json analyzed = Post(server, "/api/analyze", ExerciseRequest());
  CHECK(analyzed["pods"] == 5);  // four pods and the modelled DNS pod
  CHECK(analyzed["graph"] == CliJson({"graph", "-o", "json", "examples/netpol-demo/"}));
  CHECK(analyzed["check"] == CliJson({"check", "-i", "examples/netpol-demo/intent.yaml", "-o",
                                      "json", "examples/netpol-demo/"}));
  CHECK(analyzed["lint"] == CliJson({"lint", "-o", "json", "examples/netpol-demo/"}));
  REQUIRE(analyzed["svg"].is_string());
  CHECK(analyzed["svg"].get<std::string>().find("id=\"e") != std::string::npos);
  CHECK(analyzed["policies"].size() == 7);
  CHECK(analyzed["policies"][0]["id"] == "NetworkPolicy/netpol-demo/allow-backend-to-database");
}

TEST_CASE("serve on a directory sends its files back read as the CLI reads a directory",
          "[serve]") {
  std::istringstream no_stdin;
  Result<std::vector<InputFile>> texts =
      ReadTexts({"examples/netpol-demo/"}, no_stdin, std::string(NETPOL_SOURCE_DIR));
  REQUIRE(texts.ok());
  PlaygroundSession session;
  session.files = *texts;
  const RunningPlayground server(session);
  const json files = json::parse(Send(server.port(), "GET", "/api/session").body)["files"];
  REQUIRE(files.size() == 5);  // intent.yaml too, found in the directory: skipped as the CLI does
  CHECK(files[4]["name"] == "examples/netpol-demo/intent.yaml");
  CHECK(files[4]["foundInDirectory"] == true);
  CHECK(Post(server, "/api/analyze", {{"files", files}})["graph"] ==
        CliJson({"graph", "-o", "json", "examples/netpol-demo/"}));
}

TEST_CASE("serve /api/analyze with a policy disabled analyses the inputs without it", "[serve]") {
  const RunningPlayground server;
  json request = ExerciseRequest();
  request["disabled"] = {"NetworkPolicy/netpol-demo/default-deny-egress"};
  const json analyzed = Post(server, "/api/analyze", request);
  CHECK(analyzed["graph"] ==
        CliJson({"graph", "-o", "json", "examples/netpol-demo/01-namespace-and-pods.yaml",
                 "examples/netpol-demo/03-allow-dns-egress.yaml",
                 "examples/netpol-demo/04-allow-paths.yaml",
                 "tests/serve/data/default-deny-ingress-only.yaml"}));
}

TEST_CASE("serve /api/explain, /api/check, /api/lint and /api/diff answer as the CLI's -o json",
          "[serve]") {
  const RunningPlayground server;
  json request = ExerciseRequest();
  request["from"] = "netpol-demo/frontend";
  request["to"] = "netpol-demo/backend";
  request["port"] = "80/TCP";
  CHECK(Post(server, "/api/explain", request) ==
        CliJson({"explain", "--from", "netpol-demo/frontend", "--to", "netpol-demo/backend", "-p",
                 "80/TCP", "-o", "json", "examples/netpol-demo/"}));
  CHECK(Post(server, "/api/check", ExerciseRequest()) ==
        CliJson({"check", "-i", "examples/netpol-demo/intent.yaml", "-o", "json",
                 "examples/netpol-demo/"}));
  CHECK(Post(server, "/api/lint", ExerciseRequest()) ==
        CliJson({"lint", "-o", "json", "examples/netpol-demo/"}));

  const json files = ExerciseRequest()["files"];
  const json diff = Post(server, "/api/diff",
                         {{"before", files},
                          {"after", files},
                          {"disabledAfter", {"NetworkPolicy/netpol-demo/allow-frontend-ingress"}}});
  CHECK(diff == CliJson({"diff", "-o", "json", "examples/netpol-demo/", "--remove",
                         "NetworkPolicy/netpol-demo/allow-frontend-ingress"}));
  REQUIRE(diff["connections"].size() > 0);
  CHECK(diff["connections"][0]["change"] == "newly denied");
}

TEST_CASE("serve answers input errors with 422 and the CLI's FILE:LINE:COL diagnostics",
          "[serve]") {
  const RunningPlayground server;
  const std::string bad_port =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n"
      "  namespace: demo\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: 70000\n";
  const json answer = Post(server, "/api/analyze",
                           {{"files", {{{"name", "bad.yaml"}, {"text", bad_port}}}}}, 422);
  REQUIRE(answer["diagnostics"].size() >= 1);
  const json& first = answer["diagnostics"][0];
  CHECK(first["file"] == "bad.yaml");
  CHECK(first["line"] == 10);
  CHECK(first["severity"] == "error");
  // The same text as `netpol graph` prints for the file.
  const CliResult cli = RunCli({"graph", "-"}, bad_port);
  CHECK(cli.exit_code == 2);
  CHECK(cli.err.find(first["message"].get<std::string>()) != std::string::npos);
  CHECK(first["text"].get<std::string>().starts_with("bad.yaml:10:"));
}

TEST_CASE("serve answers hostile YAML with 422 and a message, and keeps serving", "[serve]") {
  const RunningPlayground server;
  const std::vector<std::string> hostile = {
      "{[",                                     // unterminated flow collection
      std::string(5000, '[') ,                  // deep nesting
      "a: &a [*a]\n",                           // a recursive alias
      std::string("kind: Pod\x00\xff\xfe", 12),  // binary
      "apiVersion: v1\nkind: Pod\nmetadata: [1, 2]\n",  // wrong shape
  };
  for (const std::string& text : hostile) {
    const HttpReply reply =
        Send(server.port(), "POST", "/api/analyze",
             json({{"files", {{{"name", "hostile.yaml"}, {"text", text}}}}})
                 .dump(-1, ' ', false, json::error_handler_t::replace));
    INFO(text.substr(0, 40) << " -> " << reply.body);
    CHECK(reply.status == 422);
    CHECK(json::parse(reply.body).contains("error"));
  }
  CHECK(Post(server, "/api/analyze", ExerciseRequest())["pods"] == 5);
}

TEST_CASE("serve rejects bad requests with 4xx and a JSON message", "[serve]") {
  PlaygroundLimits limits;
  limits.max_pods = 3;
  HttpServerOptions options;
  options.body_limit = 64 * 1024;
  const RunningPlayground server(BundledExercise(), limits, options);
  const unsigned short port = server.port();
  struct Case {
    std::string method, path, body;
    int status;
    std::string message;  // part of the "error" text
  };
  const std::vector<Case> cases = {
      {"GET", "/no/such/page", "", 404, "no such page or API: /no/such/page"},
      {"GET", "/api/analyze", "", 405, "/api/analyze takes POST, not GET"},
      {"POST", "/api/session", "{}", 405, "/api/session takes GET, not POST"},
      {"POST", "/api/analyze", "{\"files\": [", 400, "malformed JSON"},
      {"POST", "/api/analyze", "[]", 400, "the request body must be a JSON object"},
      {"POST", "/api/analyze", "{\"files\": \"x\"}", 400, "\"files\" must be an array"},
      {"POST", "/api/analyze", "{\"files\": [{\"name\": \"a\"}]}", 400, "\"files\" must be an array"},
      {"POST", "/api/diff", "{\"before\": []}", 400, "\"after\" must be an array"},
      {"POST", "/api/explain", ExerciseRequest().dump(), 422, "more than the 3 this server analyses"},
      {"POST", "/api/analyze", std::string(70 * 1024, ' '), 413, "larger than 65536 bytes"},
      {"POST", "/api/check", "{\"files\": [], \"intent\": \"\", \"suggest\": \"yes\"}", 400,
       "\"suggest\" must be true or false"},
  };
  for (const Case& c : cases) {
    const HttpReply reply = Send(port, c.method, c.path, c.body);
    INFO(c.method << " " << c.path << " -> " << reply.body);
    CHECK(reply.status == c.status);
    CHECK(json::parse(reply.body)["error"].get<std::string>().find(c.message) != std::string::npos);
  }
  CHECK(Send(port, "GET", "/api/analyze").allow == "POST");
  CHECK(SendRaw(port, "NOT HTTP AT ALL\r\n\r\n").status == 400);
}

// The policies of `suggestion` (one /api/check suggestion) added to the
// exercise as the file it names.
json WithSuggestionApplied(json request, const json& suggestion) {
  request["files"].push_back({{"name", suggestion["file"]}, {"text", suggestion["yaml"]}});
  return request;
}

TEST_CASE("serve /api/check with suggest adds, per MISSING finding, the policies check --suggest "
          "prints and the file they would go to",
          "[serve]") {
  const RunningPlayground server;
  json request = ExerciseRequest();
  request["suggest"] = true;
  const HttpReply reply = Send(server.port(), "POST", "/api/check", request.dump());
  REQUIRE(reply.status == 200);
  // The CLI's JSON first, byte for byte, then the one field more.
  const CliResult cli =
      RunCli({"check", "-i", "examples/netpol-demo/intent.yaml", "-o", "json", "examples/netpol-demo/"});
  const std::string cli_object = cli.out.substr(0, cli.out.rfind('}'));
  CHECK(reply.body.substr(0, cli_object.rfind('\n')) == cli_object.substr(0, cli_object.rfind('\n')));
  const json checked = json::parse(reply.body);
  const std::string suggest_text =
      RunCli({"check", "-i", "examples/netpol-demo/intent.yaml", "--suggest", "examples/netpol-demo/"})
          .out;

  const json& suggestions = checked["suggestions"];
  REQUIRE(suggestions.size() == checked["summary"]["missing"].get<std::size_t>());
  REQUIRE(suggestions.size() == 2);
  for (const json& suggestion : suggestions) {
    INFO(suggestion.dump(2));
    const json& finding = checked["findings"][suggestion["finding"].get<std::size_t>()];
    CHECK(finding["verdict"] == "MISSING");
    CHECK(suggestion["from"] == finding["from"]);
    CHECK(suggestion["to"] == finding["to"]);
    CHECK(suggestion["offending"] == finding["offending"]);
    REQUIRE(suggestion["yaml"].is_string());
    // The text `check --suggest` prints for it, and a new file beside the manifests.
    CHECK(suggest_text.find(suggestion["yaml"].get<std::string>()) != std::string::npos);
    REQUIRE(suggestion["policies"].size() >= 1);
    const std::string policy = suggestion["policies"][0];
    CHECK(suggestion["file"] ==
          "examples/netpol-demo/" + policy.substr(policy.find('/') + 1) + ".yaml");
    // Applied, it turns that finding OK and leaves the others as they were.
    json fixed_request = WithSuggestionApplied(ExerciseRequest(), suggestion);
    const json fixed = Post(server, "/api/check", fixed_request);
    for (std::size_t i = 0; i < fixed["findings"].size(); ++i) {
      const json& before = checked["findings"][i];
      const json& after = fixed["findings"][i];
      const json expected = before == finding ? json("ok") : before["verdict"];
      CHECK(after["verdict"] == expected);
    }
  }
  // /api/analyze answers the same suggestions when asked, and none otherwise.
  CHECK(Post(server, "/api/analyze", request)["suggestions"] == suggestions);
  CHECK_FALSE(Post(server, "/api/analyze", ExerciseRequest()).contains("suggestions"));
  // Without "suggest", /api/check stays byte for byte the CLI's JSON.
  CHECK(Send(server.port(), "POST", "/api/check", ExerciseRequest().dump()).body == cli.out);
}

TEST_CASE("serve names a suggested file so that it replaces no manifest of the request",
          "[serve]") {
  const RunningPlayground server;
  json request = ExerciseRequest();
  request["suggest"] = true;
  const json first = Post(server, "/api/check", request)["suggestions"][0];
  // A file of that name already (it holds something else).
  request["files"].push_back({{"name", first["file"]}, {"text", "# nothing here\n"}});
  const json again = Post(server, "/api/check", request)["suggestions"][0];
  const std::string name = first["file"];
  CHECK(again["file"] == name.substr(0, name.size() - 5) + "-2.yaml");
}

TEST_CASE("serve answers 503 naming the compute budget when a request takes longer", "[serve]") {
  PlaygroundLimits limits;
  limits.budget_seconds = 1e-6;
  const RunningPlayground tight(BundledExercise(), limits);
  const json cluster = {
      {"files", {{{"name", "cluster.yaml"}, {"text", GeneratedClusterYaml(10, 20)}}}}};
  for (const char* path : {"/api/analyze", "/api/lint"}) {
    INFO(path);
    const json error = Post(tight, path, cluster, 503);
    CHECK(error["error"].get<std::string>().starts_with(
        "the request took more than its compute budget of 1e-06 s (netpol serve --budget) while "));
  }
  // The default budget answers the same request.
  const RunningPlayground roomy;
  // 200 pods, prometheus and the modelled DNS pod.
  CHECK(Post(roomy, "/api/analyze", cluster)["pods"] == 10 * 20 + 2);
  CHECK(json::parse(Send(roomy.port(), "GET", "/api/session").body)["limits"]["budgetSeconds"] ==
        PlaygroundLimits{}.budget_seconds);
}

TEST_CASE("serve rejects explain and check requests the library refuses with 422 or 400",
          "[serve]") {
  const RunningPlayground server;
  json request = ExerciseRequest();
  request["from"] = "netpol-demo/nobody";
  request["to"] = "netpol-demo/backend";
  CHECK(Post(server, "/api/explain", request, 422)["error"].get<std::string>().find("nobody") !=
        std::string::npos);
  request["from"] = "netpol-demo/frontend";
  request["port"] = "99999";
  Post(server, "/api/explain", request, 400);
  json no_intent = ExerciseRequest();
  no_intent.erase("intent");
  CHECK(Post(server, "/api/check", no_intent, 400)["error"] == "\"intent\" is required");
  json bad_removal = ExerciseRequest();
  bad_removal["disabled"] = {"NetworkPolicy/netpol-demo/nope"};
  Post(server, "/api/analyze", bad_removal, 422);
}

TEST_CASE("serve answers concurrent analyze requests from several clients alike", "[serve]") {
  const RunningPlayground server;
  const std::string body = ExerciseRequest().dump();
  const std::string expected = Send(server.port(), "POST", "/api/analyze", body).body;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        const HttpReply reply = Send(server.port(), "POST", "/api/analyze", body);
        if (reply.status != 200 || reply.body != expected) ++mismatches;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  CHECK(mismatches == 0);
}

TEST_CASE("serve --listen takes an IP address and a port, loopback unless named otherwise",
          "[serve]") {
  struct Case {
    std::string text;
    std::string host;
    unsigned short port;
    bool loopback;
  };
  const std::vector<Case> good = {
      {"127.0.0.1:8080", "127.0.0.1", 8080, true}, {":0", "127.0.0.1", 0, true},
      {"9000", "127.0.0.1", 9000, true},           {"localhost:1", "127.0.0.1", 1, true},
      {"[::1]:80", "::1", 80, true},               {"0.0.0.0:8080", "0.0.0.0", 8080, false},
      {"192.168.1.5:80", "192.168.1.5", 80, false},
  };
  for (const Case& c : good) {
    INFO(c.text);
    Result<ListenAddress> parsed = ParseListenAddress(c.text);
    REQUIRE(parsed.ok());
    CHECK(parsed->host == c.host);
    CHECK(parsed->port == c.port);
    CHECK(parsed->loopback == c.loopback);
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"example.com:80", "\"example.com\" is not an IP address"},
      {"127.0.0.1:70000", "the port must be a number in 0-65535"},
      {"127.0.0.1:", "the port must be a number in 0-65535"},
      {"::1:80", "write an IPv6 address in brackets"},
      {"[::1]", "an IPv6 address in brackets must be followed by :PORT"},
  };
  for (const auto& [text, message] : bad) {
    INFO(text);
    Result<ListenAddress> parsed = ParseListenAddress(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message().find(message) != std::string::npos);
  }
}

TEST_CASE("netpol serve refuses a host name and a port in use with exit 2", "[serve][cli]") {
  const CliResult named = RunCli({"serve", "--listen", "example.com:8080"});
  CHECK(named.exit_code == 2);
  CHECK(named.out.empty());
  CHECK(named.err ==
        "netpol: --listen \"example.com:8080\": \"example.com\" is not an IP address; expected "
        "HOST:PORT with HOST an IP address (127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080) or :PORT\n");
  const RunningPlayground busy;
  const CliResult in_use =
      RunCli({"serve", "--listen", "127.0.0.1:" + std::to_string(busy.port())});
  CHECK(in_use.exit_code == 2);
  CHECK(in_use.err.find("cannot listen on 127.0.0.1:" + std::to_string(busy.port())) !=
        std::string::npos);
  const CliResult missing = RunCli({"serve", "--listen", ":0", "no/such/dir"});
  CHECK(missing.exit_code == 2);
}

}  // namespace
}  // namespace netpol::testing
