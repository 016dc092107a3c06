#include "cli_common.h"

#include <fmt/format.h>

namespace netpol::cli {

void PrintDiagnostic(const Diagnostic& diagnostic, const std::vector<InputFile>& files,
                     std::ostream& err) {
  err << diagnostic.ToString() << "\n";
  if (diagnostic.severity != Severity::kError || diagnostic.loc.line <= 0) return;
  for (const InputFile& file : files) {
    if (file.name != diagnostic.loc.file) continue;
    std::size_t start = 0;
    for (int line = 1; line < diagnostic.loc.line && start != std::string::npos; ++line) {
      start = file.text.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start > file.text.size()) return;
    std::size_t end = file.text.find('\n', start);
    std::string line = file.text.substr(start, end == std::string::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > 200) return;  // not helpful for minified input
    err << "  " << line << "\n";
    if (diagnostic.loc.column > 0) {
      err << "  " << std::string(static_cast<std::size_t>(diagnostic.loc.column - 1), ' ')
          << "^\n";
    }
    return;
  }
}

std::optional<LoadedInputs> LoadOrReport(const std::vector<std::string>& paths, Io& io) {
  LoadedInputs loaded;
  DiagnosticSink read_sink;
  loaded.files = ReadInputs(paths, io.in, read_sink);
  for (const Diagnostic& d : read_sink.diagnostics()) PrintDiagnostic(d, loaded.files, io.err);
  loaded.result = LoadInputs(loaded.files);
  for (const Diagnostic& d : loaded.result.diagnostics) PrintDiagnostic(d, loaded.files, io.err);
  if (read_sink.HasErrors() || loaded.result.HasErrors()) {
    int errors = read_sink.error_count();
    for (const Diagnostic& d : loaded.result.diagnostics) {
      if (d.severity == Severity::kError) ++errors;
    }
    io.err << fmt::format("netpol: {} error{} in the input; nothing was analysed\n", errors,
                          errors == 1 ? "" : "s");
    return std::nullopt;
  }
  return loaded;
}

void AddPathsArgument(CLI::App& sub, std::vector<std::string>& paths) {
  sub.add_option("paths", paths,
                 "Manifest files or directories (*.yaml, *.yml, *.json, recursively), "
                 "or - for standard input")
      ->required();
}

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"graph", "Compute the allow-graph: who can reach whom, on which ports", SetUpGraphCommand},
      {"check", "Check the allow-graph against intended connections; explain gaps, suggest fixes",
       SetUpCheckCommand},
  };
  return kCommands;
}

}  // namespace netpol::cli
