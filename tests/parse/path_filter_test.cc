// .netpolignore and --exclude: gitignore(5) semantics, pinned case by case.
#include <catch2/catch.hpp>

#include "parse/path_filter.h"

namespace netpol {
namespace {

struct GlobCase {
  const char* glob;
  const char* text;
  bool matches;
};

TEST_CASE("globs match as git's wildmatch does: * ? [] within a component, ** across", "[parse][ignore]") {
  const GlobCase cases[] = {
      {"*.yaml", "a.yaml", true},
      {"*.yaml", "a.yml", false},
      {"*.yaml", "dir/a.yaml", false},  // '*' never crosses '/'
      {"a?c", "abc", true},
      {"a?c", "a/c", false},  // neither does '?'
      {"a?c", "ac", false},
      {"[abc].yaml", "b.yaml", true},
      {"[abc].yaml", "d.yaml", false},
      {"[a-c]x", "bx", true},
      {"[!a-c]x", "bx", false},
      {"[!a-c]x", "dx", true},
      {"[^a-c]x", "dx", true},
      {"[]]x", "]x", true},
      {"[a-]x", "-x", true},
      {"[[:digit:]]*", "7up", true},
      {"[[:digit:]]*", "up", false},
      {"a[/]b", "a/b", false},  // a class never matches '/'
      {"[abc", "a", false},     // unclosed class: matches nothing (git aborts)
      {"\\*", "*", true},
      {"\\*", "a", false},
      {"**/foo", "foo", true},  // leading "**/": any depth, including none
      {"**/foo", "a/b/foo", true},
      {"**/foo", "a/foo/b", false},
      {"a/**/b", "a/b", true},  // "/**/": zero or more directories
      {"a/**/b", "a/x/y/b", true},
      {"a/**/b", "ab", false},
      {"a/**", "a/x/y", true},  // trailing "/**": everything inside
      {"a/**", "a", false},
      {"**", "x/y/z", true},
      {"a**b", "axyb", true},  // other runs of '*' are a plain '*'
      {"a**b", "ax/yb", false},
      {"Chart.yaml", "chart.yaml", false},  // case-sensitive
  };
  for (const GlobCase& c : cases) {
    INFO(c.glob << " vs " << c.text);
    CHECK(GlobMatches(c.glob, c.text) == c.matches);
  }
}

struct FilterCase {
  const char* path;
  bool is_directory;
  bool excluded;
};

void CheckFilter(const char* lines, std::initializer_list<FilterCase> cases) {
  PathFilter filter;
  filter.AddLines(lines);
  for (const FilterCase& c : cases) {
    INFO("patterns:\n" << lines << "\npath: " << c.path << (c.is_directory ? "/" : ""));
    CHECK(filter.Excluded(c.path, c.is_directory) == c.excluded);
  }
}

TEST_CASE("ignore files: comments and blank lines add nothing; trailing spaces are dropped unless escaped", "[parse][ignore]") {
  CheckFilter("# a comment\n\n   \nfoo.yaml   \n", {{"foo.yaml", false, true},
                                                    {"# a comment", false, false},
                                                    {"bar.yaml", false, false}});
  CheckFilter("\\#hash.yaml\n", {{"#hash.yaml", false, true}});
  CheckFilter("sp\\ \n", {{"sp ", false, true}, {"sp", false, false}});
  CheckFilter("crlf.yaml\r\n", {{"crlf.yaml", false, true}});
  PathFilter empty;
  empty.AddLines("# only a comment\n\n");
  CHECK(empty.empty());
}

TEST_CASE("ignore files: a pattern without a slash matches a name at any depth", "[parse][ignore]") {
  CheckFilter("values*.yaml\n", {{"values.yaml", false, true},
                                 {"chart/values-prod.yaml", false, true},
                                 {"chart/my-values.yaml", false, false}});
  // A matched directory excludes everything below it.
  CheckFilter("node_modules\n", {{"a/node_modules", true, true},
                                 {"a/node_modules/x/package.json", false, true}});
}

TEST_CASE("ignore files: a leading or middle slash anchors the pattern to the root", "[parse][ignore]") {
  CheckFilter("/ci.yaml\n", {{"ci.yaml", false, true}, {"sub/ci.yaml", false, false}});
  CheckFilter("deploy/dev\n", {{"deploy/dev", true, true},
                               {"deploy/dev/np.yaml", false, true},
                               {"x/deploy/dev/np.yaml", false, false}});
}

TEST_CASE("ignore files: a trailing slash matches directories only", "[parse][ignore]") {
  CheckFilter("build/\n", {{"build", true, true},
                           {"build", false, false},  // a file named build stays
                           {"a/build/out.yaml", false, true}});
  CheckFilter("/charts/\n", {{"charts/x/Chart.yaml", false, true},
                             {"sub/charts/x.yaml", false, false}});
}

TEST_CASE("ignore files: ! re-includes, the last matching pattern wins", "[parse][ignore]") {
  CheckFilter("*.yaml\n!keep.yaml\n", {{"a.yaml", false, true},
                                       {"keep.yaml", false, false},
                                       {"d/keep.yaml", false, false}});
  CheckFilter("!keep.yaml\n*.yaml\n", {{"keep.yaml", false, true}});
  CheckFilter("\\!bang.yaml\n", {{"!bang.yaml", false, true}});
}

TEST_CASE("ignore files: nothing inside an excluded directory can be re-included", "[parse][ignore]") {
  CheckFilter("secret/\n!secret/np.yaml\n", {{"secret/np.yaml", false, true}});
  // Excluding the contents (not the directory) lets a negation work.
  CheckFilter("secret/*\n!secret/np.yaml\n", {{"secret/np.yaml", false, false},
                                              {"secret/other.yaml", false, true}});
}

TEST_CASE("ignore files: ** matches across directories", "[parse][ignore]") {
  CheckFilter("**/templates\n", {{"templates/a.yaml", false, true},
                                 {"charts/web/templates/a.yaml", false, true},
                                 {"templates.yaml", false, false}});
  CheckFilter("examples/**/*.json\n", {{"examples/a.json", false, true},
                                       {"examples/x/y/a.json", false, true},
                                       {"other/a.json", false, false}});
}

}  // namespace
}  // namespace netpol
