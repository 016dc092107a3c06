// The public headers under lib/include/netpol/, for the tests that check
// every one of them (documentation, portability, header cost).
#ifndef NETPOL_TESTS_API_PUBLIC_HEADERS_H_
#define NETPOL_TESTS_API_PUBLIC_HEADERS_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace netpol::testing {

// Every lib/include/netpol/*.h, sorted; with `with_templates`, also the
// configured ones (*.h.in, such as version.h.in).
inline std::vector<std::filesystem::path> PublicHeaders(bool with_templates) {
  std::vector<std::filesystem::path> headers;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(NETPOL_SOURCE_DIR) / "lib" / "include" / "netpol")) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".h") || (with_templates && name.ends_with(".h.in"))) {
      headers.push_back(entry.path());
    }
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

// The text of `path` ("" when it cannot be read).
inline std::string TextOf(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "NAME:LINE: what" for each line of `text` where `pattern` matches and
// `skip(line)` is false; `what` is `describe(match)`.
template <class Describe, class Skip>
std::vector<std::string> LineMatches(const std::string& name, const std::string& text,
                                     const std::regex& pattern, Describe describe, Skip skip) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    std::smatch match;
    if (!skip(line) && std::regex_search(line, match, pattern)) {
      found.push_back(name + ":" + std::to_string(number) + ": " + describe(match));
    }
  }
  return found;
}

// What `scan(file_name, path)` finds in every public header (templates
// included), gathered in header order: one string per finding.
template <class Scan>
std::vector<std::string> ScanPublicHeaders(Scan scan) {
  const std::vector<std::filesystem::path> headers = PublicHeaders(/*with_templates=*/true);
  std::vector<std::string> found;
  for (const std::filesystem::path& header : headers) {
    const std::vector<std::string> here = scan(header.filename().string(), header);
    found.insert(found.end(), here.begin(), here.end());
  }
  return found;
}

// The findings one per line, for a failure message.
inline std::string OnePerLine(const std::vector<std::string>& found) {
  std::string all;
  for (const std::string& f : found) all += f + "\n";
  return all;
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_API_PUBLIC_HEADERS_H_
