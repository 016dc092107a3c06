// `netpol graph --format summary` and `--format json --compact`.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

TEST_CASE("graph --format summary prints counts in a fixed order", "[tools][engine]") {
  const auto result = RunCli({"graph", "--format", "summary", "examples/netpol-demo/"});
  REQUIRE(result.exit_code == 0);
  const std::string expected_prefix =
      "endpoints: 6 (5 pods, 1 external blocks)\n"
      "equivalence classes: 6 (5 pod classes, 1 external blocks)\n"
      "allowed ordered pairs: 13\n"
      "class edges: 13\n"
      "distinct port sets: 3\n"
      "parse time: ";
  CHECK(result.out.substr(0, expected_prefix.size()) == expected_prefix);
  CHECK(result.out.find("\ncompute time: ") != std::string::npos);
  CHECK(result.out.find("\noutput time: ") != std::string::npos);
}

TEST_CASE("graph --format json --compact expands to the per-pod edges", "[tools][engine]") {
  const auto compact = RunCli({"graph", "--format", "json", "--compact", "examples/netpol-demo/"});
  const auto full = RunCli({"graph", "--format", "json", "examples/netpol-demo/"});
  REQUIRE(compact.exit_code == 0);
  REQUIRE(full.exit_code == 0);
  const auto c = nlohmann::json::parse(compact.out);
  const auto f = nlohmann::json::parse(full.out);
  CHECK(c["nodes"] == f["nodes"]);
  std::set<std::tuple<std::string, std::string, std::string>> expanded;
  for (const auto& edge : c["edges"]) {
    for (const auto& from : c["classes"][edge["from"].get<int>()]["members"]) {
      for (const auto& to : c["classes"][edge["to"].get<int>()]["members"]) {
        if (from == to) continue;
        expanded.insert({c["nodes"][from.get<int>()]["id"], c["nodes"][to.get<int>()]["id"],
                         c["portSets"][edge["ports"].get<int>()].dump()});
      }
    }
  }
  std::set<std::tuple<std::string, std::string, std::string>> direct;
  for (const auto& edge : f["edges"]) direct.insert({edge["from"], edge["to"], edge["ports"].dump()});
  CHECK(expanded == direct);
}

TEST_CASE("graph --compact needs --format json", "[tools][engine]") {
  const auto result = RunCli({"graph", "--compact", "examples/netpol-demo/"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "netpol: --compact applies only to --format json\n");
  CHECK(result.out.empty());
}

}  // namespace
}  // namespace netpol
