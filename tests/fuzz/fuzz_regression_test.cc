// Replays every input the fuzzer once failed on (tests/fuzz/regressions/)
// through the fuzz pipeline; each must now run cleanly (and, in the
// sanitizer build, without a report).
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "fuzz/fuzz_pipeline.h"
#include "test_support.h"

namespace netpol {
namespace {

TEST_CASE("fuzzer regression inputs run cleanly", "[fuzz]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::SourceDir()) / "tests/fuzz/regressions";
  REQUIRE(fs::is_directory(dir));
  int count = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    INFO(entry.path().string());
    fuzz::RunPipeline(testing::ReadFileOrFail(entry.path().string()));
    ++count;
  }
  CHECK(count > 0);
}

}  // namespace
}  // namespace netpol
