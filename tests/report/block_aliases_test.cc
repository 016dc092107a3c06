// Long external blocks print as ext-N aliases in text output, with a legend.
#include <sstream>

#include <catch2/catch.hpp>

#include "report/block_aliases.h"

namespace netpol {
namespace {

using report::BlockAliases;

TEST_CASE("only external block ids with more than two ranges or over 64 characters get an alias",
          "[report][aliases]") {
  struct Case {
    std::string id;
    bool block;
    bool alias;
  };
  const std::vector<Case> cases = {
      {"0.0.0.0/0", true, false},
      {"0.0.0.0-10.244.1.10,10.244.1.12-255.255.255.255", true, false},
      {"0.0.0.0/5,8.0.0.0/7,11.0.0.0/8", true, true},
      {"::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff,2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
       true, true},
      {"10.1.2.3", true, false},
      {"netpol-demo/frontend", false, false},
      {"abc/def", false, false},
      {std::string(40, 'a') + "/" + std::string(40, 'b'), false, false},
      {"ns/a,b,c", false, false},
      {"", false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.id);
    CHECK(report::IsBlockId(c.id) == c.block);
    CHECK(report::NeedsAlias(c.id) == c.alias);
  }
}

TEST_CASE("aliases are numbered in order of first use and the legend lists them in that order",
          "[report][aliases]") {
  const std::string a = "0.0.0.0/5,8.0.0.0/7,11.0.0.0/8";
  const std::string b = "12.0.0.0/6,16.0.0.0/4,32.0.0.0/3";
  BlockAliases aliases;
  CHECK(aliases.empty());
  CHECK(aliases.Name("ns/pod") == "ns/pod");
  CHECK(aliases.Name("0.0.0.0/0") == "0.0.0.0/0");
  CHECK(aliases.empty());
  CHECK(aliases.Name(b) == "ext-1");
  CHECK(aliases.Name(a) == "ext-2");
  CHECK(aliases.Name(b) == "ext-1");
  std::ostringstream legend;
  aliases.WriteLegend(legend);
  CHECK(legend.str() == "\next-1 = " + b + "\next-2 = " + a + "\n");
  std::ostringstream none;
  BlockAliases().WriteLegend(none);
  CHECK(none.str().empty());
}

}  // namespace
}  // namespace netpol
