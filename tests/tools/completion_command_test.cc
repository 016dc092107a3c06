// `netpol completion`: the scripts are generated from the command table, and
// the bash one, sourced in a real bash, completes subcommands, flags, option
// values (formats) and lint rule ids.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `script` in `shell -c` with the file `completion` holding the
// completion script; returns its standard output, or "exit N" when it fails.
std::string RunShell(const std::string& shell, const std::string& completion,
                     const std::string& script) {
  const std::string dir = testing::MakeTempDir();
  std::ofstream(dir + "/completion") << completion;
  std::ofstream(dir + "/script") << script;
  const std::string command = "cd '" + dir + "' && " + shell + " ./script >out 2>err";
  const int status = std::system(command.c_str());
  const std::string out = Slurp(dir + "/out");
  const std::string err = Slurp(dir + "/err");
  if (status != 0) return "exit " + std::to_string(status) + ": " + err;
  return out;
}

// The completions bash offers for the words of `line` (the last one being
// completed), one a line in order.
std::string BashComplete(const std::string& completion, const std::string& line) {
  return RunShell("bash", completion,
                  "source ./completion\n"
                  "COMP_WORDS=(" + line + ")\n"
                  "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                  "_netpol\n"
                  "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
}

TEST_CASE("completion bash registers _netpol for netpol and kubectl-netpol", "[cli][completion]") {
  const testing::CliResult result = RunCli({"completion", "bash"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(RunShell("bash", result.out, "source ./completion\ncomplete -p netpol kubectl-netpol\n") ==
        "complete -o default -o filenames -F _netpol netpol\n"
        "complete -o default -o filenames -F _netpol kubectl-netpol\n");
}

TEST_CASE("completion bash completes subcommands, flags, formats and lint rule ids",
          "[cli][completion]") {
  const std::string script = RunCli({"completion", "bash"}).out;
  const struct {
    const char* line;
    const char* expected;
  } kCases[] = {
      {"netpol ''",
       "graph\ncheck\nexplain\ndiff\nrollout\nreach\npaths\nexposure\nlint\nreport\nserve\ncompletion\nversion\n"},
      {"netpol gr", "graph\n"},
      {"netpol co", "completion\n"},
      {"netpol --v", "--version\n"},
      {"netpol graph --form", "--format\n"},
      {"netpol graph --format ''", "text\njson\ndot\nsvg\nmatrix\nconnlist\ncsv\nmd\nsummary\n"},
      {"netpol graph -o js", "json\n"},
      {"netpol graph --output = js", "json\n"},
      {"netpol graph --format = d", "dot\n"},
      {"netpol graph --by w", "workload\n"},
      {"netpol check --validate s", "strict\n"},
      {"netpol completion ''", "bash\nzsh\nfish\n"},
      {"netpol completion f", "fish\n"},
      {"netpol --color ''", "auto\nalways\nnever\n"},
      {"netpol lint --color a", "auto\nalways\n"},
      {"netpol version -o ''", "text\njson\n"},
      {"netpol lint --enable NP00", "NP001\nNP002\nNP003\nNP004\nNP005\nNP006\nNP007\nNP008\n"},
      {"netpol lint --explain one-s", "one-sided-allow\n"},
  };
  for (const auto& c : kCases) {
    INFO(c.line);
    std::string got = BashComplete(script, c.line);
    if (std::string(c.line).rfind("netpol lint --enable", 0) == 0) {
      // Every NP00x rule; the registry, not this test, decides how many.
      CHECK(got.rfind("NP001\nNP002\n", 0) == 0);
    } else {
      CHECK(got == c.expected);
    }
  }
}

TEST_CASE("completion rejects an unknown shell as a usage error", "[cli][completion]") {
  const testing::CliResult result = RunCli({"completion", "powershell"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
}

TEST_CASE("completion zsh and fish scripts are generated and parse in their shells if installed",
          "[cli][completion]") {
  for (const std::string shell : {"zsh", "fish"}) {
    INFO(shell);
    const testing::CliResult result = RunCli({"completion", shell});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("graph") != std::string::npos);
    CHECK((result.out.find("--format") != std::string::npos ||
           result.out.find("-l format") != std::string::npos));
    if (std::system(("command -v " + shell + " >/dev/null 2>&1").c_str()) != 0) {
      WARN(shell + " is not installed: its completion script was generated but not parsed");
      continue;
    }
    const std::string check = shell == "zsh" ? "zsh -n" : "fish --no-execute";
    const std::string parsed = RunShell(check, "", result.out);  // the script is the completion
    CHECK(parsed.rfind("exit", 0) == std::string::npos);
  }
}

}  // namespace
}  // namespace netpol
