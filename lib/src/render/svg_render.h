// Graphviz behind a process boundary: the DOT → SVG step of WriteGraphSvg,
// exposed to the tests that prove a Graphviz crash is an error, not an abort.
#ifndef NETPOL_SRC_RENDER_SVG_RENDER_H_
#define NETPOL_SRC_RENDER_SVG_RENDER_H_

#include <string>

#include "netpol/svg_output.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Lays out `dot_text` with dot and renders it as SVG into `svg`. Graphviz
/// runs in a child process (one fork per call): Debian 12's Graphviz 2.42
/// corrupts its heap on some graphs, and there that costs an error naming
/// the signal instead of the caller's process. False, with `error` set,
/// when Graphviz fails or crashes.
bool RenderDotToSvg(const std::string& dot_text, std::string* svg, std::string* error);
/// The same within `layout`'s time budget, reporting progress through it;
/// `what` names the graph in messages ("20 nodes and 57 edges").
bool RenderDotToSvg(const std::string& dot_text, const SvgLayoutOptions& layout,
                    const std::string& what, std::string* svg, std::string* error);

/// The linked Graphviz's version ("2.42.2").
std::string GraphvizVersion();

NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_RENDER_SVG_RENDER_H_
