// The CLI as kubectl users expect it: unknown commands with "Did you mean
// this?", bare `netpol` printing the command list, `netpol version`, kind
// names in endpoint arguments, --color, and examples in every --help.
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "command_suggestions.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("an unknown command is a usage error with kubectl's wording and suggestions",
          "[cli][kubectl]") {
  const struct {
    const char* typed;
    const char* suggestions;  // the "Did you mean this?" lines, empty: none
  } kCases[] = {
      {"frobnicate", ""},
      {"grpah", "\tgraph\n"},
      {"GRAPH", "\tgraph\n"},
      {"lnit", "\tlint\n"},
      {"expl", "\texplain\n"},  // a prefix of the command
      {"matrix", "\tgraph -o matrix\n"},
      {"dot", "\tgraph -o dot\n"},
      {"validate", "\tlint\n"},
      {"path", "\tpaths\n"},
      {"verison", "\tversion\n"},
  };
  for (const auto& c : kCases) {
    INFO(c.typed);
    const testing::CliResult result = RunCli({c.typed, "examples/netpol-demo/"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    const std::string did_you_mean =
        *c.suggestions ? std::string("\nDid you mean this?\n") + c.suggestions : "";
    CHECK(result.err == "error: unknown command \"" + std::string(c.typed) + "\" for \"netpol\"\n" +
                            did_you_mean + "\nRun 'netpol --help' for usage.\n");
  }
}

TEST_CASE("global flags before an unknown command do not hide it", "[cli][kubectl]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--color=never", "grpah"},
        std::vector<std::string>{"--color", "always", "grpah"}}) {
    const testing::CliResult result = RunCli(args);
    CHECK(result.exit_code == 2);
    CHECK(Contains(result.err, "unknown command \"grpah\" for \"netpol\""));
  }
}

TEST_CASE("edit distance ignores case and counts insertions, deletions and substitutions",
          "[cli][kubectl]") {
  CHECK(cli::EditDistance("graph", "graph") == 0);
  CHECK(cli::EditDistance("Graph", "graph") == 0);
  CHECK(cli::EditDistance("grpah", "graph") == 2);
  CHECK(cli::EditDistance("lint", "lin") == 1);
  CHECK(cli::EditDistance("", "diff") == 4);
  CHECK(cli::EditDistance("reach", "paths") == 4);  // r->p, -e, c->t, +s
}

TEST_CASE("bare netpol prints its help and command list to stdout and exits 0, as kubectl",
          "[cli][kubectl]") {
  const testing::CliResult result = RunCli({});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(Contains(result.out, "Usage: netpol [OPTIONS] SUBCOMMAND"));
  for (const cli::Command& command : cli::Commands()) {
    INFO(command.name);
    CHECK(Contains(result.out, "\n  " + std::string(command.name) + " "));
  }
  // A global flag alone still names no command.
  CHECK(RunCli({"--color=never"}).out == result.out);
}

TEST_CASE("netpol version prints the version, the commit and the libraries it was built with",
          "[cli][version]") {
  const testing::CliResult text = RunCli({"version"});
  CHECK(text.exit_code == 0);
  const std::regex kFirstLine("^netpol " + std::string(netpol::Version()) +
                              R"re( \(commit ([0-9a-f]{12}|unknown)\)\n)re");
  CHECK(std::regex_search(text.out, kFirstLine));
  for (const char* library : {"libfyaml ", "simdjson ", "nlohmann/json ", "fmt ", "CLI11 "}) {
    CHECK(Contains(text.out, library));
  }

  const testing::CliResult json = RunCli({"version", "-o", "json"});
  CHECK(json.exit_code == 0);
  const nlohmann::json parsed = nlohmann::json::parse(json.out);
  CHECK(parsed.at("version") == netpol::Version());
  const std::string commit = parsed.at("commit");
  CHECK(Contains(text.out, "(commit " + commit + ")"));
  for (const char* library : {"libfyaml", "simdjson", "nlohmann/json", "fmt", "CLI11"}) {
    INFO(library);
    const std::string version = parsed.at("libraries").at(library);
    CHECK(std::regex_match(version, std::regex(R"re(\d+\.\d+(\.\d+)?|unknown)re")));
    CHECK(Contains(text.out, std::string(library) + " " + version));
  }
  // The executable's allocator (NETPOL_MIMALLOC): named in both forms.
  const std::string allocator = parsed.at("allocator");
  CHECK(std::regex_match(allocator, std::regex(R"re(mimalloc \d+\.\d+(\.\d+)?|glibc malloc)re")));
  CHECK(Contains(text.out, "; allocator: " + allocator + "\n"));
}

TEST_CASE("the -V and --version flags still print the version line", "[cli][version]") {
  for (const char* flag : {"--version", "-V"}) {
    const testing::CliResult result = RunCli({flag});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "netpol " + std::string(netpol::Version()) + "\n");
  }
}

TEST_CASE("every command's --help ends with Examples using kubectl-style flags", "[cli][help]") {
  for (const cli::Command& command : cli::Commands()) {
    const std::string name = command.name;
    INFO(name);
    const testing::CliResult help = RunCli({name, "--help"});
    CHECK(help.exit_code == 0);
    const std::size_t examples = help.out.find("\nExamples:\n");
    REQUIRE(examples != std::string::npos);
    const std::string footer = help.out.substr(examples);
    CHECK((Contains(footer, "\n  netpol " + name) || Contains(footer, "(netpol " + name)));
    CHECK_FALSE(Contains(footer, "--format"));  // -o, as kubectl
  }
}

TEST_CASE("endpoint arguments accept kubectl's KIND/NS/NAME", "[cli][kinds]") {
  const std::vector<std::string> tail = {"--port", "80/TCP", "examples/netpol-demo/"};
  auto explain = [&](const std::string& from, const std::string& to) {
    std::vector<std::string> args = {"explain", "--from", from, "--to", to};
    args.insert(args.end(), tail.begin(), tail.end());
    return RunCli(args);
  };
  const testing::CliResult plain = explain("netpol-demo/frontend", "netpol-demo/backend");
  REQUIRE(plain.exit_code == 0);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"pod/netpol-demo/frontend", "po/netpol-demo/backend"},
           {"Pod/netpol-demo/frontend", "PODS/netpol-demo/backend"}}) {
    INFO(from << " " << to);
    const testing::CliResult kinded = explain(from, to);
    CHECK(kinded.exit_code == 0);
    CHECK(kinded.out == plain.out);
  }
  const testing::CliResult reach =
      RunCli({"reach", "--from", "po/netpol-demo/frontend", "examples/netpol-demo/"});
  CHECK(reach.exit_code == 0);
  CHECK(reach.out == RunCli({"reach", "--from", "netpol-demo/frontend", "examples/netpol-demo/"}).out);

  const testing::CliResult unknown = explain("frob/netpol-demo/frontend", "netpol-demo/backend");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(Contains(unknown.err, "netpol: --from: unknown kind \"frob\" in \"frob/netpol-demo/frontend\": "
                              "expected KIND/NAMESPACE/NAME with KIND one of pod (po), service (svc)"));
  const testing::CliResult wrong_kind = explain("netpol-demo/frontend", "deploy/netpol-demo/backend");
  CHECK(wrong_kind.exit_code == 2);
  CHECK(Contains(wrong_kind.err, "--to: no pod matches \"deploy/netpol-demo/backend\""));
}

TEST_CASE("the --color mode resolves from the flag, the terminal and NO_COLOR", "[cli][color]") {
  const struct {
    const char* mode;
    bool terminal;
    bool no_color;
    bool color;
  } kCases[] = {
      {"always", false, false, true}, {"always", true, true, true},
      {"never", true, false, false},  {"never", false, false, false},
      {"auto", true, false, true},    {"auto", false, false, false},
      {"auto", true, true, false},
  };
  for (const auto& c : kCases) {
    INFO(c.mode << " terminal=" << c.terminal << " no_color=" << c.no_color);
    CHECK(cli::UseColor(c.mode, c.terminal, c.no_color) == c.color);
  }
}

struct TerminalRun {
  int exit_code;
  std::string out;
};

// Runs netpol as on a terminal (stdout a TTY), with or without NO_COLOR.
TerminalRun RunOnTerminal(const std::vector<std::string>& args, bool no_color) {
  std::istringstream in;
  std::ostringstream out, err;
  cli::Io io{in, out, err, testing::SourceDir()};
  io.out_is_terminal = true;
  io.no_color = no_color;
  const int status = cli::RunNetpol(args, io);
  return {status, out.str()};
}

TEST_CASE("the --color flag colours verdicts and severities in text output only", "[cli][color]") {
  const std::string red = "\x1b[31m", green = "\x1b[32m", yellow = "\x1b[33m", reset = "\x1b[0m";
  const std::vector<std::string> check = {"check", "--intent", "examples/netpol-demo/intent.yaml",
                                          "examples/netpol-demo/"};
  auto with = [](std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.begin() + 1, more.begin(), more.end());
    return args;
  };
  const testing::CliResult always = RunCli(with(check, {"--color=always"}));
  CHECK(always.exit_code == 1);
  CHECK(Contains(always.out, red + "MISSING" + reset + "     netpol-demo/"));  // padded outside
  // The global flag also works before the command.
  std::vector<std::string> before = check;
  before.insert(before.begin(), "--color=always");
  CHECK(RunCli(before).out == always.out);

  const testing::CliResult never = RunCli(with(check, {"--color=never"}));
  const testing::CliResult automatic = RunCli(check);  // tests are not a terminal
  CHECK_FALSE(Contains(never.out, "\x1b["));
  CHECK_FALSE(Contains(automatic.out, "\x1b["));
  CHECK(never.out == automatic.out);
  CHECK(Contains(never.out, "MISSING     netpol-demo/"));

  CHECK(Contains(RunOnTerminal(check, /*no_color=*/false).out, red + "MISSING" + reset));
  CHECK_FALSE(Contains(RunOnTerminal(check, /*no_color=*/true).out, "\x1b["));

  // Machine formats are never coloured, even with --color=always.
  for (const char* format : {"json", "csv", "md"}) {
    INFO(format);
    CHECK_FALSE(Contains(RunCli(with(check, {"--color=always", "-o", format})).out, "\x1b["));
  }
  // --output-file: a file is no terminal; auto does not colour it.
  const std::string dir = testing::MakeTempDir();
  RunOnTerminal(with(check, {"--output-file", dir + "/check.txt"}), false);
  CHECK_FALSE(Contains(testing::ReadFileOrFail(dir + "/check.txt"), "\x1b["));

  const std::vector<std::string> lint = {"lint", "--color=always", "examples/netpol-demo/"};
  const testing::CliResult linted = RunCli(lint);
  CHECK(std::regex_search(linted.out, std::regex("\x1b\\[3[136]m(error|warning|info)\x1b\\[0m: ")));
  CHECK_FALSE(Contains(RunCli({"lint", "--color=always", "-o", "sarif", "examples/netpol-demo/"}).out,
                       "\x1b["));

  const testing::CliResult explained =
      RunCli({"explain", "--color=always", "--from", "netpol-demo/frontend", "--to",
              "netpol-demo/backend", "--port", "80", "examples/netpol-demo/"});
  CHECK(Contains(explained.out, "Verdict: " + green + "ALLOWED" + reset + " on "));
  const testing::CliResult denied =
      RunCli({"explain", "--color=always", "--from", "netpol-demo/backend", "--to",
              "netpol-demo/database", "--port", "9999", "examples/netpol-demo/"});
  CHECK(Contains(denied.out, "Verdict: " + red + "DENIED" + reset + " on "));
}

}  // namespace
}  // namespace netpol
