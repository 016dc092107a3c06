// `--format csv` and `--format md` of graph, diff, lint and check: each is a
// well-formed table with the same content as the command's other outputs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "table_parse.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::ParseCsv;
using testing::ParseMarkdownTable;
using testing::RunCli;
using Table = std::vector<std::vector<std::string>>;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Both formats of one command: exit code, header, and the same rows.
Table BothTables(const std::vector<std::string>& args, int exit_code,
                 const std::vector<std::string>& header) {
  std::vector<std::string> csv_args = args;
  csv_args.insert(csv_args.end(), {"--format", "csv"});
  std::vector<std::string> md_args = args;
  md_args.insert(md_args.end(), {"--format", "md"});
  const auto csv = RunCli(csv_args);
  const auto md = RunCli(md_args);
  CHECK(csv.exit_code == exit_code);
  CHECK(md.exit_code == exit_code);
  CHECK(csv.err == md.err);  // input warnings, if any, go to stderr alike
  const Table csv_table = ParseCsv(csv.out);
  const Table md_table = ParseMarkdownTable(md.out);
  REQUIRE(!csv_table.empty());
  CHECK(csv_table.front() == header);
  CHECK(md_table == csv_table);  // no cell of these examples holds a line break
  return csv_table;
}

TEST_CASE("graph --format csv and md are the connlist, row for row, under src,dst,conn",
          "[cli][graph][csv][md]") {
  for (const std::string input : {"examples/netpol-demo/", "examples/egress-except/",
                                  "examples/workloads/"}) {
    INFO(input);
    const auto connlist = RunCli({"graph", input, "--format", "connlist"});
    REQUIRE(connlist.exit_code == 0);
    const Table table = BothTables({"graph", input}, 0, {"src", "dst", "conn"});
    const std::vector<std::string> lines = Lines(connlist.out);
    REQUIRE(table.size() == lines.size() + 1);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& row = table[i + 1];
      CHECK(row[0] + " => " + row[1] + " : " + row[2] == lines[i]);
    }
  }
}

TEST_CASE("diff --format csv and md list every changed connection of the JSON report",
          "[cli][diff][csv][md]") {
  const std::vector<std::string> args = {"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/"};
  const Table table =
      BothTables(args, 1, {"from", "to", "change", "before", "after", "causes"});
  std::vector<std::string> json_args = args;
  json_args.insert(json_args.end(), {"--format", "json"});
  const auto doc = nlohmann::json::parse(RunCli(json_args).out);
  const auto& connections = doc["connections"];
  REQUIRE(table.size() == connections.size() + 1);
  for (std::size_t i = 0; i < connections.size(); ++i) {
    const auto& row = table[i + 1];
    const auto& c = connections[i];
    CHECK(row[0] == c["from"]);
    CHECK(row[1] == c["to"]);
    for (const auto& cause : c["causes"]) {
      CHECK(row[5].find(cause["object"].get<std::string>()) != std::string::npos);
    }
  }
  CHECK(table[1][2] == "newly allowed");
  CHECK(table[1][3] == "none");
}

TEST_CASE("diff --format csv with no change is the header alone, exit 0", "[cli][diff][csv]") {
  const auto same = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo/", "--format", "csv"});
  CHECK(same.exit_code == 0);
  CHECK(same.out == "from,to,change,before,after,causes\n");
}

TEST_CASE("lint --format csv and md hold every finding with its rule and location",
          "[cli][lint][csv][md]") {
  const std::vector<std::string> args = {"lint", "examples/lint/np004-one-sided-allow.yaml"};
  const Table table = BothTables(args, 1, {"severity", "rule", "location", "message", "fix"});
  std::vector<std::string> json_args = args;
  json_args.insert(json_args.end(), {"--format", "json"});
  const auto doc = nlohmann::json::parse(RunCli(json_args).out);
  const auto& findings = doc["findings"];
  REQUIRE(table.size() == findings.size() + 1);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& row = table[i + 1];
    const auto& f = findings[i];
    CHECK(row[0] == f["severity"]);
    CHECK(row[1] == f["ruleId"].get<std::string>() + " " + f["rule"].get<std::string>());
    CHECK(row[2] == f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) +
                        ":" + std::to_string(f["column"].get<int>()));
    CHECK(row[3] == f["message"]);
  }
}

TEST_CASE("check --format csv and md have one row per finding of the text report",
          "[cli][check][csv][md]") {
  const std::vector<std::string> args = {"check", "--intent", "examples/netpol-demo/intent.yaml",
                                         "examples/netpol-demo/"};
  const Table table = BothTables(args, 1, {"verdict", "from", "to", "ports", "declared"});
  const auto text = RunCli(args);
  // The text report's finding lines start with the verdict, the pair after it.
  std::vector<std::string> firsts;
  for (const std::string& line : Lines(text.out)) {
    if (!line.empty() && line[0] != ' ' && line.find(" -> ") != std::string::npos) firsts.push_back(line);
  }
  REQUIRE(table.size() == firsts.size() + 1);
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    const auto& row = table[i + 1];
    INFO(firsts[i]);
    CHECK(firsts[i].starts_with(row[0]));
    CHECK(firsts[i].find(row[1] + " -> " + row[2] + "  " + row[3] + "  (" + row[4] + ")") !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace netpol
