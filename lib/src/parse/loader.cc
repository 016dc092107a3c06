#include "netpol/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

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

void LoadOne(std::string_view raw, const std::string& name, ManifestDecoder& decoder,
             DiagnosticSink& sink) {
  const bool has_cr = raw.find('\r') != std::string_view::npos;
  std::string normalized;
  std::string_view text = raw;
  if (has_cr) {
    normalized = NormalizeNewlines(raw);
    text = normalized;
  }
  const int errors_before = sink.error_count();
  std::vector<DocNode> documents = LooksLikeJson(text, name)
                                       ? ReadJsonDocuments(text, name, sink)
                                       : ReadYamlDocuments(text, name, sink);
  if (sink.error_count() != errors_before) return;
  for (const DocNode& document : documents) decoder.DecodeDocument(document);
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

LoadResult LoadText(std::string_view text, const std::string& file_name,
                    const LoadOptions& options) {
  return LoadInputs({InputFile{file_name, std::string(text)}}, options);
}

LoadResult LoadInputs(const std::vector<InputFile>& inputs, const LoadOptions& options) {
  Cluster cluster;
  DiagnosticSink sink;
  ManifestDecoder decoder(cluster, sink, options.validation);
  for (const InputFile& input : inputs) LoadOne(input.text, input.name, decoder, sink);
  return Finish(std::move(cluster), decoder, sink, options);
}

std::vector<InputFile> ReadInputs(const std::vector<std::string>& paths,
                                  std::istream& stdin_stream, DiagnosticSink& sink,
                                  const std::string& working_directory) {
  std::vector<InputFile> inputs;
  // `path` is where the file is; `name` how the user wrote it.
  auto read_file = [&](const fs::path& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      sink.Error(SourceLoc{name, 0, 0}, "cannot read file");
      return;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    inputs.push_back({name, buffer.str()});
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
    if (ec) sink.Error(SourceLoc{path_text, 0, 0}, "cannot list directory: " + ec.message());
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
