// `netpol version`: as `kubectl version`, the version, the commit it was built
// from and, in place of kubectl's Go version, the libraries it was built
// with (versions CMake found; Boost is not among them: netpol does not use it).
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "build_info.h"
#include "cli_common.h"

namespace netpol::cli {
namespace {

struct Library {
  const char* name;
  const char* version;
};

constexpr Library kLibraries[] = {
    {"libfyaml", NETPOL_BUILD_LIBFYAML_VERSION},
    {"simdjson", NETPOL_BUILD_SIMDJSON_VERSION},
    {"nlohmann/json", NETPOL_BUILD_NLOHMANN_JSON_VERSION},
    {"fmt", NETPOL_BUILD_FMT_VERSION},
    {"CLI11", NETPOL_BUILD_CLI11_VERSION},
};

// A version CMake did not report is "unknown", never an empty string.
const char* Known(const char* version) { return *version == '\0' ? "unknown" : version; }

int RunVersion(const std::string& format, Io& io) {
  if (format == "json") {
    nlohmann::ordered_json libraries = nlohmann::ordered_json::object();
    for (const Library& library : kLibraries) libraries[library.name] = Known(library.version);
    const nlohmann::ordered_json json = {{"version", netpol::Version()},
                                         {"commit", NETPOL_BUILD_COMMIT},
                                         {"compiler", NETPOL_BUILD_COMPILER},
                                         {"libraries", libraries},
                                         {"allocator", NETPOL_BUILD_ALLOCATOR}};
    io.out << json.dump(2) << "\n";
    return kExitOk;
  }
  io.out << fmt::format("netpol {} (commit {})\n", netpol::Version(), NETPOL_BUILD_COMMIT);
  io.out << fmt::format("built with {}", NETPOL_BUILD_COMPILER);
  for (const Library& library : kLibraries) {
    io.out << fmt::format(", {} {}", library.name, Known(library.version));
  }
  io.out << fmt::format("; allocator: {}\n", NETPOL_BUILD_ALLOCATOR);
  return kExitOk;
}

}  // namespace

void SetUpVersionCommand(CLI::App& sub, Action& action) {
  auto format = std::make_shared<std::string>("text");
  sub.add_option("-o,--output", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.footer(
      "Also -V/--version, which prints the first line only.\n\n"
      "Examples:\n"
      "  netpol version\n"
      "  netpol version -o json | jq -r .commit");
  action = [format](Io& io) { return RunVersion(*format, io); };
}

}  // namespace netpol::cli
