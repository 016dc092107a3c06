// The csv and md table writers: RFC 4180 quoting and markdown escaping,
// checked by parsing the output back.
#include <catch2/catch.hpp>

#include <sstream>

#include "report/table_output.h"
#include "table_parse.h"

namespace netpol {
namespace {

using report::TableRow;

TEST_CASE("a CSV field is quoted only when it holds a comma, quote or line break", "[report][csv]") {
  struct Case {
    std::string text;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"plain", "plain"},
      {"", ""},
      {"TCP 80,443", "\"TCP 80,443\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rhere", "\"cr\rhere\""},
      {"a | b", "a | b"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(report::CsvField(c.text) == c.field);
  }
}

TEST_CASE("a markdown cell escapes pipes and turns line breaks into <br>", "[report][md]") {
  CHECK(report::MarkdownCell("a|b") == "a\\|b");
  CHECK(report::MarkdownCell("one\ntwo\r\nthree") == "one<br>two<br>three");
  CHECK(report::MarkdownCell("TCP 80,443") == "TCP 80,443");
}

const TableRow kHeader = {"src", "dst", "conn"};
const std::vector<TableRow> kRows = {
    {"ns/a[Pod]", "ns/b[Deployment]", "TCP 80,443"},
    {"say \"hi\"", "pipe | here", "two\nlines"},
    {"", "empty first", ""},
};

TEST_CASE("a CSV table parses back (RFC 4180) to its header and rows", "[report][csv]") {
  std::ostringstream out;
  report::WriteCsvTable(kHeader, kRows, out);
  std::vector<TableRow> expected = {kHeader};
  expected.insert(expected.end(), kRows.begin(), kRows.end());
  CHECK(testing::ParseCsv(out.str()) == expected);
}

TEST_CASE("a markdown table has a separator row and as many cells per row as its header",
          "[report][md]") {
  std::ostringstream out;
  report::WriteMarkdownTable(kHeader, kRows, out);
  CHECK(out.str().starts_with("| src | dst | conn |\n|-----|-----|------|\n"));
  const std::vector<TableRow> table = testing::ParseMarkdownTable(out.str());
  REQUIRE(table.size() == 1 + kRows.size());
  CHECK(table[0] == kHeader);
  CHECK(table[2] == TableRow{"say \"hi\"", "pipe | here", "two<br>lines"});
  CHECK(table[3] == TableRow{"", "empty first", ""});
}

TEST_CASE("the test's table parsers reject malformed input", "[report][csv][md]") {
  CHECK_THROWS(testing::ParseCsv("a,\"unterminated\n"));
  CHECK_THROWS(testing::ParseCsv("a,b\nc\n"));  // rows of different widths
  CHECK_THROWS(testing::ParseMarkdownTable("| a | b |\n|---|---|\n| c |\n"));
  CHECK_THROWS(testing::ParseMarkdownTable("| a | b |\n| c | d |\n"));  // no separator row
}

}  // namespace
}  // namespace netpol
