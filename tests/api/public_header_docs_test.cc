// The public headers document their contracts (#25): every declaration at
// namespace scope (type, alias, constant, function) has a `///` comment, and
// every header says what is thread-safe.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "api/public_headers.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> PublicHeaders() { return testing::PublicHeaders(/*with_templates=*/false); }

std::vector<std::string> Lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A line at column 0 that declares something (not a comment, preprocessor
// line, brace, namespace, forward declaration or template head).
bool DeclaresAtNamespaceScope(const std::string& line) {
  if (line.empty() || std::string(" /#{}").find(line[0]) != std::string::npos) return false;
  static const std::regex kSkip(
      R"(^(namespace\b|NETPOL_(INTERNAL_)?NAMESPACE_(BEGIN|END)\b|template\b|(struct|class|enum class|enum) \w+;|extern "C"))");
  return !std::regex_search(line, kSkip);
}

TEST_CASE("every namespace-scope declaration of a public header has a /// comment",
          "[api][docs]") {
  std::vector<std::string> undocumented;
  for (const fs::path& header : PublicHeaders()) {
    const std::vector<std::string> lines = Lines(header);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!DeclaresAtNamespaceScope(lines[i])) continue;
      std::size_t j = i;
      while (j > 0 && lines[j - 1].rfind("template", 0) == 0) --j;  // above the template head
      if (j > 0 && lines[j - 1].rfind("///", 0) == 0) continue;
      undocumented.push_back(header.filename().string() + ":" + std::to_string(i + 1) + ": " +
                             lines[i]);
    }
  }
  INFO("undocumented:\n" << [&] {
    std::string all;
    for (const std::string& u : undocumented) all += u + "\n";
    return all;
  }());
  CHECK(undocumented.empty());
}

TEST_CASE("every public header says what is thread-safe", "[api][docs]") {
  for (const fs::path& header : PublicHeaders()) {
    if (header.filename() == "version.h") continue;
    std::ifstream in(header);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(header.filename().string());
    CHECK(text.find("Threads") != std::string::npos);
  }
}

}  // namespace
}  // namespace netpol
