// The public headers stay cheap to include (#25, "Header cost" in the
// README): none of them includes a standard header that costs more to parse
// than everything else <netpol/netpol.h> needs. With libstdc++ 12, <memory>
// brings <ostream> and the atomics, <functional> the searchers' containers
// and algorithms, <iterator> the stream iterators; each adds a tenth of a
// second or more to every translation unit. The headers use <iosfwd> for
// stream parameters, netpol::Callback instead of std::function, and owning
// raw pointers behind out-of-line special members instead of smart
// pointers. The compile time itself is measured in benchmarks/, not here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "api/public_headers.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

// "HEADER:LINE: <name>" for each costly standard header `text` includes.
std::vector<std::string> CostlyIncludesIn(const std::string& name, const std::string& text) {
  static const std::regex kCostly(
      R"(^\s*#\s*include\s*<(memory|functional|mutex|shared_mutex|thread|atomic|future|condition_variable|iostream|ostream|istream|sstream|fstream|iomanip|iterator|algorithm|ranges|regex|chrono|unordered_map|unordered_set|filesystem|format|locale|random|valarray|deque|list)>)");
  return testing::LineMatches(
      name, text, kCostly, [](const std::smatch& m) { return "<" + m[1].str() + ">"; },
      [](const std::string&) { return false; });
}

TEST_CASE("public headers include no costly standard header (README: Header cost)",
          "[api][header-cost]") {
  REQUIRE(testing::PublicHeaders(/*with_templates=*/true).size() > 40);
  const std::vector<std::string> found =
      testing::ScanPublicHeaders([](const std::string& name, const fs::path& path) {
        return CostlyIncludesIn(name, testing::TextOf(path));
      });
  INFO(testing::OnePerLine(found));
  CHECK(found.empty());
}

TEST_CASE("the costly-include scan finds each form of include and passes the cheap ones",
          "[api][header-cost]") {
  CHECK(CostlyIncludesIn("a.h", "#include <memory>\n") ==
        std::vector<std::string>{"a.h:1: <memory>"});
  CHECK(CostlyIncludesIn("a.h", "\n#  include   <functional>\n") ==
        std::vector<std::string>{"a.h:2: <functional>"});
  CHECK(CostlyIncludesIn("a.h", "#include <iosfwd>\n#include <string>\n#include <vector>\n")
            .empty());
  CHECK(CostlyIncludesIn("a.h", "// #include <memory> in a comment is code no more\n").empty());
  CHECK(CostlyIncludesIn("a.h", "#include \"netpol/memory.h\"\n").empty());
}

}  // namespace
}  // namespace netpol
