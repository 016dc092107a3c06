// One error convention across the public API (#25): a fallible call returns
// a Status or a Result<T>, never a bool or an optional with a
// `std::string* error` out-parameter; an invalid argument is an error with a
// message, never a silent empty answer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "netpol/endpoint_ref.h"
#include "netpol/graph_diff.h"
#include "netpol/intent.h"
#include "netpol/label_selector.h"
#include "netpol/port_query.h"
#include "netpol/status.h"
#include "netpol/svg_output.h"
#include "test_support.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

// `text` without its comments, with every run of blanks (newlines too) made
// one space, so a declaration split over lines reads as one.
std::string CodeOnly(const std::string& text) {
  std::string code;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "//") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
    } else if (text.compare(i, 2, "/*") == 0) {
      i = text.find("*/", i);
      if (i == std::string::npos) break;
      i += 2;
    } else {
      code += text[i++];
    }
  }
  static const std::regex kBlanks(R"(\s+)");
  return std::regex_replace(code, kBlanks, " ");
}

// The matches of `pattern` in `code`.
std::vector<std::string> Matches(const std::string& code, const std::regex& pattern) {
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    found.push_back(it->str());
  }
  return found;
}

// The string out-parameters `code` declares: `std::string* error`,
// `std::string *why`, `std::string* /*unnamed*/`...
std::vector<std::string> StringOutParameters(const std::string& code) {
  static const std::regex kOut(R"(std::string\s*\*\s*\w*)");
  return Matches(code, kOut);
}

// The DiagnosticSink parameters `code` declares (`DiagnosticSink& sink`,
// `DiagnosticSink* sink`): the "sink plus optional" convention, where a
// caller must look into a sink to learn that an answer is missing.
std::vector<std::string> SinkParameters(const std::string& code) {
  static const std::regex kSink(R"(DiagnosticSink\s*[&*]\s*\w*)");
  return Matches(code, kSink);
}

// Every public header's code (CodeOnly) by file name.
std::vector<std::pair<std::string, std::string>> PublicHeaderCode() {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& entry : fs::directory_iterator(fs::path(testing::SourceDir()) / "lib" /
                                                  "include" / "netpol")) {
    if (entry.path().extension() != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    headers.emplace_back(entry.path().filename().string(), CodeOnly(text.str()));
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

TEST_CASE("the header scan finds a std::string* error out-parameter, also over several lines",
          "[api][status]") {
  CHECK(StringOutParameters(CodeOnly("bool Parse(const std::string& text, std::string* error);")) ==
        std::vector<std::string>{"std::string* error"});
  CHECK(StringOutParameters(CodeOnly("bool Write(int x,\n                std::string *why);")) ==
        std::vector<std::string>{"std::string *why"});
  CHECK(StringOutParameters(CodeOnly("/// Was: bool Parse(std::string* error).\n"
                                     "[[nodiscard]] Result<X> Parse(const std::string& text);"))
            .empty());
}

TEST_CASE("the header scan finds a DiagnosticSink parameter, by reference or pointer",
          "[api][status]") {
  CHECK(SinkParameters(CodeOnly("std::optional<Cluster> Load(const std::string& text,\n"
                                "                            DiagnosticSink& sink);")) ==
        std::vector<std::string>{"DiagnosticSink& sink"});
  CHECK(SinkParameters(CodeOnly("void Check(DiagnosticSink *out);")) ==
        std::vector<std::string>{"DiagnosticSink *out"});
  CHECK(SinkParameters(CodeOnly("class DiagnosticSink { public: void Error(); };")).empty());
}

TEST_CASE("no public header declares a std::string* error out-parameter or a DiagnosticSink "
          "parameter: errors come back as a Status or a Result",
          "[api][status]") {
  const auto headers = PublicHeaderCode();
  CHECK(headers.size() > 40);  // the scan read the real headers
  std::vector<std::string> offenders;
  for (const auto& [file, code] : headers) {
    for (const std::string& out : StringOutParameters(code)) offenders.push_back(file + ": " + out);
    for (const std::string& sink : SinkParameters(code)) offenders.push_back(file + ": " + sink);
  }
  INFO([&] {
    std::string all;
    for (const std::string& o : offenders) all += o + "\n";
    return all;
  }());
  CHECK(offenders.empty());
}

TEST_CASE("PortQuery::Parse: a port out of 1-65535 is kInvalidArgument with the message",
          "[api][status]") {
  const Result<PortQuery> query = PortQuery::Parse("70000");
  REQUIRE_FALSE(query.ok());
  CHECK(query.status().code() == StatusCode::kInvalidArgument);
  CHECK(query.status().message() ==
        "bad port \"70000\": expected PORT or PORT/PROTOCOL (e.g. 80/TCP) with a port between 1 "
        "and 65535");
  CHECK(PortQuery::Parse("65535").ok());
}

TEST_CASE("EndpointRef::Parse: invalid texts are kInvalidArgument with the message",
          "[api][status]") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"", "empty endpoint"},
      {"fqdn:", "expected a DNS name after fqdn:, such as fqdn:api.example.com"},
      {"/web", "expected namespace/name, got an empty namespace"},
      {"justaname",
       "expected namespace/name, a label selector such as app=web or ns/app=web, an IP address "
       "or a CIDR, got \"justaname\""},
      {"netpol/shop/web",
       "\"netpol/shop/web\" names a NetworkPolicy, not an endpoint: expected pod (po), service "
       "(svc), deployment (deploy), statefulset (sts), daemonset (ds) or replicaset (rs)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const Result<EndpointRef> ref = EndpointRef::Parse(c.text);
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.status().code() == StatusCode::kInvalidArgument);
    CHECK(ref.status().message() == c.message);
  }
  const Result<EndpointRef> selector = EndpointRef::Parse("shop/app in (a");
  REQUIRE_FALSE(selector.ok());
  CHECK(selector.status().message().starts_with("expected"));
  CHECK(EndpointRef::Parse("shop/web").ok());
}

TEST_CASE("ParseSelectorString: bad syntax is kInvalidArgument naming the offset",
          "[api][status]") {
  const Result<LabelSelector> selector = ParseSelectorString("app=web,");
  REQUIRE_FALSE(selector.ok());
  CHECK(selector.status().code() == StatusCode::kInvalidArgument);
  CHECK(selector.status().message().find("at offset 8") != std::string::npos);
  const Result<LabelSelector> good = ParseSelectorString("app=web,tier!=db");
  REQUIRE(good.ok());
  CHECK(good->match_labels == Labels{{"app", "web"}});
}

TEST_CASE("ParsePortSpec: a reversed range is kInvalidArgument with the message", "[api][status]") {
  const Result<PortSet> spec = ParsePortSpec("90-80");
  REQUIRE_FALSE(spec.ok());
  CHECK(spec.status().code() == StatusCode::kInvalidArgument);
  CHECK(spec.status().message() ==
        "expected a port such as 80/TCP, 53/UDP, 8000-8080/TCP, TCP or all (ports 1-65535), got "
        "\"90-80\"");
}

TEST_CASE("RemoveObject: kNotFound for a missing object, kInvalidArgument for a malformed "
          "reference, the cluster unchanged",
          "[api][status]") {
  Cluster cluster = testing::LoadOrFail(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n");
  const Cluster before = cluster;
  const Status missing = RemoveObject(&cluster, "pod/shop/db");
  CHECK(missing.code() == StatusCode::kNotFound);
  CHECK(missing.message() == "no Pod shop/db in the input");
  const Status malformed = RemoveObject(&cluster, "pod/web");
  CHECK(malformed.code() == StatusCode::kInvalidArgument);
  CHECK(malformed.message().ends_with("got \"pod/web\""));
  CHECK(cluster == before);
  CHECK(RemoveObject(&cluster, "pod/shop/web").ok());
  CHECK(cluster.pods.empty());
}

TEST_CASE("WriteGraphDiffSvg: an exhausted layout budget is kUnavailable and writes nothing",
          "[api][status][svg]") {
  GraphDiff diff;
  SvgLayoutOptions layout;
  layout.budget_seconds = 1e-9;
  std::ostringstream out;
  const Status drawn = WriteGraphDiffSvg(diff, layout, out);
  CHECK(drawn.code() == StatusCode::kUnavailable);
  CHECK(drawn.message().find("did not lay out 0 changed connections within") != std::string::npos);
  CHECK(out.str().empty());
}

}  // namespace
}  // namespace netpol
