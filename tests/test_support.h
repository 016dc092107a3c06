// Shared helpers for the tests: load manifests from text, query verdicts by
// pod id, run the CLI.
#ifndef NETPOL_TESTS_TEST_SUPPORT_H_
#define NETPOL_TESTS_TEST_SUPPORT_H_

#include <functional>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "intent/check_intent.h"
#include "intent/intent_parser.h"
#include "parse/load.h"

namespace netpol::testing {

/// Loads YAML/JSON text named "test.yaml"; fails the test on any error.
Cluster LoadOrFail(const std::string& text, const std::string& file_name = "test.yaml");

/// The errors of loading `text` (empty when it loads), each "FILE:L:C: error: msg".
std::vector<std::string> LoadErrors(const std::string& text,
                                    const std::string& file_name = "test.yaml");

/// Endpoint for "ns/name" (a pod, must exist) or an IP address.
Endpoint EndpointFor(const Cluster& cluster, const std::string& id);

/// The allowed ports from `from` to `to` ("ns/name" or an IP address).
PortSet AllowedPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                     EvalOptions options = {});

/// Whether `from` may reach `to` on protocol/port.
bool Allowed(const Cluster& cluster, const std::string& from, const std::string& to,
             int port, Protocol protocol = Protocol::kTCP);

/// Reads a whole file (fails the test when unreadable).
std::string ReadFileOrFail(const std::string& path);
/// A golden output of the exercise: tests/golden/netpol-demo/NAME.
std::string Golden(const std::string& name);

/// Loads every manifest of examples/NAME/ (as `netpol graph examples/NAME/`
/// reads it) and adds the modelled cluster DNS; fails the test on any error.
LoadResult LoadExample(const std::string& name);

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `netpol ARGS...` in-process (cli::RunNetpol), with relative paths
/// resolved from the source directory and optional standard input.
CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text = "");

/// Runs `netpol ARGS...` in-process as from `working_directory` (relative
/// paths are read from there and named as written), as a hook runs it from
/// a repository's root.
CliResult RunCliIn(const std::string& working_directory, const std::vector<std::string>& args,
                   const std::string& stdin_text = "");

/// A new empty directory under the system's temporary directory, removed
/// with its contents when the test process exits.
std::string MakeTempDir();

/// Debian's headless Chromium, with a throw-away profile under
/// `scratch_dir`: the DOM of the local page `html` (opened at `fragment`,
/// e.g. "#selftest") after its scripts ran. Fails the test when Chromium is
/// missing or fails.
std::string HeadlessChromiumDom(const std::string& html, const std::string& fragment,
                                const std::string& scratch_dir);

/// As HeadlessChromiumDom, for a page served over HTTP (`url`, with its
/// fragment): the DOM once the page's timers and requests have settled, or
/// after `virtual_ms` of virtual time.
std::string HeadlessChromiumDomOfUrl(const std::string& url, const std::string& scratch_dir,
                                     int virtual_ms = 10000);

/// A 1280x900 screenshot of the local page `html` in headless Chromium,
/// written to `png`; returns the PNG's bytes (fails the test on error).
std::string HeadlessChromiumScreenshot(const std::string& html, const std::string& png,
                                       const std::string& scratch_dir);

/// Runs the built `netpol` binary with `args` (shell-quoted here), from the
/// source directory: for the few end-to-end tests of the real executable.
CliResult RunBinary(const std::vector<std::string>& args, const std::string& stdin_text = "");

/// The conformance corpus directory (../shared/conformance).
std::string ConformanceDir();
/// The repository root.
std::string SourceDir();

/// What `call` did in a child process (fork): whether it died of SIGABRT,
/// and what it wrote to stderr. For the API's checked preconditions, which
/// abort with a message instead of answering wrong.
struct ChildOutcome {
  bool aborted = false;
  std::string err;
};
ChildOutcome RunInChild(const std::function<void()>& call);

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_TEST_SUPPORT_H_
