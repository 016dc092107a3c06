// The progress line: silent off a terminal and during the first second,
// rewritten in place with \r, throttled, and cleared at the end. A fake
// clock drives it.
#include <chrono>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "progress_reporter.h"

namespace netpol {
namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

struct FakeClock {
  TimePoint now{};
  cli::ProgressReporter::Clock AsClock() {
    return [this] { return now; };
  }
};

TEST_CASE("progress is silent when standard error is not a terminal", "[cli][progress]") {
  std::ostringstream err;
  FakeClock clock;
  {
    cli::ProgressReporter progress(err, /*enabled=*/false, clock.AsClock());
    clock.now += milliseconds(5000);
    progress.Update("reading", 1, 10, "files");
    progress.Update("reading", 10, 10, "files");
  }
  CHECK(err.str().empty());
}

TEST_CASE("progress shows nothing for quick work, then \\r-updated lines, and clears them",
          "[cli][progress]") {
  std::ostringstream err;
  FakeClock clock;
  cli::ProgressReporter progress(err, /*enabled=*/true, clock.AsClock());
  clock.now += milliseconds(500);
  progress.Update("reading", 1, 5000, "files");
  CHECK(err.str().empty());  // under a second: nothing

  clock.now += milliseconds(600);
  progress.Update("reading", 1234, 5000, "files");
  CHECK(err.str() == "\rreading 1234/5000 files\u2026");

  clock.now += milliseconds(50);  // throttled: at most every 100 ms
  progress.Update("reading", 1300, 5000, "files");
  CHECK(err.str() == "\rreading 1234/5000 files\u2026");

  clock.now += milliseconds(100);
  progress.Update("reading", 9, 5000, "files");  // a shorter line blanks the rest
  CHECK(err.str() == "\rreading 1234/5000 files\u2026\rreading 9/5000 files\u2026   ");

  err.str("");
  clock.now += milliseconds(1);
  progress.Update("reading", 5000, 5000, "files");  // the last one always shows
  CHECK(err.str() == "\rreading 5000/5000 files\u2026");

  err.str("");
  progress.Finish();
  const std::string blank(24, ' ');  // the widest line shown, in characters
  CHECK(err.str() == "\r" + blank + "\r");

  err.str("");
  clock.now += milliseconds(5000);
  progress.Update("reading", 1, 1, "files");  // finished: silent (later what-if loads)
  progress.Finish();
  CHECK(err.str().empty());
}

}  // namespace
}  // namespace netpol
