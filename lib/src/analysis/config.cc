// `.netpol.yaml`: parsing with located errors, finding the file, applying it.
#include "netpol/config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

bool IsNullValue(const DocNode& node) {
  return node.IsNull() || (node.IsScalar() && node.Resolve() == DocNode::Resolved::kNull);
}

class ConfigParser {
 public:
  ConfigParser(const LintRegistry& registry, DiagnosticSink& sink, NetpolConfig& config)
      : registry_(registry), sink_(sink), config_(config) {}

  void Top(const DocNode& root) {
    if (IsNullValue(root)) return;
    if (!Expect(root, DocNode::Type::kMap, "a mapping (rules, exclude, engine)")) return;
    for (const DocNode::Entry& entry : root.entries()) {
      if (IsNullValue(entry.value)) continue;
      if (entry.key == "rules") Rules(entry.value);
      else if (entry.key == "exclude") Exclude(entry.value);
      else if (entry.key == "engine") Engine(entry.value);
      else UnknownKey(entry, "", "rules, exclude, engine");
    }
  }

 private:
  void Rules(const DocNode& node) {
    if (!Expect(node, DocNode::Type::kMap, "a mapping (enable, disable, severity)", "rules")) {
      return;
    }
    for (const DocNode::Entry& entry : node.entries()) {
      if (IsNullValue(entry.value)) continue;
      if (entry.key == "enable") RuleList(entry.value, "rules.enable", config_.enabled);
      else if (entry.key == "disable") RuleList(entry.value, "rules.disable", config_.disabled);
      else if (entry.key == "severity") Severities(entry.value);
      else UnknownKey(entry, "rules.", "enable, disable, severity");
    }
  }

  void RuleList(const DocNode& node, const std::string& what, std::set<std::string>& out) {
    if (!Expect(node, DocNode::Type::kSequence, "a list of rule ids or names", what)) return;
    for (const DocNode& item : node.items()) {
      if (!IsString(item, "a rule id or name", what)) continue;
      if (const LintRule* rule = Rule(item.value(), item.loc, what)) out.insert(rule->Info().id);
    }
  }

  void Severities(const DocNode& node) {
    if (!Expect(node, DocNode::Type::kMap, "a mapping of rule ids or names to error, warning "
                "or info", "rules.severity")) {
      return;
    }
    for (const DocNode::Entry& entry : node.entries()) {
      const LintRule* rule = Rule(entry.key, entry.key_loc, "rules.severity");
      if (!IsString(entry.value, "error, warning or info", "rules.severity." + entry.key)) continue;
      const std::optional<LintSeverity> severity = ParseLintSeverity(entry.value.value());
      if (!severity) {
        sink_.Error(entry.value.loc,
                    fmt::format("rules.severity.{}: expected error, warning or info, got \"{}\"",
                                entry.key, entry.value.value()));
        continue;
      }
      if (rule) config_.severity[rule->Info().id] = *severity;
    }
  }

  void Exclude(const DocNode& node) {
    if (!Expect(node, DocNode::Type::kSequence, "a list of globs (as --exclude)", "exclude")) {
      return;
    }
    for (const DocNode& item : node.items()) {
      if (IsString(item, "a glob", "exclude")) config_.exclude.push_back(item.value());
    }
  }

  void Engine(const DocNode& node) {
    if (!Expect(node, DocNode::Type::kMap, "a mapping (dns, ipBlocksMatchPods)", "engine")) return;
    for (const DocNode::Entry& entry : node.entries()) {
      const DocNode& value = entry.value;
      if (IsNullValue(value)) continue;
      if (entry.key == "ipBlocksMatchPods") {
        if (!value.IsScalar() || value.Resolve() != DocNode::Resolved::kBool) {
          WrongType(value, "true or false", "engine.ipBlocksMatchPods");
          continue;
        }
        config_.ip_blocks_match_pods = value.BoolValue();
      } else if (entry.key == "dns") {
        Dns(value);
      } else {
        UnknownKey(entry, "engine.", "dns, ipBlocksMatchPods");
      }
    }
  }

  void Dns(const DocNode& value) {
    constexpr const char* kExpected =
        "NAMESPACE/LABEL=VALUE[,LABEL=VALUE...] (as --dns) or false (as --no-dns-model)";
    if (value.IsScalar() && value.Resolve() == DocNode::Resolved::kBool) {
      ClusterDnsOptions dns;
      dns.model_when_missing = value.BoolValue();
      config_.dns = dns;
      return;
    }
    if (!value.IsScalar() || value.Resolve() != DocNode::Resolved::kString) {
      WrongType(value, kExpected, "engine.dns");
      return;
    }
    Result<ClusterDnsOptions> dns = ParseDnsPods(value.value());
    if (!dns.ok()) {
      sink_.Error(value.loc,
                  fmt::format("engine.dns: expected {}, got \"{}\"", kExpected, value.value()));
      return;
    }
    config_.dns = std::move(*dns);
  }

  const LintRule* Rule(const std::string& name, const SourceLoc& loc, const std::string& what) {
    const LintRule* rule = registry_.Find(name);
    if (!rule) {
      sink_.Error(loc, fmt::format("{}: unknown rule \"{}\" (see netpol lint --list-rules)",
                                   what, name));
    }
    return rule;
  }

  bool Expect(const DocNode& node, DocNode::Type type, const std::string& expected,
              const std::string& what = {}) {
    if (node.type == type) return true;
    WrongType(node, expected, what);
    return false;
  }

  bool IsString(const DocNode& node, const std::string& expected, const std::string& what) {
    if (node.IsScalar() && (node.Resolve() == DocNode::Resolved::kString ||
                            node.scalar_kind == DocNode::ScalarKind::kString)) {
      return true;
    }
    WrongType(node, expected, what);
    return false;
  }

  void WrongType(const DocNode& node, const std::string& expected, const std::string& what) {
    sink_.Error(node.loc, fmt::format("{}expected {}, got {}", what.empty() ? "" : what + ": ",
                                      expected, node.Describe()));
  }

  void UnknownKey(const DocNode::Entry& entry, const std::string& prefix,
                  const std::string& known) {
    sink_.Error(entry.key_loc, fmt::format("unknown key \"{}{}\" (known here: {})", prefix,
                                           entry.key, known));
  }

  const LintRegistry& registry_;
  DiagnosticSink& sink_;
  NetpolConfig& config_;
};

}  // namespace

Result<NetpolConfig> ParseConfig(std::string_view text, const std::string& file,
                                 const LintRegistry& registry) {
  DiagnosticSink sink;
  NetpolConfig config;
  config.file = file;
  std::vector<DocNode> documents;
  if (CheckUtf8(text, file, sink)) documents = ReadYamlDocuments(text, file, sink);
  if (documents.size() > 1) {
    sink.Error(documents[1].loc, "a configuration is one YAML document; found another here");
  }
  if (!sink.HasErrors() && !documents.empty()) {
    ConfigParser(registry, sink, config).Top(documents.front());
  }
  if (sink.HasErrors()) {
    const std::vector<InputFile> files = {InputFile{file, std::string(text)}};
    std::string detail;
    for (const Diagnostic& diagnostic : sink.diagnostics()) {
      detail += FormatDiagnostic(diagnostic, files);
    }
    const int errors = sink.error_count();
    return Status::InvalidInput(fmt::format("{} error{} in the configuration {}; nothing was "
                                            "analysed",
                                            errors, errors == 1 ? "" : "s", file),
                                sink.Take(), std::move(detail));
  }
  return config;
}

Result<NetpolConfig> LoadConfigFile(const std::string& path, const LintRegistry& registry,
                                    const std::string& working_directory) {
  std::ifstream in(ResolvePath(path, working_directory), std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read the configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path, registry);
}

Result<std::optional<NetpolConfig>> FindConfig(const std::string& explicit_path,
                                               const LintRegistry& registry,
                                               const std::string& working_directory) {
  std::string path = explicit_path;
  if (path.empty()) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(ResolvePath(kConfigFileName, working_directory),
                                          error)) {
      return std::optional<NetpolConfig>();
    }
    path = kConfigFileName;
  }
  Result<NetpolConfig> config = LoadConfigFile(path, registry, working_directory);
  if (!config.ok()) return config.status();
  return std::optional<NetpolConfig>(std::move(*config));
}

void ApplyConfig(const NetpolConfig& config, AnalysisOptions& options) {
  options.load.exclude.insert(options.load.exclude.end(), config.exclude.begin(),
                              config.exclude.end());
  if (config.ip_blocks_match_pods) options.eval.ip_blocks_match_pods = *config.ip_blocks_match_pods;
  if (config.dns) {
    // `dns: false` only turns modelling off; a NAMESPACE/LABELS value names the pods.
    if (config.dns->model_when_missing) {
      options.dns = *config.dns;
    } else {
      options.dns.model_when_missing = false;
    }
  }
}

void ApplyConfig(const NetpolConfig& config, LintOptions& options) {
  options.enabled.insert(config.enabled.begin(), config.enabled.end());
  options.disabled.insert(config.disabled.begin(), config.disabled.end());
  for (const auto& [rule, severity] : config.severity) options.severity[rule] = severity;
}

NETPOL_NAMESPACE_END
