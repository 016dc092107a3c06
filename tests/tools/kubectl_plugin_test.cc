// netpol as a kubectl plugin: run as kubectl-netpol (kubectl's name for the
// plugin of `kubectl netpol ...`), its usage, help and examples say
// "kubectl netpol"; under any other name they say "netpol".
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli.h"
#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("the program name is 'kubectl netpol' exactly when argv[0] is kubectl-netpol",
          "[cli][plugin]") {
  const struct {
    const char* argv0;
    const char* name;
  } kCases[] = {
      {"kubectl-netpol", "kubectl netpol"},
      {"/usr/bin/kubectl-netpol", "kubectl netpol"},
      {"./build/tools/kubectl-netpol", "kubectl netpol"},
      {"netpol", "netpol"},
      {"/usr/local/bin/netpol", "netpol"},
      {"kubectl-netpol-old", "netpol"},
      {"/opt/kubectl-netpol/netpol", "netpol"},
      {"", "netpol"},
  };
  for (const auto& c : kCases) {
    INFO(c.argv0);
    CHECK(cli::ProgramName(c.argv0) == c.name);
  }
}

struct Run {
  int exit_code;
  std::string out;
};

Run RunAs(const std::string& program, const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out, err;
  cli::Io io{in, out, err, testing::SourceDir()};
  const int status = cli::RunNetpol(args, io, program);
  return {status, out.str()};
}

TEST_CASE("as a kubectl plugin, usage, help and examples say 'kubectl netpol'", "[cli][plugin]") {
  const Run top = RunAs("kubectl netpol", {"--help"});
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("Usage: kubectl netpol [OPTIONS] SUBCOMMAND") != std::string::npos);
  CHECK(top.out.find("Run 'kubectl netpol COMMAND --help'") != std::string::npos);

  const Run check = RunAs("kubectl netpol", {"check", "--help"});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("Usage: kubectl netpol check [OPTIONS]") != std::string::npos);
  CHECK(check.out.find("\n  kubectl netpol check --intent ") != std::string::npos);
  CHECK(check.out.find("\n  netpol ") == std::string::npos);

  const Run plain = RunAs("netpol", {"check", "--help"});
  CHECK(plain.out.find("Usage: netpol check [OPTIONS]") != std::string::npos);
  CHECK(plain.out.find("kubectl netpol") == std::string::npos);
}

TEST_CASE("as a kubectl plugin, commands work as under the name netpol", "[cli][plugin]") {
  const std::vector<std::string> args = {"check", "--intent", "examples/netpol-demo/intent.yaml",
                                         "examples/netpol-demo/"};
  const Run plugin = RunAs("kubectl netpol", args);
  const Run plain = RunAs("netpol", args);
  CHECK(plugin.exit_code == 1);
  CHECK(plugin.exit_code == plain.exit_code);
  CHECK(plugin.out == plain.out);
  CHECK_FALSE(plugin.out.empty());
}

}  // namespace
}  // namespace netpol
