// netpol_mangen OUTDIR DATE: writes the man pages netpol.1 and
// netpol-COMMAND.1 into OUTDIR, generated from the command line the netpol
// executable parses (see man_page.h). Run at build time; not installed.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "cli_common.h"
#include "man_page.h"
#include "netpol/version.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: netpol_mangen OUTDIR DATE\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  netpol::cli::Io io{in, out, err, {}};
  std::vector<netpol::cli::Action> actions;
  const auto app = netpol::cli::MakeApp(io, "netpol", actions);
  for (const netpol::cli::ManPage& page :
       netpol::cli::ManPages(*app, std::string("netpol ") + netpol::Version(), argv[2])) {
    std::ofstream file(dir + "/" + page.file_name, std::ios::binary);
    file << page.roff;
    if (!file.flush()) {
      std::cerr << "netpol_mangen: cannot write " << dir << "/" << page.file_name << "\n";
      return 1;
    }
  }
  return 0;
}
