// The public headers are portable standard C++20 (#25): no compiler
// extension (unsigned __int128, __attribute__, __extension__, __builtin_*,
// __declspec, typeof, asm, GCC pragmas) in any of them, so an embedding
// program may use any conforming compiler. The one exception is the export
// macro in netpol/api.h, behind `#if defined(__GNUC__)` with a plain
// fallback. tests/api/compile_contract.sh also compiles <netpol/netpol.h>
// with -pedantic-errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "api/public_headers.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

// The text of `path` without its comments and string literals (a comment
// may name an extension, as this one does).
std::string CodeOf(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::string code;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
      code += '\n';
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
      code += ' ';
    } else if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      code += "\"\"";
    } else {
      code += text[i];
    }
  }
  return code;
}

// Each extension and whether `code` uses it, line by line.
std::vector<std::string> ExtensionsIn(const std::string& name, const std::string& code) {
  static const std::regex kExtension(
      R"(\b(__int128|__uint128_t|__int128_t|__attribute__|__extension__|__builtin_\w+|__declspec|__typeof__|typeof|__restrict(__)?|asm|__asm__|__forceinline|__thread)\b|#\s*pragma\s+(GCC|clang|warning))");
  // The export macro: netpol/api.h, `#define NETPOL_VISIBLE __attribute__(...)`
  // under `#if defined(__GNUC__)`.
  const auto export_macro = [&](const std::string& line) {
    return name == "api.h" && line.rfind("#define NETPOL_VISIBLE __attribute__", 0) == 0;
  };
  return testing::LineMatches(
      name, code, kExtension, [](const std::smatch& m) { return m[0].str(); }, export_macro);
}

TEST_CASE("public headers use no compiler extension outside api.h's export macro",
          "[api][portability]") {
  REQUIRE(testing::PublicHeaders(/*with_templates=*/true).size() > 40);
  const std::vector<std::string> found =
      testing::ScanPublicHeaders([](const std::string& name, const fs::path& path) {
        return ExtensionsIn(name, CodeOf(path));
      });
  INFO(testing::OnePerLine(found));
  CHECK(found.empty());
}

TEST_CASE("the extension scan sees an extension in code and ignores one in a comment",
          "[api][portability]") {
  CHECK(ExtensionsIn("ip.h", "__extension__ typedef unsigned __int128 Uint128;\n").size() == 1);
  CHECK(ExtensionsIn("x.h", "int f() __attribute__((pure));\n").size() == 1);
  CHECK(ExtensionsIn("x.h", "#pragma GCC diagnostic push\n").size() == 1);
  CHECK(ExtensionsIn("x.h", "int typeofs = 0;\n").empty());
  CHECK(ExtensionsIn("api.h", "#define NETPOL_VISIBLE __attribute__((visibility(\"default\")))\n")
            .empty());
  CHECK(ExtensionsIn("graph.h", "#define NETPOL_VISIBLE __attribute__((visibility(\"default\")))\n")
            .size() == 1);
  const fs::path temp = fs::temp_directory_path() / "netpol_portability_test.h";
  {
    std::ofstream out(temp);
    out << "// unsigned __int128 in a comment\nconst char* s = \"__attribute__\";\n/* asm */\n";
  }
  CHECK(ExtensionsIn("x.h", CodeOf(temp)).empty());
  fs::remove(temp);
}

}  // namespace
}  // namespace netpol
