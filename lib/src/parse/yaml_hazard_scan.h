// A cheap look over YAML text, before the parser, for the shapes that make a
// parser spend seconds and gigabytes before any limit can apply.
//
// Why it is needed: libfyaml has no length limit on implicit keys (go-yaml
// and libyaml stop at 1024 characters), so inside a flow collection any node
// may still turn out to be a key until its line ends. It holds every token
// of a one-line flow collection before it emits the first event: 5 MB of `[`
// were read in full (8 s, 1.7 GB) before the depth limit, which applies to
// events, could refuse the 257th level. The same holds for an alias inside
// the flow collection it names (`&a [*a, *a, ...]`).
//
// The scan tracks what a YAML reader sees of flow collections: it skips
// comments, quoted scalars and block scalars, counts `[`/`{` against
// `]`/`}`, and remembers which open flow collection each anchor names. It
// returns the end of the shortest prefix in which the reader's own limits
// would already refuse the text: the bracket that opens level
// kMaxDocumentDepth + 1, or an alias that names a flow collection still open.
//
// The scan only proposes; the reader decides. The reader reads that prefix
// first and refuses the text only if the prefix hits one of its limits (the
// error the whole text gives, at the same place); otherwise it reads the
// whole text as before. So a scan that misreads a text (a quote inside a
// plain scalar, say) costs one short extra read, never a refusal.
#ifndef NETPOL_PARSE_YAML_HAZARD_SCAN_H_
#define NETPOL_PARSE_YAML_HAZARD_SCAN_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// The length of a prefix of `text` within which a hostile shape shows:
/// flow collections nested deeper than `max_depth` or an alias to a flow
/// collection that contains it. nullopt when the scan sees neither.
std::optional<std::size_t> FindYamlHazard(std::string_view text, int max_depth);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_YAML_HAZARD_SCAN_H_
