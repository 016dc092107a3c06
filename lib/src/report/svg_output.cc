// SVG through Graphviz. The only file that includes Graphviz headers.
#include "netpol/svg_output.h"

#include <memory>
#include <sstream>

#include <gvc.h>

#include "netpol/endpoint_ref.h"

namespace netpol {

GraphHighlights HighlightsFromCheck(const CheckResult& result, const Cluster& cluster) {
  GraphHighlights highlights;
  for (const CheckFinding& f : result.findings) {
    const std::string from = EndpointName(f.from, cluster);
    const std::string to = EndpointName(f.to, cluster);
    if (f.verdict == CheckVerdict::kUnexpected) highlights.unexpected.insert({from, to});
    if (f.verdict == CheckVerdict::kMissing && f.allowed.IsEmpty()) highlights.missing.push_back({from, to});
  }
  return highlights;
}

bool WriteGraphSvg(const AllowGraph& graph, const GraphHighlights& highlights, std::ostream& out,
                   std::string* error) {
  std::ostringstream dot;
  WriteGraphDot(graph, highlights, dot);
  const std::string text = dot.str();
  // Graphviz keeps global state per context; one context per call keeps
  // this function free of shared state.
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (!gvc) {
    *error = "Graphviz: cannot create a context";
    return false;
  }
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(text.c_str()), agclose);
  if (!g) {
    *error = "Graphviz: cannot read the generated graph";
    return false;
  }
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) {
    *error = "Graphviz: the dot layout is not available (is libgvc's plugin config installed?)";
    return false;
  }
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  if (rendered == 0 && data) out.write(data, length);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rendered != 0) {
    *error = "Graphviz: SVG rendering failed";
    return false;
  }
  return true;
}

}  // namespace netpol
