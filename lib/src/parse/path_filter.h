// Excluding paths with gitignore patterns: a `.netpolignore` file at the
// root of a directory argument, and the CLI's --exclude patterns.
//
// The syntax and meaning are gitignore(5)'s: blank lines and `#` comments
// are ignored; trailing spaces are dropped unless escaped with `\`; `!`
// negates (re-includes what an earlier pattern excluded); a trailing `/`
// matches directories only; a pattern with a `/` at its start or in its
// middle is anchored to the filter's root, any other pattern matches a name
// at any depth; `*` and `?` match within one path component, `[...]` is a
// character class (`[!...]`/`[^...]` negated, ranges, `[:alpha:]`...);
// `**/` at the start or `/**/` inside match zero or more directories, a
// trailing `/**` everything inside. The last matching pattern decides, and
// as in git, nothing inside an excluded directory can be re-included.
#ifndef NETPOL_PARSE_PATH_FILTER_H_
#define NETPOL_PARSE_PATH_FILTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

class PathFilter {
 public:
  /// Adds every pattern of a gitignore-syntax text (one pattern a line).
  void AddLines(std::string_view text);
  /// Adds one pattern line (a comment or blank line adds nothing).
  void AddPattern(std::string_view line);

  /// Whether `path` ('/'-separated, relative to the filter's root, without
  /// a leading "./") is excluded: by a pattern matching it, or because a
  /// directory above it is. `is_directory` says what `path` is.
  bool Excluded(std::string_view path, bool is_directory) const;

  bool empty() const { return patterns_.empty(); }

 private:
  struct Pattern {
    std::string glob;  // without the leading '!', the anchoring '/' and the trailing '/'
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;  // matched against the whole path, else the last component
  };
  // The verdict of the patterns on `path` alone (ignoring its parents):
  // excluded, re-included or, when no pattern matches, `otherwise`.
  bool Decide(std::string_view path, bool is_directory, bool otherwise) const;

  std::vector<Pattern> patterns_;
};

/// Whether `text` matches the glob `glob` as git's wildmatch does with
/// WM_PATHNAME (`*`, `?` and classes never match '/'; `**` as described
/// above). Exposed for tests.
bool GlobMatches(std::string_view glob, std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_PATH_FILTER_H_
