// One vocabulary for directions: the words live in netpol/direction.h
// (DirectionName, DirectionKey, PeerListKey, PeerPreposition). A ternary
// that spells a direction inline — `direction == Direction::kIngress ?
// "ingress" : "egress"` — is how the words drifted apart before, so this test
// reads every source of lib/ and tools/ and fails when one comes back.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "netpol/direction.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

bool IsSource(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".cc" || ext == ".h";
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the direction helpers spell the words manifests and output use", "[model][direction]") {
  CHECK(std::string(DirectionName(Direction::kIngress)) == "Ingress");
  CHECK(std::string(DirectionName(Direction::kEgress)) == "Egress");
  CHECK(std::string(DirectionKey(Direction::kIngress)) == "ingress");
  CHECK(std::string(DirectionKey(Direction::kEgress)) == "egress");
  CHECK(std::string(PeerListKey(Direction::kIngress)) == "from");
  CHECK(std::string(PeerListKey(Direction::kEgress)) == "to");
  CHECK(std::string(PeerPreposition(Direction::kIngress)) == "from");
  CHECK(std::string(PeerPreposition(Direction::kEgress)) == "towards");
  CHECK(Opposite(Direction::kIngress) == Direction::kEgress);
  CHECK(Opposite(Direction::kEgress) == Direction::kIngress);
}

TEST_CASE("no source in lib/ or tools/ spells a direction with an inline ternary",
          "[model][direction]") {
  // `kIngress ? "..."` / `kEgress ? "..."`, possibly across a line break.
  const std::regex ternary(R"(k(Ingress|Egress)\s*\?\s*")");
  std::vector<std::string> offenders;
  int files = 0;
  for (const char* dir : {"lib", "tools"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(NETPOL_SOURCE_DIR) / dir)) {
      if (!entry.is_regular_file() || !IsSource(entry.path())) continue;
      ++files;
      const std::string text = ReadAll(entry.path());
      for (auto it = std::sregex_iterator(text.begin(), text.end(), ternary);
           it != std::sregex_iterator(); ++it) {
        const auto line = 1 + std::count(text.begin(), text.begin() + it->position(), '\n');
        offenders.push_back(entry.path().lexically_relative(NETPOL_SOURCE_DIR).string() + ":" +
                            std::to_string(line) + ": " + it->str());
      }
    }
  }
  CHECK(files > 50);  // the walk found the sources
  INFO("use DirectionName/DirectionKey/PeerListKey/PeerPreposition from netpol/direction.h");
  CHECK(offenders == std::vector<std::string>{});
}

}  // namespace netpol
