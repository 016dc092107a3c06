// A differential check of the JSON readers, run by the fuzzer on every input
// and by the regression test on tests/fuzz/regressions/: what the simdjson
// reader accepts, the nlohmann reader accepts with the same tree (locations
// included), and a List read in parts is the List read whole. A difference
// aborts, which libFuzzer reports as a finding.
#ifndef NETPOL_TESTS_FUZZ_JSON_READERS_CHECK_H_
#define NETPOL_TESTS_FUZZ_JSON_READERS_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/doc_node.h"
#include "parse/json_fast_reader.h"
#include "parse/split_reader.h"

namespace netpol::fuzz {

inline bool SameDocTree(const DocNode& a, const DocNode& b) {
  if (a.type != b.type || a.scalar_kind != b.scalar_kind || a.value() != b.value() ||
      a.loc.ToSourceLoc() != b.loc.ToSourceLoc() || a.items().size() != b.items().size() ||
      a.entries().size() != b.entries().size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.items().size(); ++i) {
    if (!SameDocTree(a.items()[i], b.items()[i])) return false;
  }
  for (std::size_t i = 0; i < a.entries().size(); ++i) {
    if (a.entries()[i].key != b.entries()[i].key ||
        a.entries()[i].key_loc.ToSourceLoc() != b.entries()[i].key_loc.ToSourceLoc() ||
        !SameDocTree(a.entries()[i].value, b.entries()[i].value)) {
      return false;
    }
  }
  return true;
}

[[noreturn]] inline void ReadersDiffer(const char* what) {
  std::fprintf(stderr, "JSON readers differ: %s\n", what);
  std::abort();
}

inline void CheckJsonReaders(std::string_view text) {
  const std::string name = "fuzz.json";
  DiagnosticSink sink;
  if (!CheckUtf8(text, name, sink)) return;  // the readers' caller checks first
  const LineIndex lines(text);
  const std::size_t max_nodes = ReadLimits{}.MaxNodes();
  const std::optional<DocNode> fast = ReadJsonValueFast(
      text, 0, text.size(), JsonLocating{&name, &lines, true}, max_nodes, 0, nullptr);
  if (fast) {
    const std::optional<DocNode> exact =
        ReadJsonValueExact(text, 0, text.size(), name, sink, max_nodes, lines, true, 0, nullptr);
    if (!exact) ReadersDiffer("simdjson accepts what nlohmann rejects");
    if (!SameDocTree(*fast, *exact)) ReadersDiffer("different trees");
  }
  // Parts however small the text, so that short fuzz inputs are cut too.
  const std::optional<std::vector<DocNode>> parts =
      ReadJsonListInParts(text, name, {}, lines, 2, nullptr, /*min_bytes=*/0);
  if (parts) {
    const std::vector<DocNode> whole = ReadJsonDocuments(text, name, sink, {}, &lines);
    if (whole.size() != 1 || parts->size() != 1 || !SameDocTree((*parts)[0], whole[0])) {
      ReadersDiffer("a List read in parts is not the List read whole");
    }
  }
}

}  // namespace netpol::fuzz

#endif  // NETPOL_TESTS_FUZZ_JSON_READERS_CHECK_H_
