// Hostile input: alias bombs, huge single-line documents, deep nesting and
// huge lists each give a clear error at a position, or load, within bounded
// time and memory (the limits are in lib/src/parse/doc_node.h).
#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "parse/doc_node.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;

// Generous: these finish in a few seconds in a release build; the bound
// only catches a limit that does not apply (minutes, gigabytes).
#if defined(__SANITIZE_ADDRESS__)
constexpr double kMaxSeconds = 120.0;  // AddressSanitizer is ~5x slower
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kMaxSeconds = 120.0;
#else
constexpr double kMaxSeconds = 20.0;
#endif
#else
constexpr double kMaxSeconds = 20.0;
#endif

struct Timed {
  LoadResult result;
  double seconds = 0;
};

Timed TimedLoad(const std::string& text, const std::string& name,
                const LoadOptions& options = {}) {
  const auto start = std::chrono::steady_clock::now();
  Timed timed{LoadText(text, name, options), 0};
  timed.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return timed;
}

std::vector<std::string> Errors(const LoadResult& result) {
  std::vector<std::string> errors;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) errors.push_back(d.ToString());
  }
  return errors;
}

// "Billion laughs": `levels` anchors, each a list of `fan` aliases of the
// previous one; fully expanded it has fan^levels nodes.
std::string AliasBomb(int levels, int fan) {
  std::string text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a0: &a0 [lol]\n";
  for (int i = 1; i <= levels; ++i) {
    text += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < fan; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  return text;
}

TEST_CASE("a YAML alias bomb is an error at the alias that crosses the limit", "[parse][hostile]") {
  const Timed timed = TimedLoad(AliasBomb(9, 10), "bomb.yaml");  // 10^9 nodes expanded
  CHECK(timed.seconds < kMaxSeconds);
  CHECK(timed.result.cluster.pods.empty());
  CHECK(Errors(timed.result) ==
        std::vector<std::string>{"bomb.yaml:9:17: error: document contains excessive aliasing "
                                 "(5347 of 5401 nodes come from aliases)"});
}

TEST_CASE("ordinary anchors and aliases still load", "[parse][hostile]") {
  const Cluster cluster = testing::LoadOrFail(R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a, namespace: x, labels: &labels {app: web, tier: front}}
- apiVersion: v1
  kind: Pod
  metadata: {name: b, namespace: x, labels: *labels}
)");
  REQUIRE(cluster.pods.size() == 2);
  CHECK(cluster.pods[0].labels == cluster.pods[1].labels);
  CHECK(cluster.pods[1].labels.at("tier") == "front");
}

TEST_CASE("a recursive YAML alias is an error", "[parse][hostile]") {
  CHECK(LoadErrors("a: &x [1, *x]\n") ==
        std::vector<std::string>{
            "test.yaml:1:11: error: alias refers to a node that contains it (recursive alias)"});
}

TEST_CASE("an input over --max-input-size is refused before parsing, naming the flag",
          "[parse][hostile]") {
  const std::string big = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {\"k\": \"" +
                          std::string(2u << 20, 'x') + "\"}}";
  LoadOptions options;
  options.max_input_bytes = 1u << 20;
  for (const std::string name : {"big.json", "big.yaml"}) {
    const Timed timed = TimedLoad(big, name, options);
    CHECK(timed.seconds < kMaxSeconds);
    CHECK(Errors(timed.result) ==
          std::vector<std::string>{name + ":1:1: error: input too large: 2097212 bytes, the "
                                          "limit is 1 MiB (1048576 bytes); --max-input-size SIZE "
                                          "raises it"});
  }
}

TEST_CASE("long single-line documents under the size limit load in linear time",
          "[parse][hostile]") {
  // 10,000 pods in one line of JSON (~1 MB), and the same as YAML flow style.
  std::string json = R"({"apiVersion": "v1", "kind": "List", "items": [)";
  for (int i = 0; i < 10'000; ++i) {
    if (i) json += ", ";
    json += R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p)" + std::to_string(i) +
            R"(", "namespace": "ns", "labels": {"app": "web"}}})";
  }
  json += "]}";
  REQUIRE(json.find('\n') == std::string::npos);
  for (const std::string name : {"one-line.json", "one-line.yaml"}) {
    const Timed timed = TimedLoad(json, name);
    CHECK(timed.seconds < kMaxSeconds);
    CHECK(Errors(timed.result).empty());
    CHECK(timed.result.cluster.pods.size() == 10'000);
  }
  // A 4 MB scalar on one line.
  const Timed scalar = TimedLoad("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
                                 "data: {k: " + std::string(4u << 20, 'x') + "}\n",
                                 "scalar.yaml");
  CHECK(scalar.seconds < kMaxSeconds);
  CHECK(Errors(scalar.result).empty());
}

TEST_CASE("deeply nested documents are an error at the level that crosses the limit",
          "[parse][hostile]") {
  const std::string flow = std::string(100'000, '[') + std::string(100'000, ']');
  CHECK(LoadErrors(flow, "deep.yaml") ==
        std::vector<std::string>{
            "deep.yaml:1:257: error: document nested deeper than 256 levels"});
  CHECK(LoadErrors(flow, "deep.json") ==
        std::vector<std::string>{
            "deep.json:1:257: error: document nested deeper than 256 levels"});
  std::string block;
  for (int i = 0; i < 5'000; ++i) block += std::string(i, ' ') + "a:\n";
  CHECK(LoadErrors(block, "block.yaml") ==
        std::vector<std::string>{
            "block.yaml:257:257: error: document nested deeper than 256 levels"});
  std::string json_maps;
  for (int i = 0; i < 100'000; ++i) json_maps += "{\"a\":";
  CHECK(LoadErrors(json_maps, "maps.json") ==
        std::vector<std::string>{
            "maps.json:1:1281: error: document nested deeper than 256 levels"});
}

// A pod whose container has `count` args: a list the decoder ignores.
std::string PodWithArgs(int count, bool json) {
  std::string text;
  if (json) {
    text = R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "ns"},
 "spec": {"containers": [{"name": "c", "args": [)";
    for (int i = 0; i < count; ++i) text += i ? ",\"a\"" : "\"a\"";
    return text + "]}]}}";
  }
  text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n"
         "  containers:\n  - name: c\n    args:\n";
  for (int i = 0; i < count; ++i) text += "    - a\n";
  return text;
}

TEST_CASE("a 1M-element list loads within bounded time", "[parse][hostile]") {
  for (const bool json : {false, true}) {
    const Timed timed = TimedLoad(PodWithArgs(1'000'000, json), json ? "big.json" : "big.yaml");
    CHECK(timed.seconds < kMaxSeconds);
    CHECK(Errors(timed.result).empty());
    CHECK(timed.result.cluster.pods.size() == 1);
  }
}

// kMaxDocumentNodes + 1 nodes, as one flow list on one line (~8 MB).
std::string TooManyNodes() {
  std::string text = "[";
  for (std::size_t i = 0; i < kMaxDocumentNodes; ++i) text += i ? ",1" : "1";
  return text + "]";
}

// With a size limit of 16 MiB the node limit is its floor, kMaxDocumentNodes
// (one node per 8 bytes of the size limit would be fewer).
std::vector<std::string> ErrorsWithin16MiB(const std::string& text, const std::string& name) {
  LoadOptions options;
  options.max_input_bytes = 16u << 20;
  return Errors(LoadText(text, name, options));
}

TEST_CASE("more JSON nodes than the limit is an error, not exhausted memory", "[parse][hostile]") {
  CHECK(ErrorsWithin16MiB(TooManyNodes(), "huge.json") ==
        std::vector<std::string>{"huge.json:1:8000000: error: document too large: more than "
                                 "4000000 nodes; --max-input-size SIZE raises the limit"});
}

TEST_CASE("more YAML nodes than the limit is an error, not exhausted memory", "[parse][hostile]") {
  CHECK(ErrorsWithin16MiB(TooManyNodes(), "huge.yaml") ==
        std::vector<std::string>{"huge.yaml:1:8000000: error: document too large: more than "
                                 "4000000 nodes; --max-input-size SIZE raises the limit"});
}

TEST_CASE("the node limit grows with --max-input-size: 8 bytes of limit per node",
          "[parse][hostile]") {
  CHECK(ReadLimits{16u << 20}.MaxNodes() == kMaxDocumentNodes);
  CHECK(ReadLimits{kDefaultMaxInputBytes}.MaxNodes() == kDefaultMaxInputBytes / 8);
  // So the default admits the 4M-node list the 16 MiB limit refuses.
  CHECK(LoadErrors(TooManyNodes(), "huge.json").empty());
}

TEST_CASE("YAML on which yaml-cpp looped is an error at its position, not a hang",
          "[parse][hostile]") {
  // Found by the fuzzer: yaml-cpp 0.7 emitted null nodes forever on this
  // (conformance JSON with a line cut short), read as YAML. libfyaml stops
  // where the cut-short line leaves a second top-level value.
  const Timed timed = TimedLoad(
      testing::ReadFileOrFail(testing::SourceDir() + "/tests/fuzz/regressions/yaml-cpp-null-loop.yaml"),
      "loop.yaml");
  CHECK(timed.seconds < 1.0);
  const std::vector<std::string> errors = Errors(timed.result);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "loop.yaml:28:4: error: invalid YAML: missing document start");
}

TEST_CASE("hostile input produces no output from the CLI, only errors with positions",
          "[parse][hostile][cli]") {
  const testing::CliResult result =
      testing::RunCli({"graph", "-"}, "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("<stdin>:") == 0);
}

}  // namespace
}  // namespace netpol
