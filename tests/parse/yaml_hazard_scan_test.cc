// The scan for hostile YAML before parsing (lib/src/parse/yaml_hazard_scan.h):
// what it flags, what it must read as text (quotes, block scalars, comments),
// and that the reader refuses each hostile shape of several megabytes quickly
// with the error the depth or alias limit gives, while everything the scan
// misreads still loads.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "parse/doc_node.h"
#include "parse/yaml_hazard_scan.h"
#include "test_support.h"

namespace netpol {
namespace {

std::string Repeat(const std::string& piece, std::size_t times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

struct ScanCase {
  const char* shape;
  std::string text;
  std::optional<std::size_t> hazard;  // the prefix length the scan proposes
};

TEST_CASE("the YAML pre-scan flags flow nesting past the depth limit and aliases into open "
          "flow collections, and reads brackets in quotes, block scalars and comments as text",
          "[parse][hostile][prescan]") {
  const std::string deep = std::string(300, '[');
  const std::vector<ScanCase> cases = {
      {"257 open brackets", deep, 257},
      {"257 open braces with keys", Repeat("{a: ", 300), 257 * 4 - 3},
      {"brackets after a block key", "key: " + deep, 5 + 257},
      {"brackets in a block list item", "- " + deep, 2 + 257},
      {"256 levels closed", std::string(256, '[') + std::string(256, ']'), std::nullopt},
      {"levels closed and reopened", Repeat("[[]]", 1000), std::nullopt},
      {"alias inside the flow collection it names", "&a [*a, *a]", 6},
      {"alias after its flow collection closed", "x: &a [1]\ny: [*a, *a]\n", std::nullopt},
      {"alias to an inner anchor of the same name, closed", "&a [&a [1], *a]", std::nullopt},
      {"alias to an inner anchor still open", "&a [ &a [ *a ] ]", 12},
      {"anchor re-used for a scalar", "&a [ &a x, *a ]", std::nullopt},
      {"double-quoted", "a: \"" + deep + "\\\"\"\n", std::nullopt},
      {"single-quoted with ''", "a: '" + deep + "'''\n", std::nullopt},
      {"quoted in a flow collection", "[\"" + deep + "\", '" + deep + "']", std::nullopt},
      {"comment", "# " + deep + "\na: 1 # " + deep + "\n", std::nullopt},
      {"literal block scalar", "a: |\n  " + deep + "\n  x\nb: 1\n", std::nullopt},
      {"folded block scalar with indicators", "- >-2\n   " + deep + "\n\n   y\n- z\n",
       std::nullopt},
      {"block scalar after a document marker", "--- |\n" + deep + "\n---\na: 1\n", std::nullopt},
      {"block scalar ends at a less indented line", "a: |\n  x\nb: " + deep, 12 + 257},
      {"bracket inside a plain scalar", "a: x " + deep + "\n", std::nullopt},
      {"flow plain scalar with a quote inside", "[it's, " + deep, 7 + 256},
      {"JSON-style quoted keys", "{\"a\":\"" + deep + "\",\"b\":" + deep, 6 + 300 + 6 + 256},
      {"URL in a flow collection", "[http://x, " + deep, 11 + 256},
      {"a document marker ends open brackets", std::string(200, '[') + "\n---\n" +
                                                   std::string(200, '['),
       std::nullopt},
  };
  for (const ScanCase& c : cases) {
    INFO(c.shape);
    CHECK(FindYamlHazard(c.text, kMaxDocumentDepth) == c.hazard);
  }
}

#if defined(__SANITIZE_ADDRESS__)
constexpr double kMaxSeconds = 20.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kMaxSeconds = 20.0;
#else
constexpr double kMaxSeconds = 2.0;
#endif
#else
constexpr double kMaxSeconds = 2.0;
#endif

struct HostileCase {
  const char* shape;
  std::string text;
  std::string error;
};

// About 5 MB each. Before the pre-scan libfyaml read each in full before a
// limit applied: 5 MB of `[` took 8 s and 1.7 GB, of `{a: ` 4.4 s and 1.1
// GB, the self-referencing alias list 1.6 s and 520 MB.
TEST_CASE("hostile YAML of 5 MB is refused at the limit it crosses, without reading the rest",
          "[parse][hostile][prescan]") {
  constexpr std::size_t kBytes = 5'000'000;
  std::string aliases = "&a [*a";
  while (aliases.size() < kBytes) aliases += ", *a";
  std::string mixed;
  for (int i = 0; i < 200; ++i) mixed += std::string(i, ' ') + "a:\n";
  mixed += std::string(200, ' ') + "b: " + std::string(kBytes, '[');
  const std::vector<HostileCase> cases = {
      {"open brackets", std::string(kBytes, '['),
       "deep.yaml:1:257: error: document nested deeper than 256 levels"},
      {"flow mappings as values", Repeat("{a: ", kBytes / 4),
       "deep.yaml:1:1025: error: document nested deeper than 256 levels"},
      {"flow pairs in flow lists", Repeat("[a: ", kBytes / 4),
       "deep.yaml:1:513: error: document nested deeper than 256 levels"},
      {"block list items", Repeat("- ", kBytes / 2),
       "deep.yaml:1:513: error: document nested deeper than 256 levels"},
      {"flow mappings as keys", Repeat("{ ", kBytes / 2),
       "deep.yaml:1:3: error: expected a scalar mapping key, got a mapping"},
      {"brackets under 200 block levels", mixed,
       "deep.yaml:201:259: error: document nested deeper than 256 levels"},
      {"brackets after a document", "a: 1\n---\n" + std::string(kBytes, '['),
       "deep.yaml:3:257: error: document nested deeper than 256 levels"},
      {"alias list naming itself", aliases,
       "deep.yaml:1:5: error: alias refers to a node that contains it (recursive alias)"},
  };
  for (const HostileCase& c : cases) {
    INFO(c.shape);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::string> errors = testing::LoadErrors(c.text, "deep.yaml");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(errors == std::vector<std::string>{c.error});
    CHECK(seconds < kMaxSeconds);
  }
}

// ConfigMap data whose values hold 300 `[`: the scan must not make the
// reader refuse them. Where the scan misreads (a plain scalar continued on
// a line that starts with `[`), the reader reads the prefix, finds no limit
// crossed, and reads the whole text.
TEST_CASE("brackets kubectl reads as text still load, also where the pre-scan misreads them",
          "[parse][hostile][prescan]") {
  const std::string deep(300, '[');
  const std::string head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n";
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"double-quoted", "data: {k: \"" + deep + "\"}\n"},
      {"single-quoted", "data:\n  k: '" + deep + "'\n"},
      {"literal block scalar", "data:\n  k: |\n    " + deep + "\n"},
      {"comment", "# " + deep + "\ndata: {k: v}\n"},
      {"plain scalar", "data:\n  k: x " + deep + "\n"},
      {"plain scalar continued on a line starting with [", "data:\n  k: x\n    " + deep + "\n"},
  };
  for (const auto& [shape, body] : cases) {
    INFO(shape);
    CHECK(testing::LoadErrors(head + body, "cm.yaml").empty());
  }
  const std::string misread = "data:\n  k: x\n    " + deep + "\n";
  CHECK(FindYamlHazard(head + misread, kMaxDocumentDepth).has_value());
}

}  // namespace
}  // namespace netpol
