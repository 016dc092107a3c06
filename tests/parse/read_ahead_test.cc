// Reading runs ahead of decoding only as far as ReadAhead allows: by number
// (fewer than --jobs texts ahead) and by bytes (the texts read and not yet
// decoded, the one being decoded included), so that a few large files are
// not all held as document trees at once (parse/read_ahead.h).
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "parse/read_ahead.h"

namespace netpol {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST_CASE("the text decoded next may always be read, however large",
          "[parse][parallel][read-ahead]") {
  const ReadAhead read_ahead({100 * kMiB, 100 * kMiB}, 2);
  CHECK(read_ahead.MayRead(0, 0));
  CHECK(read_ahead.MayRead(1, 1));
  CHECK_FALSE(read_ahead.MayRead(0, 1));
}

TEST_CASE("small texts are read up to --jobs ahead of the one being decoded",
          "[parse][parallel][read-ahead]") {
  const std::vector<std::size_t> sizes(10, 1 * kMiB);
  struct Case {
    unsigned jobs;
    std::size_t decoding, next;
    bool may_read;
  };
  for (const Case& c : std::vector<Case>{
           {2, 0, 1, true},   // one ahead with two jobs
           {2, 0, 2, false},  // two ahead: as many as the jobs
           {4, 3, 6, true},
           {4, 3, 7, false},
           {1, 0, 1, false},  // one job reads nothing ahead
           {2, 8, 9, true},   // the last text
       }) {
    CAPTURE(c.jobs, c.decoding, c.next);
    CHECK(ReadAhead(sizes, c.jobs).MayRead(c.decoding, c.next) == c.may_read);
  }
}

TEST_CASE("texts are read ahead only while those held stay within the byte budget",
          "[parse][parallel][read-ahead]") {
  // The one being decoded counts: 10 + 6 MiB is the 16 MiB budget, 10 + 7 is over.
  CHECK(kReadAheadBytes == 16 * kMiB);
  CHECK(ReadAhead({10 * kMiB, 6 * kMiB}, 2).MayRead(0, 1));
  CHECK_FALSE(ReadAhead({10 * kMiB, 7 * kMiB}, 2).MayRead(0, 1));
  // Every text between counts too.
  CHECK(ReadAhead({4 * kMiB, 4 * kMiB, 8 * kMiB}, 3).MayRead(0, 2));
  CHECK_FALSE(ReadAhead({4 * kMiB, 4 * kMiB, 9 * kMiB}, 3).MayRead(0, 2));
  // Texts already decoded do not.
  CHECK(ReadAhead({100 * kMiB, 8 * kMiB, 8 * kMiB}, 2).MayRead(1, 2));
  // The budget is the caller's.
  CHECK(ReadAhead({10 * kMiB, 10 * kMiB}, 2, 20 * kMiB).MayRead(0, 1));
  CHECK_FALSE(ReadAhead({10 * kMiB, 10 * kMiB}, 2, 19 * kMiB).MayRead(0, 1));
}

TEST_CASE("nothing past the last text is read", "[parse][parallel][read-ahead]") {
  CHECK_FALSE(ReadAhead({1, 1}, 4).MayRead(0, 2));
}

}  // namespace
}  // namespace netpol
