#include "netpol/version.h"

namespace netpol {

const char* Version() { return NETPOL_VERSION_STRING; }

}  // namespace netpol
