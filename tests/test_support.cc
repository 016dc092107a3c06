#include "test_support.h"

#include "cli.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <catch2/catch.hpp>

namespace netpol::testing {

Cluster LoadOrFail(const std::string& text, const std::string& file_name) {
  LoadResult result = LoadText(text, file_name);
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.ToString());
  }
  REQUIRE_FALSE(result.HasErrors());
  return std::move(result.cluster);
}

std::vector<std::string> LoadErrors(const std::string& text, const std::string& file_name) {
  LoadResult result = LoadText(text, file_name);
  std::vector<std::string> errors;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) errors.push_back(d.ToString());
  }
  return errors;
}

Endpoint EndpointFor(const Cluster& cluster, const std::string& id) {
  if (auto slash = id.find('/'); slash != std::string::npos && !IpAddress::Parse(id.substr(0, slash))) {
    auto pod = cluster.FindPod(id.substr(0, slash), id.substr(slash + 1));
    INFO("pod " << id);
    REQUIRE(pod.has_value());
    return Endpoint::ForPod(*pod);
  }
  auto address = IpAddress::Parse(id);
  INFO("address " << id);
  REQUIRE(address.has_value());
  return Endpoint::ForAddress(*address);
}

PortSet AllowedPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                     EvalOptions options) {
  Evaluator evaluator(cluster, options);
  return evaluator.Evaluate(EndpointFor(cluster, from), EndpointFor(cluster, to)).allowed;
}

bool Allowed(const Cluster& cluster, const std::string& from, const std::string& to, int port,
             Protocol protocol) {
  return AllowedPorts(cluster, from, to).Contains(protocol, port);
}

std::string Golden(const std::string& name) {
  return ReadFileOrFail(SourceDir() + "/tests/golden/netpol-demo/" + name);
}

LoadResult LoadExample(const std::string& name) {
  std::istringstream no_stdin;
  LoadResult loaded = LoadPaths({SourceDir() + "/examples/" + name}, no_stdin);
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.ToString());
  }
  REQUIRE_FALSE(loaded.HasErrors());
  // As Analysis prepares it: DNS modelled, then sorted into place.
  if (ModelClusterDnsIfMissing(loaded.cluster)) loaded.cluster.Finalize();
  return loaded;
}

std::string ReadFileOrFail(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path);
  REQUIRE(in.good());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

std::string ShellQuote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

namespace {

std::string ChromiumCommand(const std::string& scratch_dir) {
  return "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
         "--disable-background-networking --disable-component-update --disable-sync "
         "--disable-quic --user-data-dir=" + ShellQuote(scratch_dir + "/chromium-profile");
}

}  // namespace

std::string HeadlessChromiumDom(const std::string& html, const std::string& fragment,
                                const std::string& scratch_dir) {
  REQUIRE(std::system("command -v chromium >/dev/null 2>&1") == 0);
  const std::string dump = scratch_dir + "/chromium-dom.html";
  const std::string command = ChromiumCommand(scratch_dir) + " --dump-dom " +
                              ShellQuote("file://" + html + fragment) + " >" + ShellQuote(dump) +
                              " 2>" + ShellQuote(scratch_dir + "/chromium.log");
  REQUIRE(std::system(command.c_str()) == 0);
  return ReadFileOrFail(dump);
}

std::string HeadlessChromiumDomOfUrl(const std::string& url, const std::string& scratch_dir,
                                     int virtual_ms) {
  REQUIRE(std::system("command -v chromium >/dev/null 2>&1") == 0);
  const std::string dump = scratch_dir + "/chromium-dom.html";
  const std::string command = ChromiumCommand(scratch_dir) + " --virtual-time-budget=" +
                              std::to_string(virtual_ms) + " --dump-dom " + ShellQuote(url) +
                              " >" + ShellQuote(dump) + " 2>" +
                              ShellQuote(scratch_dir + "/chromium.log");
  REQUIRE(std::system(command.c_str()) == 0);
  return ReadFileOrFail(dump);
}

std::string HeadlessChromiumScreenshot(const std::string& html, const std::string& png,
                                       const std::string& scratch_dir) {
  REQUIRE(std::system("command -v chromium >/dev/null 2>&1") == 0);
  const std::string command = ChromiumCommand(scratch_dir) + " --window-size=1280,900 --screenshot=" +
                              ShellQuote(png) + " " + ShellQuote("file://" + html) +
                              " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  return ReadFileOrFail(png);
}

CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text) {
  return RunCliIn(SourceDir(), args, stdin_text);
}

namespace {

// The directories MakeTempDir made, removed with everything in them when
// the test process exits. Only by the process that made them: a child
// forked by RunInChild leaves with _exit and runs no destructor, but any
// other child must not remove what its parent still uses.
class MadeTempDirs {
 public:
  static MadeTempDirs& Get() {
    static MadeTempDirs dirs;
    return dirs;
  }
  void Add(std::string dir) {
    const std::lock_guard<std::mutex> lock(mutex_);
    dirs_.push_back(std::move(dir));
  }
  ~MadeTempDirs() {
    if (getpid() != owner_) return;
    for (const std::string& dir : dirs_) {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  }

 private:
  MadeTempDirs() = default;
  const pid_t owner_ = getpid();
  std::mutex mutex_;
  std::vector<std::string> dirs_;
};

}  // namespace

std::string MakeTempDir() {
  const std::string pattern = (std::filesystem::temp_directory_path() / "netpol-test-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const char* dir = mkdtemp(name.data());
  REQUIRE(dir != nullptr);
  MadeTempDirs::Get().Add(dir);
  return dir;
}

CliResult RunCliIn(const std::string& working_directory, const std::vector<std::string>& args,
                   const std::string& stdin_text) {
  std::istringstream in(stdin_text);
  std::ostringstream out;
  std::ostringstream err;
  cli::Io io{in, out, err, working_directory};
  CliResult result;
  result.exit_code = cli::RunNetpol(args, io);
  result.out = out.str();
  result.err = err.str();
  return result;
}

CliResult RunBinary(const std::vector<std::string>& args, const std::string& stdin_text) {
  char dir_template[] = "/tmp/netpol-cli-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  REQUIRE(dir != nullptr);
  const std::string base(dir);
  {
    std::ofstream in(base + "/stdin", std::ios::binary);
    in << stdin_text;
  }
  std::string command = "cd " + ShellQuote(SourceDir()) + " && " + ShellQuote(NETPOL_CLI_PATH);
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  command += " <" + base + "/stdin >" + base + "/out 2>" + base + "/err";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = Slurp(base + "/out");
  result.err = Slurp(base + "/err");
  std::remove((base + "/stdin").c_str());
  std::remove((base + "/out").c_str());
  std::remove((base + "/err").c_str());
  rmdir(dir);
  return result;
}

std::string ConformanceDir() { return NETPOL_CONFORMANCE_DIR; }
std::string SourceDir() { return NETPOL_SOURCE_DIR; }

ChildOutcome RunInChild(const std::function<void()>& call) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  std::fflush(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGABRT, SIG_DFL);  // not Catch's handler: it would report a failure
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    call();
    _exit(0);
  }
  close(pipe_fds[1]);
  ChildOutcome outcome;
  char buffer[256];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
    outcome.err.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  outcome.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  return outcome;
}

}  // namespace netpol::testing
