// Lint rules for Cilium mistakes: NP032 cilium-world-ingress, NP033
// default-deny-off-without-effect, NP034 cilium-reopens-default-deny, NP035
// cilium-empty-endpoints-peer, NP036 cilium-deny-shadows-allows. Each case is a policy text and the findings'
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

// a/server's ingress allows a/client on TCP 80 (the rule NP036 judges).
const std::string kServerAllowsClient =
    "  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n"
    "  - fromEndpoints: [{matchLabels: {app: client}}]\n"
    "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n";

TEST_CASE("NP036 flags a Cilium policy whose every allow a deny rule takes back (Cilium: deny "
          "policies take precedence over allow policies), and nothing narrower",
          "[lint][cilium]") {
  const std::vector<Case> cases = {
      {"a deny of the whole namespace in the same policy", "NP036",
       Cnp("api", kServerAllowsClient + "  ingressDeny:\n  - fromEndpoints: [{}]"),
       {"NP036 CiliumNetworkPolicy a/api: everything its ingress rules allow is denied by "
        "CiliumNetworkPolicy a/api ingressDeny[0] (test.yaml:55:5): deny rules take precedence "
        "over every allow, so these ingress rules have no effect"}},
      {"a deny in another policy, on the allowed port", "NP036",
       Cnp("api", kServerAllowsClient) +
           Cnp("closed", "  endpointSelector: {matchLabels: {app: server}}\n  ingressDeny:\n"
                         "  - fromEntities: [cluster]\n"
                         "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]"),
       {"NP036 CiliumNetworkPolicy a/api: everything its ingress rules allow is denied by "
        "CiliumNetworkPolicy a/closed ingressDeny[0] (test.yaml:62:5): deny rules take precedence "
        "over every allow, so these ingress rules have no effect"}},
      {"a deny of another port leaves the allow its effect", "NP036",
       Cnp("api", kServerAllowsClient + "  ingressDeny:\n  - fromEndpoints: [{}]\n"
                                        "    toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]"),
       {}},
      {"a deny of another peer leaves the allow its effect", "NP036",
       Cnp("api", kServerAllowsClient +
                      "  ingressDeny:\n  - fromEndpoints: [{matchLabels: {app: batch}}]"),
       {}},
      {"one allow rule outside the deny keeps the policy in effect", "NP036",
       Cnp("api", kServerAllowsClient +
                      "  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: b}}]\n"
                      "  ingressDeny:\n  - fromEndpoints: [{}]"),
       {}},
      {"a Kubernetes NetworkPolicy allow is not a Cilium policy's", "NP036",
       "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: "
       "a}\nspec:\n  podSelector: {matchLabels: {app: server}}\n  ingress:\n"
       "  - from: [{podSelector: {matchLabels: {app: client}}}]\n---\n" +
           Cnp("deny", "  endpointSelector: {matchLabels: {app: server}}\n  ingressDeny:\n"
                       "  - fromEndpoints: [{}]"),
       {}},
      {"an egress deny does not shadow ingress allows", "NP036",
       Cnp("api", kServerAllowsClient + "  egressDeny:\n  - toEndpoints: [{}]"), {}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(Lint(c.rule, c.policies) == c.expected);
  }
}

TEST_CASE("NP036 judges a CiliumClusterwideNetworkPolicy once, over every namespace it applies "
          "in",
          "[lint][cilium]") {
  const std::string ccnp =
      "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: "
      "all-web}\nspec:\n  endpointSelector: {}\n  egress:\n"
      "  - toEndpoints: [{matchLabels: {app: web}}]\n---\n";
  // Denied from namespace a only: the pods of b still use the allow.
  const std::string deny_a =
      Cnp("deny", "  endpointSelector: {}\n  egressDeny:\n  - toEntities: [cluster]");
  CHECK(Lint("NP036", ccnp + deny_a).empty());
  // Denied everywhere: one finding, not one per namespace.
  const std::string deny_all =
      "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: "
      "deny}\nspec:\n  endpointSelector: {}\n  egressDeny:\n  - toEntities: [cluster]\n";
  const std::vector<std::string> findings = Lint("NP036", ccnp + deny_all);
  REQUIRE(findings.size() == 1);
  CHECK_THAT(findings[0], Catch::StartsWith("NP036 CiliumClusterwideNetworkPolicy "));
  CHECK_THAT(findings[0], Catch::Contains("CiliumClusterwideNetworkPolicy deny egressDeny[0]"));
}

}  // namespace
}  // namespace netpol
