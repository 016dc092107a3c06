// NP030 l7-rules-without-effect: Cilium documents that a layer 4 rule next to
// a similar layer 4 rule with layer 7 rules leaves the layer 7 part without
// effect; the rule reports L7 rules every matched peer bypasses.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "engine/two_namespace_pods.h"
#include "test_support.h"

namespace netpol {
namespace {

std::vector<LintFinding> Lint(const std::string& policies) {
  LoadResult loaded =
      LoadText(std::string(testing::kTwoNamespacePods) + "\n---\n" + policies, "test.yaml");
  REQUIRE_FALSE(loaded.HasErrors());
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {"NP030"};
  return RunLint(registry, loaded.cluster, options);
}

// A CNP on a/server: an http rule on TCP 80 from app=client, then `plain`
// (more ingress rules, or nothing).
std::string Server(const std::string& plain) {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: server, "
         "namespace: a}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
         "  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts:\n"
         "    - ports: [{port: \"80\", protocol: TCP}]\n      rules: {http: [{method: GET}]}\n" +
         plain;
}

TEST_CASE("NP030 flags L7 rules when a plain rule allows the same port to every peer they match",
          "[lint][cilium]") {
  const auto findings = Lint(Server(
      "  - fromEndpoints: [{}]\n    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule_id == "NP030");
  CHECK(findings[0].message ==
        "CiliumNetworkPolicy a/server ingress[0]: its L7 rules (http) filter nothing: for every "
        "peer it matches, a plain rule allows the same ports");
}

TEST_CASE("NP030 stays silent when the L7 rules filter some peer or port", "[lint][cilium]") {
  CHECK(Lint(Server("")).empty());
  // Plain on another port, or for another peer: the http rules still filter.
  CHECK(Lint(Server("  - fromEndpoints: [{}]\n    toPorts: [{ports: [{port: \"81\", protocol: "
                    "TCP}]}]\n"))
            .empty());
  CHECK(Lint(Server("  - fromEndpoints: [{matchLabels: {app: nobody}}]\n"
                    "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"))
            .empty());
}

}  // namespace
}  // namespace netpol
