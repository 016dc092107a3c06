// End-to-end: traffic between two pods uses an address family both have
// (issue #15's dual-stack example), through explain, check and graph.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

constexpr const char* kManifests = "tests/data/address-families/manifests.yaml";
constexpr const char* kIntent = "tests/data/address-families/intent.yaml";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("explain denies a dual-stack pod an IPv6-only pod's IPv4 ipBlock (issue #15)",
          "[cli][explain][family]") {
  const auto result = RunCli({"explain", "--from", "shop/web", "--to", "shop/srv", kManifests});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(Has(result.out, "      from[0] no match: ipBlock 10.0.0.0/16 does not contain pod IP fd00::5 "
                        "(the connection uses IPv6, the only family both ends have; 10.0.1.5 is "
                        "not used)\n"));
  CHECK(Has(result.out, "Verdict: DENIED on all ports\n"));
  CHECK(Has(result.out, "  - shop/web and shop/srv share only IPv6, so the connection uses it: "
                        "ipBlocks see shop/web's fd00::5, not 10.0.1.5\n"));
}

TEST_CASE("explain says an IPv4-only and an IPv6-only pod share no address family",
          "[cli][explain][family]") {
  const auto result = RunCli({"explain", "--from", "shop/legacy", "--to", "shop/srv", kManifests});
  CHECK(result.exit_code == 0);
  CHECK(Has(result.out, "      from[0] no match: pod IP 10.0.1.9 is IPv4, a family the other end "
                        "does not have\n"));
  CHECK(Has(result.out, "Verdict: DENIED on all ports\n"
                        "  - no common address family: shop/legacy has only IPv4 (10.0.1.9), "
                        "shop/srv only IPv6 (fd00::9); no packet can pass between them, whatever "
                        "the policies say\n"));
  // The other way round, no policy is involved at all and it is still denied.
  const auto back = RunCli({"explain", "--from", "shop/srv", "--to", "shop/legacy", kManifests});
  CHECK(Has(back.out, "Verdict: DENIED on all ports\n  - no common address family: shop/srv has "
                      "only IPv6 (fd00::9), shop/legacy only IPv4 (10.0.1.9)"));
}

TEST_CASE("explain --format json marks a pair without a common address family",
          "[cli][explain][family]") {
  const auto none = nlohmann::json::parse(
      RunCli({"explain", "--from", "shop/srv", "--to", "shop/legacy", "-o", "json", kManifests}).out);
  CHECK(none["explanations"][0]["allows"] == false);
  CHECK(none["explanations"][0]["noCommonAddressFamily"] == true);
  CHECK(none["explanations"][0]["egress"]["allows"] == true);  // the policies would allow it
  const auto some = nlohmann::json::parse(
      RunCli({"explain", "--from", "shop/web", "--to", "shop/legacy", "-o", "json", kManifests}).out);
  CHECK(some["explanations"][0]["allows"] == true);
  CHECK_FALSE(some["explanations"][0].contains("noCommonAddressFamily"));
}

TEST_CASE("check reports both issue #15 pairs MISSING and suggests no fix where no family is shared",
          "[cli][check][family]") {
  const auto result = RunCli({"check", "--intent", kIntent, kManifests});
  CHECK(result.exit_code == 1);
  CHECK(Has(result.out, "MISSING     shop/web -> shop/srv  all ports  (allow, "
                        "tests/data/address-families/intent.yaml:7)\n"
                        "            blocked by the ingress of shop/srv"));
  CHECK(Has(result.out, "MISSING     shop/legacy -> shop/srv  all ports  (allow, "
                        "tests/data/address-families/intent.yaml:8)\n"
                        "            no common address family: shop/legacy has only IPv4, shop/srv "
                        "only IPv6; no policy can connect them\n"
                        "ok          shop/legacy -> shop/web"));
  CHECK(Has(result.out, "1 ok, 2 MISSING, 0 UNEXPECTED: the intent does not hold\n"));
  const auto suggest = RunCli({"check", "--intent", kIntent, "--suggest", kManifests});
  CHECK(Has(suggest.out, "# MISSING shop/web -> shop/srv all ports"));
  CHECK_FALSE(Has(suggest.out, "shop/legacy -> shop/srv"));
  const auto json = nlohmann::json::parse(RunCli({"check", "--intent", kIntent, "-o", "json", kManifests}).out);
  CHECK(json["findings"][1]["noCommonAddressFamily"] == true);
  CHECK(json["findings"][1]["blockedBy"].empty());
  CHECK_FALSE(json["findings"][0].contains("noCommonAddressFamily"));
}

TEST_CASE("graph has no edge between endpoints without a common address family",
          "[cli][graph][family]") {
  const auto result = RunCli({"graph", kManifests});
  CHECK(result.exit_code == 0);
  CHECK(Has(result.out, "shop/legacy -> shop/web "));
  CHECK(Has(result.out, "shop/srv -> ::/0 "));
  CHECK_FALSE(Has(result.out, "shop/legacy -> shop/srv "));
  CHECK_FALSE(Has(result.out, "shop/srv -> shop/legacy "));
  CHECK_FALSE(Has(result.out, "shop/legacy -> ::/0 "));
  CHECK_FALSE(Has(result.out, "shop/web -> shop/srv "));
}

}  // namespace
}  // namespace netpol
