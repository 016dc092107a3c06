#include "netpol/version.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

const char* Version() { return NETPOL_VERSION_STRING; }

NETPOL_NAMESPACE_END
