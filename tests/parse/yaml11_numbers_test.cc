// IsYaml11Integer / IsYaml11Float: the YAML 1.1 int and float forms a plain
// scalar resolves to, named by case, then checked against the two regular
// expressions they replaced on every short number-shaped string.
#include "parse/yaml11_numbers.h"

#include <iterator>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace netpol {
namespace {

struct NumberCase {
  const char* text;
  bool integer;
  bool floating;
};

TEST_CASE("YAML 1.1 int: decimal, octal 0[0-7], hex 0x, binary 0b, underscores and a sign",
          "[parse][yaml11]") {
  const NumberCase cases[] = {
      {"0", true, true},          {"7", true, true},         {"8080", true, true},
      {"8_080", true, true},      {"-12", true, true},       {"+12", true, true},
      {"0755", true, true},       {"0_7", true, true},       {"0x50", true, false},
      {"0xFF_ff", true, false},   {"-0x1", true, false},     {"0b1010", true, false},
      {"0b_1", true, false},      {"+0b0", true, false},
  };
  for (const NumberCase& c : cases) {
    CAPTURE(c.text);
    CHECK(IsYaml11Integer(c.text) == c.integer);
    CHECK(IsYaml11Float(c.text) == c.floating);
  }
}

TEST_CASE("YAML 1.1 int: 08, 0x, 0b2, 1e3 and a lone sign are not integers", "[parse][yaml11]") {
  // "08" is no octal, and a leading 0 allows no decimal digits: it falls to
  // float ([0-9][0-9_]*), as in the regular expression it replaced.
  const NumberCase cases[] = {
      {"08", false, true},  {"0x", false, false}, {"0b2", false, false}, {"0X50", false, false},
      {"1e3", false, true}, {"-", false, false},  {"+", false, false},   {"", false, false},
      {"1_000x", false, false}, {"0o17", false, false}, {"1:30", false, false},
  };
  for (const NumberCase& c : cases) {
    CAPTURE(c.text);
    CHECK(IsYaml11Integer(c.text) == c.integer);
    CHECK(IsYaml11Float(c.text) == c.floating);
  }
}

TEST_CASE("YAML 1.1 float: fractions, exponents, .inf with a sign, .nan without", "[parse][yaml11]") {
  const NumberCase cases[] = {
      {"1.5", false, true},    {".5", false, true},     {"1.", false, true},
      {"1_0.2_5", false, true}, {"6.02e23", false, true}, {"1.0E-3", false, true},
      {".5e+3", false, true},  {"-2.5", false, true},   {".inf", false, true},
      {"-.Inf", false, true},  {"+.INF", false, true},  {".nan", false, true},
      {".NaN", false, true},   {".NAN", false, true},
  };
  for (const NumberCase& c : cases) {
    CAPTURE(c.text);
    CHECK(IsYaml11Integer(c.text) == c.integer);
    CHECK(IsYaml11Float(c.text) == c.floating);
  }
}

TEST_CASE("YAML 1.1 float: no digits, a dangling exponent, a signed .nan and mixed-case inf are strings",
          "[parse][yaml11]") {
  for (const char* text : {".", "-.", "e3", "1e", "1e+", "1.5.2", ".e3", "-.nan", ".iNf",
                           "1.5e3.0", "10.0.0.0/8", "1.2.3", "._5"}) {
    CAPTURE(text);
    CHECK_FALSE(IsYaml11Integer(text));
    CHECK_FALSE(IsYaml11Float(text));
  }
}

// The expressions the scanners replaced (lib/src/parse/doc_node.cc until
// 2026-12-01), kept here as the reference.
const std::regex& IntegerReference() {
  static const std::regex re("[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)");
  return re;
}
const std::regex& FloatReference() {
  static const std::regex re(
      "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|"
      "\\.(nan|NaN|NAN)");
  return re;
}

void CheckAgainstReference(const std::string& text) {
  CAPTURE(text);
  REQUIRE(IsYaml11Integer(text) == std::regex_match(text, IntegerReference()));
  REQUIRE(IsYaml11Float(text) == std::regex_match(text, FloatReference()));
}

TEST_CASE("YAML 1.1 scanners agree with the reference expressions on every string of up to 4 "
          "number-shaped characters",
          "[parse][yaml11]") {
  const std::string alphabet = "0178_xb.eE+-";
  std::string text;
  int checked = 0;
  // Odometer over lengths 0..4.
  for (std::size_t length = 0; length <= 4; ++length) {
    std::vector<std::size_t> digit(length, 0);
    while (true) {
      text.clear();
      for (std::size_t d : digit) text += alphabet[d];
      CheckAgainstReference(text);
      ++checked;
      std::size_t i = 0;
      while (i < length && ++digit[i] == alphabet.size()) digit[i++] = 0;
      if (i == length) break;
    }
  }
  CHECK(checked == 1 + 12 + 144 + 1728 + 20736);
}

TEST_CASE("YAML 1.1 scanners agree with the reference expressions on random longer strings",
          "[parse][yaml11]") {
  const std::string alphabet = "0123456789_xXbB.eE+-afAFinNIt";
  const char* const words[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", "0x", "0b", "e+"};
  std::mt19937 random(20261201);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int parts = std::uniform_int_distribution<int>(1, 6)(random);
    for (int p = 0; p < parts; ++p) {
      if (std::uniform_int_distribution<int>(0, 5)(random) == 0) {
        text += words[std::uniform_int_distribution<std::size_t>(0, std::size(words) - 1)(random)];
      } else {
        text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
      }
    }
    CheckAgainstReference(text);
  }
}

}  // namespace
}  // namespace netpol
