// Pins the layering of the library's modules: which lib/src/<module>/ folder
// may include which. Dependencies flow one way,
//
//   model <- parse, select <- eval <- engine, explain <- graph <- intent, lint
//         <- analysis <- report <- render
//
// (graph builds on engine; intent reads its file with parse's DocNode; the
// analysis assembles every module below it, once, for every command), so
// the value types depend on nothing, the modules that compute (intent, lint)
// never reach up into the writers, no two folders include each other, and
// only render (the netpol::render library) touches Graphviz.
//
// The test reads the `#include "..."` lines of every file under lib/src/ and
// lib/include/netpol/. A private header counts as the folder it is in
// ("report/json_support.h" is report); a public header counts as the module
// its implementation lives in, by the table kHeaderModule below.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace netpol {
namespace {

namespace fs = std::filesystem;

// Each module and the modules its files may include, besides its own. A
// module added under lib/src/ must be placed here; an edge added here must
// keep the order acyclic (checked below).
const std::map<std::string, std::set<std::string>> kMayInclude = {
    {"model", {}},
    {"parse", {"model", "select"}},  // the Calico decoder parses selectors with select/
    {"select", {"model"}},
    {"eval", {"model", "select"}},
    {"engine", {"model", "select", "eval"}},
    {"explain", {"model", "select", "eval"}},
    {"graph", {"model", "select", "eval", "engine"}},
    {"intent", {"model", "parse", "select", "eval", "engine", "explain", "graph"}},
    {"lint", {"model", "select", "eval", "engine", "explain", "graph"}},
    {"analysis",
     {"model", "parse", "select", "eval", "engine", "explain", "graph", "intent", "lint"}},
    {"report",
     {"model", "select", "eval", "engine", "explain", "graph", "intent", "lint", "analysis"}},
    // The render component (netpol::render, Graphviz): nothing of the core
    // includes it, so the core library links no Graphviz.
    {"render",
     {"model", "select", "eval", "engine", "explain", "graph", "intent", "lint", "analysis",
      "report"}},
    // `netpol serve` (a library target of its own: Boost.Beast stays out of libnetpol).
    {"serve",
     {"model", "parse", "select", "eval", "engine", "explain", "graph", "intent", "lint", "analysis",
      "render",
      "report"}},
};

// The umbrella header includes every public header and belongs to no module;
// nothing in the library may include it.
constexpr const char* kUmbrellaHeader = "netpol.h";

// Public header (under lib/include/netpol/) -> the module that implements it.
const std::map<std::string, std::string> kHeaderModule = {
    {"allow_graph.h", "graph"},
    {"analysis.h", "analysis"},
    {"api.h", "model"},
    {"callback.h", "model"},
    {"calico_policy.h", "model"},
    {"check.h", "intent"},
    {"check_output.h", "report"},
    {"class_engine.h", "engine"},
    {"class_graph_output.h", "report"},
    {"cluster_dns.h", "eval"},
    {"cluster_dns_options.h", "eval"},
    {"cluster_policy.h", "model"},
    {"config.h", "analysis"},
    {"diagnostic.h", "model"},
    {"direction.h", "model"},
    {"duplicate_object.h", "model"},
    {"endpoint.h", "eval"},
    {"endpoint_filter.h", "select"},
    {"endpoint_ref.h", "eval"},
    {"evaluator.h", "eval"},
    {"explain.h", "explain"},
    {"explain_output.h", "report"},
    {"exposure.h", "analysis"},
    {"exposure_output.h", "report"},
    {"graph_diff.h", "graph"},
    {"graph_diff_output.h", "report"},
    {"graph_filter.h", "graph"},
    {"graph_output.h", "report"},
    {"group_graph.h", "graph"},
    {"html_diff_report.h", "render"},
    {"html_report.h", "render"},
    {"html_rollout_report.h", "render"},
    {"intent.h", "intent"},
    {"ip.h", "model"},
    {"kind_names.h", "model"},
    {"l7_filter.h", "model"},
    {"label_selector.h", "select"},
    {"label_typo.h", "select"},
    {"labels.h", "model"},
    {"lint.h", "lint"},
    {"lint_output.h", "report"},
    {"loader.h", "parse"},
    {"matrix_output.h", "report"},
    {"model.h", "model"},
    {"port_query.h", "model"},
    {"port_set.h", "model"},
    {"reachability.h", "graph"},
    {"reachability_output.h", "report"},
    {"rollout.h", "analysis"},
    {"rollout_output.h", "report"},
    {"source_loc.h", "model"},
    {"status.h", "model"},
    {"suggestion_check.h", "analysis"},
    {"svg_output.h", "render"},
    {"text_style.h", "report"},
    {"version.h", "model"},  // Generated from version.h.in; model/version.cc.
};

fs::path LibDir() { return fs::path(NETPOL_SOURCE_DIR) / "lib"; }

// "version.h.in" -> "version.h"; other names unchanged.
std::string HeaderName(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.size() > 3 && name.ends_with(".in")) name.resize(name.size() - 3);
  return name;
}

struct SourceFile {
  std::string path;    // Relative to lib/, for messages.
  std::string module;  // Empty for the umbrella header.
  fs::path full_path;
};

// Every file of lib/src/<module>/ and every public header, sorted by path.
std::vector<SourceFile> LibFiles() {
  std::vector<SourceFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(LibDir() / "src")) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), LibDir() / "src");
    files.push_back({"src/" + relative.generic_string(), relative.begin()->string(), entry.path()});
  }
  for (const auto& entry : fs::directory_iterator(LibDir() / "include" / "netpol")) {
    if (!entry.is_regular_file()) continue;
    const std::string name = HeaderName(entry.path());
    auto it = kHeaderModule.find(name);
    files.push_back({"include/netpol/" + entry.path().filename().string(),
                     it == kHeaderModule.end() ? "" : it->second, entry.path()});
  }
  std::sort(files.begin(), files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  return files;
}

struct Include {
  int line = 0;
  std::string target;  // As written: "netpol/check.h", "report/rule_text.h".
};

std::vector<Include> QuotedIncludes(const fs::path& path) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::vector<Include> includes;
  std::ifstream in(path);
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    std::smatch match;
    if (std::regex_search(text, match, kInclude)) includes.push_back({line, match[1].str()});
  }
  return includes;
}

// The module an include names; empty, with `error` set, when it names none.
std::string ModuleOf(const std::string& target, std::string* error) {
  const std::string::size_type slash = target.find('/');
  if (slash == std::string::npos) {
    *error = "names no module folder";
    return "";
  }
  const std::string folder = target.substr(0, slash);
  const std::string rest = target.substr(slash + 1);
  if (folder == "netpol") {
    if (rest == kUmbrellaHeader) {
      *error = "includes the umbrella header";
      return "";
    }
    auto it = kHeaderModule.find(rest);
    if (it == kHeaderModule.end()) {
      *error = "is a public header missing from kHeaderModule";
      return "";
    }
    return it->second;
  }
  if (kMayInclude.count(folder) == 0) {
    *error = "names no module folder";
    return "";
  }
  return folder;
}

TEST_CASE("the module order is acyclic and places every lib/src folder", "[layering]") {
  for (const auto& entry : fs::directory_iterator(LibDir() / "src")) {
    if (!entry.is_directory()) continue;
    const std::string folder = entry.path().filename().string();
    INFO("lib/src/" << folder << "/");
    CHECK(kMayInclude.count(folder) == 1);
  }
  // Depth-first search for a back edge.
  std::map<std::string, int> state;  // 0 unvisited, 1 on the stack, 2 done.
  std::vector<std::string> stack;
  std::function<void(const std::string&)> visit = [&](const std::string& module) {
    state[module] = 1;
    stack.push_back(module);
    for (const std::string& below : kMayInclude.at(module)) {
      INFO("module " << module << " may include " << below);
      REQUIRE(kMayInclude.count(below) == 1);
      if (state[below] == 1) {
        std::string cycle;
        for (const std::string& m : stack) cycle += m + " -> ";
        FAIL("cycle: " << cycle << below);
      }
      if (state[below] == 0) visit(below);
    }
    stack.pop_back();
    state[module] = 2;
  };
  for (const auto& [module, below] : kMayInclude) {
    if (state[module] == 0) visit(module);
  }
}

TEST_CASE("every public header belongs to the module of its source file", "[layering]") {
  for (const auto& entry : fs::directory_iterator(LibDir() / "include" / "netpol")) {
    const std::string name = HeaderName(entry.path());
    if (name == kUmbrellaHeader) continue;
    INFO("include/netpol/" << name);
    auto it = kHeaderModule.find(name);
    REQUIRE(it != kHeaderModule.end());
    CHECK(kMayInclude.count(it->second) == 1);
    // A source named like the header (check.h: check.cc) sits in that module.
    const std::string stem = fs::path(name).stem().string();
    for (const auto& file : fs::recursive_directory_iterator(LibDir() / "src")) {
      if (file.path().filename() != stem + ".cc") continue;
      const std::string folder =
          fs::relative(file.path(), LibDir() / "src").begin()->string();
      INFO(fs::relative(file.path(), LibDir()).generic_string());
      CHECK(folder == it->second);
    }
  }
}

TEST_CASE("no library file includes a module above its own", "[layering]") {
  const std::vector<SourceFile> files = LibFiles();
  REQUIRE(files.size() > 50);
  int includes_seen = 0;
  for (const SourceFile& file : files) {
    if (file.module.empty()) {
      // The umbrella header; an unmapped public header fails the test above.
      continue;
    }
    for (const Include& include : QuotedIncludes(file.full_path)) {
      ++includes_seen;
      std::string error;
      const std::string target = ModuleOf(include.target, &error);
      const std::string where =
          "lib/" + file.path + ":" + std::to_string(include.line) + ": " + file.module;
      if (target.empty()) {
        FAIL_CHECK(where << " includes \"" << include.target << "\", which " << error);
      } else if (target != file.module && kMayInclude.at(file.module).count(target) == 0) {
        FAIL_CHECK(where << " includes \"" << include.target << "\" (" << target
                         << "), a module that is not below it");
      }
    }
  }
  CHECK(includes_seen > 100);
}

TEST_CASE("intent and lint compute: they include no stream or JSON writer", "[layering]") {
  // Writers live in report/; the computing modules hand it values.
  const std::set<std::string> kWriterHeaders = {"<ostream>", "<iostream>", "<fstream>",
                                                "<nlohmann/json.hpp>"};
  static const std::regex kSystemInclude(R"re(^\s*#\s*include\s*(<[^>]+>))re");
  for (const SourceFile& file : LibFiles()) {
    if (file.module != "intent" && file.module != "lint") continue;
    std::ifstream in(file.full_path);
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
      ++line;
      std::smatch match;
      if (std::regex_search(text, match, kSystemInclude) && kWriterHeaders.count(match[1].str())) {
        FAIL_CHECK("lib/" << file.path << ":" << line << ": " << file.module << " includes "
                          << match[1].str());
      }
    }
  }
}

}  // namespace
}  // namespace netpol
