// --output-file FILE and "-": a command's output goes to the file complete or
// not at all (written beside it, then renamed), "-" is standard output, and
// the exit status is the command's own.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;
using testing::RunCliIn;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kDemo = testing::SourceDir() + "/examples/netpol-demo/";
const std::string kIntent = testing::SourceDir() + "/examples/netpol-demo/intent.yaml";

TEST_CASE("output-file: --output-file writes what stdout would show, with the command's exit status",
          "[cli][output-file]") {
  const struct {
    std::vector<std::string> args;
    int exit_code;
  } kCases[] = {
      {{"graph", kDemo}, 0},
      {{"graph", "--format", "json", kDemo}, 0},
      {{"check", "--intent", kIntent, kDemo}, 1},
      {{"lint", kDemo}, 1},
      {{"completion", "bash"}, 0},
  };
  for (const auto& c : kCases) {
    INFO(c.args[0]);
    const testing::CliResult to_stdout = RunCli(c.args);
    REQUIRE(to_stdout.exit_code == c.exit_code);
    REQUIRE_FALSE(to_stdout.out.empty());

    const std::string dir = testing::MakeTempDir();
    std::vector<std::string> args = c.args;
    args.insert(args.begin() + 1, {"--output-file", "out.txt"});
    const testing::CliResult to_file = RunCliIn(dir, args);
    CHECK(to_file.exit_code == c.exit_code);
    CHECK(to_file.out.empty());
    CHECK(Slurp(dir + "/out.txt") == to_stdout.out);
    CHECK_FALSE(std::filesystem::exists(dir + "/out.txt.netpol-partial"));

    args[2] = "-";
    const testing::CliResult dash = RunCliIn(dir, args);
    CHECK(dash.exit_code == c.exit_code);
    CHECK(dash.out == to_stdout.out);
    CHECK_FALSE(std::filesystem::exists(dir + "/-"));
  }
}

TEST_CASE("output-file: a command that fails leaves an existing output file alone",
          "[cli][output-file][errors]") {
  const std::string dir = testing::MakeTempDir();
  std::ofstream(dir + "/out.txt") << "previous output\n";
  const testing::CliResult result =
      RunCliIn(dir, {"graph", "--output-file", "out.txt", "-"}, "kind: Pod\nmetadata: {name: [x]}\n");
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_FALSE(result.err.empty());
  CHECK(Slurp(dir + "/out.txt") == "previous output\n");
  CHECK_FALSE(std::filesystem::exists(dir + "/out.txt.netpol-partial"));
}

TEST_CASE("output-file: writing into a missing directory is an error naming the path",
          "[cli][output-file][errors]") {
  const std::string dir = testing::MakeTempDir();
  const testing::CliResult result = RunCliIn(dir, {"graph", "--output-file", "no/such/out.txt", kDemo});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("no/such/out.txt: error: cannot write the output: ") == 0);
}

TEST_CASE("report --html - writes the page to standard output", "[cli][output-file][report]") {
  const std::string dir = testing::MakeTempDir();
  const testing::CliResult result = RunCliIn(dir, {"report", "--html", "-", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(result.err.find("netpol: wrote") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/-"));
}

}  // namespace
}  // namespace netpol
