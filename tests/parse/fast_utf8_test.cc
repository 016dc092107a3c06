// The vectorised UTF-8 check (parse/fast_utf8.h) that lets well-formed input
// skip the byte-by-byte walk agrees with that walk (Utf8SequenceLength) on
// every text: one that disagreed would let a bad byte through unreported, or
// report a good text with no position.
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/utf8.h"
#include "parse/fast_utf8.h"

namespace netpol {
namespace {

bool WalkSaysWellFormed(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

TEST_CASE("the vectorised UTF-8 check agrees with the byte walk on edge sequences",
          "[parse][utf8]") {
  const std::vector<std::string> pieces = {
      "", "a", "\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEF\xBF\xBF", "\xED\x9F\xBF",
      "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
      // Not well-formed: overlong, surrogates, above U+10FFFF, cut off, stray.
      "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80",
      "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\x80", "\xE2\x82", "\xF0\x9F\x98"};
  // Each piece alone, and placed after 0 to 70 ASCII bytes, so that it falls
  // at every position of a 64-byte block and across a block boundary.
  for (const std::string& piece : pieces) {
    for (std::size_t pad = 0; pad <= 70; ++pad) {
      for (const std::string& text :
           {std::string(pad, 'x') + piece, std::string(pad, 'x') + piece + "tail"}) {
        INFO(pad << " " << text.size());
        CHECK(IsWellFormedUtf8(text) == WalkSaysWellFormed(text));
      }
    }
  }
}

TEST_CASE("the vectorised UTF-8 check agrees with the byte walk on random texts",
          "[parse][utf8]") {
  std::mt19937 rng(19);
  const std::vector<std::string> alphabet = {"a", "\n", "\xC3\xA9", "\xE2\x86\x92",
                                             "\xF0\x9F\x98\x80", "\x80", "\xC3", "\xED\xA0\x80"};
  int ill_formed = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 200);
    for (int i = 0; i < length; ++i) {
      // Mostly well-formed pieces, so that both answers occur often.
      const std::size_t pick = rng() % 100 < 97 ? rng() % 5 : 5 + rng() % 3;
      text += alphabet[pick];
    }
    INFO(round);
    const bool walk = WalkSaysWellFormed(text);
    if (!walk) ++ill_formed;
    CHECK(IsWellFormedUtf8(text) == walk);
  }
  CHECK(ill_formed > 100);
  CHECK(ill_formed < 1900);
}

}  // namespace
}  // namespace netpol
