// A JSON writer that streams: for writers whose documents grow with the
// cluster (exposure prints tens of megabytes on a 10k-pod cluster), building
// an nlohmann tree first costs more than the analysis. The text is byte for
// byte what report::DumpJson(doc, indent) prints for the same document
// (nlohmann's layout, invalid UTF-8 as U+FFFD), so a writer can switch
// without changing its output.
#ifndef NETPOL_SRC_REPORT_JSON_STREAM_H_
#define NETPOL_SRC_REPORT_JSON_STREAM_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/port_set.h"
#include "netpol/source_loc.h"
#include "report/json_support.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

class JsonStream {
 public:
  explicit JsonStream(std::ostream& out, int indent = 2) : out_(out), indent_(indent) {}

  /// The next value is the member `key` of the enclosing object.
  JsonStream& Key(std::string_view key) {
    Separate();
    WriteString(key);
    out_ << ": ";
    after_key_ = true;
    return *this;
  }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void String(std::string_view text) {
    Separate();
    WriteString(text);
  }
  void Bool(bool value) {
    Separate();
    out_ << (value ? "true" : "false");
  }
  void Int(std::int64_t value) {
    Separate();
    out_ << value;
  }
  void Strings(const std::vector<std::string>& items) {
    BeginArray();
    for (const std::string& item : items) String(item);
    EndArray();
  }

 private:
  struct Level {
    bool has_items = false;
  };
  std::ostream& out_;
  int indent_;
  std::vector<Level> levels_;
  bool after_key_ = false;
  std::string line_start_;  // "\n" and enough spaces for the deepest level so far

  void Newline(std::size_t depth) {
    const std::size_t width = depth * static_cast<std::size_t>(indent_);
    if (line_start_.size() < width + 1) line_start_ = "\n" + std::string(width, ' ');
    out_.write(line_start_.data(), static_cast<std::streamsize>(width + 1));
  }

  // Before a value or a key: the comma and line break of its container.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (levels_.empty()) return;
    if (levels_.back().has_items) out_ << ',';
    levels_.back().has_items = true;
    Newline(levels_.size());
  }

  void Open(char bracket) {
    Separate();
    out_ << bracket;
    levels_.push_back({});
  }

  void Close(char bracket) {
    const bool had_items = levels_.back().has_items;
    levels_.pop_back();
    if (had_items) Newline(levels_.size());
    out_ << bracket;
  }

  void WriteString(std::string_view text) {
    for (char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') {
        // Escapes and UTF-8 checks exactly as nlohmann does them.
        out_ << DumpJson(nlohmann::ordered_json(std::string(text)));
        return;
      }
    }
    out_ << '"' << text << '"';
  }
};

/// PortsJson(ports), streamed.
inline void WritePorts(JsonStream& json, const PortSet& ports) {
  json.BeginArray();
  for (Protocol protocol : kAllProtocols) {
    for (const PortRange& range : ports.Ranges(protocol)) {
      json.BeginObject();
      json.Key("protocol").String(ProtocolName(protocol));
      json.Key("port").Int(range.first);
      json.Key("endPort").Int(range.last);
      json.EndObject();
    }
  }
  json.EndArray();
}

/// PutLocation(object, loc, key), streamed: inside an open object.
inline void WriteLocation(JsonStream& json, const SourceLoc& loc, const char* key = "location") {
  if (!loc.IsKnown()) return;
  json.Key(key).BeginObject();
  json.Key("file").String(loc.file);
  json.Key("line").Int(loc.line);
  json.Key("column").Int(loc.column);
  json.EndObject();
}

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_REPORT_JSON_STREAM_H_
