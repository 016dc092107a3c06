// libFuzzer target: parse + evaluate + every graph output format. Built with
// -DNETPOL_FUZZ=ON and clang; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  netpol::fuzz::RunPipeline(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
