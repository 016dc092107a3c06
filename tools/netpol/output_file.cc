// Writing an output file so that a reader never sees half of it: the
// content goes to PATH.netpol-partial beside the target (same filesystem,
// so the rename is atomic) and is renamed over PATH only when complete.
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#include "cli_common.h"

namespace netpol::cli {

int WriteOutputFile(const std::string& path, const std::string& what, Io& io,
                    const std::function<int(std::ostream&)>& write) {
  if (path == "-") return write(io.out);
  const std::string target = io.Resolve(path);
  const std::string partial = target + ".netpol-partial";
  errno = 0;
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  const int status = out ? write(out) : kExitOk;
  std::error_code ignored;
  if (status == kExitUsage) {  // the command failed: nothing is written
    out.close();
    std::filesystem::remove(partial, ignored);
    return status;
  }
  out.close();
  std::error_code renamed;
  if (out) std::filesystem::rename(partial, target, renamed);
  if (!out || renamed) {
    const int error = renamed ? renamed.value() : (errno ? errno : EIO);
    std::string reason = std::generic_category().message(error);
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    std::filesystem::remove(partial, ignored);
    io.err << path << ": error: cannot write " << what << ": " << reason << "\n";
    return kExitUsage;
  }
  return status;
}

}  // namespace netpol::cli

namespace netpol::cli {

void AddOutputFileFlag(CLI::App& sub, Action& action) {
  auto path = std::make_shared<std::string>();
  sub.add_option("--output-file", *path,
                 "Write the output to this file instead of standard output (- for standard "
                 "output); written completely or not at all");
  action = [path, run = std::move(action)](Io& io) {
    if (path->empty()) return run(io);
    return WriteOutputFile(*path, "the output", io, [&](std::ostream& out) {
      Io to_file{io.in, out, io.err, io.working_directory, /*out_is_terminal=*/false,
                 io.err_is_terminal, io.no_color, io.color};
      return run(to_file);
    });
  };
}

}  // namespace netpol::cli
