// ctest runs each Catch test by name; a name starting with '-' reaches Catch
// as an option and the test fails without running (it happened three times).
#include <catch2/catch.hpp>

namespace netpol {
namespace {

TEST_CASE("no test name starts with a dash, which ctest would pass to Catch as an option",
          "[meta]") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  REQUIRE_FALSE(tests.empty());
  for (const Catch::TestCase& test : tests) {
    INFO(test.name);
    CHECK(test.name.rfind('-', 0) != 0);
  }
}

}  // namespace
}  // namespace netpol
