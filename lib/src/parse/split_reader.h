// Reading one large input text on several threads. A `kubectl get -o json`
// dump is one `List` whose items are independent values, and a multi-document
// YAML stream is a sequence of independent documents: both are cut at item or
// document boundaries and the parts read in parallel, each with the locations
// of the whole text. A part that fails (a syntax error, a limit, an alias)
// makes the caller read the text whole again, so a diagnostic is always
// exactly the sequential reader's; the parts only ever stand for a read that
// succeeds.
#ifndef NETPOL_PARSE_SPLIT_READER_H_
#define NETPOL_PARSE_SPLIT_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"

#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Texts smaller than this are read whole: threads would cost more than
/// they save.
inline constexpr std::size_t kSplitMinBytes = std::size_t{1} << 20;

/// How a JSON List was read in parts (for tests and benchmarks).
struct JsonSplitStats {
  std::size_t parts = 0;  ///< parts read, each on its thread by one simdjson parser
  std::size_t items = 0;  ///< List items in all parts
};

/// The documents of the JSON `text` (one `{..., "items": [...]}` object),
/// its items read on up to `jobs` threads, each thread's items by simdjson as
/// one array, with locations as offsets into `lines` (an index of `text` that
/// outlives the nodes). nullopt, reporting nothing, when the text is not such
/// an object or a part fails: the caller then reads it whole. `text` has
/// passed CheckInputSize and CheckUtf8. `stats`, when given and the read
/// succeeds, says how it was cut. Texts under `min_bytes` are left whole
/// (the fuzzer lowers it to cut short inputs).
std::optional<std::vector<DocNode>> ReadJsonListInParts(std::string_view text,
                                                        const std::string& file_name,
                                                        const ReadLimits& limits,
                                                        const LineIndex& lines, unsigned jobs,
                                                        JsonSplitStats* stats = nullptr,
                                                        std::size_t min_bytes = kSplitMinBytes);

/// The documents of the multi-document YAML `text`, cut at `---` lines into
/// up to `jobs` parts read on as many threads. nullopt, reporting nothing,
/// when it has fewer than two documents, directives or `...` lines, an alias,
/// or a part fails: the caller then reads it whole. `text` has passed
/// CheckInputSize and CheckUtf8 and has no carriage returns.
std::optional<std::vector<DocNode>> ReadYamlStreamInParts(std::string_view text,
                                                          const std::string& file_name,
                                                          const ReadLimits& limits, unsigned jobs);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_SPLIT_READER_H_
