// np-guard/netpol-analyzer's recorded connlist outputs
// (../shared/conformance/netpol-analyzer): every scenario folder is loaded as
// one cluster, evaluated the way the analyzer does (ipBlocks never match
// pods), written with WriteGraphConnlist and compared with the recorded
// output semantically, as FORMAT.md advises:
//  * workload lines as a map (src, dst) -> port set;
//  * External lines, per (workload, direction), as a function from IPv4
//    addresses to port sets: both sides are cut at the union of their range
//    boundaries, so the analyzer's global partition and our per-policy blocks
//    compare equal when they allow the same addresses. No line = nothing.
// Folders with EXPECTED_ERROR.md must be rejected, except bad_netpols-subdir6
// (see its test case).
#include <algorithm>
#include <catch2/catch.hpp>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/conformance_support.h"
#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

// Scenarios with a recorded output (*_connlist_output.txt or the connlist
// section of *_exposure_output.txt).
const std::vector<std::string> kOutputScenarios = {
    "acs-security-demos",
    "example_pods_w_same_owner_and_labels_gap_with_good_match_expression",
    "example_pods_w_same_owner_and_labels_gap_with_good_match_expression2",
    "exposure_test_egress_with_named_port_with_matching_pod",
    "exposure_test_rule_with_multiple_match_expressions_with_matching_pod",
    "exposure_test_to_namespace_except_specific_pod",
    "exposure_test_with_match_expression_does_not_exist_op_with_matching_pods",
    "exposure_test_with_match_expression_exists_op_with_matching_pods",
    "exposure_test_with_match_expression_not_in_op_with_matching_pods",
    "exposure_test_with_multiple_policies_1_with_matching_pod",
    "ipblockstest",
    "ipblockstest_2",
    "ipblockstest_3",
    "minimal_test_in_ns",
    "netpol-analysis-example-minimal",
    "netpol_named_port_test",
    "netpol_named_port_test_2",
    "onlineboutique_workloads",
    "semanticDiff-different-topologies-policy-a",
    "semanticDiff-different-topologies-policy-a-with-ipblock",
    "semanticDiff-different-topologies-policy-b-with-ipblock",
    "semanticDiff-same-topologies-new1",
    "semanticDiff-same-topologies-new1a",
    "semanticDiff-same-topologies-new2",
    "semanticDiff-same-topologies-new3",
    "semanticDiff-same-topologies-old1",
    "semanticDiff-same-topologies-old2",
    "semanticDiff-same-topologies-old3",
    "test_with_named_ports",
    "test_with_named_ports_changed_netpol",
    "virtual_machines_example",
    "with_end_port_example",
    "with_end_port_example_new",
};

// Scenarios with EXPECTED_ERROR.md.
const std::vector<std::string> kErrorScenarios = {
    "bad_netpols-subdir1", "bad_netpols-subdir3", "bad_netpols-subdir4",
    "bad_netpols-subdir6", "np_bad_path_test_2",  "np_test_with_empty_port_range",
};

std::string AnalyzerDir() { return ConformanceDir() + "/netpol-analyzer"; }
std::string ScenarioDir(const std::string& name) { return AnalyzerDir() + "/" + name; }

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The recorded output files of a scenario folder (*_output.txt).
std::vector<std::string> OutputFiles(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && EndsWith(name, "_output.txt")) files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool HasExpectedError(const std::string& dir) {
  return std::filesystem::is_regular_file(dir + "/EXPECTED_ERROR.md");
}

// ---------------------------------------------------------------------------
// Parsing connlist text.

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "All Connections" or "PROTO ports" groups, e.g. "SCTP 7070,TCP 8080-8081,UDP 9090"
// or "TCP 8080,9090,UDP 8080": ',' separates both groups and ports, and a
// token starting with a protocol name starts a new group.
std::optional<PortSet> ParseConns(std::string_view text) {
  if (text == "All Connections") return PortSet::All();
  PortSet ports;
  std::optional<Protocol> protocol;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view token = text.substr(start, comma - start);
    start = comma + 1;
    const std::size_t space = token.find(' ');
    if (space != std::string_view::npos) {
      protocol = ParseProtocol(token.substr(0, space));
      if (!protocol) return std::nullopt;
      token = token.substr(space + 1);
    }
    if (!protocol) return std::nullopt;
    const std::size_t dash = token.find('-');
    const std::optional<int> first = ParseInt(token.substr(0, dash));
    const std::optional<int> last =
        dash == std::string_view::npos ? first : ParseInt(token.substr(dash + 1));
    if (!first || !last || *first < kMinPort || *last > kMaxPort || *first > *last) {
      return std::nullopt;
    }
    ports.Add(*protocol, *first, *last);
  }
  if (ports.IsEmpty()) return std::nullopt;
  return ports;
}

// Canonical text of a port set, in the connlist style (independent of the
// library's writer, which is under test).
std::string Canonical(const std::optional<PortSet>& ports) {
  if (!ports || ports->IsEmpty()) return "(nothing)";
  if (ports->IsAll()) return "All Connections";
  std::string text;
  for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) {
    const std::vector<PortRange>& ranges = ports->Ranges(protocol);
    if (ranges.empty()) continue;
    text += text.empty() ? "" : ",";
    text += std::string(ProtocolName(protocol)) + " ";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      text += i == 0 ? "" : ",";
      text += std::to_string(ranges[i].first);
      if (ranges[i].last != ranges[i].first) text += "-" + std::to_string(ranges[i].last);
    }
  }
  return text;
}

constexpr std::string_view kExternalSuffix = "[External]";
constexpr std::uint64_t kIpv4End = std::uint64_t{1} << 32;  // one past 255.255.255.255

std::string Ipv4Text(std::uint64_t value) {
  IpAddress address;
  address.family = IpFamily::kV4;
  address.value = value;
  return address.ToString();
}

// An inclusive IPv4 interval, with what it may send or receive.
struct ExternalPiece {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  PortSet ports;
};

// (workload, true for External => workload / false for workload => External).
using ExternalKey = std::pair<std::string, bool>;

struct Connlist {
  std::map<std::pair<std::string, std::string>, PortSet> workload_pairs;
  std::map<ExternalKey, std::vector<ExternalPiece>> external;
  std::vector<std::string> problems;  ///< Lines that could not be read.
  int ipv6_lines = 0;                 ///< External lines outside IPv4 (not compared).
  int lines = 0;
};

// "a.b.c.d-e.f.g.h[External]" -> the IPv4 interval; nullopt when not IPv4.
std::optional<std::pair<std::uint64_t, std::uint64_t>> ParseIpv4Range(std::string_view name) {
  name.remove_suffix(kExternalSuffix.size());
  const std::size_t dash = name.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::optional<IpAddress> first = IpAddress::Parse(name.substr(0, dash));
  const std::optional<IpAddress> last = IpAddress::Parse(name.substr(dash + 1));
  if (!first || !last || first->family != IpFamily::kV4 || last->family != IpFamily::kV4 ||
      first->value > last->value) {
    return std::nullopt;
  }
  return std::make_pair(static_cast<std::uint64_t>(first->value),
                        static_cast<std::uint64_t>(last->value));
}

Connlist ParseConnlist(const std::string& text) {
  Connlist result;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    ++result.lines;
    const std::size_t arrow = line.find(" => ");
    const std::size_t colon = arrow == std::string::npos ? arrow : line.find(" : ", arrow + 4);
    if (colon == std::string::npos) {
      result.problems.push_back("not 'src => dst : conns': " + line);
      continue;
    }
    const std::string src = line.substr(0, arrow);
    const std::string dst = line.substr(arrow + 4, colon - arrow - 4);
    const std::optional<PortSet> ports = ParseConns(std::string_view(line).substr(colon + 3));
    if (!ports) {
      result.problems.push_back("unreadable connections: " + line);
      continue;
    }
    const bool src_external = EndsWith(src, kExternalSuffix);
    const bool dst_external = EndsWith(dst, kExternalSuffix);
    if (src_external && dst_external) {
      result.problems.push_back("External on both sides: " + line);
    } else if (src_external || dst_external) {
      const std::string& block = src_external ? src : dst;
      const auto range = ParseIpv4Range(block);
      if (!range) {
        if (block.find(':') != std::string::npos) {
          ++result.ipv6_lines;
        } else {
          result.problems.push_back("unreadable address range: " + line);
        }
        continue;
      }
      const ExternalKey key{src_external ? dst : src, src_external};
      result.external[key].push_back({range->first, range->second, *ports});
    } else {
      result.workload_pairs[{src, dst}].Merge(*ports);
    }
  }
  return result;
}

// What `pieces` allow for the address `at` (union of the pieces holding it).
PortSet PortsAt(const std::vector<ExternalPiece>* pieces, std::uint64_t at) {
  PortSet ports;
  if (pieces == nullptr) return ports;
  for (const ExternalPiece& piece : *pieces) {
    if (piece.first <= at && at <= piece.last) ports.Merge(piece.ports);
  }
  return ports;
}

// The differences between the recorded output and ours, one readable line
// each, or empty when they agree. Lines naming an endpoint in `excluded` are
// left out on both sides (documented exceptions, checked separately).
std::vector<std::string> Differences(const Connlist& expected, const Connlist& ours,
                                     const std::set<std::string>& excluded = {}) {
  std::vector<std::string> diffs;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, ports] : expected.workload_pairs) pairs.insert(key);
  for (const auto& [key, ports] : ours.workload_pairs) pairs.insert(key);
  for (const auto& key : pairs) {
    if (excluded.count(key.first) || excluded.count(key.second)) continue;
    const auto e = expected.workload_pairs.find(key);
    const auto o = ours.workload_pairs.find(key);
    const std::optional<PortSet> e_ports =
        e == expected.workload_pairs.end() ? std::nullopt : std::optional<PortSet>(e->second);
    const std::optional<PortSet> o_ports =
        o == ours.workload_pairs.end() ? std::nullopt : std::optional<PortSet>(o->second);
    if (e_ports != o_ports) {
      diffs.push_back(key.first + " => " + key.second + " : expected " + Canonical(e_ports) +
                      " | ours " + Canonical(o_ports));
    }
  }

  std::set<ExternalKey> keys;
  for (const auto& [key, pieces] : expected.external) keys.insert(key);
  for (const auto& [key, pieces] : ours.external) keys.insert(key);
  for (const ExternalKey& key : keys) {
    if (excluded.count(key.first)) continue;
    const auto e = expected.external.find(key);
    const auto o = ours.external.find(key);
    const std::vector<ExternalPiece>* e_pieces =
        e == expected.external.end() ? nullptr : &e->second;
    const std::vector<ExternalPiece>* o_pieces = o == ours.external.end() ? nullptr : &o->second;
    // Cut the IPv4 space at every boundary of either side.
    std::set<std::uint64_t> cuts = {0, kIpv4End};
    for (const auto* pieces : {e_pieces, o_pieces}) {
      if (pieces == nullptr) continue;
      for (const ExternalPiece& piece : *pieces) {
        cuts.insert(piece.first);
        cuts.insert(piece.last + 1);
      }
    }
    const std::vector<std::uint64_t> bounds(cuts.begin(), cuts.end());
    // Adjacent differing intervals with the same pair of answers are merged.
    std::optional<std::uint64_t> run_first;
    PortSet run_expected;
    PortSet run_ours;
    auto flush = [&](std::uint64_t run_end) {
      if (!run_first) return;
      const std::string range =
          Ipv4Text(*run_first) + "-" + Ipv4Text(run_end - 1) + std::string(kExternalSuffix);
      const std::string line = key.second ? range + " => " + key.first : key.first + " => " + range;
      diffs.push_back(line + " : expected " + Canonical(run_expected) + " | ours " +
                      Canonical(run_ours));
      run_first.reset();
    };
    for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
      const PortSet want = PortsAt(e_pieces, bounds[i]);
      const PortSet got = PortsAt(o_pieces, bounds[i]);
      if (run_first && (want != run_expected || got != run_ours)) flush(bounds[i]);
      if (want != got && !run_first) {
        run_first = bounds[i];
        run_expected = want;
        run_ours = got;
      }
    }
    flush(kIpv4End);
  }
  return diffs;
}

// ---------------------------------------------------------------------------
// Running a scenario.

// The recorded connlist section: before "Exposure Analysis Result:" /
// "Workload-to-Networks Mapping:", without {ingress-controller} lines (they
// come from Route/Ingress analysis, not from NetworkPolicy semantics).
std::string ExpectedConnlistText(const std::string& name) {
  const std::string dir = ScenarioDir(name);
  const std::vector<std::string> files = OutputFiles(dir);
  INFO("scenario " << name);
  REQUIRE(files.size() == 1);
  std::istringstream in(ReadFileOrFail(dir + "/" + files.front()));
  std::string text;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Exposure Analysis Result:", 0) == 0 ||
        line.rfind("Workload-to-Networks Mapping:", 0) == 0) {
      break;
    }
    if (line.find("{ingress-controller}") != std::string::npos) continue;
    text += line + "\n";
  }
  return text;
}

Connlist ExpectedConnlistOrFail(const std::string& name) {
  Connlist expected = ParseConnlist(ExpectedConnlistText(name));
  INFO("scenario " << name << ": unreadable expected lines:" << JoinLines(expected.problems));
  REQUIRE(expected.problems.empty());
  REQUIRE(expected.lines > 0);
  return expected;
}

// A textual change to one input file, made before loading (see the cases
// that use it for why).
struct Edit {
  std::string file;  ///< File name inside the scenario folder.
  std::string from;
  std::string to;
};

LoadResult LoadScenario(const std::string& name, const std::vector<Edit>& edits = {}) {
  std::istringstream no_stdin;
  if (edits.empty()) return LoadPaths({ScenarioDir(name)}, no_stdin);
  DiagnosticSink sink;
  std::vector<InputFile> inputs = ReadInputs({ScenarioDir(name)}, no_stdin, sink);
  REQUIRE_FALSE(sink.HasErrors());
  for (const Edit& edit : edits) {
    INFO("edit of " << edit.file << ": " << edit.from << " -> " << edit.to);
    int replaced = 0;
    for (InputFile& input : inputs) {
      if (!EndsWith(input.name, "/" + edit.file)) continue;
      for (std::size_t at = input.text.find(edit.from); at != std::string::npos;
           at = input.text.find(edit.from, at + edit.to.size())) {
        input.text.replace(at, edit.from.size(), edit.to);
        ++replaced;
      }
    }
    REQUIRE(replaced > 0);
  }
  return LoadInputs(inputs);
}

std::string SkippedKinds(const LoadResult& loaded) {
  std::string text;
  for (const auto& [kind, count] : loaded.skipped_kinds) {
    text += (text.empty() ? "" : ", ") + kind + " x" + std::to_string(count);
  }
  return text.empty() ? "none" : text;
}

std::vector<std::string> ErrorMessages(const LoadResult& loaded) {
  std::vector<std::string> errors;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError) errors.push_back(d.ToString());
  }
  return errors;
}

// The first `count` warnings, then how many more there are.
std::vector<std::string> FirstWarnings(const LoadResult& loaded, std::size_t count) {
  std::vector<std::string> warnings;
  std::size_t total = 0;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity != Severity::kWarning) continue;
    if (++total <= count) warnings.push_back(d.ToString());
  }
  if (total > count) warnings.push_back("... and " + std::to_string(total - count) + " more");
  if (total == 0) warnings.push_back("none");
  return warnings;
}

LoadResult LoadScenarioOrFail(const std::string& name, const std::vector<Edit>& edits = {}) {
  LoadResult loaded = LoadScenario(name, edits);
  INFO("scenario " << name << ": load errors:" << JoinLines(ErrorMessages(loaded)));
  REQUIRE_FALSE(loaded.HasErrors());
  return loaded;
}

// Our connlist text, evaluated as netpol-analyzer does: no ipBlock matches a pod.
std::string OurConnlistText(const Cluster& cluster) {
  EvalOptions options;
  options.ip_blocks_match_pods = false;
  const AllowGraph graph = BuildAllowGraph(ComputeClassGraph(cluster, options), cluster);
  std::ostringstream out;
  WriteGraphConnlist(graph, out);
  return out.str();
}

Connlist OurConnlist(const Cluster& cluster) {
  Connlist ours = ParseConnlist(OurConnlistText(cluster));
  INFO("unreadable lines of ours:" << JoinLines(ours.problems));
  CHECK(ours.problems.empty());
  CHECK(ours.ipv6_lines == 0);
  return ours;
}

// The name of a pod endpoint in connlist lines.
std::string ConnlistName(const Pod& pod) {
  return pod.IsWorkload() ? pod.Id() : pod.Id() + "[Pod]";
}

// The connlist names of hostNetwork endpoints.
std::set<std::string> HostNetworkNames(const Cluster& cluster) {
  std::set<std::string> names;
  for (const Pod& pod : cluster.pods) {
    if (pod.host_network) names.insert(ConnlistName(pod));
  }
  return names;
}

// netpol-analyzer folds every pod with a controller owner into one node named
// after the owner, even when the pods' labels differ (as long as no selector
// tells them apart); we keep such a pod as its own endpoint. This renames our
// bare pods after their owner; lines of pods of one owner must agree.
Connlist FoldByOwner(const Connlist& ours, const Cluster& cluster,
                     std::vector<std::string>* problems) {
  std::map<std::string, std::string> rename;
  for (const Pod& pod : cluster.pods) {
    if (pod.IsWorkload() || !pod.owner) continue;
    rename[ConnlistName(pod)] = pod.namespace_name + "/" + pod.owner->name + "[" +
                                (pod.owner->kind.empty() ? "Pod" : pod.owner->kind) + "]";
  }
  auto renamed = [&](const std::string& name) {
    const auto it = rename.find(name);
    return it == rename.end() ? name : it->second;
  };
  Connlist folded;
  folded.lines = ours.lines;
  folded.problems = ours.problems;
  for (const auto& [pair, ports] : ours.workload_pairs) {
    const std::pair<std::string, std::string> key{renamed(pair.first), renamed(pair.second)};
    if (key.first == key.second) continue;  // inside one owner: not reported
    const auto [it, inserted] = folded.workload_pairs.emplace(key, ports);
    if (!inserted && it->second != ports) {
      problems->push_back("pods of one owner differ: " + key.first + " => " + key.second + " : " +
                          Canonical(it->second) + " vs " + Canonical(ports));
    }
  }
  for (const auto& [key, pieces] : ours.external) {
    auto& target = folded.external[{renamed(key.first), key.second}];
    target.insert(target.end(), pieces.begin(), pieces.end());
  }
  return folded;
}

struct ScenarioSetup {
  /// Applied to the inputs before loading.
  std::vector<Edit> edits;
  /// Compare at netpol-analyzer's granularity: pods folded into their owner.
  bool fold_by_owner = false;
};

// Compares one scenario; every difference is listed in the failure message.
// Lines of hostNetwork endpoints are compared twice: left out of the
// comparison of our real output (we never isolate nor select them, see the
// hostNetwork cases below), and included when the same cluster is evaluated
// with hostNetwork ignored, which is how netpol-analyzer treats them.
void CheckScenario(const std::string& name, const ScenarioSetup& setup = {}) {
  const Connlist expected = ExpectedConnlistOrFail(name);
  const LoadResult loaded = LoadScenarioOrFail(name, setup.edits);
  INFO("kinds not modelled by the loader: " << SkippedKinds(loaded));
  INFO("load warnings (first 3):" << JoinLines(FirstWarnings(loaded, 3)));
  const std::set<std::string> host_network = HostNetworkNames(loaded.cluster);

  auto compare = [&](const Cluster& cluster, const std::set<std::string>& excluded,
                     const std::string& how) {
    Connlist ours = OurConnlist(cluster);
    if (setup.fold_by_owner) {
      std::vector<std::string> problems;
      ours = FoldByOwner(ours, cluster, &problems);
      INFO("scenario " << name << how << ": folding by owner:" << JoinLines(problems));
      CHECK(problems.empty());
    }
    const std::vector<std::string> diffs = Differences(expected, ours, excluded);
    INFO("scenario " << name << how << ": " << diffs.size()
                     << " difference(s) (expected = netpol-analyzer, ours = netpol):"
                     << JoinLines(diffs));
    CHECK(diffs.empty());
  };
  if (host_network.empty()) {
    compare(loaded.cluster, {}, "");
    return;
  }
  std::string names;
  for (const std::string& host : host_network) names += " " + host;
  compare(loaded.cluster, host_network, ", without the lines of hostNetwork endpoints" + names);
  Cluster as_pod_network = loaded.cluster;
  for (Pod& pod : as_pod_network.pods) pod.host_network = false;
  compare(as_pod_network, {}, ", with hostNetwork pods evaluated as pod-network pods");
}

// The whole IPv4 space as one piece allowing `ports`.
bool CoversIpv4With(const Connlist& list, const ExternalKey& key, const PortSet& ports) {
  Connlist whole;
  whole.external[key].push_back({0, kIpv4End - 1, ports});
  Connlist only;
  if (const auto it = list.external.find(key); it != list.external.end()) {
    only.external[key] = it->second;
  }
  return Differences(whole, only).empty();
}

// Deliberate difference: Kubernetes leaves NetworkPolicy behaviour for
// hostNetwork pods undefined, naming two acceptable choices; we take the one
// the docs call the most common ("ignores hostNetwork pods when matching
// podSelector and namespaceSelector. Traffic to/from hostNetwork pods is
// treated the same as all other traffic to/from the node IP"): no policy
// isolates them and no selector peer matches them. netpol-analyzer treats
// them as ordinary pods. Checked here: every hostNetwork endpoint may send to
// and receive from every IPv4 address and every other hostNetwork endpoint
// on all ports, and every difference from netpol-analyzer involves one.
void CheckHostNetworkDifference(const std::string& name, std::size_t host_network_count) {
  INFO("scenario " << name);
  const Connlist expected = ExpectedConnlistOrFail(name);
  const LoadResult loaded = LoadScenarioOrFail(name);
  const std::set<std::string> hosts = HostNetworkNames(loaded.cluster);
  CHECK(hosts.size() == host_network_count);
  const Connlist ours = OurConnlist(loaded.cluster);
  for (const std::string& host : hosts) {
    INFO("hostNetwork endpoint " << host);
    CHECK(CoversIpv4With(ours, {host, true}, PortSet::All()));
    CHECK(CoversIpv4With(ours, {host, false}, PortSet::All()));
    for (const std::string& other : hosts) {
      if (other == host) continue;
      INFO("to hostNetwork endpoint " << other);
      const auto it = ours.workload_pairs.find({host, other});
      CHECK((it != ours.workload_pairs.end() && it->second.IsAll()));
    }
  }
  const std::vector<std::string> diffs = Differences(expected, ours);
  std::vector<std::string> unexplained;
  for (const std::string& diff : diffs) {
    const bool explained = std::any_of(hosts.begin(), hosts.end(), [&](const std::string& host) {
      return diff.find(host) != std::string::npos;
    });
    if (!explained) unexplained.push_back(diff);
  }
  INFO(unexplained.size() << " difference(s) not involving a hostNetwork endpoint:"
                          << JoinLines(unexplained));
  CHECK(unexplained.empty());
  CHECK_FALSE(diffs.empty());  // the difference is real in this scenario
}

// Deliberate difference: the scenario as recorded is not a valid Kubernetes
// object set (the API server would refuse it), netpol-analyzer does not
// validate that field, we do. Every load error must be about it.
void CheckRejectedAsIs(const std::string& name, const std::string& message) {
  const LoadResult loaded = LoadScenario(name);
  const std::vector<std::string> errors = ErrorMessages(loaded);
  INFO("scenario " << name << ": load errors:" << JoinLines(errors));
  CHECK(loaded.HasErrors());
  for (const std::string& error : errors) CHECK(error.find(message) != std::string::npos);
}

void CheckRejected(const std::string& name) {
  INFO("scenario " << name << " has EXPECTED_ERROR.md");
  REQUIRE(HasExpectedError(ScenarioDir(name)));
  const LoadResult loaded = LoadScenario(name);
  std::vector<std::string> messages;
  for (const Diagnostic& d : loaded.diagnostics) messages.push_back(d.ToString());
  INFO("diagnostics:" << JoinLines(messages));
  CHECK(loaded.HasErrors());
}

// ---------------------------------------------------------------------------
// The corpus itself and the comparison helpers.

TEST_CASE("netpol-analyzer holds 39 scenarios: 33 with an output, 6 expected errors",
          "[conformance][netpol-analyzer]") {
  const std::vector<std::string> folders = SubdirectoriesOrFail(AnalyzerDir());
  CHECK(folders.size() == 39);
  std::vector<std::string> with_output;
  std::vector<std::string> with_error;
  for (const std::string& folder : folders) {
    INFO("scenario " << folder);
    const std::string dir = ScenarioDir(folder);
    const std::size_t outputs = OutputFiles(dir).size();
    const bool error = HasExpectedError(dir);
    CHECK(outputs + (error ? 1 : 0) == 1);  // exactly one of the two
    if (outputs == 1) with_output.push_back(folder);
    if (error) with_error.push_back(folder);
  }
  CHECK(with_output.size() == 33);
  CHECK(with_error.size() == 6);
  CHECK(with_output == kOutputScenarios);
  CHECK(with_error == kErrorScenarios);
}

TEST_CASE("netpol-analyzer connections parse into port sets", "[conformance][netpol-analyzer]") {
  CHECK(ParseConns("All Connections") == PortSet::All());
  CHECK(ParseConns("SCTP 1-65535,TCP 1-65535,UDP 1-65535") == PortSet::All());
  PortSet ports = PortSet::Range(Protocol::kTCP, 8080, 8081);
  ports.Add(Protocol::kTCP, 9090, 9090);
  ports.Add(Protocol::kUDP, 8080, 8080);
  CHECK(ParseConns("TCP 8080-8081,9090,UDP 8080") == ports);
  CHECK(ParseConns("UDP 8080,TCP 9090,8080,8081") == ports);
  CHECK(Canonical(ports) == "TCP 8080-8081,9090,UDP 8080");
  CHECK_FALSE(ParseConns("8080").has_value());
  CHECK_FALSE(ParseConns("TCP 0").has_value());
  CHECK_FALSE(ParseConns("ICMP 1").has_value());
  CHECK_FALSE(ParseConns("").has_value());
}

TEST_CASE("netpol-analyzer External lines compare as address-to-ports functions",
          "[conformance][netpol-analyzer]") {
  // The analyzer's global partition cuts at 10.0.0.0/8; an engine may print
  // the same allowance as one range.
  const Connlist split = ParseConnlist(
      "0.0.0.0-9.255.255.255[External] => ns/a[Deployment] : TCP 80\n"
      "10.0.0.0-10.255.255.255[External] => ns/a[Deployment] : TCP 80\n"
      "11.0.0.0-255.255.255.255[External] => ns/a[Deployment] : TCP 80\n");
  const Connlist whole =
      ParseConnlist("0.0.0.0-255.255.255.255[External] => ns/a[Deployment] : TCP 80\n");
  CHECK(Differences(split, whole).empty());
  const Connlist hole = ParseConnlist(
      "0.0.0.0-9.255.255.255[External] => ns/a[Deployment] : TCP 80\n"
      "11.0.0.0-255.255.255.255[External] => ns/a[Deployment] : TCP 80\n");
  CHECK(Differences(whole, hole) ==
        std::vector<std::string>{"10.0.0.0-10.255.255.255[External] => ns/a[Deployment] : "
                                 "expected TCP 80 | ours (nothing)"});
  // Direction matters.
  const Connlist egress =
      ParseConnlist("ns/a[Deployment] => 0.0.0.0-255.255.255.255[External] : TCP 80\n");
  CHECK(Differences(whole, egress).size() == 2);
}

// ---------------------------------------------------------------------------
// Scenarios with a recorded output, one test case each.

TEST_CASE("netpol-analyzer: acs-security-demos", "[conformance][netpol-analyzer]") {
  CheckScenario("acs-security-demos");
}
// The policy's name "use_common_labels_same_values" is not a DNS subdomain, so the API
// server rejects it and so do we (next case); it is renamed for the comparison.
// pod-1 and pod-2 share the owner internal-security but differ in labels:
// netpol-analyzer shows them as one node, we keep pod-2 apart, so our lines
// are folded by owner.
TEST_CASE("netpol-analyzer: example_pods_w_same_owner_and_labels_gap_with_good_match_expression",
          "[conformance][netpol-analyzer]") {
  CheckScenario("example_pods_w_same_owner_and_labels_gap_with_good_match_expression",
                {.edits = {{"netpol.yaml", "name: use_common_labels_same_values",
                            "name: use-common-labels-same-values"}},
                 .fold_by_owner = true});
}
TEST_CASE(
    "netpol-analyzer: example_pods_w_same_owner_and_labels_gap_with_good_match_expression as "
    "recorded is rejected: policy name 'use_common_labels_same_values' is not a DNS subdomain "
    "(netpol-analyzer does not check names)",
    "[conformance][netpol-analyzer]") {
  CheckRejectedAsIs("example_pods_w_same_owner_and_labels_gap_with_good_match_expression",
                    "invalid name \"use_common_labels_same_values\"");
}
// The policy's name "use_match_exp_with_all_gap_values_of_app" is not a DNS subdomain, so the API
// server rejects it and so do we (next case); it is renamed for the comparison.
// pod-1 and pod-2 share the owner internal-security but differ in labels:
// netpol-analyzer shows them as one node, we keep pod-2 apart, so our lines
// are folded by owner.
TEST_CASE("netpol-analyzer: example_pods_w_same_owner_and_labels_gap_with_good_match_expression2",
          "[conformance][netpol-analyzer]") {
  CheckScenario("example_pods_w_same_owner_and_labels_gap_with_good_match_expression2",
                {.edits = {{"netpol.yaml", "name: use_match_exp_with_all_gap_values_of_app",
                            "name: use-match-exp-with-all-gap-values-of-app"}},
                 .fold_by_owner = true});
}
TEST_CASE(
    "netpol-analyzer: example_pods_w_same_owner_and_labels_gap_with_good_match_expression2 as "
    "recorded is rejected: policy name 'use_match_exp_with_all_gap_values_of_app' is not a DNS "
    "subdomain (netpol-analyzer does not check names)",
    "[conformance][netpol-analyzer]") {
  CheckRejectedAsIs("example_pods_w_same_owner_and_labels_gap_with_good_match_expression2",
                    "invalid name \"use_match_exp_with_all_gap_values_of_app\"");
}
TEST_CASE("netpol-analyzer: exposure_test_egress_with_named_port_with_matching_pod",
          "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_egress_with_named_port_with_matching_pod");
}
TEST_CASE("netpol-analyzer: exposure_test_rule_with_multiple_match_expressions_with_matching_pod",
          "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_rule_with_multiple_match_expressions_with_matching_pod");
}
TEST_CASE("netpol-analyzer: exposure_test_to_namespace_except_specific_pod",
          "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_to_namespace_except_specific_pod");
}
TEST_CASE(
    "netpol-analyzer: exposure_test_with_match_expression_does_not_exist_op_with_matching_pods",
    "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_with_match_expression_does_not_exist_op_with_matching_pods");
}
TEST_CASE("netpol-analyzer: exposure_test_with_match_expression_exists_op_with_matching_pods",
          "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_with_match_expression_exists_op_with_matching_pods");
}
TEST_CASE("netpol-analyzer: exposure_test_with_match_expression_not_in_op_with_matching_pods",
          "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_with_match_expression_not_in_op_with_matching_pods");
}
TEST_CASE("netpol-analyzer: exposure_test_with_multiple_policies_1_with_matching_pod",
          "[conformance][netpol-analyzer]") {
  CheckScenario("exposure_test_with_multiple_policies_1_with_matching_pod");
}
TEST_CASE("netpol-analyzer: ipblockstest", "[conformance][netpol-analyzer]") {
  CheckScenario("ipblockstest");
}
TEST_CASE(
    "netpol-analyzer: ipblockstest: hostNetwork pods are never isolated nor selected "
    "(netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("ipblockstest", 13);
}
TEST_CASE("netpol-analyzer: ipblockstest_2", "[conformance][netpol-analyzer]") {
  CheckScenario("ipblockstest_2");
}
TEST_CASE(
    "netpol-analyzer: ipblockstest_2: hostNetwork pods are never isolated nor selected "
    "(netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("ipblockstest_2", 13);
}
TEST_CASE("netpol-analyzer: ipblockstest_3", "[conformance][netpol-analyzer]") {
  CheckScenario("ipblockstest_3");
}
TEST_CASE(
    "netpol-analyzer: ipblockstest_3: hostNetwork pods are never isolated nor selected "
    "(netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("ipblockstest_3", 13);
}
TEST_CASE("netpol-analyzer: minimal_test_in_ns", "[conformance][netpol-analyzer]") {
  CheckScenario("minimal_test_in_ns");
}
TEST_CASE("netpol-analyzer: netpol-analysis-example-minimal", "[conformance][netpol-analyzer]") {
  CheckScenario("netpol-analysis-example-minimal");
}
// pods.yaml writes `containerport: 3535` (upstream typo). Go's case-insensitive
// JSON decoding in netpol-analyzer reads it as containerPort; the API server
// decodes field names case-sensitively and then rejects the port for its
// missing containerPort, and so do we (next case). Compared with the typo fixed.
TEST_CASE("netpol-analyzer: netpol_named_port_test", "[conformance][netpol-analyzer]") {
  CheckScenario("netpol_named_port_test",
                {.edits = {{"pods.yaml", "containerport:", "containerPort:"}}});
}
TEST_CASE(
    "netpol-analyzer: netpol_named_port_test as recorded is rejected: 'containerport' is not "
    "'containerPort' (netpol-analyzer decodes field names case-insensitively)",
    "[conformance][netpol-analyzer]") {
  CheckRejectedAsIs("netpol_named_port_test", "containerPort: required field missing");
}
// pods.yaml writes `containerport: 3535` (upstream typo). Go's case-insensitive
// JSON decoding in netpol-analyzer reads it as containerPort; the API server
// decodes field names case-sensitively and then rejects the port for its
// missing containerPort, and so do we (next case). Compared with the typo fixed.
TEST_CASE("netpol-analyzer: netpol_named_port_test_2", "[conformance][netpol-analyzer]") {
  CheckScenario("netpol_named_port_test_2",
                {.edits = {{"pods.yaml", "containerport:", "containerPort:"}}});
}
TEST_CASE(
    "netpol-analyzer: netpol_named_port_test_2 as recorded is rejected: 'containerport' is not "
    "'containerPort' (netpol-analyzer decodes field names case-insensitively)",
    "[conformance][netpol-analyzer]") {
  CheckRejectedAsIs("netpol_named_port_test_2", "containerPort: required field missing");
}
TEST_CASE("netpol-analyzer: onlineboutique_workloads", "[conformance][netpol-analyzer]") {
  CheckScenario("onlineboutique_workloads");
}
TEST_CASE("netpol-analyzer: semanticDiff-different-topologies-policy-a",
          "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-different-topologies-policy-a");
}
TEST_CASE("netpol-analyzer: semanticDiff-different-topologies-policy-a-with-ipblock",
          "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-different-topologies-policy-a-with-ipblock");
}
TEST_CASE("netpol-analyzer: semanticDiff-different-topologies-policy-b-with-ipblock",
          "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-different-topologies-policy-b-with-ipblock");
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-new1", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-new1");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-new1: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-new1", 3);
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-new1a", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-new1a");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-new1a: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-new1a", 3);
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-new2", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-new2");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-new2: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-new2", 3);
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-new3", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-new3");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-new3: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-new3", 3);
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-old1", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-old1");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-old1: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-old1", 3);
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-old2", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-old2");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-old2: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-old2", 3);
}
TEST_CASE("netpol-analyzer: semanticDiff-same-topologies-old3", "[conformance][netpol-analyzer]") {
  CheckScenario("semanticDiff-same-topologies-old3");
}
TEST_CASE(
    "netpol-analyzer: semanticDiff-same-topologies-old3: hostNetwork pods are never isolated nor "
    "selected (netpol-analyzer isolates them like other pods)",
    "[conformance][netpol-analyzer]") {
  CheckHostNetworkDifference("semanticDiff-same-topologies-old3", 3);
}
TEST_CASE("netpol-analyzer: test_with_named_ports", "[conformance][netpol-analyzer]") {
  CheckScenario("test_with_named_ports");
}
TEST_CASE("netpol-analyzer: test_with_named_ports_changed_netpol",
          "[conformance][netpol-analyzer]") {
  CheckScenario("test_with_named_ports_changed_netpol");
}
// KubeVirt VirtualMachines are workloads whose pods carry
// spec.template.metadata.labels (FORMAT.md: "use their template labels and
// ports as if they were pods"). Fails while the loader skips the kind.
TEST_CASE("netpol-analyzer: virtual_machines_example (KubeVirt VirtualMachine workloads)",
          "[conformance][netpol-analyzer]") {
  CheckScenario("virtual_machines_example");
}
TEST_CASE("netpol-analyzer: with_end_port_example", "[conformance][netpol-analyzer]") {
  CheckScenario("with_end_port_example");
}
TEST_CASE("netpol-analyzer: with_end_port_example_new", "[conformance][netpol-analyzer]") {
  CheckScenario("with_end_port_example_new");
}

// ---------------------------------------------------------------------------
// Scenarios netpol-analyzer rejects.

TEST_CASE("netpol-analyzer: bad_netpols-subdir1 (ipBlock cidr 'A') is rejected",
          "[conformance][netpol-analyzer]") {
  CheckRejected("bad_netpols-subdir1");
}
TEST_CASE("netpol-analyzer: bad_netpols-subdir3 (podSelector and ipBlock in one peer) is rejected",
          "[conformance][netpol-analyzer]") {
  CheckRejected("bad_netpols-subdir3");
}
TEST_CASE("netpol-analyzer: bad_netpols-subdir4 (empty peer) is rejected",
          "[conformance][netpol-analyzer]") {
  CheckRejected("bad_netpols-subdir4");
}
TEST_CASE("netpol-analyzer: np_bad_path_test_2 (endPort with a named port) is rejected",
          "[conformance][netpol-analyzer]") {
  CheckRejected("np_bad_path_test_2");
}
TEST_CASE("netpol-analyzer: np_test_with_empty_port_range (endPort < port) is rejected",
          "[conformance][netpol-analyzer]") {
  CheckRejected("np_test_with_empty_port_range");
}

// Deliberate difference: netpol-analyzer rejects a named port combined with an
// ipBlock peer ("cannot convert named port for an IP destination"); the API
// server accepts it, and so do we. Named ports resolve on the destination
// pod, so towards external addresses such a rule allows nothing.
TEST_CASE(
    "netpol-analyzer: bad_netpols-subdir6 loads without errors: netpol-analyzer rejects a named "
    "port with an ipBlock peer; the API server accepts it, and so do we",
    "[conformance][netpol-analyzer]") {
  REQUIRE(HasExpectedError(ScenarioDir("bad_netpols-subdir6")));
  const LoadResult loaded = LoadScenarioOrFail("bad_netpols-subdir6");
  const Connlist ours = ParseConnlist(OurConnlistText(loaded.cluster));
  REQUIRE(ours.problems.empty());
  // shippingservice's only egress rule is `to: ipBlock 0.0.0.0/0, port: abc`
  // and no pod has a port named abc: it may send nothing, anywhere.
  const std::string shipping = "default/shippingservice[Deployment]";
  for (const auto& [pair, ports] : ours.workload_pairs) {
    INFO(pair.first << " => " << pair.second << " : " << Canonical(ports));
    CHECK(pair.first != shipping);
  }
  CHECK(ours.external.count({shipping, false}) == 0);
  // Its ingress rules still apply: TCP 50051 from checkoutservice and frontend.
  const PortSet tcp_50051 = PortSet::Single(Protocol::kTCP, 50051);
  for (const char* from : {"default/checkoutservice[Deployment]", "default/frontend[Deployment]"}) {
    INFO(from << " => " << shipping);
    const auto it = ours.workload_pairs.find({from, shipping});
    REQUIRE(it != ours.workload_pairs.end());
    CHECK(it->second == tcp_50051);
  }
}

}  // namespace
}  // namespace netpol::testing
