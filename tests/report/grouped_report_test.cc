// The grouped HTML report of a 1,000-pod cluster in Debian's headless
// Chromium: the page's scripts run to the end, clicking a node opens its
// namespace's pods, report.html#ns=NAME opens that namespace, and the page
// renders (a screenshot).
#include <cstdlib>

#include <catch2/catch.hpp>

#include "report/generated_cluster.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("the grouped report of a 1k-pod cluster works in headless Chromium",
          "[report][html][browser][group]") {
  const std::string dir = testing::MakeTempDir();
  // 20 namespaces of 50 pods, and monitoring: 1,001 pods, 81 workloads.
  const std::string cluster = testing::WriteGeneratedCluster(dir, 20, 50);
  const std::string html = dir + "/report.html";
  auto result = RunCli({"report", "--html", html, "--no-dns-model", cluster});
  REQUIRE(result.exit_code == 0);
  const std::string page = testing::ReadFileOrFail(html);
  CHECK(Contains(page, "<h2>Allow-graph by workload</h2>"));
  CHECK(Contains(page, "1001 pods are more than 150 to draw one by one"));
  CHECK(page.size() < 2'000'000);  // a 1k-pod report stays small
  auto dump = [&](const std::string& fragment) {
    return testing::HeadlessChromiumDom(html, fragment, dir);
  };
  // Clicking the first node selects it and opens its namespace.
  const std::string clicked = dump("#selftest");
  CHECK(Contains(clicked, "data-ready=\"1\""));
  CHECK(Contains(clicked, " node(s) reach it.\""));
  CHECK(Contains(clicked, "class=\"node selected\""));
  CHECK(Contains(clicked, "data-drill=\"Pods of namespace monitoring (1)\""));
  // #ns=team3 opens team3: its 50 x 50 pod matrix and each pod's connections.
  const std::string team3 = dump("#ns=team3");
  CHECK(Contains(team3, "<h2 id=\"drill-title\">Pods of namespace team3 (50)</h2>"));
  CHECK(Contains(team3, "<th>50. app3-7</th>"));
  CHECK(Contains(team3, "Connections with other namespaces and external addresses"));
  // app0 pods are frontends: monitoring reaches them on every port.
  CHECK(Contains(team3, "<td>app0-0</td><td><div>0.0.0.0/0"));
  CHECK(Contains(team3, "<div>monitoring (1/1): all ports</div>"));
  const std::string png = testing::HeadlessChromiumScreenshot(html, dir + "/shot.png", dir);
  CHECK(png.size() > 10000);
  CHECK(png.substr(1, 3) == "PNG");
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace netpol
