// The simdjson reader (lib/src/parse/json_fast_reader.cc) builds exactly the
// tree the nlohmann reader builds, locations included, and rejects whatever
// nlohmann rejects, so the diagnostic always comes from the nlohmann reader.
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "parse/doc_node.h"
#include "parse/json_fast_reader.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;

const std::string kFile = "in.json";

// Compares two trees field by field, naming the first difference.
void RequireSameTree(const DocNode& fast, const DocNode& exact, const std::string& path) {
  INFO("at " << path);
  REQUIRE(fast.type == exact.type);
  REQUIRE(fast.scalar_kind == exact.scalar_kind);
  REQUIRE(fast.value() == exact.value());
  REQUIRE(fast.loc.ToSourceLoc() == exact.loc.ToSourceLoc());
  REQUIRE(fast.items().size() == exact.items().size());
  for (std::size_t i = 0; i < fast.items().size(); ++i) {
    RequireSameTree(fast.items()[i], exact.items()[i], path + "[" + std::to_string(i) + "]");
  }
  REQUIRE(fast.entries().size() == exact.entries().size());
  for (std::size_t i = 0; i < fast.entries().size(); ++i) {
    REQUIRE(fast.entries()[i].key == exact.entries()[i].key);
    REQUIRE(fast.entries()[i].key_loc.ToSourceLoc() == exact.entries()[i].key_loc.ToSourceLoc());
    RequireSameTree(fast.entries()[i].value, exact.entries()[i].value,
                    path + "." + fast.entries()[i].key);
  }
}

std::optional<DocNode> Fast(const std::string& text, const LineIndex& lines, bool lazy,
                            std::size_t* nodes = nullptr, std::size_t max_nodes = 1'000'000) {
  return ReadJsonValueFast(text, 0, text.size(), JsonLocating{&kFile, &lines, lazy}, max_nodes,
                           /*depth_base=*/0, nodes);
}

TEST_CASE("the simdjson reader builds the nlohmann reader's tree, locations included",
          "[parse][json]") {
  const std::vector<std::string> inputs = {
      "{}",
      "[]",
      " \n{\"a\": {}, \"b\": [], \"c\": [[], {}]}\n\n",
      "{\"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"a\", \"labels\": {\"app\": \"web\"}}}",
      // Escapes, \u escapes (a surrogate pair and NUL), multi-byte characters.
      R"({"s": "a\"b\\c\/d\b\f\n\r\t", "u": "\u00e9\ud83d\ude00\u0000x", "é": "日本"})",
      // Numbers as nlohmann prints them: integers re-printed ("-0" is "0"),
      // floats and integers beyond 64 bits as written.
      "[0, -0, 7, -7, 9223372036854775807, -9223372036854775808, 18446744073709551615,\n"
      " 18446744073709551616, -9223372036854775809, 1.5, -0.0, 1e5, 1E+5, 2.5e-3,\n"
      " 123456789012345678901234567890]",
      "[true, false, null, \"true\", \"null\"]",
      // A key written twice keeps both entries (DocNode::Get finds the last).
      "{\"a\": 1, \"a\": 2}",
      "\t[ 1 ,\r\n 2 ]\t",
  };
  for (const bool lazy : {true, false}) {
    for (const std::string& text : inputs) {
      INFO(text << (lazy ? " (lazy)" : " (located while read)"));
      const LineIndex lines(text);
      DiagnosticSink sink;
      std::size_t fast_nodes = 0, exact_nodes = 0;
      const std::optional<DocNode> fast = Fast(text, lines, lazy, &fast_nodes);
      const std::optional<DocNode> exact = ReadJsonValueExact(
          text, 0, text.size(), kFile, sink, 1'000'000, lines, lazy, 0, &exact_nodes);
      REQUIRE(exact.has_value());
      REQUIRE(fast.has_value());
      CHECK(fast_nodes == exact_nodes);
      RequireSameTree(*fast, *exact, "$");
    }
  }
}

TEST_CASE("the simdjson reader rejects what the nlohmann reader rejects, and limits too",
          "[parse][json]") {
  const std::vector<std::string> inputs = {
      "",
      "   ",
      "{\"a\": [1, 2",
      "{\"a\": \"x\\qy\"}",
      "{\"a\": \"\\uD800x\"}",
      "{\"a\": \"\\uDC00\"}",
      "{\"a\": \"\\u12\"}",
      "{\"a\": \"x\ty\"}",
      "{\"a\": \"x\ny\"}",
      "{\"a\": 1} x",
      "{\"a\": 1}}",
      "{\"a\": 1,}",
      "[1,]",
      "[1 2]",
      "{\"a\" 1}",
      "{\"a\": 01}",
      "{\"a\": 1.}",
      "{\"a\": .5}",
      "{\"a\": +1}",
      "{\"a\": 1e}",
      "{\"a\": -}",
      "{\"a\": 1e999}",
      "{\"a\": -" + std::string(400, '1') + "}",
      "{\"a\": tru}",
      "{\"a\": nul}",
      "{\"a\": truex}",
      "{\"a\": NaN}",
      "{\"a\": \"x\"y}",
      "{a: 1}",
      "{'a': 1}",
      "{\"a\": 1} {\"b\": 2}",
      // Bare scalars are left to the nlohmann reader whether or not valid.
      "\"text\"",
      "1",
  };
  for (const std::string& text : inputs) {
    INFO(text);
    const LineIndex lines(text);
    CHECK_FALSE(Fast(text, lines, true).has_value());
  }
  const std::string deep = "{\"a\":" + std::string(256, '[') + std::string(256, ']') + "}";
  const LineIndex deep_lines(deep);
  CHECK_FALSE(Fast(deep, deep_lines, true).has_value());
  const std::string allowed = std::string(256, '[') + std::string(256, ']');
  const LineIndex allowed_lines(allowed);
  CHECK(Fast(allowed, allowed_lines, true).has_value());
  const std::string wide = "[1, 2, 3]";
  const LineIndex wide_lines(wide);
  CHECK(Fast(wide, wide_lines, true, nullptr, 4).has_value());
  CHECK_FALSE(Fast(wide, wide_lines, true, nullptr, 3).has_value());
}

TEST_CASE("the items of a List part read as one array keep the whole text's locations",
          "[parse][json]") {
  const std::string text = "{\"items\": [\n {\"a\": 1},\n [true],\n \"x\"\n]}";
  const LineIndex lines(text);
  const std::size_t begin = text.find("{\"a\""), end = text.rfind('"') + 1;
  std::size_t nodes = 0;
  const std::optional<std::vector<DocNode>> items = ReadJsonItemsFast(
      text, begin, end, JsonLocating{&kFile, &lines, true}, 1'000, 2, &nodes);
  REQUIRE(items.has_value());
  REQUIRE(items->size() == 3);
  CHECK(nodes == 5);
  CHECK((*items)[0].loc.ToSourceLoc() == SourceLoc{kFile, 2, 2});
  CHECK((*items)[0].entries()[0].key_loc.ToSourceLoc() == SourceLoc{kFile, 2, 3});
  CHECK((*items)[0].entries()[0].value.loc.ToSourceLoc() == SourceLoc{kFile, 2, 8});
  CHECK((*items)[1].items()[0].loc.ToSourceLoc() == SourceLoc{kFile, 3, 3});
  CHECK((*items)[2].value() == "x");
  CHECK((*items)[2].loc.ToSourceLoc() == SourceLoc{kFile, 4, 2});
  // depth_base counts: 254 more levels fit under the two of a List item.
  const std::string deep = std::string(254, '[') + std::string(254, ']') + ", " +
                           std::string(255, '[') + std::string(255, ']');
  const LineIndex deep_lines(deep);
  CHECK(ReadJsonItemsFast(deep, 0, deep.find(','), JsonLocating{&kFile, &deep_lines, true},
                          1'000, 2, nullptr)
            .has_value());
  CHECK_FALSE(ReadJsonItemsFast(deep, 0, deep.size(), JsonLocating{&kFile, &deep_lines, true},
                                1'000, 2, nullptr)
                  .has_value());
}

TEST_CASE("a value read with a range left out keeps the whole text's locations after it",
          "[parse][json]") {
  const std::string text = "{\"items\": [1, 2,\n 3],\n \"kind\": \"List\"}";
  const LineIndex lines(text);
  const std::size_t open = text.find('['), close = text.find(']');
  const std::optional<DocNode> root = ReadJsonValueWithoutFast(
      text, 0, text.size(), open + 1, close, JsonLocating{&kFile, &lines, true}, 100, 0, nullptr);
  REQUIRE(root.has_value());
  REQUIRE(root->entries().size() == 2);
  CHECK(root->entries()[0].value.IsSequence());
  CHECK(root->entries()[0].value.items().empty());
  CHECK(root->entries()[0].value.loc.ToSourceLoc() == SourceLoc{kFile, 1, 11});
  CHECK(root->entries()[1].key_loc.ToSourceLoc() == SourceLoc{kFile, 3, 2});
  CHECK(root->entries()[1].value.loc.ToSourceLoc() == SourceLoc{kFile, 3, 10});
  CHECK(root->entries()[1].value.value() == "List");
  // What is left when a string's closing quote is left out is not JSON.
  const std::size_t quote = text.rfind('"');
  CHECK_FALSE(ReadJsonValueWithoutFast(text, 0, text.size(), quote, quote + 1,
                                       JsonLocating{&kFile, &lines, true}, 100, 0, nullptr)
                  .has_value());
}

// Where simdjson gives up, the nlohmann reader's message and position are
// what the user sees (pinned here for the cases no other test pins).
TEST_CASE("malformed JSON is reported at nlohmann's position for each kind of fault",
          "[parse][json][errors]") {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"{\"kind\": \"Pod\", \"items\": [1, 2",
       "in.json:1:30: error: invalid JSON: syntax error while parsing array - unexpected end of "
       "input; expected ']'"},
      {"{\"kind\": \"Pod\",\n \"a\": \"x\\qy\"}",
       "in.json:2:7: error: invalid JSON: syntax error while parsing value - invalid string: "
       "forbidden character after backslash; last read: '\"x\\q'"},
      {"{\"kind\": \"Pod\",\n \"a\": \"\\uD800x\"}",
       "in.json:2:7: error: invalid JSON: syntax error while parsing value - invalid string: "
       "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '\"\\uD800x'"},
      {"{\"kind\": \"Pod\",\n \"a\": \"x\ty\"}",
       "in.json:2:7: error: invalid JSON: syntax error while parsing value - invalid string: "
       "control character U+0009 (HT) must be escaped to \\u0009 or \\t; last read: "
       "'\"x<U+0009>'"},
      {"{\"kind\": \"Pod\", \"a\": 1e999}",
       "in.json:1:22: error: invalid JSON: [json.exception.out_of_range.406] number overflow "
       "parsing '1e999'"},
      {"{\"kind\": \"Pod\", \"a\": 01}",
       "in.json:1:22: error: invalid JSON: syntax error while parsing object - unexpected number "
       "literal; expected '}'"},
      {"{\"kind\": \"Pod\", \"a\": 1,}",
       "in.json:1:24: error: invalid JSON: syntax error while parsing object key - unexpected "
       "'}'; expected string literal"},
      {"{\"kind\": \"Pod\"} x",
       "in.json:1:17: error: invalid JSON: syntax error while parsing value - invalid literal; "
       "last read: '\"Pod\"} x'; expected end of input"},
      {"",
       "in.json:1:1: error: invalid JSON: syntax error while parsing value - unexpected end of "
       "input; expected '[', '{', or a literal"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(LoadErrors(c.text, "in.json") == std::vector<std::string>{c.error});
  }
}

}  // namespace
}  // namespace netpol
