#include "netpol/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "parse/doc_node.h"
#include "parse/manifest_decoder.h"
#include "parse/workload_folding.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

bool LooksLikeJson(std::string_view text, const std::string& name) {
  if (name.ends_with(".json")) return true;
  if (name.ends_with(".yaml") || name.ends_with(".yml")) return false;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

bool IsManifestFile(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

std::string NormalizeNewlines(std::string_view text) {
  // yaml-cpp handles CRLF, but a lone CR would shift every line number.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      out += '\n';
    } else {
      out += text[i];
    }
  }
  return out;
}

void LoadOne(std::string_view raw, const std::string& name, const ReadLimits& limits,
             ManifestDecoder& decoder, DiagnosticSink& sink) {
  const bool has_cr = raw.find('\r') != std::string_view::npos;
  std::string normalized;
  std::string_view text = raw;
  if (has_cr) {
    normalized = NormalizeNewlines(raw);
    text = normalized;
  }
  const int errors_before = sink.error_count();
  std::vector<DocNode> documents = LooksLikeJson(text, name)
                                       ? ReadJsonDocuments(text, name, sink, limits)
                                       : ReadYamlDocuments(text, name, sink, limits);
  if (sink.error_count() != errors_before) return;
  for (const DocNode& document : documents) decoder.DecodeDocument(document);
}

// "permission denied": the OS's message, in lower case as netpol's own.
std::string OsReason(const std::error_code& ec) {
  std::string reason = ec.message();
  if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z') {
    reason[0] = static_cast<char>(reason[0] - 'A' + 'a');
  }
  return reason;
}

// Reads `path` into `text` in one allocation (a 100 MB dump is held once,
// not once in a stream buffer and again in a string); the OS's reason on
// failure ("Permission denied").
std::error_code ReadWholeFile(const fs::path& path, std::string* text) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::error_code(errno ? errno : EIO, std::generic_category());
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > 0) {
    text->resize(static_cast<std::size_t>(size));
    in.read(text->data(), static_cast<std::streamsize>(size));
    text->resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return std::error_code(errno ? errno : EIO, std::generic_category());
    if (!in.eof()) in.clear();
  }
  // Whatever is beyond the size the file had when opened (or a file whose
  // size is unknown, such as a pipe).
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text->append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return std::error_code(errno ? errno : EIO, std::generic_category());
  return {};
}

LoadResult Finish(Cluster cluster, ManifestDecoder& decoder, DiagnosticSink& sink,
                  const LoadOptions& options) {
  decoder.ReportSkippedKinds();
  FoldOwnedPods(cluster, sink, FoldOptions{options.ip_blocks_match_pods});
  LoadResult result;
  cluster.Finalize();
  result.cluster = std::move(cluster);
  result.skipped_kinds = decoder.skipped_kinds();
  result.duplicates = decoder.duplicates();
  result.diagnostics = sink.Take();
  return result;
}

}  // namespace

bool LoadResult::HasErrors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

std::optional<std::size_t> ParseByteSize(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 15) return std::nullopt;
  std::size_t value = std::stoull(std::string(text.substr(0, digits)));
  std::string_view unit = text.substr(digits);
  int shift = 0;
  if (!unit.empty()) {
    switch (unit[0]) {
      case 'k': case 'K': shift = 10; break;
      case 'm': case 'M': shift = 20; break;
      case 'g': case 'G': shift = 30; break;
      default: return std::nullopt;
    }
    unit.remove_prefix(1);
    if (unit != "" && unit != "B" && unit != "i" && unit != "iB") return std::nullopt;
  }
  if (value == 0 || value > (std::size_t{1} << 40) >> shift) return std::nullopt;
  return value << shift;
}

std::string FormatByteSize(std::size_t bytes) {
  for (const auto& [shift, unit] : {std::pair{30, "GiB"}, {20, "MiB"}, {10, "KiB"}}) {
    const std::size_t scale = std::size_t{1} << shift;
    if (bytes >= scale && bytes % scale == 0) return fmt::format("{} {}", bytes / scale, unit);
  }
  return fmt::format("{} bytes", bytes);
}

LoadResult LoadText(std::string_view text, const std::string& file_name,
                    const LoadOptions& options) {
  Cluster cluster;
  DiagnosticSink sink;
  ManifestDecoder decoder(cluster, sink, options.validation);
  LoadOne(text, file_name, ReadLimits{options.max_input_bytes}, decoder, sink);
  return Finish(std::move(cluster), decoder, sink, options);
}

LoadResult LoadInputs(const std::vector<InputFile>& inputs, const LoadOptions& options) {
  Cluster cluster;
  DiagnosticSink sink;
  ManifestDecoder decoder(cluster, sink, options.validation);
  const ReadLimits limits{options.max_input_bytes};
  for (const InputFile& input : inputs) LoadOne(input.text, input.name, limits, decoder, sink);
  return Finish(std::move(cluster), decoder, sink, options);
}

std::vector<InputFile> ReadInputs(const std::vector<std::string>& paths,
                                  std::istream& stdin_stream, DiagnosticSink& sink,
                                  const std::string& working_directory) {
  std::vector<InputFile> inputs;
  // `path` is where the file is; `name` how the user wrote it.
  auto read_file = [&](const fs::path& path, const std::string& name) {
    std::string text;
    if (std::error_code ec = ReadWholeFile(path, &text)) {
      sink.Error(SourceLoc{name, 0, 0}, "cannot read file: " + OsReason(ec));
      return;
    }
    inputs.push_back({name, std::move(text)});
  };
  bool stdin_used = false;
  for (const std::string& path_text : paths) {
    if (path_text == "-") {
      if (stdin_used) continue;
      stdin_used = true;
      std::string text((std::istreambuf_iterator<char>(stdin_stream)),
                       std::istreambuf_iterator<char>());
      inputs.push_back({"<stdin>", std::move(text)});
      continue;
    }
    fs::path path(path_text);
    if (!working_directory.empty() && path.is_relative()) path = fs::path(working_directory) / path;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      sink.Error(SourceLoc{path_text, 0, 0}, "no such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      read_file(path, path_text);
      continue;
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::follow_directory_symlink, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && IsManifestFile(it->path())) files.push_back(it->path());
    }
    if (ec) sink.Error(SourceLoc{path_text, 0, 0}, "cannot list directory: " + OsReason(ec));
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      read_file(file, (fs::path(path_text) / file.lexically_relative(path)).string());
    }
  }
  return inputs;
}

LoadResult LoadPaths(const std::vector<std::string>& paths, std::istream& stdin_stream) {
  DiagnosticSink read_sink;
  std::vector<InputFile> inputs = ReadInputs(paths, stdin_stream, read_sink);
  LoadResult result = LoadInputs(inputs);
  std::vector<Diagnostic> read_errors = read_sink.Take();
  result.diagnostics.insert(result.diagnostics.begin(), read_errors.begin(), read_errors.end());
  return result;
}

}  // namespace netpol
