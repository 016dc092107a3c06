// The commands on the tiered example (examples/tiered): each names the tier
// and rule that decided.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "test_support.h"

namespace netpol::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  INFO(text);
  return text.find(part) != std::string::npos;
}

// A `graph` text line "FROM -> TO   PORTS" (columns are padded).
bool HasEdge(const std::string& text, const std::string& from, const std::string& to,
             const std::string& ports) {
  const std::string head = from + " -> " + to + " ";
  for (std::size_t at = text.find(head); at != std::string::npos; at = text.find(head, at + 1)) {
    if (at != 0 && text[at - 1] != '\n') continue;
    const std::size_t end = text.find('\n', at);
    std::string rest = text.substr(at + head.size(), end - at - head.size());
    rest.erase(0, rest.find_first_not_of(' '));
    if (rest == ports) return true;
  }
  INFO(text);
  return false;
}

TEST_CASE("graph on the tiered example: Admin Deny, Pass to NetworkPolicies, Baseline Deny") {
  const CliResult r = RunCli({"graph", "examples/tiered"});
  REQUIRE(r.exit_code == 0);
  CHECK(HasEdge(r.out, "monitoring/prometheus", "shop/api", "TCP 9100"));
  CHECK(HasEdge(r.out, "shop/web", "shop/api", "TCP 9000"));
  CHECK_FALSE(Has(r.out, "-> restricted/vault"));      // ANP Deny + NetworkPolicy default-deny
  CHECK_FALSE(Has(r.out, "shop/web -> monitoring/prometheus"));  // BANP Deny
  CHECK(HasEdge(r.out, "0.0.0.0/0", "monitoring/prometheus", "all ports"));  // pods-only peers
}

TEST_CASE("explain names the ANP, its priority and rule that decided") {
  const CliResult r = RunCli({"explain", "examples/tiered", "--from", "monitoring/prometheus", "--to",
                              "restricted/vault", "--port", "9100"});
  REQUIRE(r.exit_code == 0);
  CHECK(Has(r.out, "ingress of restricted/vault blocks it: ANP restricted-namespace priority 10 "
                   "ingress rule 0 (deny-all-ingress): Deny"));
  CHECK(Has(r.out, "Verdict: DENIED on TCP 9100"));
}

TEST_CASE("explain follows a Pass into the NetworkPolicy tier") {
  const CliResult r = RunCli({"explain", "examples/tiered", "--from", "monitoring/prometheus", "--to",
                              "shop/api", "--port", "9100"});
  REQUIRE(r.exit_code == 0);
  CHECK(Has(r.out, "ANP pass-monitoring priority 20 ingress rule 0 (pass-scrapes): Pass passes it on, "
                   "and NetworkPolicies allow it"));
  CHECK(Has(r.out, "Verdict: ALLOWED on TCP 9100"));
}

TEST_CASE("explain shows the BANP rule for pods no NetworkPolicy isolates, in JSON too") {
  const CliResult r = RunCli({"explain", "examples/tiered", "--from", "shop/web", "--to",
                              "monitoring/prometheus", "--port", "9090", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(Has(r.out, "\"baselineTier\""));
  CHECK(Has(r.out, "\"text\": \"BANP default ingress rule 0 (default-deny-from-pods): Deny\""));
}

TEST_CASE("check on the tiered example holds, and blames an Admin Deny it cannot fix with a NetworkPolicy") {
  CHECK(RunCli({"check", "examples/tiered", "--intent", "examples/tiered/intent.yaml"}).exit_code == 0);
  const std::string intent = R"(
apiVersion: netpol.dev/v1alpha1
kind: Intent
metadata: {name: t}
spec:
  scope: {namespaces: [shop], mode: open}
  allow:
  - {from: monitoring/prometheus, to: restricted/vault, ports: [9100/TCP]}
)";
  const std::string path = "/tmp/netpol-tier-intent-" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << intent;
  const CliResult r = RunCli({"check", "examples/tiered", "--intent", path});
  REQUIRE(r.exit_code == 1);
  CHECK(Has(r.out, "denied at the ingress of restricted/vault by ANP restricted-namespace (Admin tier, "
                   "priority 10) ingress[0] \"deny-all-ingress\""));
  CHECK_FALSE(Has(r.out, "in a policy selecting restricted/vault"));
  const CliResult s = RunCli({"check", "examples/tiered", "--intent", path, "--suggest"});
  std::remove(path.c_str());
  CHECK(Has(s.out, "no NetworkPolicy can open that"));
  CHECK_FALSE(Has(s.out, "kind: NetworkPolicy"));
}

TEST_CASE("check names a Baseline-tier Deny without a priority the BANP does not have") {
  const std::string intent = R"(
apiVersion: netpol.dev/v1alpha1
kind: Intent
metadata: {name: t}
spec:
  scope: {namespaces: [shop], mode: open}
  allow:
  - {from: shop/web, to: monitoring/prometheus, ports: [9090/TCP]}
)";
  const std::string path = "/tmp/netpol-tier-banp-" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << intent;
  const CliResult r = RunCli({"check", "examples/tiered", "--intent", path});
  std::remove(path.c_str());
  REQUIRE(r.exit_code == 1);
  CHECK(Has(r.out, "denied at the ingress of monitoring/prometheus by BANP default (Baseline tier) "
                   "ingress[0] \"default-deny-from-pods\""));
  CHECK_FALSE(Has(r.out, "priority 0"));
}

TEST_CASE("lint on the tiered example: pods the Baseline tier polices need no default-deny warning") {
  const CliResult r = RunCli({"lint", "examples/tiered", "--fail-on", "warning"});
  CHECK(r.exit_code == 0);
  CHECK_FALSE(Has(r.out, "NP009"));
}

TEST_CASE("reach --to on the tiered example: nothing reaches what an Admin Deny guards") {
  const CliResult r = RunCli({"reach", "--to", "restricted/vault", "examples/tiered"});
  REQUIRE(r.exit_code == 0);
  CHECK(Has(r.out, "0 endpoints (0 pods, 0 external blocks)"));
}

TEST_CASE("reach on the tiered example stops where the Baseline tier denies") {
  const CliResult r = RunCli({"reach", "--from", "shop/web", "examples/tiered"});
  REQUIRE(r.exit_code == 0);
  CHECK(Has(r.out, "shop/web -[TCP 9000]-> shop/api"));
  CHECK(Has(r.out, "shop/web -[all ports]-> kube-system/coredns"));
  CHECK_FALSE(Has(r.out, "monitoring/prometheus"));  // BANP Deny from every pod
  CHECK_FALSE(Has(r.out, "restricted/vault"));       // ANP Deny
}

TEST_CASE("paths on the tiered example follow a Pass into the NetworkPolicy tier") {
  const CliResult r =
      RunCli({"paths", "--from", "monitoring/prometheus", "--to", "shop/api", "examples/tiered"});
  REQUIRE(r.exit_code == 0);
  // Passed by ANP pass-monitoring, then admitted by the shop's metrics rule only.
  CHECK(Has(r.out, "1. (1 hop) monitoring/prometheus -[TCP 9100]-> shop/api\n"));
  const CliResult none =
      RunCli({"paths", "--from", "shop/web", "--to", "restricted/vault", "examples/tiered"});
  CHECK(none.exit_code == 1);  // "no allowed path" is a finding
  CHECK(Has(none.out, "no allowed path"));
}

TEST_CASE("report on the tiered example shows the tiered verdicts and the intent") {
  const std::string path = "/tmp/netpol-tier-report-" + std::to_string(::getpid()) + ".html";
  const CliResult r = RunCli({"report", "--html", path, "--intent", "examples/tiered/intent.yaml",
                              "examples/tiered"});
  REQUIRE(r.exit_code == 0);
  std::ifstream in(path);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  CHECK(Has(html, "restricted/vault"));
  // Hovering prometheus → api: Passed by the Admin tier, allowed by the shop's rule.
  CHECK(Has(html, "ANP pass-monitoring (Admin tier, priority 20) ingress[0]"));
  CHECK(Has(html, "(examples/tiered/admin-policies.yaml:40): Pass on all ports"));
  CHECK(Has(html, "shop/allow-scrapes ingress[0] (examples/tiered/shop-policies.yaml:12): TCP 9100"));
  // prometheus's egress: only the BANP (ingress rules alone) selects it.
  CHECK(Has(html, "no NetworkPolicy isolates it for Egress: what the Admin tier passes on is allowed"));
}

}  // namespace
}  // namespace netpol::testing
