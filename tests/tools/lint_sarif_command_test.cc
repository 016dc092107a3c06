// `netpol lint -o sarif`: suppressed findings as SARIF suppressions with the
// annotation's reason, validated against the SARIF 2.1.0 schema's
// constraints; artifact URIs relative to --sarif-root with %SRCROOT%.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using Json = nlohmann::json;
using testing::MakeTempDir;
using testing::RunCliIn;

// `public` is suppressed with a reason, `internal` without one, `web` not.
constexpr const char* kPolicies = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: public
  namespace: shop
  annotations:
    netpol.lint/ignore: "NP011: public endpoint"
spec:
  podSelector: {matchLabels: {app: public}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: internal
  namespace: shop
  annotations:
    netpol.lint/ignore: broad-ingress,NP013
spec:
  podSelector: {matchLabels: {app: internal}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {}
)";

// The constraints SARIF 2.1.0 (sarif-schema-2.1.0.json, §3.27.23 and §3.35)
// puts on what netpol writes for suppressions and artifact locations: a
// result's `suppressions` is an array of unique suppression objects; a
// suppression requires `kind` (inSource or external), may have `status`
// (accepted, underReview or rejected) and a string `justification`, and
// nothing else netpol writes; an artifactLocation has a string `uri` and
// optionally a string `uriBaseId`; originalUriBaseIds maps names to
// artifactLocations.
constexpr const char* kSarifSuppressionSchema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["version", "runs"],
  "properties": {
    "version": {"enum": ["2.1.0"]},
    "runs": {"type": "array", "items": {"$ref": "#/definitions/run"}}
  },
  "definitions": {
    "artifactLocation": {
      "type": "object",
      "properties": {
        "uri": {"type": "string", "format": "uri-reference"},
        "uriBaseId": {"type": "string"},
        "index": {"type": "integer", "minimum": -1}
      }
    },
    "run": {
      "type": "object",
      "required": ["tool"],
      "properties": {
        "originalUriBaseIds": {
          "type": "object",
          "additionalProperties": {"$ref": "#/definitions/artifactLocation"}
        },
        "results": {"type": "array", "items": {"$ref": "#/definitions/result"}}
      }
    },
    "result": {
      "type": "object",
      "required": ["message"],
      "properties": {
        "locations": {"type": "array", "items": {"type": "object", "properties": {
          "physicalLocation": {"type": "object", "properties": {
            "artifactLocation": {"$ref": "#/definitions/artifactLocation"}}}}}},
        "suppressions": {
          "type": "array", "minItems": 0, "uniqueItems": true,
          "items": {"$ref": "#/definitions/suppression"}
        }
      }
    },
    "suppression": {
      "type": "object",
      "required": ["kind"],
      "additionalProperties": false,
      "properties": {
        "guid": {"type": "string"},
        "kind": {"enum": ["inSource", "external"]},
        "status": {"enum": ["accepted", "underReview", "rejected"]},
        "justification": {"type": "string"},
        "location": {"type": "object"},
        "properties": {"type": "object"}
      }
    }
  }
})";

bool HasJsonschema() {
  return std::system("python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

// Whether python3's jsonschema accepts `doc` under kSarifSuppressionSchema.
bool SchemaAccepts(const Json& doc, const std::string& dir) {
  std::ofstream(dir + "/doc.json") << doc.dump();
  std::ofstream(dir + "/schema.json") << kSarifSuppressionSchema;
  const std::string command =
      "python3 -c 'import json, sys, jsonschema; "
      "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' '" +
      dir + "/doc.json' '" + dir + "/schema.json' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

std::vector<Json> ResultsOf(const Json& doc, const std::string& rule) {
  std::vector<Json> results;
  for (const Json& r : doc.at("runs")[0].at("results")) {
    if (r.at("ruleId") == rule) results.push_back(r);
  }
  return results;
}

TEST_CASE("the ignore annotation takes a reason; SARIF reports the suppressions with it",
          "[cli][lint][sarif]") {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/policies.yaml") << kPolicies;

  // Text and JSON leave suppressed findings out, as before.
  const auto text = RunCliIn(dir, {"lint", "--fail-on", "warning", "policies.yaml"});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("shop/public") == std::string::npos);
  CHECK(text.out.find("shop/internal") == std::string::npos);
  CHECK(text.out.find("ingress[0] of shop/web") != std::string::npos);
  const Json json = Json::parse(RunCliIn(dir, {"lint", "-o", "json", "policies.yaml"}).out);
  CHECK(json.at("summary").at("warning") == 1);

  const auto sarif = RunCliIn(dir, {"lint", "-o", "sarif", "--fail-on", "warning", "policies.yaml"});
  CHECK(sarif.exit_code == 1);  // web's finding; suppressed ones do not count
  const Json doc = Json::parse(sarif.out);
  const std::vector<Json> broad = ResultsOf(doc, "NP011");
  REQUIRE(broad.size() == 3);
  // Sorted by location: public (line 18), internal (31), web (41).
  CHECK(broad[0].at("suppressions") ==
        Json::parse(R"([{"kind": "inSource", "status": "accepted", "justification": "public endpoint"}])"));
  CHECK(broad[1].at("suppressions") == Json::parse(R"([{"kind": "inSource", "status": "accepted"}])"));
  CHECK_FALSE(broad[2].contains("suppressions"));
  CHECK(broad[2].at("message").at("text").get<std::string>().find("shop/web") != std::string::npos);

  if (!HasJsonschema()) {
    WARN("python3 jsonschema missing: the schema check is skipped");
    return;
  }
  CHECK(SchemaAccepts(doc, dir));
  // The check can fail: a kind outside the enum, a non-string justification.
  Json bad = doc;
  for (Json& r : bad.at("runs")[0].at("results")) {
    if (r.contains("suppressions")) r["suppressions"][0]["kind"] = "inline";
  }
  CHECK_FALSE(SchemaAccepts(bad, dir));
  bad = doc;
  for (Json& r : bad.at("runs")[0].at("results")) {
    if (r.contains("suppressions")) r["suppressions"][0]["justification"] = 3;
  }
  CHECK_FALSE(SchemaAccepts(bad, dir));
}

TEST_CASE("SARIF artifact URIs are relative to --sarif-root with %SRCROOT%; outside it file://",
          "[cli][lint][sarif]") {
  const std::string dir = std::filesystem::canonical(MakeTempDir()).string();
  std::filesystem::create_directories(dir + "/repo/deploy");
  std::ofstream(dir + "/repo/deploy/policies.yaml") << kPolicies;
  {
    // The same policies in another namespace (the same ones would be duplicates).
    std::string other = kPolicies;
    for (std::size_t at; (at = other.find("namespace: shop")) != std::string::npos;) {
      other.replace(at, 15, "namespace: other");
    }
    std::ofstream(dir + "/outside.yaml") << other;
  }

  // The distinct (uri, uriBaseId) of the results (each file has several).
  auto uris = [](const Json& doc) {
    std::set<std::pair<std::string, std::string>> found;
    for (const Json& r : doc.at("runs")[0].at("results")) {
      const Json& artifact = r.at("locations")[0].at("physicalLocation").at("artifactLocation");
      found.emplace(artifact.at("uri"), artifact.value("uriBaseId", ""));
    }
    return found;
  };
  using Uris = std::set<std::pair<std::string, std::string>>;
  const std::string rel = "deploy/policies.yaml";

  // Default root: the current directory; ./ and .. spellings normalised.
  const Json from_repo = Json::parse(
      RunCliIn(dir + "/repo", {"lint", "-o", "sarif", "./deploy/../deploy/policies.yaml"}).out);
  CHECK(uris(from_repo) == Uris{{rel, "%SRCROOT%"}});
  CHECK(from_repo.at("runs")[0].at("originalUriBaseIds") ==
        Json::parse(R"({"%SRCROOT%": {"uri": "file://)" + dir + R"(/repo/"}})"));

  // An explicit root, relative to the current directory or absolute.
  for (const std::string& root : std::vector<std::string>{"repo", "repo/", dir + "/repo"}) {
    CAPTURE(root);
    const Json doc = Json::parse(
        RunCliIn(dir, {"lint", "-o", "sarif", "--sarif-root", root, "repo/deploy/policies.yaml",
                       "outside.yaml"})
            .out);
    CHECK(uris(doc) == Uris{{rel, "%SRCROOT%"}, {"file://" + dir + "/outside.yaml", ""}});
  }

  // Run from a subdirectory with the root above it.
  const Json from_deploy = Json::parse(
      RunCliIn(dir + "/repo/deploy", {"lint", "-o", "sarif", "--sarif-root", "..", "policies.yaml"})
          .out);
  CHECK(uris(from_deploy) == Uris{{rel, "%SRCROOT%"}});
}

}  // namespace
}  // namespace netpol
