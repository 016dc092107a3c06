// report::JsonStream writes what report::DumpJson prints for the same
// document, byte for byte (the exposure JSON writer relies on it).
#include "report/json_stream.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

namespace netpol {
namespace {

// Streams `doc` through JsonStream, walking it as a writer would.
void Stream(report::JsonStream& json, const nlohmann::ordered_json& doc) {
  if (doc.is_object()) {
    json.BeginObject();
    for (const auto& [key, value] : doc.items()) {
      json.Key(key);
      Stream(json, value);
    }
    json.EndObject();
  } else if (doc.is_array()) {
    json.BeginArray();
    for (const nlohmann::ordered_json& value : doc) Stream(json, value);
    json.EndArray();
  } else if (doc.is_boolean()) {
    json.Bool(doc.get<bool>());
  } else if (doc.is_number_integer()) {
    json.Int(doc.get<std::int64_t>());
  } else {
    json.String(doc.get<std::string>());
  }
}

TEST_CASE("JsonStream prints what DumpJson prints, indentation, escapes and invalid UTF-8 included",
          "[report][json]") {
  const char* const kDocs[] = {
      R"({})",
      R"([])",
      R"({"a": [], "b": {}, "c": [[], {}], "d": [1, -2, true, false, "x"]})",
      R"({"workloads": [{"workload": "ns/a", "ingress": {"isolated": true, "list": ["p", "q"]}}]})",
      R"({"quote": "say \"hi\"", "slash": "a\\b", "ctl": "tab\there\nnew\u0001\u001f", "del": "\u007f"})",
      R"({"utf8": "caf\u00e9 \u2713 \ud83d\ude00", "key \u00e9": "v"})",
  };
  for (const char* text : kDocs) {
    const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
    for (int indent : {2, 4}) {
      std::ostringstream out;
      report::JsonStream json(out, indent);
      Stream(json, doc);
      CHECK(out.str() == report::DumpJson(doc, indent));
    }
  }
  // Invalid UTF-8 (a name typed on the command line) becomes U+FFFD, as DumpJson writes it.
  const nlohmann::ordered_json bad = {{"id", std::string("ns/\xff\xfe-x")}, {"ok", "y"}};
  std::ostringstream out;
  report::JsonStream json(out);
  json.BeginObject();
  json.Key("id").String(std::string("ns/\xff\xfe-x"));
  json.Key("ok").String("y");
  json.EndObject();
  CHECK(out.str() == report::DumpJson(bad, 2));
}

}  // namespace
}  // namespace netpol
