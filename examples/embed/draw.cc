// Uses the render component (netpol::render, netpol-render.pc): draws the
// allow-graph of the manifests under PATH as SVG on stdout. Only programs
// like this one link Graphviz; the other examples link the core alone.
//   draw PATH...
#include <iostream>
#include <string>
#include <vector>

#include <netpol/allow_graph.h>
#include <netpol/analysis.h>
#include <netpol/svg_output.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: draw PATH...\n";
    return 2;
  }
  const std::vector<std::string> paths(argv + 1, argv + argc);
  const netpol::Result<netpol::Analysis> analysis = netpol::Analysis::Load(paths, std::cin);
  if (!analysis.ok()) {
    std::cerr << analysis.status().detail() << analysis.status().message() << "\n";
    return 2;
  }
  const netpol::Status drawn =
      netpol::WriteGraphSvg(analysis->allow_graph(), netpol::GraphHighlights{}, std::cout);
  if (!drawn.ok()) {
    std::cerr << "draw: " << drawn.message() << "\n";
    return 2;
  }
  return 0;
}
