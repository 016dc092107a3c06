// The version macros agree with each other and with netpol::Version().
#include "netpol/version.h"

#include <catch2/catch.hpp>

#include <string>

namespace netpol {
namespace {

TEST_CASE("NETPOL_VERSION_NUMBER and NETPOL_VERSION_AT_LEAST follow MAJOR.MINOR.PATCH",
          "[version]") {
  CHECK(std::string(Version()) == NETPOL_VERSION_STRING);
  CHECK(std::string(NETPOL_VERSION_STRING) == std::to_string(NETPOL_VERSION_MAJOR) + "." +
                                                  std::to_string(NETPOL_VERSION_MINOR) + "." +
                                                  std::to_string(NETPOL_VERSION_PATCH));
  CHECK(NETPOL_VERSION_NUMBER ==
        NETPOL_VERSION_MAJOR * 10000 + NETPOL_VERSION_MINOR * 100 + NETPOL_VERSION_PATCH);
  static_assert(NETPOL_VERSION_AT_LEAST(NETPOL_VERSION_MAJOR, NETPOL_VERSION_MINOR,
                                        NETPOL_VERSION_PATCH));
  static_assert(NETPOL_VERSION_AT_LEAST(0, 0, 1));
  static_assert(!NETPOL_VERSION_AT_LEAST(NETPOL_VERSION_MAJOR + 1, 0, 0));
  static_assert(!NETPOL_VERSION_AT_LEAST(NETPOL_VERSION_MAJOR, NETPOL_VERSION_MINOR,
                                         NETPOL_VERSION_PATCH + 1));
}

}  // namespace
}  // namespace netpol
