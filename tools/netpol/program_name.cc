// The name netpol answers to: installed as kubectl-netpol too, it is then a
// kubectl plugin and its help says "kubectl netpol".
#include <string>
#include <string_view>

#include "cli.h"

namespace netpol::cli {

std::string ProgramName(std::string_view argv0) {
  const std::size_t slash = argv0.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
  return base == "kubectl-netpol" ? "kubectl netpol" : "netpol";
}

}  // namespace netpol::cli
