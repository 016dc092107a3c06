#include "cli_common.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <memory>
#include <sstream>

#include "analysis_keeper.h"
#include "progress_reporter.h"

namespace netpol::cli {

std::string Io::Resolve(const std::string& path) const {
  return ResolvePath(path, working_directory);
}

void AddEngineFlags(CLI::App& sub, EngineFlags& flags) {
  sub.add_flag("--no-ipblock-pods", flags.no_ipblock_pods,
               "ipBlocks match only addresses outside the cluster, never pod IPs (as some CNIs "
               "and analyzers treat them; whether ipBlocks apply to pods is implementation-defined)");
  sub.add_flag("--no-dns-model", flags.no_dns_model,
               "Do not model cluster DNS (kube-system/kube-dns[Modelled]) when the inputs have no "
               "DNS pod");
  sub.add_option("--dns", flags.dns,
                 "The cluster DNS pods as NAMESPACE/LABELS (default kube-system/k8s-app=kube-dns; "
                 "e.g. kube-system/k8s-app=node-local-dns)");
  sub.add_flag("--allow-empty", flags.allow_empty,
               "Accept inputs that hold no Kubernetes object (otherwise an error, so that a hook "
               "pointed at the wrong directory fails)");
  sub.add_option("--validate", flags.validate,
                 "Unknown fields in what netpol models (a typo such as matchLabel or ingres): "
                 "strict = input error (as kubectl apply), warn = warning, ignore = silent; "
                 "true/false as in kubectl")
      ->check(CLI::IsMember({"strict", "warn", "ignore", "true", "false"}))
      ->capture_default_str();
  sub.add_option("--max-input-size", flags.max_input_size,
                 "Largest input file (or standard input) to read, e.g. 2G or 500M; a guard "
                 "against hostile input (default 1G)");
  sub.add_option("--exclude", flags.exclude,
                 "Leave out paths matching GLOB (repeatable; .netpolignore/gitignore syntax, "
                 "relative to each directory given, e.g. charts/ or '**/test/*.yaml')")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  sub.add_option("--jobs", flags.jobs,
                 "Read and decode input files on N threads (default: one per hardware thread); "
                 "the result and the order of messages are the same whatever N")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  sub.add_option("--config", flags.config,
                 "Read the configuration (rules, exclude, engine) from FILE; by default "
                 ".netpol.yaml in the current directory when it exists. Flags override it")
      ->type_name("FILE");
}

void AddFilterFlags(CLI::App& sub, FilterFlags& flags) {
  CLI::Option* ns =
      sub.add_option("-n,--namespace", flags.spec.namespaces,
                     "Show only connections from or to pods of namespace NS (repeatable)")
          ->type_name("NS")
          ->allow_extra_args(false);
  sub.add_flag("-A,--all-namespaces", flags.all_namespaces,
               "All namespaces (the default; accepted as in kubectl, not with -n)")
      ->excludes(ns);
  sub.add_option("-l,--selector", flags.spec.selector,
                 "Show only connections from or to pods matching SELECTOR (kubectl syntax: "
                 "app=web,tier!=db, 'env in (a,b)', '!legacy'); with -n, pods must match both")
      ->type_name("SELECTOR");
  sub.add_option("--focus", flags.spec.focus,
                 "Show only connections from or to ENDPOINT (ns/pod, ns/workload, ns/app=web, an "
                 "IP or a CIDR; repeatable, a union)")
      ->type_name("ENDPOINT")
      ->allow_extra_args(false);
}

std::optional<EndpointFilter> ResolveFilter(const FilterFlags& flags,
                                            const std::vector<Analysis>& analyses, Io& io) {
  if (flags.spec.Empty()) return EndpointFilter();
  Result<EndpointFilter> filter = MakeEndpointFilter(flags.spec, analyses);
  if (!filter.ok()) {
    ReportFailure(filter.status(), io);
    return std::nullopt;
  }
  const bool any = std::any_of(analyses.begin(), analyses.end(), [&](const Analysis& analysis) {
    return SelectsAnyEndpoint(*filter, analysis.cluster());
  });
  if (!any) {
    std::string given;
    for (const std::string& ns : flags.spec.namespaces) given += " -n " + ns;
    if (!flags.spec.selector.empty()) given += " -l " + flags.spec.selector;
    for (const std::string& focus : flags.spec.focus) given += " --focus " + focus;
    io.err << "netpol: no endpoint matches" << given << ": nothing to show\n";
  }
  return std::move(*filter);
}

int ReportFailure(const Status& status, Io& io) {
  io.err << status.detail() << "netpol: " << status.message() << "\n";
  return kExitUsage;
}

std::optional<AnalysisOptions> OptionsFromFlags(const EngineFlags& flags, Io& io,
                                                NetpolConfig* config_out) {
  LintRegistry registry;  // to check the rule names of the configuration
  RegisterBuiltinRules(registry);
  Result<std::optional<NetpolConfig>> config =
      FindConfig(flags.config, registry, io.working_directory);
  if (!config.ok()) {
    ReportFailure(config.status(), io);
    return std::nullopt;
  }
  AnalysisOptions options;
  options.working_directory = io.working_directory;
  options.allow_empty = flags.allow_empty;
  if (*config) ApplyConfig(**config, options);
  // Flags override the configuration.
  if (flags.no_ipblock_pods) options.eval.ip_blocks_match_pods = false;
  if (flags.no_dns_model) options.dns.model_when_missing = false;
  options.load.exclude.insert(options.load.exclude.end(), flags.exclude.begin(),
                              flags.exclude.end());
  if (flags.jobs > 0) options.load.jobs = flags.jobs;
  options.load.validation = flags.validate == "warn"                               ? FieldValidation::kWarn
                            : flags.validate == "ignore" || flags.validate == "false" ? FieldValidation::kIgnore
                                                                                    : FieldValidation::kStrict;
  if (!flags.max_input_size.empty()) {
    const Result<std::size_t> size = ParseByteSize(flags.max_input_size);
    if (!size.ok()) {
      ReportFailure(Status::InvalidArgument("--max-input-size: " + size.status().message()), io);
      return std::nullopt;
    }
    options.load.max_input_bytes = *size;
  }
  if (!flags.dns.empty()) {
    ClusterDnsOptions base;
    base.model_when_missing = !flags.no_dns_model;
    Result<ClusterDnsOptions> dns = ParseDnsPods(flags.dns, base);
    if (!dns.ok()) {
      ReportFailure(dns.status(), io);
      return std::nullopt;
    }
    options.dns = std::move(*dns);
  }
  if (config_out) *config_out = *config ? std::move(**config) : NetpolConfig{};
  return options;
}

std::optional<Analysis> LoadAnalysis(const std::vector<std::string>& paths,
                                     const EngineFlags& flags, Io& io, NetpolConfig* config) {
  std::optional<AnalysisOptions> options = OptionsFromFlags(flags, io, config);
  if (!options) return std::nullopt;
  // The Analysis keeps its options (what-if edits load again): the reporter
  // lives as long as they do and stays silent once finished.
  auto progress = std::make_shared<ProgressReporter>(io.err, io.err_is_terminal);
  options->load.progress = [progress](std::size_t done, std::size_t total) {
    progress->Update("reading", done, total, "files");
  };
  Result<Analysis> analysis = Analysis::Load(paths, io.in, std::move(*options));
  progress->Finish();
  if (!analysis.ok()) {
    ReportFailure(analysis.status(), io);
    return std::nullopt;
  }
  io.err << analysis->FormattedDiagnostics();
  if (io.keeper != nullptr) io.keeper->Keep(*analysis);
  return std::move(*analysis);
}

std::optional<Intent> LoadIntentOrReport(const std::string& path,
                                         const std::vector<std::string>& manifest_paths, Io& io) {
  if (path == "-" && std::find(manifest_paths.begin(), manifest_paths.end(), "-") !=
                         manifest_paths.end()) {
    io.err << "netpol: --intent - and manifests from - both read standard input; name a file "
              "for one of them\n";
    return std::nullopt;
  }
  Result<Intent> intent =
      path == "-" ? LoadIntentText(std::string(std::istreambuf_iterator<char>(io.in), {}), "<stdin>")
                  : LoadIntentFile(path, io.working_directory);
  if (!intent.ok()) {
    ReportFailure(intent.status(), io);
    return std::nullopt;
  }
  return std::move(*intent);
}

void AddPathsArgument(CLI::App& sub, std::vector<std::string>& paths) {
  sub.add_option("paths", paths,
                 "Manifest files or directories (*.yaml, *.yml, *.json, recursively; Helm "
                 "templates and non-Kubernetes files are skipped with a note), or - for "
                 "standard input")
      ->type_name("PATH");
  AddFilenameFlags(sub, paths, /*required=*/true);
}

void AddFilenameFlags(CLI::App& sub, std::vector<std::string>& paths, bool required) {
  // Option callbacks run in declaration order: the positional argument has
  // assigned `paths` when this one prepends the -f paths (kubectl's order).
  sub.add_option_function<std::vector<std::string>>(
         "-f,--filename",
         [&paths](const std::vector<std::string>& filenames) {
           paths.insert(paths.begin(), filenames.begin(), filenames.end());
         },
         "Manifest file or directory, or - for standard input (repeatable, as kubectl's -f; "
         "read before the positional PATHS)")
      ->type_name("PATH")
      ->allow_extra_args(false);
  sub.add_flag_callback("-R,--recursive", [] {},
               "Accepted for kubectl muscle memory: directories are always read recursively");
  if (required) {
    sub.final_callback([&paths] {
      if (paths.empty()) {
        throw CLI::RequiredError("PATHS (or -f PATH)");
      }
    });
  }
}

bool IsOldFormatFlag(CLI::App& sub, const std::string& value, Io& io) {
  CLI::Option* output = sub.get_option_no_throw("--output");
  std::error_code error;
  if (output == nullptr || value == "-" || std::filesystem::exists(io.Resolve(value), error)) {
    return false;
  }
  try {
    std::string copy = value;
    if (!(*output->get_validator(0))(copy).empty()) return false;  // the IsMember of the formats
  } catch (const CLI::OptionNotFound&) {
    return false;
  }
  io.err << "netpol " << sub.get_name() << ": -f now means --filename (as in kubectl) and there is "
         << "no file \"" << value << "\"; for the output format use -o " << value << "\n";
  return true;
}

bool CheckFilenamesAreNotFormats(CLI::App& sub, Io& io) {
  const CLI::Option* filename = sub.get_option_no_throw("--filename");
  if (filename == nullptr) return true;
  for (const std::string& value : filename->results()) {
    if (IsOldFormatFlag(sub, value, io)) return false;
  }
  return true;
}

std::vector<std::string> AllowedValues(const CLI::Option& option) {
  const std::string type_name = option.get_type_name();
  std::vector<std::string> values;
  const std::size_t open = type_name.find('{');
  const std::size_t close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return values;
  std::stringstream list(type_name.substr(open + 1, close - open - 1));
  for (std::string value; std::getline(list, value, ',');) {
    value = value.substr(0, value.find("->"));
    if (!value.empty()) values.push_back(value);
  }
  return values;
}

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"graph", "Compute the allow-graph: who can reach whom, on which ports", SetUpGraphCommand},
      {"check", "Check the allow-graph against intended connections; explain gaps, suggest fixes",
       SetUpCheckCommand},
      {"explain", "Explain why a connection is allowed or denied, rule by rule", SetUpExplainCommand},
      {"diff", "Show what changes between two sets of manifests (what-if)", SetUpDiffCommand},
      {"rollout", "Apply stages one at a time: what each changes, what breaks between applies",
       SetUpRolloutCommand},
      {"reach", "Blast radius: what a compromised endpoint can reach, hop by hop", SetUpReachCommand},
      {"paths", "Allowed multi-hop paths from one endpoint to another", SetUpPathsCommand},
      {"exposure", "Who could reach a workload tomorrow: future pods, namespaces, addresses",
       SetUpExposureCommand},
      {"lint", "Find common NetworkPolicy mistakes, with locations and fixes", SetUpLintCommand},
      {"report", "Write a self-contained HTML report (graph, matrix, check, findings)",
       SetUpReportCommand},
      {"serve", "Serve a what-if playground in the browser: edit, see what changed, ask why",
       SetUpServeCommand},
      {"completion", "Write a shell completion script (bash, zsh, fish)", SetUpCompletionCommand},
      {"version", "Print the version, the commit and the libraries netpol was built with",
       SetUpVersionCommand},
  };
  return kCommands;
}

}  // namespace netpol::cli
