// End-to-end tests of `netpol diff`, `graph --format matrix`, `reach` and `paths`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::Golden;

using testing::RunCli;

TEST_CASE("diff with the exercise's fix matches the golden output, exit 1", "[cli][diff][golden]") {
  auto result = RunCli({"diff", "examples/netpol-demo/", "--add", "examples/netpol-demo-fixed/05-allow-egress-fixes.yaml"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(result.out == Golden("diff-fix.txt"));
  auto json = RunCli({"diff", "examples/netpol-demo/", "--add", "examples/netpol-demo-fixed/05-allow-egress-fixes.yaml",
                      "-o", "json"});
  CHECK(json.exit_code == 1);
  CHECK(json.out == Golden("diff-fix.json"));
}

TEST_CASE("diff BEFORE AFTER agrees with --add", "[cli][diff]") {
  auto result = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo-fixed/", "-o", "json"});
  CHECK(result.exit_code == 1);
  const auto doc = nlohmann::json::parse(result.out);
  CHECK(doc["summary"]["newlyAllowed"] == 2);
  CHECK(doc["connections"][1]["from"] == "netpol-demo/external-client");
  CHECK(doc["connections"][1]["causes"][0]["object"] ==
        "NetworkPolicy/netpol-demo/allow-client-egress-to-frontend");
}

TEST_CASE("diff exits 0 when no connection changes", "[cli][diff]") {
  auto same = RunCli({"diff", "examples/netpol-demo/", "examples/netpol-demo/"});
  CHECK(same.exit_code == 0);
  CHECK(same.out == "No connection changed (0 objects changed)\n");
  // allow-dns-egress still isolates every pod for egress: removing the
  // default deny changes nothing (policies only add allowances).
  auto removed = RunCli({"diff", "examples/netpol-demo/", "--remove",
                         "NetworkPolicy/netpol-demo/default-deny-egress"});
  CHECK(removed.exit_code == 0);
  CHECK(removed.out.find("removed   NetworkPolicy/netpol-demo/default-deny-egress") != std::string::npos);
}

TEST_CASE("diff models cluster DNS and takes the engine flags like every analysing command",
          "[cli][diff][dns]") {
  const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n";
  const std::string deny =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d, namespace: x}\n"
      "spec: {podSelector: {}, policyTypes: [Egress]}\n";
  const std::string dir = (std::filesystem::temp_directory_path() / "netpol-diff-dns-test").string();
  std::filesystem::create_directories(dir);
  { std::ofstream(dir + "/deny.yaml") << deny; }
  auto modelled = RunCli({"diff", "-", "--add", dir + "/deny.yaml"}, pod);
  CHECK(modelled.exit_code == 1);
  CHECK(modelled.out.find("newly denied   x/a -> kube-system/kube-dns[Modelled]") != std::string::npos);
  auto unmodelled = RunCli({"diff", "--no-dns-model", "-", "--add", dir + "/deny.yaml"}, pod);
  CHECK(unmodelled.exit_code == 1);
  CHECK(unmodelled.out.find("kube-dns") == std::string::npos);
  CHECK(unmodelled.out.find("x/a -> 0.0.0.0/0") != std::string::npos);
  auto bad_dns = RunCli({"diff", "--dns", "kube-dns", "-", "--add", dir + "/deny.yaml"}, pod);
  CHECK(bad_dns.exit_code == 2);
  CHECK(bad_dns.err ==
        "netpol: --dns: expected NAMESPACE/LABEL=VALUE[,LABEL=VALUE...], got \"kube-dns\"\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("diff --enforce-staged compares one input set with its staged Calico policies "
          "enforced: replaced, added, deleted",
          "[cli][diff][calico]") {
  auto text = RunCli({"diff", "--enforce-staged", "tests/data/calico/staged-rollout.yaml"});
  CHECK(text.exit_code == 1);
  CHECK(text.err.empty());
  for (const char* line :
       {"  modified  NetworkPolicy.projectcalico.org/shop/api-ingress",
        "  added     GlobalNetworkPolicy/db-lockdown", "  removed   GlobalNetworkPolicy/legacy-deny"}) {
    INFO(line);
    CHECK(text.out.find(line) != std::string::npos);
  }
  auto json = RunCli({"diff", "--enforce-staged", "tests/data/calico/staged-rollout.yaml", "-o", "json"});
  CHECK(json.exit_code == 1);
  const auto doc = nlohmann::json::parse(json.out);
  bool web_to_api = false;
  for (const auto& connection : doc["connections"]) {
    if (connection["from"] == "shop/web" && connection["to"] == "shop/api") {
      web_to_api = true;
      CHECK(connection["change"] == "ports changed");
    }
  }
  CHECK(web_to_api);
  // Nothing staged: nothing changes, exit 0, and a note says why.
  auto none = RunCli({"diff", "--enforce-staged", "examples/calico-tiered/"});
  CHECK(none.exit_code == 0);
  CHECK(none.err == "netpol: note: the inputs have no staged Calico policy to enforce\n");
  // The flag's usage is in --help, with an example.
  auto help = RunCli({"diff", "--help"});
  CHECK(help.out.find("--enforce-staged") != std::string::npos);
  CHECK(help.out.find("netpol diff --enforce-staged cluster/") != std::string::npos);
}

TEST_CASE("diff rejects bad input with exit 2", "[cli][diff][errors]") {
  CHECK(RunCli({"diff", "examples/netpol-demo/"}).exit_code == 2);
  auto missing = RunCli({"diff", "examples/netpol-demo/", "--remove", "NetworkPolicy/netpol-demo/nope"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "netpol: --remove: no NetworkPolicy netpol-demo/nope in the input\n");
  CHECK(RunCli({"diff", "examples/netpol-demo/", "no/such/dir"}).exit_code == 2);
}

TEST_CASE("diff prints BEFORE's messages before AFTER's, and stops at BEFORE's error",
          "[cli][diff][errors]") {
  // The two sides load on two threads; messages still come in input order.
  const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n";
  const std::string dir = testing::MakeTempDir();
  { std::ofstream(dir + "/before.yaml") << pod << "---\n" << pod; }
  { std::ofstream(dir + "/after.yaml") << "\n" << pod << "---\n" << pod; }
  { std::ofstream(dir + "/bad.yaml") << "kind: [\n"; }
  auto both = RunCli({"diff", dir + "/before.yaml", dir + "/after.yaml"});
  CHECK(both.exit_code == 0);
  const std::size_t before = both.err.find("before.yaml:5:1: warning: duplicate Pod x/a");
  const std::size_t after = both.err.find("after.yaml:6:1: warning: duplicate Pod x/a");
  CHECK(before != std::string::npos);
  CHECK(after != std::string::npos);
  CHECK(before < after);
  auto bad_before = RunCli({"diff", dir + "/bad.yaml", dir + "/after.yaml"});
  CHECK(bad_before.exit_code == 2);
  CHECK(bad_before.out.empty());
  CHECK(bad_before.err.find("bad.yaml:") != std::string::npos);
  CHECK(bad_before.err.find("after.yaml") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("graph --format matrix matches the golden truth table", "[cli][matrix][golden]") {
  auto result = RunCli({"graph", "--format", "matrix", "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == Golden("matrix.txt"));
  auto on80 = RunCli({"graph", "--format", "matrix", "--port", "80/TCP", "examples/netpol-demo-fixed/"});
  CHECK(on80.exit_code == 0);
  CHECK(on80.out.find("4 of 20 pod pairs allowed") != std::string::npos);
  CHECK(RunCli({"graph", "--port", "80", "examples/netpol-demo/"}).exit_code == 2);
}

TEST_CASE("reach from the frontend matches the golden outputs", "[cli][reach][golden]") {
  auto demo = RunCli({"reach", "--from", "netpol-demo/frontend", "examples/netpol-demo/"});
  CHECK(demo.exit_code == 0);
  CHECK(demo.out == Golden("reach-frontend.txt"));
  auto fixed = RunCli({"reach", "--from", "netpol-demo/frontend", "examples/netpol-demo-fixed/"});
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out == Golden("reach-frontend-fixed.txt"));
  auto to = RunCli({"reach", "--to", "netpol-demo/database", "--hops", "1", "examples/netpol-demo-fixed/"});
  CHECK(to.exit_code == 0);
  CHECK(to.out.find("1 endpoint (1 pod, 0 external blocks)") != std::string::npos);
  CHECK(RunCli({"reach", "examples/netpol-demo/"}).exit_code == 2);
  CHECK(RunCli({"reach", "--from", "app=nope", "examples/netpol-demo/"}).exit_code == 2);
}

TEST_CASE("paths from the client to the database matches the golden output", "[cli][paths][golden]") {
  auto result = RunCli({"paths", "--from", "netpol-demo/external-client", "--to",
                        "netpol-demo/database", "examples/netpol-demo-fixed/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == Golden("paths-client-database-fixed.txt"));
  auto none = RunCli({"paths", "--from", "netpol-demo/external-client", "--to",
                      "netpol-demo/database", "examples/netpol-demo/"});
  CHECK(none.exit_code == 1);  // "no allowed path" is a finding
  CHECK(none.out.find("no allowed path") != std::string::npos);
  CHECK(RunCli({"paths", "--from", "x", "--to", "y", "--max", "0", "examples/netpol-demo/"}).exit_code == 2);
}

}  // namespace
}  // namespace netpol
