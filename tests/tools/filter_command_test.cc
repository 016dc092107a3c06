// -n/--namespace, -l/--selector and --focus on graph, report, diff and
// reach, and the ext-N aliases of long external blocks in text output.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

const std::string kDemo = "examples/netpol-demo/";
const std::string kDns = "kube-system/kube-dns[Modelled]";
const std::string kFrontend = "netpol-demo/frontend";
const std::string kBackend = "netpol-demo/backend";
const std::string kDatabase = "netpol-demo/database";
const std::string kClient = "netpol-demo/external-client";

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::set<std::pair<std::string, std::string>> JsonEdges(const std::string& text) {
  std::set<std::pair<std::string, std::string>> edges;
  const nlohmann::json doc = nlohmann::json::parse(text);
  for (const auto& edge : doc.at("edges")) {
    edges.insert(std::make_pair(edge.at("from").get<std::string>(), edge.at("to").get<std::string>()));
  }
  return edges;
}

// Each filter, and the demo endpoints it selects.
struct FilterCase {
  std::vector<std::string> flags;
  std::set<std::string> selected;
};

const std::vector<FilterCase>& FilterCases() {
  static const std::vector<FilterCase> kCases = {
      {{"-n", "kube-system"}, {kDns}},
      {{"--namespace", "netpol-demo"}, {kFrontend, kBackend, kDatabase, kClient}},
      {{"-n", "kube-system", "-n", "netpol-demo"}, {kDns, kFrontend, kBackend, kDatabase, kClient}},
      {{"-l", "app=frontend"}, {kFrontend}},
      {{"--selector", "tier in (web,api)"}, {kFrontend, kBackend}},
      {{"-l", "tier,tier!=web"}, {kBackend, kDatabase}},
      {{"-l", "!tier"}, {kDns, kClient}},
      {{"-n", "netpol-demo", "-l", "app=frontend"}, {kFrontend}},
      {{"-n", "kube-system", "-l", "app=frontend"}, {}},
      {{"--focus", "netpol-demo/database"}, {kDatabase}},
      {{"--focus", "netpol-demo/database", "--focus", "netpol-demo/app=backend"}, {kDatabase, kBackend}},
      {{"--focus", "8.8.8.8"}, {"0.0.0.0/0"}},
      {{"--focus", "10.0.0.0/8", "--focus", kFrontend}, {"0.0.0.0/0", kFrontend}},
      {{"-n", "netpol-demo", "--focus", "10.0.0.0/8"}, {}},
  };
  return kCases;
}

TEST_CASE("graph -n, -l and --focus show exactly the connections with a selected end",
          "[cli][filter]") {
  const auto full = RunCli({"graph", "-o", "json", kDemo});
  REQUIRE(full.exit_code == 0);
  const auto all_edges = JsonEdges(full.out);
  for (const FilterCase& c : FilterCases()) {
    CAPTURE(c.flags);
    std::set<std::pair<std::string, std::string>> expected;
    for (const auto& edge : all_edges) {
      if (c.selected.count(edge.first) || c.selected.count(edge.second)) expected.insert(edge);
    }
    const auto json = RunCli(Concat({"graph", "-o", "json"}, Concat(c.flags, {kDemo})));
    CHECK(json.exit_code == 0);
    CHECK(JsonEdges(json.out) == expected);
    // Nothing selected is said on stderr, as kubectl's "No resources found".
    CHECK(json.err.empty() == !c.selected.empty());

    // The text, connlist and DOT writers print the same edges.
    const auto text = RunCli(Concat({"graph"}, Concat(c.flags, {kDemo})));
    CHECK(text.exit_code == 0);
    std::size_t lines = 0;
    std::istringstream in(text.out);
    for (std::string line; std::getline(in, line);) {
      if (line.find(" -> ") != std::string::npos) ++lines;
    }
    CHECK(lines == expected.size());
    const auto dot = RunCli(Concat({"graph", "-o", "dot"}, Concat(c.flags, {kDemo})));
    std::size_t arrows = 0;
    for (std::size_t at = 0; (at = dot.out.find("\" -> \"", at)) != std::string::npos; ++at) ++arrows;
    CHECK(arrows == expected.size());
    const auto connlist = RunCli(Concat({"graph", "-o", "connlist"}, Concat(c.flags, {kDemo})));
    CHECK(static_cast<std::size_t>(std::count(connlist.out.begin(), connlist.out.end(), '\n')) ==
          expected.size());
  }
}

TEST_CASE("graph -l prints the selected pod's connections as the golden text shows them",
          "[cli][filter]") {
  const auto result = RunCli({"graph", "-l", "app=frontend", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "kube-system/kube-dns[Modelled] -> netpol-demo/frontend  TCP 80\n"
        "netpol-demo/frontend -> kube-system/kube-dns[Modelled]  TCP 53; UDP 53\n"
        "netpol-demo/frontend -> netpol-demo/backend             TCP 80\n"
        "netpol-demo/frontend -> 0.0.0.0/0                       TCP 53; UDP 53\n"
        "0.0.0.0/0 -> netpol-demo/frontend                       TCP 80\n"
        "4 endpoints (3 pods, 1 external block), 5 allowed connections\n");
}

TEST_CASE("a filter that selects nothing says so on stderr and exits 0 with empty output",
          "[cli][filter]") {
  const auto result = RunCli({"graph", "-n", "nowhere", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.err == "netpol: no endpoint matches -n nowhere: nothing to show\n");
  CHECK(result.out == "0 endpoints (0 pods, 0 external blocks), 0 allowed connections\n");
}

TEST_CASE("a malformed -l selector or --focus endpoint is a usage error naming the flag, on every "
          "command",
          "[cli][filter]") {
  const std::vector<std::vector<std::string>> commands = {
      {"graph", kDemo},
      {"graph", "-o", "summary", kDemo},
      {"diff", kDemo, kDemo},
      {"reach", "--from", kFrontend, kDemo},
      {"report", "--html", "/nonexistent-dir/never-written.html", kDemo},
  };
  struct Bad {
    std::vector<std::string> flags;
    std::string message_start;
  };
  const std::vector<Bad> bad = {
      {{"-l", "app in (a"}, "netpol: -l/--selector: "},
      {{"--selector", "=web"}, "netpol: -l/--selector: "},
      {{"--focus", "netpol-demo/nope"}, "netpol: --focus: "},
      {{"--focus", "not a/valid/endpoint"}, "netpol: --focus: "},
  };
  for (const auto& command : commands) {
    for (const Bad& b : bad) {
      std::vector<std::string> args = command;
      args.insert(args.begin() + 1, b.flags.begin(), b.flags.end());
      CAPTURE(args);
      const auto result = RunCli(args);
      CHECK(result.exit_code == 2);
      CHECK(result.out.empty());
      CHECK(result.err.starts_with(b.message_start));
    }
  }
}

TEST_CASE("graph --format svg with -l draws the selected pod, its peers and their edges only",
          "[cli][filter]") {
  const auto result = RunCli({"graph", "-o", "svg", "-l", "app=frontend", kDemo});
  REQUIRE(result.exit_code == 0);
  std::size_t nodes = 0;
  for (std::size_t at = 0; (at = result.out.find("class=\"node\"", at)) != std::string::npos; ++at) {
    ++nodes;
  }
  CHECK(nodes == 4);
  CHECK(result.out.find(kDatabase) == std::string::npos);
}

TEST_CASE("graph --compact does not take filters", "[cli][filter]") {
  const auto result = RunCli({"graph", "-o", "json", "--compact", "-n", "x", kDemo});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "netpol: --compact lists whole classes; it does not take -n, -l or --focus\n");
}

TEST_CASE("a filter selects pods, so it does not combine with a grouped matrix, svg or report",
          "[cli][filter]") {
  for (const std::string format : {"matrix", "svg"}) {
    const auto result = RunCli({"graph", "-o", format, "--by", "namespace", "-n", "netpol-demo", kDemo});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.find("do not combine with --by namespace") != std::string::npos);
  }
  const std::string dir = testing::MakeTempDir();
  const auto report = RunCli({"report", "--html", dir + "/r.html", "--by", "workload", "-n",
                              "netpol-demo", kDemo});
  CHECK(report.exit_code == 2);
  CHECK(report.err.find("do not combine with --by workload") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/r.html"));
  // A selection larger than --max-nodes is an error, not a silent grouping.
  const auto svg = RunCli({"graph", "-o", "svg", "--max-nodes", "2", "-n", "netpol-demo", kDemo});
  CHECK(svg.exit_code == 2);
  CHECK(svg.err.find("more than --max-nodes 2") != std::string::npos);
  // --by pod with a filter is the filtered pod matrix.
  const auto pods = RunCli({"graph", "-o", "matrix", "--by", "pod", "-l", "app=frontend", kDemo});
  CHECK(pods.exit_code == 0);
  CHECK(pods.out == RunCli({"graph", "-o", "matrix", "-l", "app=frontend", kDemo}).out);
  std::filesystem::remove_all(dir);
}

TEST_CASE("graph --format summary with a filter adds the selected endpoints and their pairs",
          "[cli][filter]") {
  const auto result = RunCli({"graph", "-o", "summary", "-l", "app=frontend", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("allowed ordered pairs: 13\n") != std::string::npos);
  CHECK(result.out.find("selected endpoints: 1\nallowed ordered pairs with a selected end: 5\n") !=
        std::string::npos);
  const auto plain = RunCli({"graph", "-o", "summary", kDemo});
  CHECK(plain.out.find("selected endpoints") == std::string::npos);
}

TEST_CASE("graph --format matrix with a filter leaves pairs of two unselected pods blank",
          "[cli][filter]") {
  const auto result = RunCli({"graph", "-o", "matrix", "-l", "app=frontend", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "  from\\to                        1 2 3\n"
        "1 kube-system/kube-dns[Modelled] -   .\n"
        "2 netpol-demo/backend              - X\n"
        "3 netpol-demo/frontend           . . -\n"
        "\n"
        ". allowed on some port  X denied  - same pod (not evaluated)  (blank) neither pod "
        "selected; column N is row N\n"
        "3 of 4 pod pairs allowed\n");
}

TEST_CASE("diff -n/-l/--focus keeps the changed connections with a selected end and exits by them",
          "[cli][filter][diff]") {
  const std::vector<std::string> fix = {"diff", kDemo, "--add",
                                        "examples/netpol-demo-fixed/05-allow-egress-fixes.yaml"};
  const auto full = RunCli(Concat(fix, {"-o", "json"}));
  REQUIRE(full.exit_code == 1);
  const auto all = JsonEdges(
      [&] {
        nlohmann::json doc = nlohmann::json::parse(full.out);
        doc["edges"] = doc["connections"];
        return doc.dump();
      }());
  for (const FilterCase& c : FilterCases()) {
    CAPTURE(c.flags);
    std::set<std::pair<std::string, std::string>> expected;
    for (const auto& edge : all) {
      if (c.selected.count(edge.first) || c.selected.count(edge.second)) expected.insert(edge);
    }
    const auto json = RunCli(Concat(Concat(fix, {"-o", "json"}), c.flags));
    CHECK(json.exit_code == (expected.empty() ? 0 : 1));
    nlohmann::json doc = nlohmann::json::parse(json.out);
    CHECK(doc["objects"].size() == 2);
    doc["edges"] = doc["connections"];
    CHECK(JsonEdges(doc.dump()) == expected);
    const auto text = RunCli(Concat(fix, c.flags));
    CHECK(text.exit_code == json.exit_code);
  }
}

TEST_CASE("reach -n/-l/--focus lists only the selected endpoints reached", "[cli][filter][reach]") {
  const auto result = RunCli({"reach", "--from", kFrontend, "-n", "kube-system", kDemo});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "Reachable from netpol-demo/frontend:\n"
        "  hops  endpoint                        path\n"
        "  1     kube-system/kube-dns[Modelled]  netpol-demo/frontend -[TCP 53; UDP 53]-> "
        "kube-system/kube-dns[Modelled]\n"
        "1 endpoint (1 pod, 0 external blocks)\n");
  const auto focus = RunCli({"reach", "--from", kFrontend, "--focus", "1.2.3.4", kDemo});
  CHECK(focus.exit_code == 0);
  CHECK(focus.out.find("1 endpoint (0 pods, 1 external block)\n") != std::string::npos);
  const auto none = RunCli({"reach", "--from", kFrontend, "-l", "app=database", kDemo});
  CHECK(none.exit_code == 0);
  CHECK(none.out == "Reachable from netpol-demo/frontend:\n0 endpoints (0 pods, 0 external blocks)\n");
}

TEST_CASE("report -l draws only the connections with a selected end", "[cli][filter][report]") {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/report.html";
  const auto result = RunCli({"report", "--no-lint", "--html", path, "-l", "app=frontend", kDemo});
  REQUIRE(result.exit_code == 0);
  std::ifstream in(path);
  const std::string html((std::istreambuf_iterator<char>(in)), {});
  CHECK(html.find(kFrontend) != std::string::npos);
  CHECK(html.find(kBackend) != std::string::npos);
  // The database neither reaches the frontend nor is reached by it.
  CHECK(html.find(kDatabase) == std::string::npos);
  CHECK(html.find("4 endpoints (3 pods), 5 allowed connections") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a long external block prints as ext-1 in text output with a legend, and in full in JSON",
          "[cli][aliases]") {
  const std::string long_id =
      "0.0.0.0-9.255.255.255,11.0.0.0-100.63.255.255,100.128.0.0-169.253.255.255,"
      "169.255.0.0-172.15.255.255,172.32.0.0-192.167.255.255,192.169.0.0-255.255.255.255";
  const auto text = RunCli({"graph", "examples/egress-except/"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("shop/web -> ext-1 ") != std::string::npos);
  CHECK(text.out.find("\n\next-1 = " + long_id + "\next-2 = 10.0.0.0/8,") != std::string::npos);
  CHECK(text.out.find(long_id + " ") == std::string::npos);
  const auto json = RunCli({"graph", "-o", "json", "examples/egress-except/"});
  CHECK(JsonEdges(json.out).count({"shop/web", long_id}) == 1);
  CHECK(json.out.find("ext-1") == std::string::npos);

  const auto reach = RunCli({"reach", "--from", "shop/web", "examples/egress-except/"});
  CHECK(reach.out.find("  1     ext-1 ") != std::string::npos);
  CHECK(reach.out.ends_with("\next-1 = " + long_id + "\n"));

  const auto diff = RunCli({"diff", "examples/egress-except/", "--remove",
                            "NetworkPolicy/shop/web-egress-internet"});
  CHECK(diff.exit_code == 1);
  CHECK(diff.out.find("shop/web -> ext-1 ") != std::string::npos);
  CHECK(diff.out.find("\n\next-1 = " + long_id + "\n") != std::string::npos);
}

}  // namespace
}  // namespace netpol
