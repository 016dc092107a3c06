// Calico's selector language: each operator and each parse error, table-driven.
#include <catch2/catch.hpp>

#include "select/calico_selector_parser.h"

namespace netpol {
namespace {

CalicoSelector MustParse(const std::string& text) {
  auto parsed = ParseCalicoSelector(text);
  if (auto* error = std::get_if<CalicoSelectorError>(&parsed)) {
    FAIL("'" << text << "' does not parse: " << error->message);
  }
  return std::get<CalicoSelector>(std::move(parsed));
}

TEST_CASE("Calico selector operators match labels as Calico documents them", "[select][calico]") {
  const Labels web = {{"app", "web"}, {"tier", "frontend"}, {"team", "shop-east"}};
  const Labels db = {{"app", "db"}, {"tier", "backend"}};
  const Labels bare = {};
  struct Case {
    std::string selector;
    std::vector<bool> expected;  // web, db, bare
  };
  const std::vector<Case> cases = {
      {"", {true, true, true}},
      {"all()", {true, true, true}},
      {"global()", {false, false, false}},
      {"app == 'web'", {true, false, false}},
      {"app == \"web\"", {true, false, false}},
      {"app != 'web'", {false, true, true}},  // != also matches an absent key
      {"has(team)", {true, false, false}},
      {"!has(team)", {false, true, true}},
      {"app in {'web', 'db'}", {true, true, false}},
      {"app in {}", {false, false, false}},
      {"app not in {'web'}", {false, true, true}},  // not in also matches an absent key
      {"team contains 'east'", {true, false, false}},
      {"tier starts with 'front'", {true, false, false}},
      {"tier ends with 'end'", {true, true, false}},
      {"app == 'web' && tier == 'frontend'", {true, false, false}},
      {"app == 'web' || tier == 'backend'", {true, true, false}},
      {"!(app == 'web')", {false, true, true}},
      {"!app == 'web'", {false, true, true}},
      {"has(app) && !(app in {'db'} || has(team))", {false, false, false}},
      {"(has(team) || app == 'db') && tier ends with 'end'", {true, true, false}},
      {"a == 'x' || b == 'y' && c == 'z'", {false, false, false}},
      {"has(app) || has(x) && has(y)", {true, true, false}},  // && binds tighter than ||
  };
  for (const Case& c : cases) {
    INFO(c.selector);
    const CalicoSelector selector = MustParse(c.selector);
    CHECK(selector.Matches(web) == c.expected[0]);
    CHECK(selector.Matches(db) == c.expected[1]);
    CHECK(selector.Matches(bare) == c.expected[2]);
  }
}

TEST_CASE("a Calico selector sees the implicit projectcalico.org/namespace label of a pod",
          "[select][calico]") {
  const CalicoSelector selector = MustParse("projectcalico.org/namespace == 'kube-system'");
  CHECK(selector.Matches({}, "projectcalico.org/namespace", "kube-system"));
  CHECK_FALSE(selector.Matches({}, "projectcalico.org/namespace", "shop"));
  CHECK_FALSE(selector.Matches({}));
}

TEST_CASE("a Calico selector lists every label key it reads, has() keys included",
          "[select][calico]") {
  CHECK(MustParse("has(zone) && app == 'a' || !(b in {'x'})").Keys() ==
        std::vector<std::string>{"app", "b", "zone"});
}

TEST_CASE("a malformed Calico selector is an error at the offset of the offending character",
          "[select][calico]") {
  struct Case {
    std::string selector;
    std::size_t offset;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"app = 'web'", 4, "expected an operator after 'app' (==, !=, in, not in, contains, starts with, ends with)"},
      {"app == web", 7, "expected a quoted string"},
      {"app == 'web", 7, "unterminated string"},
      {"app == 'web' &&", 15, "unexpected end of selector: expected an expression"},
      {"(app == 'web'", 13, "expected ')'"},
      {"has(app", 7, "expected ')' after the key of has()"},
      {"has()", 4, "expected a label key in has()"},
      {"app in ('a')", 7, "expected '{' after 'in'"},
      {"app in {'a' 'b'}", 12, "expected ',' or '}' in the set"},
      {"app not 'a'", 8, "expected 'in' after 'not'"},
      {"tier starts 'a'", 12, "expected 'with' after 'starts'"},
      {"tier ends 'a'", 10, "expected 'with' after 'ends'"},
      {"app == 'a' app == 'b'", 11, "unexpected 'a': expected '&&', '||' or the end"},
      {"&& app == 'a'", 0, "unexpected '&': expected a label key, '!', '(', all(), global() or has()"},
  };
  for (const Case& c : cases) {
    INFO(c.selector);
    auto parsed = ParseCalicoSelector(c.selector);
    const auto* error = std::get_if<CalicoSelectorError>(&parsed);
    REQUIRE(error != nullptr);
    CHECK(error->message == c.message);
    CHECK(error->offset == c.offset);
  }
}

}  // namespace
}  // namespace netpol
