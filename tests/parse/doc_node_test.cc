// A DocNode holds one payload, its text, its items or its entries, so that
// a document tree costs one payload per node (parse/doc_node.h). What it
// does not hold reads as empty, as it did when a node held all three.
#include <string>

#include <catch2/catch.hpp>

#include "parse/doc_node.h"

namespace netpol {
namespace {

TEST_CASE("a DocNode reads as empty text, no items and no entries until filled in",
          "[parse][doc-node]") {
  const DocNode node;
  CHECK(node.IsNull());
  CHECK(node.value().empty());
  CHECK(node.items().empty());
  CHECK(node.entries().empty());
  CHECK(node.Get("kind") == nullptr);
}

TEST_CASE("a DocNode filled in with text has no items or entries", "[parse][doc-node]") {
  DocNode node;
  node.type = DocNode::Type::kScalar;
  node.mutable_value() = "web";
  CHECK(node.value() == "web");
  CHECK(node.items().empty());
  CHECK(node.entries().empty());
  CHECK(node.Describe() == "a string");
}

TEST_CASE("a DocNode's entries keep their order and the last of a key wins",
          "[parse][doc-node]") {
  DocNode map;
  map.type = DocNode::Type::kMap;
  for (const char* value : {"a", "b"}) {
    DocNode scalar;
    scalar.type = DocNode::Type::kScalar;
    scalar.mutable_value() = value;
    map.mutable_entries().push_back({"name", {}, std::move(scalar)});
  }
  REQUIRE(map.entries().size() == 2);
  CHECK(map.entries()[0].value.value() == "a");
  CHECK(map.Get("name")->value() == "b");
  CHECK(map.value().empty());
  CHECK(map.items().empty());
}

TEST_CASE("filling in one payload of a DocNode drops the one it held", "[parse][doc-node]") {
  DocNode node;
  node.mutable_value() = "text";
  node.mutable_items().emplace_back();
  CHECK(node.value().empty());
  CHECK(node.items().size() == 1);
  node.mutable_items().emplace_back();
  CHECK(node.items().size() == 2);  // the same items, not new ones
  node.mutable_entries();
  CHECK(node.items().empty());
}

TEST_CASE("a DocNode holds one payload, not three", "[parse][doc-node]") {
  // Text, items and entries side by side took 80 bytes of every node.
  CHECK(sizeof(DocNode) <= sizeof(std::string) + sizeof(DocLoc) + 16);
}

}  // namespace
}  // namespace netpol
