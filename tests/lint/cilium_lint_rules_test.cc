// Lint rules for Cilium mistakes: NP032 cilium-world-ingress, NP033
// default-deny-off-without-effect, NP034 cilium-reopens-default-deny, NP035
// cilium-empty-endpoints-peer. Each case is a policy text and the findings'
// messages expected (empty: none).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "engine/two_namespace_pods.h"
#include "test_support.h"

namespace netpol {
namespace {

std::vector<std::string> Lint(const std::string& rule, const std::string& policies) {
  LoadResult loaded =
      LoadText(std::string(testing::kTwoNamespacePods) + "\n---\n" + policies, "test.yaml");
  REQUIRE_FALSE(loaded.HasErrors());
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {rule};
  std::vector<std::string> messages;
  for (const LintFinding& finding : RunLint(registry, loaded.cluster, options)) {
    messages.push_back(finding.rule_id + " " + finding.message);
  }
  return messages;
}

std::string Cnp(const std::string& name, const std::string& spec) {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: " + name +
         ", namespace: a}\nspec:\n" + spec + "\n---\n";
}

const std::string kDefaultDenyIngress =
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: "
    "a}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n---\n";

struct Case {
  const char* what;
  std::string rule;
  std::string policies;
  std::vector<std::string> expected;
};

TEST_CASE("Cilium lint rules NP032-NP035 flag the documented mistakes and nothing else",
          "[lint][cilium]") {
  const std::vector<Case> cases = {
      {"NP032: fromEntities world admits the internet", "NP032",
       Cnp("api", "  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
                  "  - fromEntities: [world]\n    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]"),
       {"NP032 CiliumNetworkPolicy a/api ingress[0]: admits every address outside the cluster "
        "(0.0.0.0/0) to a/server on TCP 80"}},
      {"NP032: fromEntities cluster does not", "NP032",
       Cnp("api", "  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
                  "  - fromEntities: [cluster]"),
       {}},
      {"NP032: a narrow fromCIDR does not", "NP032",
       Cnp("api", "  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
                  "  - fromCIDR: [203.0.113.0/24]"),
       {}},
      {"NP033: enableDefaultDeny false, nothing else isolates", "NP033",
       Cnp("add", "  endpointSelector: {matchLabels: {app: server}}\n"
                  "  enableDefaultDeny: {ingress: false}\n  ingress:\n"
                  "  - fromEndpoints: [{matchLabels: {app: client}}]"),
       {"NP033 CiliumNetworkPolicy a/add: enableDefaultDeny ingress is false and no other policy "
        "isolates a/server for ingress: its ingress rules change nothing there"}},
      {"NP033: enableDefaultDeny false next to a default deny", "NP033",
       kDefaultDenyIngress +
           Cnp("add", "  endpointSelector: {matchLabels: {app: server}}\n"
                      "  enableDefaultDeny: {ingress: false}\n  ingress:\n"
                      "  - fromEndpoints: [{matchLabels: {app: client}}]"),
       {}},
      {"NP034: empty endpointSelector reopens the default deny", "NP034",
       kDefaultDenyIngress + Cnp("open", "  endpointSelector: {}\n  ingress:\n"
                                         "  - fromEntities: [cluster]"),
       {"NP034 CiliumNetworkPolicy a/open selects every pod of namespace a and allows ingress "
        "traffic that the default-deny NetworkPolicy a/deny (test.yaml:46:1) closes: Cilium "
        "unions the allows, so its ingress rules apply to every pod there"}},
      {"NP034: a narrow endpointSelector does not", "NP034",
       kDefaultDenyIngress + Cnp("open", "  endpointSelector: {matchLabels: {app: server}}\n"
                                         "  ingress:\n  - fromEntities: [cluster]"),
       {}},
      {"NP035: fromEndpoints [{}] in a CNP", "NP035",
       Cnp("ns", "  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
                 "  - fromEndpoints: [{}]"),
       {"NP035 CiliumNetworkPolicy a/ns ingress[0]: fromEndpoints: [{}] selects every pod of "
        "namespace a only, not of the cluster"}},
      {"NP035: fromEndpoints with a namespace label", "NP035",
       Cnp("ns", "  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
                 "  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: b}}]"),
       {}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(Lint(c.rule, c.policies) == c.expected);
  }
}

}  // namespace
}  // namespace netpol
