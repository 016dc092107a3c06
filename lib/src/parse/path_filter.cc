#include "parse/path_filter.h"

#include <cctype>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Whether `c` is in the POSIX class `name` ("alpha", ...); false for an
// unknown class name.
bool InNamedClass(std::string_view name, unsigned char c) {
  if (name == "alnum") return std::isalnum(c) != 0;
  if (name == "alpha") return std::isalpha(c) != 0;
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return std::iscntrl(c) != 0;
  if (name == "digit") return std::isdigit(c) != 0;
  if (name == "graph") return std::isgraph(c) != 0;
  if (name == "lower") return std::islower(c) != 0;
  if (name == "print") return std::isprint(c) != 0;
  if (name == "punct") return std::ispunct(c) != 0;
  if (name == "space") return std::isspace(c) != 0;
  if (name == "upper") return std::isupper(c) != 0;
  if (name == "xdigit") return std::isxdigit(c) != 0;
  return false;
}

// Matches the class starting at glob[start] == '[' against `c`. Returns the
// index after its closing ']' and sets `*matched`, or npos when the class is
// not closed (git then matches nothing).
std::size_t MatchClass(std::string_view glob, std::size_t start, char c, bool* matched) {
  std::size_t i = start + 1;
  bool negated = false;
  if (i < glob.size() && (glob[i] == '!' || glob[i] == '^')) {
    negated = true;
    ++i;
  }
  bool found = false;
  bool first = true;
  while (i < glob.size() && (glob[i] != ']' || first)) {
    first = false;
    if (glob.substr(i, 2) == "[:") {
      const std::size_t close = glob.find(":]", i + 2);
      if (close != std::string_view::npos) {
        found = found || InNamedClass(glob.substr(i + 2, close - i - 2), static_cast<unsigned char>(c));
        i = close + 2;
        continue;
      }
    }
    char low = glob[i];
    if (low == '\\' && i + 1 < glob.size()) low = glob[++i];
    ++i;
    char high = low;
    if (i + 1 < glob.size() && glob[i] == '-' && glob[i + 1] != ']') {
      high = glob[i + 1];
      i += 2;
      if (high == '\\' && i < glob.size()) high = glob[i++];
    }
    if (low <= c && c <= high) found = true;
  }
  if (i >= glob.size()) return std::string_view::npos;
  *matched = found != negated && c != '/';
  return i + 1;
}

bool MatchFrom(std::string_view glob, std::size_t gi, std::string_view text, std::size_t ti) {
  while (gi < glob.size()) {
    const char c = glob[gi];
    if (c == '*') {
      std::size_t after = gi;
      while (after < glob.size() && glob[after] == '*') ++after;
      const bool whole_components =
          after - gi >= 2 && (gi == 0 || glob[gi - 1] == '/') &&
          (after == glob.size() || glob[after] == '/');
      if (whole_components) {
        if (after == glob.size()) return true;  // trailing "**": everything inside
        // "**/": zero or more leading directories.
        for (std::size_t k = ti;;) {
          if (MatchFrom(glob, after + 1, text, k)) return true;
          k = text.find('/', k);
          if (k == std::string_view::npos) return false;
          ++k;
        }
      }
      // Any other run of asterisks is one '*': anything within a component.
      for (std::size_t k = ti;; ++k) {
        if (MatchFrom(glob, after, text, k)) return true;
        if (k >= text.size() || text[k] == '/') return false;
      }
    }
    if (ti >= text.size()) return false;
    if (c == '?') {
      if (text[ti] == '/') return false;
    } else if (c == '[') {
      bool matched = false;
      const std::size_t next = MatchClass(glob, gi, text[ti], &matched);
      if (next == std::string_view::npos || !matched) return false;
      gi = next;
      ++ti;
      continue;
    } else {
      char literal = c;
      if (c == '\\' && gi + 1 < glob.size()) literal = glob[++gi];
      if (text[ti] != literal) return false;
    }
    ++gi;
    ++ti;
  }
  return ti == text.size();
}

}  // namespace

bool GlobMatches(std::string_view glob, std::string_view text) {
  return MatchFrom(glob, 0, text, 0);
}

void PathFilter::AddLines(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    AddPattern(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

void PathFilter::AddPattern(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  // Trailing spaces are dropped unless escaped ("foo\ ").
  while (!line.empty() && line.back() == ' ' &&
         !(line.size() >= 2 && line[line.size() - 2] == '\\')) {
    line.remove_suffix(1);
  }
  Pattern pattern;
  if (!line.empty() && line.front() == '!') {
    pattern.negated = true;
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    pattern.directory_only = true;
    line.remove_suffix(1);
  }
  pattern.anchored = line.find('/') != std::string_view::npos;
  if (!line.empty() && line.front() == '/') line.remove_prefix(1);
  if (line.empty()) return;
  pattern.glob = std::string(line);
  patterns_.push_back(std::move(pattern));
}

bool PathFilter::Decide(std::string_view path, bool is_directory, bool otherwise) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (it->directory_only && !is_directory) continue;
    if (GlobMatches(it->glob, it->anchored ? path : name)) return !it->negated;
  }
  return otherwise;
}

bool PathFilter::Excluded(std::string_view path, bool is_directory) const {
  if (patterns_.empty()) return false;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (Decide(path.substr(0, slash), true, false)) return true;
  }
  return Decide(path, is_directory, false);
}

NETPOL_NAMESPACE_END
