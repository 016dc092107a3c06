// `--by`, `--max-nodes` and `--layout-timeout` of `netpol graph` (matrix,
// svg) and `netpol report`: the size limit, its message, and grouped output.
#include <catch2/catch.hpp>

#include "report/generated_cluster.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("matrix above --max-nodes pods is a usage error that suggests --by", "[cli][group]") {
  // The demo has 4 pods (with the modelled DNS pod), in 2 namespaces.
  auto result = RunCli({"graph", "--format", "matrix", "--max-nodes", "3", "examples/netpol-demo/"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "netpol: the pod matrix would have 5 rows, more than --max-nodes 3; use --by workload (5 "
        "rows) or --by namespace (2 rows), or --by pod to print it anyway\n");
  // --by pod prints it anyway, as without the limit.
  auto pods = RunCli({"graph", "--format", "matrix", "--max-nodes", "3", "--by", "pod",
                      "examples/netpol-demo/"});
  auto plain = RunCli({"graph", "--format", "matrix", "examples/netpol-demo/"});
  CHECK(pods.exit_code == 0);
  CHECK(pods.out == plain.out);
}

TEST_CASE("matrix --by namespace marks all, some and none with a legend", "[cli][group]") {
  const std::string dir = testing::MakeTempDir();
  const std::string path = testing::WriteGeneratedCluster(dir, 2, 8);
  auto result = RunCli({"graph", "--format", "matrix", "--by", "namespace", "--no-dns-model", path});
  REQUIRE(result.exit_code == 0);
  // monitoring reaches every pod (ingress from monitoring is allowed); team0
  // reaches monitoring (no policy there) but only some of itself and none of team1.
  CHECK(Contains(result.out, "1 monitoring (1) - . .\n"));
  CHECK(Contains(result.out, "2 team0 (8)      . ~ X\n"));
  CHECK(Contains(result.out, "3 team1 (8)      . X ~\n"));
  CHECK(Contains(result.out, ". all pairs allowed on some port  ~ some allowed, some denied  X none allowed"));
  CHECK(Contains(result.out, "(3 namespaces, 17 pods)\n"));
  auto on_port = RunCli({"graph", "--format", "matrix", "--by", "namespace", "--port", "9090",
                         "--no-dns-model", path});
  REQUIRE(on_port.exit_code == 0);
  CHECK(Contains(on_port.out, "2 team0 (8)      . X X\n"));
  CHECK(Contains(on_port.out, "all pairs allowed on TCP 9090"));
  auto workloads = RunCli({"graph", "--format", "matrix", "--by", "workload", "--no-dns-model", path});
  REQUIRE(workloads.exit_code == 0);
  CHECK(Contains(workloads.out, "team0/app=app0 (2)"));
  CHECK(Contains(workloads.out, "(9 workloads, 17 pods)\n"));
}

TEST_CASE("graph --by applies only to the matrix and svg formats", "[cli][group]") {
  auto result = RunCli({"graph", "--by", "namespace", "examples/netpol-demo/"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "netpol: --by applies only to --format matrix and --format svg\n");
  auto bad = RunCli({"graph", "--format", "matrix", "--by", "pods", "examples/netpol-demo/"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("svg above --max-nodes draws the finest grouping that fits, with a note", "[cli][group]") {
  const std::string dir = testing::MakeTempDir();
  const std::string path = testing::WriteGeneratedCluster(dir, 2, 8);
  // 17 pods + 1 external block; 9 workloads + 1 block fit in 10.
  auto workloads = RunCli({"graph", "--format", "svg", "--max-nodes", "10", "--no-dns-model", path});
  REQUIRE(workloads.exit_code == 0);
  CHECK(Contains(workloads.err, "netpol: 17 pods are more than --max-nodes 10: drawing 9 workloads and "
                                "1 external block instead (--by workload; --by pod draws every "
                                "pod)\n"));
  CHECK(Contains(workloads.err, "netpol: laying out 10 nodes and "));
  CHECK(Contains(workloads.err, " with Graphviz dot (budget 20 s)\n"));
  CHECK(Contains(workloads.out, "<title>cluster_team0</title>"));
  auto namespaces = RunCli({"graph", "--format", "svg", "--max-nodes", "5", "--no-dns-model", path});
  REQUIRE(namespaces.exit_code == 0);
  CHECK(Contains(namespaces.err, "drawing 3 namespaces and 1 external block instead (--by namespace"));
  CHECK(Contains(namespaces.out, "some: 16 of 56 pod pairs: TCP 8080"));  // team0 -> team0's tooltip
  CHECK(Contains(namespaces.out, "stroke-dasharray"));
  // Not even namespaces fit: an error, unless --by asks for them.
  auto none = RunCli({"graph", "--format", "svg", "--max-nodes", "3", "--no-dns-model", path});
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(Contains(none.err, "the namespace graph still has 4 nodes; use --by namespace"));
  auto asked = RunCli({"graph", "--format", "svg", "--max-nodes", "3", "--by", "namespace",
                       "--no-dns-model", path});
  CHECK(asked.exit_code == 0);
  // --intent marks pod pairs: only with a pod-level drawing.
  auto intent = RunCli({"graph", "--format", "svg", "--by", "namespace", "--intent",
                        "examples/netpol-demo/intent.yaml", "examples/netpol-demo/"});
  CHECK(intent.exit_code == 2);
  CHECK(Contains(intent.err, "--intent marks connections between pods"));
}

TEST_CASE("a layout over --layout-timeout is killed and reported as an error", "[cli][group]") {
  const std::string dir = testing::MakeTempDir();
  const std::string path = testing::WriteGeneratedCluster(dir, 6, 40);
  auto result = RunCli({"graph", "--format", "svg", "--by", "pod", "--layout-timeout", "0.01",
                        "--no-dns-model", path});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(Contains(result.err, "netpol: Graphviz did not lay out 242 nodes and "));
  CHECK(Contains(result.err, " within 0.01 s; draw fewer nodes (--by namespace, a lower "
                             "--max-nodes) or allow more time (--layout-timeout)\n"));
}

TEST_CASE("report above --max-nodes shows groups, a namespace table and drill-down data",
          "[cli][group][html]") {
  const std::string dir = testing::MakeTempDir();
  const std::string path = testing::WriteGeneratedCluster(dir, 2, 8);
  const std::string html = dir + "/r.html";
  auto result = RunCli({"report", "--html", html, "--max-nodes", "5", "--no-dns-model", path});
  REQUIRE(result.exit_code == 0);
  const std::string page = testing::ReadFileOrFail(html);
  CHECK(Contains(page, "17 pods are more than 5 to draw one by one: the graph and the matrix show "
                       "namespaces (3)"));
  CHECK(Contains(page, "<h2>Allow-graph by namespace</h2>"));
  CHECK(Contains(page, "<h2>Reachability matrix by namespace</h2>"));
  CHECK(Contains(page, "<tr class=\"ns-row\" data-ns=\"team0\"><td>team0</td><td>8</td><td>4</td>"
                       "<td>some</td>"));
  CHECK(Contains(page, "id=\"netpol-pods\""));
  CHECK(Contains(page, "<td class=\"some\" title=\"some: 16 of 56 pod pairs: TCP 8080\">~</td>"));
  // Under the limit the report is the pod-level one.
  auto pods = RunCli({"report", "--html", html, "--no-dns-model", path});
  REQUIRE(pods.exit_code == 0);
  const std::string pod_page = testing::ReadFileOrFail(html);
  CHECK(Contains(pod_page, "<h2>Allow-graph</h2>"));
  CHECK_FALSE(Contains(pod_page, "id=\"netpol-pods\""));
  // --by forces a level.
  auto by = RunCli({"report", "--html", html, "--by", "workload", "--no-dns-model", path});
  REQUIRE(by.exit_code == 0);
  CHECK(Contains(testing::ReadFileOrFail(html), "<h2>Allow-graph by workload</h2>"));
}

}  // namespace
}  // namespace netpol
