// The files compiled into the binary at build time (cmake/EmbedFiles.cmake):
// the playground's page under "assets/" and the bundled exercise under
// "examples/netpol-demo/", so `netpol serve` needs no file on disk.
#ifndef NETPOL_SERVE_EMBEDDED_FILES_H_
#define NETPOL_SERVE_EMBEDDED_FILES_H_

#include <string_view>
#include <vector>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

struct EmbeddedFile {
  std::string_view name;     ///< "assets/index.html", "examples/netpol-demo/intent.yaml".
  std::string_view content;
};

/// Every embedded file, sorted by name within assets and the exercise.
const std::vector<EmbeddedFile>& EmbeddedFiles();

NETPOL_NAMESPACE_END

#endif  // NETPOL_SERVE_EMBEDDED_FILES_H_
