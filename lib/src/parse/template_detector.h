// Recognising Go/Helm templates before reading them as YAML.
//
// A chart's templates are not YAML until `helm template` renders them:
// `name: {{ .Release.Name }}-web` or a `{{- if ... }}` line makes the YAML
// reader fail (or, worse, read a flow mapping). What marks a template is a
// `{{` where YAML expects a node: at the start of a line's content, after
// `key: `, `- `, `? `, or in flow context after `[`, `{` or `,`. A `{{`
// inside a quoted string, a comment, a block scalar (`|`, `>`) or in the
// middle of a plain scalar (Prometheus' `summary: {{ $labels.x }} down` is
// valid YAML text) is data, and such a file is read as the manifest it is.
#ifndef NETPOL_PARSE_TEMPLATE_DETECTOR_H_
#define NETPOL_PARSE_TEMPLATE_DETECTOR_H_

#include <optional>
#include <string_view>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// 1-based line and byte column of a `{{`.
struct TextPosition {
  int line = 0;
  int column = 0;
  bool operator==(const TextPosition&) const = default;
};

/// Where the first template action (`{{` where YAML or JSON expects a node)
/// of `text` is, or nullopt when there is none. `text` has '\n' line ends.
std::optional<TextPosition> FindTemplateAction(std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_TEMPLATE_DETECTOR_H_
