#include "netpol/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>
#include <filesystem>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "parse/calico_policy_decoder.h"
#include "parse/doc_node.h"
#include "parse/load.h"
#include "parse/manifest_decoder.h"
#include "parse/path_filter.h"
#include "parse/read_ahead.h"
#include "parse/split_reader.h"
#include "parse/template_detector.h"
#include "parse/workload_folding.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
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
  return ext == ".yaml" || ext == ".yml" || ext == ".json" || path.filename() == "Kustomization";
}

std::string_view BaseName(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

// What a file found in a directory is by its name alone, when that says it
// is not a manifest (Helm and kustomize configuration); else empty.
std::string_view NotManifestByName(std::string_view name) {
  const std::string_view base = BaseName(name);
  if (base == "Chart.yaml") return "Chart.yaml";
  if (base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization") {
    return "kustomization";
  }
  return {};
}

// What a file found in a directory that holds no Kubernetes object is, for
// the summary.
std::string_view OtherFileKind(std::string_view name) {
  const std::string_view base = BaseName(name);
  if (base.starts_with("values") && (base.ends_with(".yaml") || base.ends_with(".yml"))) {
    return "Helm values";
  }
  return name.ends_with(".json") ? "other JSON" : "other YAML";
}

// Every Kubernetes object (List items aside) has a kind and an apiVersion;
// a document with neither (a CI workflow, a compose file, package.json) is
// something else.
bool IsKubernetesLike(const DocNode& document) {
  return document.IsMap() && (document.Get("kind") || document.Get("apiVersion"));
}

// The order of the summary's categories.
constexpr std::string_view kQuietKinds[] = {"Helm values", "Chart.yaml", "kustomization",
                                            "other YAML", "other JSON"};
constexpr std::string_view kTemplate = "Helm template";

// Files skipped instead of read, and the notes that say so.
class SkippedFiles {
 public:
  void Template(const InputFile& input, const std::optional<TextPosition>& at) {
    ++counts_[std::string(kTemplate)];
    const std::string key = input.helm_chart.empty() ? input.name : input.helm_chart;
    auto it = std::find_if(templates_.begin(), templates_.end(),
                           [&](const TemplateGroup& g) { return g.key == key; });
    if (it == templates_.end()) {
      templates_.push_back({key, input.helm_chart.empty(), at.value_or(TextPosition{}), 0});
      it = templates_.end() - 1;
    }
    ++it->files;
  }
  void Quiet(std::string_view kind) { ++counts_[std::string(kind)]; }

  void Report(DiagnosticSink& sink) const {
    for (const TemplateGroup& group : templates_) {
      if (group.single_file) {
        sink.Note(SourceLoc{group.key, group.at.line, group.at.column},
                  "skipped: a Go/Helm template ('{{' where YAML expects a value), not YAML until "
                  "rendered; to analyse it: helm template NAME CHARTDIR | netpol lint -");
      } else {
        std::string release(BaseName(group.key));
        if (release.empty() || release == "." || release == "..") release = "NAME";
        sink.Note(SourceLoc{group.key, 0, 0},
                  fmt::format("skipped {} file{} of Helm chart {} (templates are not YAML until "
                              "rendered); to analyse them: helm template {} {} | netpol lint -",
                              group.files, group.files == 1 ? "" : "s", group.key, release,
                              group.key));
      }
    }
    int total = 0;
    std::string parts;
    for (std::string_view kind : kQuietKinds) {
      const auto it = counts_.find(std::string(kind));
      if (it == counts_.end()) continue;
      total += it->second;
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", it->second, kind);
    }
    if (total == 0) return;
    sink.Note(SourceLoc{},
              fmt::format("skipped {} {} ({}); --exclude or .netpolignore to silence", total,
                          total == 1 ? "file that is not a Kubernetes manifest"
                                     : "files that are not Kubernetes manifests",
                          parts));
  }

  const std::map<std::string, int>& counts() const { return counts_; }

 private:
  struct TemplateGroup {
    std::string key;  // the chart's directory, or the file
    bool single_file;
    TextPosition at;  // for a single file: its first template action
    int files;
  };
  std::vector<TemplateGroup> templates_;
  std::map<std::string, int> counts_;
};

std::string NormalizeNewlines(std::string_view text) {
  // The YAML reader handles CRLF, but a lone CR would shift every line number.
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

// What reading one input text gave, before its objects are decoded. Reading
// (the expensive part) needs nothing shared, so texts are read on several
// threads; decoding into the one cluster, and the diagnostics' order, stay
// sequential and in input order.
struct ParsedInput {
  enum class Outcome { kTemplate, kQuiet, kDocuments };
  Outcome outcome = Outcome::kDocuments;
  std::optional<TextPosition> template_at;  // kTemplate: the first template action
  std::string_view quiet_kind;              // kQuiet: what the file is
  // kDocuments: the documents (none after a syntax error) and the reader's
  // diagnostics. Node locations are byte offsets into `lines`.
  std::unique_ptr<LineIndex> lines;
  std::vector<DocNode> documents;
  std::vector<Diagnostic> diagnostics;
  bool failed = false;
};

// `raw` is the text of `input` (whose own text may be left empty by LoadText,
// which does not copy). Touches nothing but its arguments: runs on any thread.
// Large texts are read in parts on up to `jobs` threads (split_reader.h).
ParsedInput ParseOne(std::string_view raw, const InputFile& input, const ReadLimits& limits,
                     unsigned jobs) {
  ParsedInput parsed;
  const std::string& name = input.name;
  if (!input.helm_chart.empty()) {
    parsed.outcome = ParsedInput::Outcome::kTemplate;
    return parsed;
  }
  const bool has_cr = raw.find('\r') != std::string_view::npos;
  std::string normalized;
  std::string_view text = raw;
  if (has_cr) {
    normalized = NormalizeNewlines(raw);
    text = normalized;
  }
  if (const std::optional<TextPosition> at = FindTemplateAction(text)) {
    parsed.outcome = ParsedInput::Outcome::kTemplate;
    parsed.template_at = at;
    return parsed;
  }
  if (input.found_in_directory) {
    if (const std::string_view kind = NotManifestByName(name); !kind.empty()) {
      parsed.outcome = ParsedInput::Outcome::kQuiet;
      parsed.quiet_kind = kind;
      return parsed;
    }
    // Cheap, and kind to files that are not even YAML (tsconfig.json with
    // comments): what never says kind or apiVersion holds no object.
    if (text.find("kind") == std::string_view::npos &&
        text.find("apiVersion") == std::string_view::npos) {
      parsed.outcome = ParsedInput::Outcome::kQuiet;
      parsed.quiet_kind = OtherFileKind(name);
      return parsed;
    }
  }
  DiagnosticSink sink;
  const bool json = LooksLikeJson(text, name);
  if (json) parsed.lines = std::make_unique<LineIndex>(text);
  std::optional<std::vector<DocNode>> in_parts;
  if (jobs > 1 && text.size() >= kSplitMinBytes) {
    // The checks the whole readers make first, made once.
    if (!CheckInputSize(text, name, limits, sink) || !CheckUtf8(text, name, sink)) {
      parsed.failed = true;
      parsed.diagnostics = sink.Take();
      return parsed;
    }
    in_parts = json ? ReadJsonListInParts(text, name, limits, *parsed.lines, jobs)
                    : ReadYamlStreamInParts(text, name, limits, jobs);
  }
  if (in_parts) {
    parsed.documents = std::move(*in_parts);
  } else if (json) {
    parsed.documents = ReadJsonDocuments(text, name, sink, limits, parsed.lines.get());
  } else {
    parsed.documents = ReadYamlDocuments(text, name, sink, limits);
  }
  parsed.failed = sink.HasErrors();
  parsed.diagnostics = sink.Take();
  if (parsed.failed) {
    parsed.documents.clear();
    return parsed;
  }
  if (input.found_in_directory &&
      std::none_of(parsed.documents.begin(), parsed.documents.end(), IsKubernetesLike)) {
    parsed.outcome = ParsedInput::Outcome::kQuiet;
    parsed.quiet_kind = OtherFileKind(name);
    parsed.documents.clear();
  }
  return parsed;
}

// Decodes what ParseOne read, in input order.
void ApplyOne(ParsedInput parsed, const InputFile& input, ManifestDecoder& decoder,
              DiagnosticSink& sink, SkippedFiles& skipped, unsigned jobs) {
  for (Diagnostic& diagnostic : parsed.diagnostics) sink.Add(std::move(diagnostic));
  switch (parsed.outcome) {
    case ParsedInput::Outcome::kTemplate: skipped.Template(input, parsed.template_at); return;
    case ParsedInput::Outcome::kQuiet: skipped.Quiet(parsed.quiet_kind); return;
    case ParsedInput::Outcome::kDocuments: break;
  }
  if (parsed.failed) return;
  decoder.DecodeDocuments(parsed.documents, jobs);
}

// Reads the inputs of `sizes` (bytes each) on up to `jobs` threads and
// hands each result to `apply` on the calling thread, in input order.
// Threads read ahead of the one being applied only as far as ReadAhead
// allows, so the documents held at once stay bounded whatever the number
// and the size of the inputs.
void ParseInOrder(const std::vector<std::size_t>& sizes, unsigned jobs,
                  const std::function<ParsedInput(std::size_t)>& parse,
                  const std::function<void(std::size_t, ParsedInput)>& apply) {
  const std::size_t count = sizes.size();
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::min<std::size_t>(
                                                    count, std::numeric_limits<unsigned>::max()))));
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) apply(i, parse(i));
    return;
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<ParsedInput>> ready(count);
  const ReadAhead read_ahead(sizes, jobs);
  std::size_t next = 0;     // the next input a worker takes
  std::size_t applied = 0;  // inputs handed to `apply`
  bool stop = false;
  auto work = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      changed.wait(lock,
                   [&] { return stop || next >= count || read_ahead.MayRead(applied, next); });
      if (stop || next >= count) return;
      const std::size_t i = next++;
      lock.unlock();
      ParsedInput parsed = parse(i);
      lock.lock();
      ready[i] = std::move(parsed);
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < jobs; ++t) workers.emplace_back(work);
  try {
    for (std::size_t i = 0; i < count; ++i) {
      std::optional<ParsedInput> parsed;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return ready[i].has_value(); });
        parsed = std::move(ready[i]);
        ready[i].reset();
      }
      apply(i, std::move(*parsed));
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++applied;
      }
      changed.notify_all();
    }
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    changed.notify_all();
    for (std::thread& worker : workers) worker.join();
    throw;
  }
  for (std::thread& worker : workers) worker.join();
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

unsigned JobsOf(const LoadOptions& options) {
  return options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
}

LoadResult Finish(Cluster cluster, ManifestDecoder& decoder, DiagnosticSink& sink,
                  const SkippedFiles& skipped, const LoadOptions& options) {
  decoder.ReportSkippedKinds();
  skipped.Report(sink);
  if (options.fold_owned_pods) {
    FoldOwnedPods(cluster, sink, FoldOptions{options.ip_blocks_match_pods});
  }
  ResolveCiliumServicePeers(cluster, sink);
  CheckCalicoReferences(cluster, sink);
  LoadResult result;
  cluster.Finalize();
  result.cluster = std::move(cluster);
  result.skipped_kinds = decoder.skipped_kinds();
  result.duplicates = decoder.duplicates();
  result.skipped_files = skipped.counts();
  result.diagnostics = sink.Take();
  return result;
}

}  // namespace

bool LoadResult::HasErrors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

namespace {

// The size ParseByteSize reads, or nullopt.
std::optional<std::size_t> ByteSize(std::string_view text) {
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

}  // namespace

Result<std::size_t> ParseByteSize(std::string_view text) {
  if (std::optional<std::size_t> size = ByteSize(text)) return *size;
  return Status::InvalidArgument(
      fmt::format("expected a size such as 2G, 500M or 1048576, got \"{}\"", text));
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
  SkippedFiles skipped;
  const InputFile input{file_name, {}};
  ApplyOne(ParseOne(text, input, ReadLimits{options.max_input_bytes}, JobsOf(options)), input,
           decoder, sink, skipped, JobsOf(options));
  return Finish(std::move(cluster), decoder, sink, skipped, options);
}

LoadResult LoadInputs(const std::vector<InputFile>& inputs, const LoadOptions& options) {
  Cluster cluster;
  DiagnosticSink sink;
  ManifestDecoder decoder(cluster, sink, options.validation);
  const ReadLimits limits{options.max_input_bytes};
  SkippedFiles skipped;
  const unsigned jobs = JobsOf(options);
  std::vector<std::size_t> sizes;
  sizes.reserve(inputs.size());
  for (const InputFile& input : inputs) sizes.push_back(input.text.size());
  ParseInOrder(
      sizes, jobs,
      [&](std::size_t i) { return ParseOne(inputs[i].text, inputs[i], limits, jobs); },
      [&](std::size_t i, ParsedInput parsed) {
        ApplyOne(std::move(parsed), inputs[i], decoder, sink, skipped, jobs);
        if (options.progress) options.progress(i + 1, inputs.size());
      });
  return Finish(std::move(cluster), decoder, sink, skipped, options);
}

namespace {

// Finds the Helm charts files belong to, asking the file system once per
// directory.
class ChartFinder {
 public:
  // The outermost chart that renders `file` (its directory): `file` is
  // under CHART/templates/, or in a subchart under CHART/charts/.
  std::optional<fs::path> ChartOf(const fs::path& file) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(file, ec).lexically_normal();
    if (ec) return std::nullopt;
    std::optional<fs::path> chart;
    fs::path child = absolute;
    for (fs::path dir = absolute.parent_path(); dir != child; child = dir, dir = dir.parent_path()) {
      if (child == absolute) continue;  // the file itself
      const std::string child_name = child.filename().string();
      if (child_name == (chart ? "charts" : "templates") && HasChartYaml(dir)) chart = dir;
    }
    return chart;
  }

 private:
  bool HasChartYaml(const fs::path& dir) {
    auto [it, inserted] = has_chart_.emplace(dir, false);
    if (inserted) {
      std::error_code ec;
      it->second = fs::is_regular_file(dir / "Chart.yaml", ec);
    }
    return it->second;
  }
  std::map<fs::path, bool> has_chart_;
};

// `chart` (absolute) named as the user would: relative to `file_name`, the
// way `file` (absolute) was named.
std::string ChartName(const fs::path& chart, const fs::path& file, const std::string& file_name) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(file, ec).lexically_normal();
  std::string name =
      (fs::path(file_name) / chart.lexically_relative(absolute)).lexically_normal().string();
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  return name.empty() ? "." : name;
}

// A path as written, for --exclude: '/'-separated, without "./".
std::string RelativeForFilter(const std::string& path_text) {
  std::string normal = fs::path(path_text).lexically_normal().generic_string();
  while (normal.starts_with("./")) normal.erase(0, 2);
  return normal;
}

}  // namespace

std::vector<InputFile> ReadInputs(const std::vector<std::string>& paths,
                                  std::istream& stdin_stream, DiagnosticSink& sink,
                                  const std::string& working_directory,
                                  const std::vector<std::string>& exclude) {
  std::vector<InputFile> inputs;
  ChartFinder charts;
  PathFilter excluded_by_flag;
  for (const std::string& pattern : exclude) excluded_by_flag.AddPattern(pattern);
  // `path` is where the file is; `name` how the user wrote it.
  auto read_file = [&](const fs::path& path, const std::string& name, bool found_in_directory) {
    std::string text;
    if (std::error_code ec = ReadWholeFile(path, &text)) {
      sink.Error(SourceLoc{name, 0, 0}, "cannot read file: " + OsReason(ec));
      return;
    }
    InputFile input{name, std::move(text)};
    input.found_in_directory = found_in_directory;
    if (const std::optional<fs::path> chart = charts.ChartOf(path)) {
      input.helm_chart = ChartName(*chart, path, name);
    }
    inputs.push_back(std::move(input));
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
      if (!excluded_by_flag.Excluded(RelativeForFilter(path_text), false)) {
        read_file(path, path_text, false);
      }
      continue;
    }
    // The directory's .netpolignore, then --exclude (the command line wins).
    PathFilter filter;
    const fs::path ignore_file = path / ".netpolignore";
    if (fs::exists(ignore_file, ec)) {
      std::ifstream in(ignore_file, std::ios::binary);
      if (!in) {
        sink.Error(SourceLoc{(fs::path(path_text) / ".netpolignore").string(), 0, 0},
                   "cannot read file");
        continue;
      }
      std::ostringstream text;
      text << in.rdbuf();
      filter.AddLines(text.str());
    }
    for (const std::string& pattern : exclude) filter.AddPattern(pattern);
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(
             path, fs::directory_options::follow_directory_symlink, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;  // an unreadable entry is skipped, not the end of the walk
      const bool is_directory = it->is_directory(entry_ec);
      const std::string relative = it->path().lexically_relative(path).generic_string();
      if (is_directory) {
        if (it->path().filename() == ".git" || filter.Excluded(relative, true)) {
          it.disable_recursion_pending();
        }
        continue;
      }
      if (it->is_regular_file(entry_ec) && IsManifestFile(it->path()) &&
          !filter.Excluded(relative, false)) {
        files.push_back(it->path());
      }
    }
    if (ec) sink.Error(SourceLoc{path_text, 0, 0}, "cannot list directory: " + OsReason(ec));
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      read_file(file, (fs::path(path_text) / file.lexically_relative(path)).string(), true);
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

NETPOL_NAMESPACE_END
