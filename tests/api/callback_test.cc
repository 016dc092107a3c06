// netpol::Callback behaves as std::function does for what netpol's options
// and queries need of it (netpol/callback.h).
#include "netpol/callback.h"

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test_support.h"

namespace netpol {
namespace {

int Twice(int x) { return 2 * x; }

TEST_CASE("Callback: default-constructed and braced-empty callbacks test false", "[api][callback]") {
  const Callback<void(std::string_view)> none;
  CHECK_FALSE(none);
  const Callback<bool()> braced = {};
  CHECK_FALSE(braced);
}

TEST_CASE("Callback: a null function pointer makes an empty callback, as for std::function",
          "[api][callback]") {
  int (*none)(int) = nullptr;
  const Callback<int(int)> from_null = none;
  CHECK_FALSE(from_null);
  int (*twice)(int) = Twice;
  const Callback<int(int)> from_pointer = twice;
  REQUIRE(from_pointer);
  CHECK(from_pointer(4) == 8);
}

TEST_CASE("Callback: holds a lambda, a function and a functor and returns their results",
          "[api][callback]") {
  const Callback<int(int)> lambda = [](int x) { return x + 1; };
  REQUIRE(lambda);
  CHECK(lambda(41) == 42);
  const Callback<int(int)> function = Twice;
  CHECK(function(21) == 42);
  struct Negate {
    int operator()(int x) const { return -x; }
  };
  const Callback<int(int)> functor = Negate{};
  CHECK(functor(-42) == 42);
}

TEST_CASE("Callback: a void callback reports through what it captured by reference",
          "[api][callback]") {
  std::vector<std::string> lines;
  const Callback<void(std::string_view)> progress = [&](std::string_view line) {
    lines.emplace_back(line);
  };
  progress("laying out");
  progress("laid out");
  CHECK(lines == std::vector<std::string>{"laying out", "laid out"});
}

TEST_CASE("Callback: a mutable lambda keeps its state between calls, and a copy has its own",
          "[api][callback]") {
  Callback<int()> counter = [n = 0]() mutable { return ++n; };
  CHECK(counter() == 1);
  CHECK(counter() == 2);
  const Callback<int()> copy = counter;  // copies the lambda with n == 2
  CHECK(copy() == 3);
  CHECK(counter() == 3);
}

TEST_CASE("Callback: moving leaves the source empty, and assignment replaces the callable",
          "[api][callback]") {
  Callback<std::size_t(std::string_view)> size = [](std::string_view s) { return s.size(); };
  Callback<std::size_t(std::string_view)> moved = std::move(size);
  CHECK_FALSE(size);  // NOLINT(bugprone-use-after-move): the documented state
  REQUIRE(moved);
  CHECK(moved("four") == 4);
  moved = [](std::string_view) -> std::size_t { return 7; };
  CHECK(moved("four") == 7);
  moved = Callback<std::size_t(std::string_view)>{};
  CHECK_FALSE(moved);
  Callback<std::size_t(std::string_view)> self = [](std::string_view s) { return s.size() * 2; };
  auto& alias = self;
  self = alias;  // self-assignment keeps the callable
  CHECK(self("ab") == 4);
}

TEST_CASE("Callback: calling an empty callback aborts with a message instead of throwing",
          "[api][callback]") {
  const testing::ChildOutcome outcome = testing::RunInChild([] {
    const Callback<void(std::string_view)> none;
    none("laying out");
  });
  CHECK(outcome.aborted);
  CHECK(outcome.err == "netpol: an empty Callback was called\n");
  // The helper tells a call that returns from one that aborts.
  CHECK_FALSE(testing::RunInChild([] {
                const Callback<int(int)> twice = Twice;
                (void)twice(1);
              }).aborted);
}

TEST_CASE("Callback: arguments are passed through, move-only ones included", "[api][callback]") {
  struct MoveOnly {
    explicit MoveOnly(int v) : value(v) {}
    MoveOnly(MoveOnly&&) = default;
    MoveOnly(const MoveOnly&) = delete;
    int value;
  };
  const Callback<int(MoveOnly)> take = [](MoveOnly m) { return m.value; };
  CHECK(take(MoveOnly(5)) == 5);
}

}  // namespace
}  // namespace netpol
