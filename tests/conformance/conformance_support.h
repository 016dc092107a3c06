// Helpers shared by the conformance tests: load a case's files, compare the
// engine's verdicts with an expected.json probe ({port, protocol, allowed,
// denied}) and check that a probe lists every ordered non-self pair once.
#ifndef NETPOL_TESTS_CONFORMANCE_CONFORMANCE_SUPPORT_H_
#define NETPOL_TESTS_CONFORMANCE_CONFORMANCE_SUPPORT_H_

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {

using nlohmann::json;

/// "TCP"/"tcp" -> Protocol. Written here rather than using ParseProtocol so
/// that a parser bug shows up in the parser tests, not as corpus noise.
inline Protocol ProtocolFromText(const std::string& text) {
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  INFO("protocol " << text);
  if (upper == "TCP") return Protocol::kTCP;
  if (upper == "UDP") return Protocol::kUDP;
  REQUIRE(upper == "SCTP");
  return Protocol::kSCTP;
}

inline json ReadJsonOrFail(const std::string& path) {
  const std::string text = ReadFileOrFail(path);
  INFO("parsing " << path);
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(parsed.is_discarded());
  return parsed;
}

/// The sub-folders of `dir`, sorted; fails when `dir` is missing.
inline std::vector<std::string> SubdirectoriesOrFail(const std::string& dir) {
  INFO("directory " << dir);
  REQUIRE(std::filesystem::is_directory(dir));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Loads `files` (paths relative to `dir`) into one cluster; fails on errors.
inline LoadResult LoadFilesOrFail(const std::string& dir, const std::vector<std::string>& files) {
  std::vector<InputFile> inputs;
  for (const std::string& file : files) {
    inputs.push_back({file, ReadFileOrFail(dir + "/" + file)});
  }
  LoadResult result = LoadInputs(inputs);
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) FAIL_CHECK("load error: " << d.ToString());
  }
  REQUIRE_FALSE(result.HasErrors());
  return result;
}

/// The pod id "ns/name" in `cluster`; fails when it is missing.
inline PodId PodOrFail(const Cluster& cluster, const std::string& id) {
  INFO("pod " << id);
  const auto slash = id.find('/');
  REQUIRE(slash != std::string::npos);
  const auto pod = cluster.FindPod(id.substr(0, slash), id.substr(slash + 1));
  REQUIRE(pod.has_value());
  return *pod;
}

struct ExpectedPair {
  std::string from;
  std::string to;
  bool allowed = false;
};

/// The pairs of a probe, allowed ones first, in file order.
inline std::vector<ExpectedPair> ExpectedPairs(const json& probe) {
  std::vector<ExpectedPair> pairs;
  for (const char* key : {"allowed", "denied"}) {
    REQUIRE(probe.contains(key));
    for (const json& pair : probe.at(key)) {
      REQUIRE(pair.size() == 2);
      pairs.push_back({pair.at(0).get<std::string>(), pair.at(1).get<std::string>(),
                       std::string(key) == "allowed"});
    }
  }
  return pairs;
}

/// Problems with a probe's coverage: every ordered pair of distinct `pods`
/// must be listed exactly once (in `allowed` or `denied`), and nothing else.
inline std::vector<std::string> CoverageProblems(const json& probe,
                                                 const std::vector<std::string>& pods) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::string> problems;
  for (const ExpectedPair& pair : ExpectedPairs(probe)) {
    const std::string text = pair.from + " -> " + pair.to;
    if (pair.from == pair.to) problems.push_back("self pair listed: " + text);
    if (std::find(pods.begin(), pods.end(), pair.from) == pods.end() ||
        std::find(pods.begin(), pods.end(), pair.to) == pods.end()) {
      problems.push_back("pair with an unknown pod: " + text);
    }
    if (!seen.insert({pair.from, pair.to}).second) problems.push_back("listed twice: " + text);
  }
  for (const std::string& from : pods) {
    for (const std::string& to : pods) {
      if (from != to && !seen.count({from, to})) {
        problems.push_back("not listed: " + from + " -> " + to);
      }
    }
  }
  return problems;
}

inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::ostringstream out;
  for (const std::string& line : lines) out << "\n  " << line;
  return out.str();
}

/// Compares every pair of `probe` with the engine; records each mismatch as a
/// failed check naming the pair. Returns the number of pairs compared.
inline int CheckProbe(const Cluster& cluster, const Evaluator& evaluator, const json& probe) {
  const int port = probe.at("port").get<int>();
  const Protocol protocol = ProtocolFromText(probe.at("protocol").get<std::string>());
  std::vector<std::string> wrong;
  int compared = 0;
  for (const ExpectedPair& pair : ExpectedPairs(probe)) {
    const Verdict verdict = evaluator.Evaluate(Endpoint::ForPod(PodOrFail(cluster, pair.from)),
                                               Endpoint::ForPod(PodOrFail(cluster, pair.to)));
    ++compared;
    const bool actual = verdict.Allows(protocol, port);
    if (actual != pair.allowed) {
      wrong.push_back(pair.from + " -> " + pair.to + ": expected " +
                      (pair.allowed ? "allowed" : "denied") + ", engine says " +
                      (actual ? "allowed" : "denied") +
                      " (engine allows: " + verdict.allowed.ToString() +
                      "; egress side: " + verdict.egress.allowed.ToString() +
                      "; ingress side: " + verdict.ingress.allowed.ToString() + ")");
    }
  }
  INFO(wrong.size() << " wrong pair(s) for " << ProtocolName(protocol) << " " << port << ":"
                    << JoinLines(wrong));
  CHECK(wrong.empty());
  return compared;
}

inline std::vector<std::string> StringList(const json& value) {
  std::vector<std::string> list;
  if (value.is_string()) {
    list.push_back(value.get<std::string>());
  } else {
    REQUIRE(value.is_array());
    for (const json& item : value) list.push_back(item.get<std::string>());
  }
  return list;
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_CONFORMANCE_CONFORMANCE_SUPPORT_H_
