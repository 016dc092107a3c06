// End-to-end tests of `netpol explain`: golden outputs and exit statuses.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::Golden;

using testing::RunCli;

TEST_CASE("explain external-client -> frontend matches the golden text", "[cli][explain][golden]") {
  auto result = RunCli({"explain", "--from", "netpol-demo/external-client", "--to",
                        "netpol-demo/frontend", "--port", "80/TCP", "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == Golden("explain-client-frontend.txt"));
}

TEST_CASE("explain external-client -> frontend matches the golden JSON", "[cli][explain][golden]") {
  auto result = RunCli({"explain", "--from", "netpol-demo/external-client", "--to",
                        "netpol-demo/frontend", "--port", "80/TCP", "-o", "json",
                        "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == Golden("explain-client-frontend.json"));
  const auto doc = nlohmann::json::parse(result.out);
  CHECK(doc["explanations"][0]["allows"] == false);
  CHECK(doc["explanations"][0]["egress"]["allows"] == false);
  CHECK(doc["explanations"][0]["ingress"]["allows"] == true);
}

TEST_CASE("explain without --port prints the allowed and denied ports", "[cli][explain]") {
  auto result = RunCli({"explain", "--from", "app=frontend", "--to", "netpol-demo/backend",
                        "examples/netpol-demo/"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("Verdict: ALLOWED on TCP 80\n  denied: TCP 1-79,81-65535; UDP all; SCTP all\n") !=
        std::string::npos);
}

TEST_CASE("explain on a conformance case names the namespaceSelector miss", "[cli][explain][conformance]") {
  auto result = RunCli({"explain", "--from", "x/c", "--to", "x/a", "--port", "80",
                        testing::ConformanceDir() +
                            "/k8s-e2e/podselector-and-namespaceselector-one-peer/policies.yaml",
                        testing::ConformanceDir() +
                            "/k8s-e2e/podselector-and-namespaceselector-one-peer/model.yaml"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("from[0] no match: namespaceSelector kubernetes.io/metadata.name notin (x) "
                        "does not match namespace x (labels kubernetes.io/metadata.name=x)") !=
        std::string::npos);
  CHECK(result.out.find("Verdict: DENIED on TCP 80\n") != std::string::npos);
}

TEST_CASE("explain rejects bad endpoints and ports with exit 2", "[cli][explain][errors]") {
  auto nothing = RunCli({"explain", "--from", "netpol-demo/nope", "--to", "netpol-demo/frontend",
                         "examples/netpol-demo/"});
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.out.empty());
  CHECK(nothing.err == "netpol: --from: no pod matches \"netpol-demo/nope\"\n");
  auto port = RunCli({"explain", "--from", "netpol-demo/frontend", "--to", "netpol-demo/backend",
                      "--port", "80/ICMP", "examples/netpol-demo/"});
  CHECK(port.exit_code == 2);
  CHECK(port.err == "netpol: --port: bad port \"80/ICMP\": protocol must be TCP, UDP or SCTP\n");
  CHECK(RunCli({"explain", "--from", "a/b/c", "--to", "x/y", "examples/netpol-demo/"}).exit_code == 2);
}

}  // namespace
}  // namespace netpol
