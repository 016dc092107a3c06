// kubectl's flags on every command where they apply: -o/--output (with
// --format as its alias), -f/--filename (repeatable, - for stdin, before the
// positional paths), -R/--recursive, -A/--all-namespaces, and the usage error
// for the old `-f FORMAT`.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

const std::string kDemo = "examples/netpol-demo/";
const std::string kFixed = "examples/netpol-demo-fixed/";

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A command as the tests call it: the arguments before the paths, its
// paths, one non-default output format (empty: no -o), and whether it has -n.
struct CommandCase {
  std::vector<std::string> head;
  std::vector<std::string> paths;
  std::string format;
  bool has_namespace;
};

const std::vector<CommandCase>& CommandCases() {
  static const std::vector<CommandCase> kCases = {
      {{"graph"}, {kDemo}, "json", true},
      {{"graph"}, {kDemo}, "matrix", true},
      {{"check", "--intent", "examples/netpol-demo/intent.yaml"}, {kDemo}, "json", false},
      {{"explain", "--from", "netpol-demo/frontend", "--to", "netpol-demo/backend", "-p", "80"},
       {kDemo},
       "json",
       false},
      {{"diff"}, {kDemo, kFixed}, "json", true},
      {{"lint"}, {kDemo}, "json", false},
      {{"rollout"}, {kDemo, kFixed}, "json", false},
      {{"reach", "--from", "netpol-demo/frontend"}, {kDemo}, "", true},
      {{"paths", "--from", "netpol-demo/external-client", "--to", "netpol-demo/database"},
       {kFixed},
       "",
       false},
  };
  return kCases;
}

std::vector<std::string> WithFilenames(const std::vector<std::string>& paths) {
  std::vector<std::string> args;
  for (const std::string& path : paths) {
    args.push_back("-f");
    args.push_back(path);
  }
  return args;
}

TEST_CASE("kubectl flags: -o, --output and --format are one option on every command with a format",
          "[cli][kubectl]") {
  for (const CommandCase& c : CommandCases()) {
    if (c.format.empty()) continue;
    CAPTURE(c.head, c.format);
    const auto text = RunCli(Concat(c.head, c.paths));
    const auto short_form = RunCli(Concat(Concat(c.head, {"-o", c.format}), c.paths));
    const auto long_form = RunCli(Concat(Concat(c.head, {"--output", c.format}), c.paths));
    const auto old_form = RunCli(Concat(Concat(c.head, {"--format=" + c.format}), c.paths));
    CHECK(short_form.exit_code == text.exit_code);
    CHECK(short_form.exit_code != 2);
    CHECK(short_form.out != text.out);  // the format took effect
    CHECK(long_form.out == short_form.out);
    CHECK(old_form.out == short_form.out);
    CHECK(long_form.exit_code == short_form.exit_code);
    CHECK(old_form.exit_code == short_form.exit_code);
  }
}

TEST_CASE("kubectl flags: -f PATH and --filename PATH read what positional PATHS read, and -R is accepted",
          "[cli][kubectl]") {
  for (const CommandCase& c : CommandCases()) {
    CAPTURE(c.head);
    const auto positional = RunCli(Concat(c.head, c.paths));
    REQUIRE(positional.exit_code != 2);
    REQUIRE(!positional.out.empty());
    const auto short_form = RunCli(Concat(c.head, WithFilenames(c.paths)));
    CHECK(short_form.exit_code == positional.exit_code);
    CHECK(short_form.out == positional.out);
    std::vector<std::string> long_args = c.head;
    for (const std::string& path : c.paths) long_args.push_back("--filename=" + path);
    const auto long_form = RunCli(long_args);
    CHECK(long_form.out == positional.out);
    const auto recursive = RunCli(Concat(Concat(c.head, {"-R"}), WithFilenames(c.paths)));
    CHECK(recursive.exit_code == positional.exit_code);
    CHECK(recursive.out == positional.out);
  }
}

TEST_CASE("kubectl flags: -f paths come before the positional paths", "[cli][kubectl]") {
  const auto forward = RunCli({"diff", "-o", "json", kDemo, kFixed});
  const auto backward = RunCli({"diff", "-o", "json", kFixed, kDemo});
  REQUIRE(forward.out != backward.out);
  // DEMO -f FIXED: the -f path is BEFORE, though written second.
  CHECK(RunCli({"diff", "-o", "json", kDemo, "-f", kFixed}).out == backward.out);
  CHECK(RunCli({"diff", "-o", "json", "-f", kDemo, kFixed}).out == forward.out);
  // rollout keeps the command-line order of its stages, -f or not.
  CHECK(RunCli({"rollout", "-o", "json", kFixed, "-f", kDemo}).out ==
        RunCli({"rollout", "-o", "json", kFixed, kDemo}).out);
}

TEST_CASE("kubectl flags: -f - reads the manifests from standard input", "[cli][kubectl]") {
  std::string manifests;
  for (const char* name : {"01-namespace-and-pods.yaml", "02-default-deny-all.yaml",
                           "03-allow-dns-egress.yaml", "04-allow-paths.yaml"}) {
    manifests += testing::ReadFileOrFail(testing::SourceDir() + "/" + kDemo + name) + "\n---\n";
  }
  const auto from_files = RunCli({"graph", "-o", "json", kDemo});
  const auto from_stdin = RunCli({"graph", "-o", "json", "-f", "-"}, manifests);
  CHECK(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == from_files.out);
}

TEST_CASE("kubectl flags: the old -f FORMAT is a usage error that suggests -o FORMAT", "[cli][kubectl]") {
  for (const CommandCase& c : CommandCases()) {
    if (c.format.empty()) continue;
    CAPTURE(c.head, c.format);
    const auto result = RunCli(Concat(Concat(c.head, {"-f", c.format}), c.paths));
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.find("use -o " + c.format) != std::string::npos);
    CHECK(result.err.find("-f now means --filename") != std::string::npos);
  }
}

TEST_CASE("kubectl flags: -f names a file even when the file is called like a format", "[cli][kubectl]") {
  const std::string dir = testing::MakeTempDir();
  {
    std::ofstream file(dir + "/json");
    file << testing::ReadFileOrFail(testing::SourceDir() + "/examples/netpol-demo/01-namespace-and-pods.yaml");
  }
  const auto result = testing::RunCliIn(dir, {"graph", "-o", "json", "-f", "json"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("netpol-demo/frontend") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("kubectl flags: a command that needs PATHS says so when neither PATHS nor -f is given",
          "[cli][kubectl]") {
  const std::vector<std::vector<std::string>> commands = {
      {"graph"},
      {"check", "--intent", "examples/netpol-demo/intent.yaml"},
      {"diff"},
      {"reach", "--from", "netpol-demo/frontend"},
      {"report", "--html", "unused.html"}};
  for (const std::vector<std::string>& command : commands) {
    CAPTURE(command);
    const auto result = RunCli(command);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("PATHS (or -f PATH) is required") != std::string::npos);
  }
}

TEST_CASE("kubectl flags: -A and --all-namespaces mean no namespace filter; with -n they are a usage error",
          "[cli][kubectl]") {
  for (const CommandCase& c : CommandCases()) {
    if (!c.has_namespace) continue;
    CAPTURE(c.head);
    const auto plain = RunCli(Concat(c.head, c.paths));
    for (const std::string flag : {"-A", "--all-namespaces"}) {
      const auto all = RunCli(Concat(Concat(c.head, {flag}), c.paths));
      CHECK(all.exit_code == plain.exit_code);
      CHECK(all.out == plain.out);
    }
    const auto both = RunCli(Concat(Concat(c.head, {"-A", "-n", "netpol-demo"}), c.paths));
    CHECK(both.exit_code == 2);
    CHECK(both.out.empty());
    CHECK(both.err.find("--all-namespaces") != std::string::npos);
  }
}

}  // namespace
}  // namespace netpol
