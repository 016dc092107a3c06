// The YAML reader (libfyaml events → DocNode): where each node is said to be,
// how a scalar was written, and what it refuses. The positions are those the
// earlier yaml-cpp reader gave, which the golden outputs and messages pin.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/doc_node.h"
#include "test_support.h"

namespace netpol {
namespace {

const std::string kFile = "t.yaml";

std::vector<DocNode> Read(const std::string& text, std::vector<std::string>* errors = nullptr) {
  DiagnosticSink sink;
  std::vector<DocNode> documents = ReadYamlDocuments(text, kFile, sink);
  for (const Diagnostic& diagnostic : sink.Take()) {
    const std::string line = diagnostic.loc.ToString() + ": " + diagnostic.message;
    if (errors) {
      errors->push_back(line);
    } else {
      FAIL_CHECK(line);
    }
  }
  return documents;
}

// The node at `path` in the first document: map keys, or list indexes
// written as numbers.
const DocNode& At(const std::vector<DocNode>& documents, const std::vector<std::string>& path) {
  REQUIRE_FALSE(documents.empty());
  const DocNode* node = &documents[0];
  for (const std::string& step : path) {
    if (node->IsSequence()) {
      const std::size_t index = std::stoul(step);
      REQUIRE(index < node->items().size());
      node = &node->items()[index];
    } else {
      node = node->Get(step);
      REQUIRE(node);
    }
  }
  return *node;
}

std::string Position(const DocNode& node) {
  return std::to_string(node.loc.line) + ":" + std::to_string(node.loc.column);
}

TEST_CASE("YAML nodes are located where kubectl users read them", "[parse][yaml]") {
  struct Case {
    const char* what;
    std::string text;
    std::vector<std::string> path;
    const char* position;
  };
  const std::vector<Case> cases = {
      {"a plain scalar at its first character", "a:  x\n", {"a"}, "1:5"},
      {"a quoted scalar at its opening quote", "a: \"x\"\nb: 'y'\n", {"b"}, "2:4"},
      {"a block scalar at its indicator", "a: |\n  text\n", {"a"}, "1:4"},
      {"a folded scalar at its indicator", "- >-\n  text\n", {"0"}, "1:3"},
      {"an empty value at the next key", "a:\nb: 1\n", {"a"}, "2:1"},
      {"an empty value past comments at the next key", "a: # c\n\n  # d\nb: 1\n", {"a"}, "4:1"},
      {"an empty nested value at the next key", "a:\n  b:\n  c: 1\n", {"a", "b"}, "3:3"},
      {"an empty value at the end at the end of the text", "a: 1\nb:\n", {"b"}, "3:1"},
      {"an empty list item at the next item", "- \n-\n- x\n", {"1"}, "3:1"},
      {"an empty value in a flow mapping at the comma", "{i: , j: 1}\n", {"i"}, "1:5"},
      {"an anchored mapping at its anchor", "a: &x\n  b: 1\n", {"a"}, "1:4"},
      {"an anchored list at its anchor", "a: &x [1]\n", {"a"}, "1:4"},
      {"an anchored scalar at its anchor", "a: &x 1\n", {"a"}, "1:4"},
      {"an alias at its star", "a: &x {b: 1}\nc:  *x\n", {"c"}, "2:5"},
      {"a tagged mapping at its tag", "a: !!map {b: 1}\n", {"a"}, "1:4"},
      {"a key after a byte order mark at column 1", "\xEF\xBB\xBF" "a: 1\n", {"a"}, "1:4"},
      {"a value after CRLF line ends", "a: 1\r\nb: x\r\n", {"b"}, "2:4"},
      {"a value in multi-byte text by bytes", "\xC3\xA9: \xC3\xA9\nb: x\n", {"\xC3\xA9"}, "1:5"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(Position(At(Read(c.text), c.path)) == c.position);
  }
}

TEST_CASE("an empty YAML document is located at the token after its start", "[parse][yaml]") {
  const std::vector<DocNode> documents = Read("---\n---\na: 1\n");
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].IsNull());
  CHECK(Position(documents[0]) == "2:1");
  CHECK(Position(documents[1]) == "3:1");
}

TEST_CASE("YAML scalars keep how they were written: plain, quoted or tagged", "[parse][yaml]") {
  const std::vector<DocNode> documents =
      Read("a: yes\nb: \"yes\"\nc: !!int \"5\"\nd: !!str 5\ne: ~\nf: null\ng: |\n  yes\n");
  CHECK(At(documents, {"a"}).Resolve() == DocNode::Resolved::kBool);
  CHECK(At(documents, {"b"}).Resolve() == DocNode::Resolved::kString);
  CHECK(At(documents, {"c"}).scalar_kind == DocNode::ScalarKind::kNumber);
  CHECK(At(documents, {"d"}).Resolve() == DocNode::Resolved::kString);
  CHECK(At(documents, {"e"}).IsNull());
  CHECK(At(documents, {"f"}).IsNull());
  CHECK(At(documents, {"g"}).Resolve() == DocNode::Resolved::kString);
  CHECK(At(documents, {"g"}).value() == "yes\n");
}

TEST_CASE("a YAML key written twice is kept twice, the last one found", "[parse][yaml]") {
  const std::vector<DocNode> documents = Read("a: 1\na: 2\n");
  REQUIRE(documents.size() == 1);
  CHECK(documents[0].entries().size() == 2);
  CHECK(At(documents, {"a"}).value() == "2");
}

TEST_CASE("YAML that kubectl refuses is an error at its position", "[parse][yaml][errors]") {
  struct Case {
    std::string text;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"a: \"open\n", "t.yaml:1:5: invalid YAML: double-quoted scalar without closing quote"},
      {"\ta: 1\n", "t.yaml:1:1: invalid YAML: invalid tab as indentation in a mapping"},
      {"a: b: c\n", "t.yaml:1:5: invalid YAML: invalid nested block mapping on the same line"},
      {"a: @x\n", "t.yaml:1:4: invalid YAML: plain scalar cannot start with '@'"},
      {"a: *nope\n", "t.yaml:1:4: invalid YAML: the referenced anchor is not defined"},
      {"null: 1\n", "t.yaml:1:1: expected a scalar mapping key, got null"},
      {"? [a]\n: 1\n", "t.yaml:1:3: expected a scalar mapping key, got a list"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<std::string> errors;
    CHECK(Read(c.text, &errors).empty());
    CHECK(errors == std::vector<std::string>{c.error});
  }
}

}  // namespace
}  // namespace netpol
