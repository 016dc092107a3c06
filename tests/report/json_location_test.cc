// Every JSON writer that names a place in the input writes it the same way:
// {"file", "line", "column"} (report::PutLocation in report/json_support.h).
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using nlohmann::json;
using testing::RunCli;

struct LocationCount {
  int objects = 0;
  std::vector<std::string> bad;  // JSON paths of locations of another shape
};

bool IsLocationShape(const json& value) {
  if (!value.is_object() || value.size() != 3) return false;
  return value.contains("file") && value["file"].is_string() && !value["file"].get<std::string>().empty() &&
         value.contains("line") && value["line"].is_number_integer() && value["line"].get<int>() >= 0 &&
         value.contains("column") && value["column"].is_number_integer() &&
         value["column"].get<int>() >= 0;
}

// Visits every "location" (and check's "sourceLocation") in `doc`.
void CountLocations(const json& doc, const std::string& path, LocationCount& count) {
  if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) {
      CountLocations(doc[i], path + "[" + std::to_string(i) + "]", count);
    }
    return;
  }
  if (!doc.is_object()) return;
  for (const auto& [key, value] : doc.items()) {
    const std::string here = path + "." + key;
    const bool legacy_string = key == "location" && value.is_string() && doc.contains("sourceLocation");
    if ((key == "location" && !legacy_string) || key == "sourceLocation") {
      if (IsLocationShape(value)) ++count.objects;
      else count.bad.push_back(here + " = " + value.dump());
    }
    CountLocations(value, here, count);
  }
}

LocationCount LocationsOf(const std::vector<std::string>& args) {
  const testing::CliResult result = RunCli(args);
  INFO(result.err);
  REQUIRE(result.exit_code >= 0);
  REQUIRE(result.exit_code <= 1);
  LocationCount count;
  CountLocations(json::parse(result.out), "$", count);
  return count;
}

TEST_CASE("lint, explain, check and diff JSON write locations as {file, line, column}",
          "[report][json]") {
  const std::vector<std::vector<std::string>> commands = {
      {"lint", "--format", "json", "examples/lint/"},
      {"explain", "--from", "netpol-demo/external-client", "--to", "netpol-demo/frontend", "--port",
       "80/TCP", "--format", "json", "examples/netpol-demo/"},
      {"explain", "examples/tiered", "--from", "shop/web", "--to", "monitoring/prometheus", "--port",
       "9090", "--format", "json"},
      {"check", "--intent", "examples/netpol-demo/intent.yaml", "--format", "json",
       "examples/netpol-demo/"},
      {"check", "--intent", "examples/netpol-demo-fixed/intent.yaml", "--format", "json",
       "examples/netpol-demo-fixed/"},
      {"diff", "--format", "json", "examples/netpol-demo/", "examples/netpol-demo-fixed/"},
  };
  for (const auto& args : commands) {
    INFO(args[0] << " " << args.back());
    const LocationCount count = LocationsOf(args);
    CHECK(count.bad == std::vector<std::string>{});
    CHECK(count.objects > 0);
  }
}

TEST_CASE("lint JSON keeps file, line and column beside the location object", "[report][json]") {
  const testing::CliResult result = RunCli({"lint", "--format", "json", "examples/lint/"});
  const json doc = json::parse(result.out);
  REQUIRE(!doc["findings"].empty());
  for (const json& finding : doc["findings"]) {
    REQUIRE(finding.contains("location"));
    CHECK(finding["location"]["file"] == finding["file"]);
    CHECK(finding["location"]["line"] == finding["line"]);
    CHECK(finding["location"]["column"] == finding["column"]);
  }
}

TEST_CASE("check JSON keeps its location strings and adds the object as sourceLocation",
          "[report][json]") {
  const testing::CliResult result =
      RunCli({"check", "--intent", "examples/netpol-demo/intent.yaml", "--format", "json",
              "examples/netpol-demo/"});
  const json doc = json::parse(result.out);
  int policies = 0;
  for (const json& finding : doc["findings"]) {
    if (finding["origin"] != "undeclared") {
      REQUIRE(finding.contains("location"));
      CHECK(finding["location"]["file"] == "examples/netpol-demo/intent.yaml");
    }
    for (const json& side : finding["blockedBy"]) {
      for (const json& policy : side["isolatedBy"]) {
        ++policies;
        const json& loc = policy["sourceLocation"];
        CHECK(policy["location"] ==
              loc["file"].get<std::string>() + ":" + std::to_string(loc["line"].get<int>()));
      }
    }
  }
  CHECK(policies > 0);
}

TEST_CASE("diff JSON writes an object's location where it is now, or was if removed",
          "[report][json]") {
  const testing::CliResult result = RunCli(
      {"diff", "--format", "json", "examples/netpol-demo/", "examples/netpol-demo-fixed/"});
  const json doc = json::parse(result.out);
  REQUIRE(!doc["objects"].empty());
  for (const json& object : doc["objects"]) {
    INFO(object.dump());
    if (object.contains("after")) CHECK(object["location"] == object["after"]);
    else if (object.contains("before")) CHECK(object["location"] == object["before"]);
  }
}

}  // namespace
}  // namespace netpol
