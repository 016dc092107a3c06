#include "parse/split_reader.h"

#include "parse/json_fast_reader.h"

#include <algorithm>
#include <cstring>
#include <thread>
#include <utility>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the root object's "items" array and each of its items are.
// The position of the '"' that closes the string whose text starts at
// `from`, or text.size(). Strings are most of a JSON text's bytes: memchr
// finds each candidate quote, which closes the string unless an odd number
// of backslashes precedes it.
std::size_t ClosingQuote(std::string_view text, std::size_t from) {
  while (from < text.size()) {
    const void* found = std::memchr(text.data() + from, '"', text.size() - from);
    if (found == nullptr) return text.size();
    const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    std::size_t backslashes = 0;
    while (quote - backslashes > from && text[quote - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return quote;
    from = quote + 1;
  }
  return text.size();
}

struct ListShape {
  std::size_t open = 0;   // the array's '['
  std::size_t close = 0;  // its ']'
  std::vector<std::pair<std::size_t, std::size_t>> items;  // [begin, end) of each item
};

// A scan that only follows strings and brackets: anything it does not
// recognise (two "items" keys, unbalanced brackets) means "read it whole".
std::optional<ListShape> FindListItems(std::string_view text) {
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size() && IsJsonSpace(text[i])) ++i;
  if (i >= text.size() || text[i] != '{') return std::nullopt;
  ListShape shape;
  bool found = false;
  bool in_items = false;
  bool item_open = false;
  bool expect_item = false;  // after a ',' between items
  int depth = 0;
  std::string_view last_key;  // the latest string at depth 1
  std::size_t last_key_end = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const std::size_t j = ClosingQuote(text, i + 1);
      if (j >= text.size()) return std::nullopt;
      if (in_items && depth == 2 && !item_open) {
        item_open = true;
        expect_item = false;
        shape.items.push_back({i, 0});
      }
      if (depth == 1) {
        last_key = text.substr(i + 1, j - i - 1);
        last_key_end = j + 1;
      }
      i = j;
      continue;
    }
    if (IsJsonSpace(c)) continue;
    if (in_items && depth == 2 && !item_open && c != ',' && c != ']') {
      item_open = true;
      expect_item = false;
      shape.items.push_back({i, 0});
    }
    switch (c) {
      case '[':
        if (depth == 1 && last_key == "items") {
          // "items" then ':' then this '[', with nothing else between.
          std::size_t k = last_key_end;
          while (k < i && IsJsonSpace(text[k])) ++k;
          if (k < i && text[k] == ':') {
            ++k;
            while (k < i && IsJsonSpace(text[k])) ++k;
            if (k == i) {
              if (found) return std::nullopt;
              found = true;
              in_items = true;
              shape.open = i;
            }
          }
        }
        ++depth;
        break;
      case '{': ++depth; break;
      case ']':
      case '}':
        if (in_items && depth == 2) {
          if (c != ']' || expect_item) return std::nullopt;
          if (item_open) shape.items.back().second = i;
          item_open = false;
          in_items = false;
          shape.close = i;
        }
        if (--depth < 0) return std::nullopt;
        if (depth == 0) {
          // The rest must be blank for the text to be one value.
          for (std::size_t k = i + 1; k < text.size(); ++k) {
            if (!IsJsonSpace(text[k])) return std::nullopt;
          }
          if (!found || in_items) return std::nullopt;
          return shape;
        }
        break;
      case ',':
        if (in_items && depth == 2) {
          if (!item_open) return std::nullopt;
          shape.items.back().second = i;
          item_open = false;
          expect_item = true;
        }
        break;
      default: break;
    }
  }
  return std::nullopt;
}

// Runs part(0) ... part(count - 1), on up to `jobs` threads.
template <typename Part>
void RunParts(std::size_t count, unsigned jobs, Part part) {
  std::vector<std::thread> threads;
  const std::size_t workers = std::min<std::size_t>(std::max(1u, jobs), count);
  for (std::size_t w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (std::size_t i = w; i < count; i += workers) part(i);
    });
  }
  for (std::size_t i = 0; i < count; i += workers) part(i);
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

std::optional<std::vector<DocNode>> ReadJsonListInParts(std::string_view text,
                                                        const std::string& file_name,
                                                        const ReadLimits& limits,
                                                        const LineIndex& lines, unsigned jobs,
                                                        JsonSplitStats* stats,
                                                        std::size_t min_bytes) {
  if (jobs < 2 || text.size() < min_bytes) return std::nullopt;
  std::optional<ListShape> shape = FindListItems(text);
  if (!shape || shape->items.size() < 2) return std::nullopt;
  const std::size_t max_nodes = limits.MaxNodes();

  // Parts of about equal size, in item order; part 0 also reads the
  // skeleton: the text without the items (their locations kept).
  const std::size_t parts = std::min<std::size_t>(jobs, shape->items.size());
  std::vector<std::size_t> first_item(parts + 1, shape->items.size());
  const std::size_t span = shape->close - shape->open;
  for (std::size_t p = 0, item = 0; p < parts; ++p) {
    first_item[p] = item;
    const std::size_t until = shape->open + span * (p + 1) / parts;
    while (item < shape->items.size() && (shape->items[item].first < until || item == first_item[p])) {
      ++item;
    }
    if (p + 1 == parts) item = shape->items.size();
  }
  struct Result {
    std::vector<DocNode> items;
    std::size_t nodes = 0;
    bool ok = true;
  };
  std::vector<Result> results(parts);
  std::optional<DocNode> root;
  std::size_t root_nodes = 0;
  RunParts(parts, jobs, [&](std::size_t p) {
    // A part that fails is read again, whole, for its diagnostic.
    Result& result = results[p];
    const JsonLocating at{&file_name, &lines, /*lazy=*/true};
    if (p == 0) {
      // The skeleton: the text without the items (no copy of them).
      const std::size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
      root = ReadJsonValueWithoutFast(text, skip, text.size(), shape->open + 1, shape->close, at,
                                      max_nodes, 0, &root_nodes);
      if (!root) result.ok = false;
    }
    // The part's items, commas between them, read by simdjson as one
    // array: one parser for the part, not one per item.
    const std::size_t first = first_item[p], last = first_item[p + 1];
    if (first == last || !result.ok) return;
    std::optional<std::vector<DocNode>> items =
        ReadJsonItemsFast(text, shape->items[first].first, shape->items[last - 1].second, at,
                          max_nodes, /*depth_base=*/2, &result.nodes);
    if (!items || items->size() != last - first) {
      result.ok = false;
      return;
    }
    result.items = std::move(*items);
  });
  if (!root) return std::nullopt;
  std::size_t nodes = root_nodes;
  for (const Result& result : results) {
    if (!result.ok) return std::nullopt;
    nodes += result.nodes;
  }
  if (nodes > max_nodes) return std::nullopt;
  DocNode* items = nullptr;
  if (!root->IsMap()) return std::nullopt;
  for (DocNode::Entry& entry : root->mutable_entries()) {
    if (entry.key == "items") items = &entry.value;
  }
  if (!items || !items->IsSequence() || !items->items().empty()) return std::nullopt;
  items->mutable_items().reserve(shape->items.size());
  for (Result& result : results) {
    for (DocNode& item : result.items) items->mutable_items().push_back(std::move(item));
  }
  if (stats) {
    stats->parts = parts;
    stats->items = shape->items.size();
  }
  std::vector<DocNode> documents;
  documents.push_back(std::move(*root));
  return documents;
}

std::optional<std::vector<DocNode>> ReadYamlStreamInParts(std::string_view text,
                                                          const std::string& file_name,
                                                          const ReadLimits& limits, unsigned jobs) {
  if (jobs < 2 || text.size() < kSplitMinBytes) return std::nullopt;
  // Document starts: `---` at a line start, alone or followed by a blank.
  std::vector<std::size_t> starts;
  for (std::size_t at = 0; at < text.size();) {
    const std::string_view line = text.substr(at, text.find('\n', at) - at);
    if (line.starts_with('%') || line.starts_with("...")) return std::nullopt;
    if (line.starts_with("---") &&
        (line.size() == 3 || line[3] == ' ' || line[3] == '\t')) {
      starts.push_back(at);
    }
    const std::size_t newline = text.find('\n', at);
    if (newline == std::string_view::npos) break;
    at = newline + 1;
  }
  // Cut at the document start nearest after each 1/jobs of the text.
  std::vector<std::size_t> cuts = {0};
  for (unsigned p = 1; p < jobs; ++p) {
    const std::size_t target = text.size() * p / jobs;
    auto it = std::lower_bound(starts.begin(), starts.end(), target);
    if (it != starts.end() && *it > cuts.back()) cuts.push_back(*it);
  }
  if (cuts.size() < 2) return std::nullopt;
  cuts.push_back(text.size());
  const std::size_t parts = cuts.size() - 1;
  std::vector<int> line_base(parts, 0);
  for (std::size_t p = 1; p < parts; ++p) {
    line_base[p] = line_base[p - 1] + static_cast<int>(std::count(
                                          text.begin() + static_cast<std::ptrdiff_t>(cuts[p - 1]),
                                          text.begin() + static_cast<std::ptrdiff_t>(cuts[p]), '\n'));
  }
  struct Result {
    std::optional<std::vector<DocNode>> documents;
    std::size_t decoded = 0;
    std::size_t aliased = 0;
  };
  std::vector<Result> results(parts);
  const std::size_t max_nodes = limits.MaxNodes();
  RunParts(parts, jobs, [&](std::size_t p) {
    DiagnosticSink ignored;  // a failure is read again, whole, for its diagnostic
    Result& result = results[p];
    result.documents = ReadYamlPart(text, cuts[p], cuts[p + 1], line_base[p], file_name, ignored,
                                    max_nodes, &result.decoded, &result.aliased);
  });
  std::size_t decoded = 0;
  for (const Result& result : results) {
    // Aliases count against a ratio of the whole text: read it whole.
    if (!result.documents || result.aliased > 0) return std::nullopt;
    decoded += result.decoded;
  }
  if (decoded > max_nodes) return std::nullopt;
  std::vector<DocNode> documents;
  for (Result& result : results) {
    for (DocNode& document : *result.documents) documents.push_back(std::move(document));
  }
  return documents;
}

NETPOL_NAMESPACE_END
