// The fast JSON path: simdjson's On Demand parser walks the text and builds
// the same DocNode tree as the nlohmann reader (json_reader.cc), with byte
// offsets for locations. It only ever stands for a read that succeeds: on any
// error or limit it reports nothing and returns nullopt, and the caller reads
// the text with the nlohmann reader, whose diagnostics (messages, lines and
// columns) the tests pin. simdjson's own error positions are coarser.
#ifndef NETPOL_PARSE_JSON_FAST_READER_H_
#define NETPOL_PARSE_JSON_FAST_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"

#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Where the nodes the fast reader builds are located: `lines` indexes the
/// whole text; with `lazy`, nodes keep byte offsets into it.
struct JsonLocating {
  const std::string* file = nullptr;
  const LineIndex* lines = nullptr;
  bool lazy = true;
};

/// The one JSON value in text[begin, end) (locations are those of the whole
/// `text`), `depth_base` levels down in its document; `*nodes` (when given)
/// counts the nodes read. nullopt, reporting nothing, when the value is not
/// well-formed JSON, is not an object or array, or exceeds the depth or node
/// limits: the caller then reads it with ReadJsonValue for the diagnostic.
std::optional<DocNode> ReadJsonValueFast(std::string_view text, std::size_t begin,
                                         std::size_t end, const JsonLocating& at,
                                         std::size_t max_nodes, int depth_base,
                                         std::size_t* nodes);

/// ReadJsonValueFast on text[begin, end) with text[cut, resume) left out (a
/// List's items, read apart): locations after the cut are still those of the
/// whole text.
std::optional<DocNode> ReadJsonValueWithoutFast(std::string_view text, std::size_t begin,
                                                std::size_t end, std::size_t cut,
                                                std::size_t resume, const JsonLocating& at,
                                                std::size_t max_nodes, int depth_base,
                                                std::size_t* nodes);

/// The comma-separated JSON values in text[begin, end) (the items of an
/// array, without its brackets), each `depth_base` levels down; the same
/// contract as ReadJsonValueFast.
std::optional<std::vector<DocNode>> ReadJsonItemsFast(std::string_view text, std::size_t begin,
                                                      std::size_t end, const JsonLocating& at,
                                                      std::size_t max_nodes, int depth_base,
                                                      std::size_t* nodes);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_JSON_FAST_READER_H_
