// Manifests are UTF-8 text (YAML 1.2 and RFC 8259 both say so). A byte that
// is not well-formed UTF-8 is an input error at its line and column, before
// anything is decoded, so no name that reaches the JSON writers can hold one.
#include <string>

#include <catch2/catch.hpp>

#include "netpol/intent.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;

const std::string kPodHead = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ";

TEST_CASE("an invalid UTF-8 byte in YAML is an error at its line and column", "[parse][utf8]") {
  const std::vector<std::string> errors = LoadErrors(kPodHead + "ab\xFF" "c\n", "pod.yaml");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "pod.yaml:4:11: error: invalid UTF-8: byte 0xFF does not start a well-formed character; "
        "manifests must be UTF-8 text");
}

TEST_CASE("an invalid UTF-8 byte in JSON is an error at its line and column", "[parse][utf8]") {
  const std::vector<std::string> errors = LoadErrors(
      "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"x\xC3(\"}}\n",
      "pod.json");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("pod.json:2:25: error: invalid UTF-8: byte 0xC3", 0) == 0);
}

TEST_CASE("columns after multi-byte characters count characters, not bytes", "[parse][utf8]") {
  // "é" is two bytes and "→" three; the bad byte is the 5th character.
  const std::vector<std::string> errors =
      LoadErrors("# \xC3\xA9\xE2\x86\x92\x80\n" + kPodHead + "a\n", "pod.yaml");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("pod.yaml:1:5: error: invalid UTF-8: byte 0x80", 0) == 0);
}

TEST_CASE("overlong encodings, surrogates and code points above U+10FFFF are rejected",
          "[parse][utf8]") {
  for (const std::string& bad : {std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"),
                                std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"),
                                std::string("\xF5\x80\x80\x80"), std::string("\xE2\x82")}) {
    INFO(bad.size());
    const std::vector<std::string> errors =
        LoadErrors(kPodHead + "a\n  annotations: {note: \"" + bad + "\"}\n", "pod.yaml");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].rfind("pod.yaml:5:24: error: invalid UTF-8", 0) == 0);
  }
}

TEST_CASE("a sequence cut off by the end of the input is rejected", "[parse][utf8]") {
  const std::vector<std::string> errors = LoadErrors(kPodHead + "a\n# \xF0\x9F\x98", "pod.yaml");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("pod.yaml:5:3: error: invalid UTF-8: byte 0xF0", 0) == 0);
}

TEST_CASE("well-formed multi-byte UTF-8 loads, byte order mark included", "[parse][utf8]") {
  const Cluster cluster = testing::LoadOrFail(
      "\xEF\xBB\xBF" + kPodHead +
          "a\n  annotations: {note: \"caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF\"}\n",
      "pod.yaml");
  REQUIRE(cluster.pods.size() == 1);
  CHECK(cluster.pods[0].name == "a");
}

TEST_CASE("the intent file is checked for UTF-8 too", "[parse][utf8][intent]") {
  DiagnosticSink sink;
  CHECK_FALSE(ParseIntent("apiVersion: netpol.dev/v1alpha1\nkind: Intent\n# \xFF\n", "intent.yaml",
                          sink)
                  .has_value());
  const std::vector<Diagnostic> diagnostics = sink.Take();
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].ToString().rfind("intent.yaml:3:3: error: invalid UTF-8: byte 0xFF", 0) ==
        0);
}

TEST_CASE("invalid UTF-8 on stdin gives no output from the CLI, only the error",
          "[parse][utf8][cli]") {
  const testing::CliResult result =
      testing::RunCli({"graph", "--format", "json", "-"}, kPodHead + "\xFF\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.rfind("<stdin>:4:9: error: invalid UTF-8: byte 0xFF", 0) == 0);
}

}  // namespace
}  // namespace netpol
