// Cilium toFQDNs: DNS names as named external endpoints (FqdnEndpoint), and
// the DNS visibility Cilium needs to enforce them (FqdnDnsOf, NP031).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"
#include "engine/two_namespace_pods.h"

namespace netpol::testing {
namespace {

std::string Cnp(const std::string& name, const std::string& spec, const std::string& ns = "a") {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec + "\n---\n";
}

// The cluster DNS pod, serving port 53 on UDP and TCP.
constexpr const char* kCoreDnsPod = R"(apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: dns, image: coredns, ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]}]}
---
)";

// The cluster DNS, and an allow for every pod of namespace a to look names
// up through Cilium's DNS proxy (an L7 dns rule on port 53), which a
// toFQDNs rule needs. Default deny off: it isolates no pod by itself.
std::string WithDnsVisible(const std::string& policies) {
  std::string text = kCoreDnsPod;
  text += Cnp("dns-visible", R"(  endpointSelector: {}
  enableDefaultDeny: {egress: false}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}])");
  text += policies;
  return text;
}

const std::string kClientToFqdns = WithDnsVisible(Cnp("client-fqdn", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toFQDNs: [{matchName: api.example.com}, {matchPattern: "*.cdn.example.com"}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}])"));

// The ports from `from` to the FQDN endpoint `name`, on both engines (they
// must agree).
std::string FqdnPorts(const Cluster& cluster, const std::string& from, const std::string& name) {
  const FqdnEndpoint* fqdn = cluster.FindFqdn(name);
  REQUIRE(fqdn != nullptr);
  const std::string evaluator = AllowedPorts(cluster, from, fqdn->address.ToString()).ToString();
  CHECK(EnginePorts(cluster, from, fqdn->Id()).ToString() == evaluator);
  return evaluator;
}

TEST_CASE("toFQDNs matchName is the external endpoint fqdn:NAME, allowed on the rule's ports",
          "[cilium][fqdn]") {
  const Cluster cluster = WithTwoNamespacePods(kClientToFqdns);
  REQUIRE(cluster.fqdns.size() == 2);
  CHECK(cluster.fqdns[0].Id() == "fqdn:*.cdn.example.com");
  CHECK(cluster.fqdns[1].Id() == "fqdn:api.example.com");
  CHECK(FqdnPorts(cluster, "a/client", "api.example.com") == "TCP 443");
  // Another pod's egress is not isolated: it reaches the name on every port.
  CHECK(FqdnPorts(cluster, "a/server", "api.example.com") == "all ports");
  // An address no toFQDNs names stays blocked for the client.
  CHECK(AllowedPorts(cluster, "a/client", "203.0.113.10").ToString() == "none");
}

TEST_CASE("toFQDNs matchPattern '*' stands for any run of characters within one DNS label",
          "[cilium][fqdn]") {
  // Another policy names three hosts; the client's pattern *.cdn.example.com
  // covers the one-label subdomain only.
  const Cluster cluster = WithTwoNamespacePods(
      kClientToFqdns + Cnp("names", R"(  endpointSelector: {matchLabels: {app: server}}
  egress:
  - toFQDNs: [{matchName: img.cdn.example.com}, {matchName: a.b.cdn.example.com}, {matchName: cdn.example.com}])"));
  CHECK(FqdnPorts(cluster, "a/client", "img.cdn.example.com") == "TCP 443");
  CHECK(FqdnPorts(cluster, "a/client", "a.b.cdn.example.com") == "none");
  CHECK(FqdnPorts(cluster, "a/client", "cdn.example.com") == "none");
  // A name no selector names is the endpoint of the longest pattern covering it.
  CHECK(cluster.FindFqdn("video.cdn.example.com")->Id() == "fqdn:*.cdn.example.com");
  CHECK(cluster.FindFqdn("other.org") == nullptr);
  CHECK(FqdnPatternCovers("*", "a.b.c"));
  CHECK(FqdnPatternCovers("api-*.example.com", "api-v2.example.com"));
  CHECK_FALSE(FqdnPatternCovers("api-*.example.com", "api-v2.x.example.com"));
}

TEST_CASE("toFQDNs matchPattern '*' alone covers every name", "[cilium][fqdn]") {
  const Cluster cluster = WithTwoNamespacePods(
      kClientToFqdns + Cnp("all-names", R"(  endpointSelector: {matchLabels: {app: server}}
  egress:
  - toFQDNs: [{matchPattern: "*"}]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}])"));
  CHECK(FqdnPorts(cluster, "a/server", "api.example.com") == "TCP 80");
  CHECK(FqdnPorts(cluster, "a/server", "*.cdn.example.com") == "TCP 80");
}

TEST_CASE("toFQDNs names are lowercase and without the trailing dot, as Cilium matches them",
          "[cilium][fqdn]") {
  const Cluster cluster = WithTwoNamespacePods(WithDnsVisible(Cnp("x", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toFQDNs: [{matchName: API.Example.COM.}])")));
  REQUIRE(cluster.fqdns.size() == 1);
  CHECK(cluster.fqdns[0].Id() == "fqdn:api.example.com");
  CHECK(FqdnPorts(cluster, "a/client", "API.example.com.") == "all ports");
}

TEST_CASE("a CIDR rule covering every address (the world) reaches FQDN endpoints too",
          "[cilium][fqdn]") {
  // DNS names resolve to addresses outside the cluster: toEntities world
  // allows them whatever toFQDNs says.
  const Cluster cluster = WithTwoNamespacePods(
      kClientToFqdns + Cnp("world", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEntities: [world]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}])"));
  CHECK(FqdnPorts(cluster, "a/client", "api.example.com") == "TCP 80,443");
}

TEST_CASE("without DNS visibility a world rule still reaches an FQDN endpoint, its toFQDNs rule "
          "does not (docs: toFQDNs needs an L7 policy allowing DNS requests)",
          "[cilium][fqdn]") {
  // No cluster DNS and no dns rule: Cilium never learns api.example.com's
  // addresses, so the toFQDNs allow on 443 is gone; the world rule on 80
  // does not depend on DNS.
  const Cluster cluster = WithTwoNamespacePods(Cnp("client-fqdn", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toFQDNs: [{matchName: api.example.com}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
  - toEntities: [world]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}])"));
  CHECK(FqdnPorts(cluster, "a/client", "api.example.com") == "TCP 80");
}

TEST_CASE("a toFQDNs entry needs exactly one of matchName and matchPattern, a DNS name",
          "[cilium][fqdn]") {
  auto errors = [](const std::string& entry) {
    return LoadErrors(Cnp("x", "  endpointSelector: {}\n  egress:\n  - toFQDNs: [" + entry + "]"));
  };
  CHECK(errors("{}") == std::vector<std::string>{
                           "test.yaml:7:15: error: CiliumNetworkPolicy a/x: spec.egress[0].toFQDNs[0]: must specify "
                           "exactly one of matchName or matchPattern"});
  CHECK(errors("{matchName: a.com, matchPattern: b.com}") ==
        std::vector<std::string>{"test.yaml:7:15: error: CiliumNetworkPolicy a/x: spec.egress[0].toFQDNs[0]: must specify "
                                 "exactly one of matchName or matchPattern, got both"});
  CHECK(errors("{matchName: \"*.com\"}") ==
        std::vector<std::string>{"test.yaml:7:27: error: CiliumNetworkPolicy a/x: spec.egress[0].toFQDNs[0].matchName: "
                                 "expected a DNS name, got \"*.com\""});
}

// kube-dns in kube-system, and three clients whose DNS differs.
const char* kDnsCluster = R"(
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: dns, image: coredns, ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: visible, namespace: a, labels: {app: visible}}
spec: {containers: [{name: c, image: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: a, labels: {app: plain}}
spec: {containers: [{name: c, image: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: blocked, namespace: a, labels: {app: blocked}}
spec: {containers: [{name: c, image: c}]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fqdn, namespace: a}
spec:
  endpointSelector: {}
  egress:
  - toFQDNs: [{matchName: api.example.com}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: dns-visible, namespace: a}
spec:
  endpointSelector: {matchLabels: {app: visible}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: dns-plain, namespace: a}
spec:
  endpointSelector: {matchLabels: {app: plain}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
)";

TEST_CASE("Cilium enforces toFQDNs only with an L7 dns rule on port 53 to the cluster DNS",
          "[cilium][fqdn]") {
  // Cilium learns a name's addresses from the lookups its DNS proxy sees;
  // lookups go to the proxy only through an egress rule to the resolver on
  // port 53 with L7 `dns` rules.
  const Cluster cluster = LoadOrFail(kDnsCluster);
  const Evaluator evaluator(cluster);
  struct Case {
    const char* pod;
    bool allowed;
    bool visible;
  };
  for (const Case& c : {Case{"visible", true, true}, Case{"plain", true, false},
                        Case{"blocked", false, false}}) {
    INFO(c.pod);
    const FqdnDnsStatus status = FqdnDnsOf(evaluator, *cluster.FindPod("a", c.pod), {});
    CHECK(status.dns_allowed == c.allowed);
    CHECK(status.dns_visible == c.visible);
    CHECK(status.dns_pod == "kube-system/coredns");
    CHECK(FqdnDnsProblem(status, c.pod).empty() == c.visible);
  }
}

TEST_CASE("a toFQDNs allow applies only to a source whose DNS lookups go through Cilium's DNS "
          "proxy (docs: 'This requires ... an L7 policy allowing DNS requests')",
          "[cilium][fqdn]") {
  // The same toFQDNs rule selects all three pods; only the pod with an L7
  // dns rule on port 53 to the cluster DNS reaches the name. Both engines
  // agree (FqdnPorts), so pods that differ in visibility never share a
  // class's answer.
  const Cluster cluster = LoadOrFail(kDnsCluster);
  CHECK(FqdnPorts(cluster, "a/visible", "api.example.com") == "all ports");
  CHECK(FqdnPorts(cluster, "a/plain", "api.example.com") == "none");
  CHECK(FqdnPorts(cluster, "a/blocked", "api.example.com") == "none");
  const Evaluator evaluator(cluster);
  CHECK(evaluator.FqdnLookupsVisible(*cluster.FindPod("a", "visible")));
  CHECK_FALSE(evaluator.FqdnLookupsVisible(*cluster.FindPod("a", "plain")));
  // The verdict names the rule it held back.
  const FqdnEndpoint* fqdn = cluster.FindFqdn("api.example.com");
  const Verdict verdict = evaluator.Evaluate(Endpoint::ForPod(*cluster.FindPod("a", "plain")),
                                             Endpoint::ForAddress(fqdn->address));
  REQUIRE(verdict.egress.fqdn_gated.size() == 1);
  CHECK(cluster.policies[verdict.egress.fqdn_gated[0].rule.policy].name == "fqdn");
  CHECK(verdict.egress.fqdn_gated[0].ports.IsAll());
}

TEST_CASE("a plain port 53 allow beside the dns rule turns the L7 rules off, so toFQDNs allows "
          "nothing (docs: 'the layer 7 portions of the latter rule will have no effect')",
          "[cilium][fqdn]") {
  std::string text = kCoreDnsPod;
  text += Cnp("client", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
  - toFQDNs: [{matchName: api.example.com}])");
  // Without the plain allow the lookups are visible and the rule applies.
  CHECK(FqdnPorts(WithTwoNamespacePods(text), "a/client", "api.example.com") == "all ports");
  text += Cnp("plain-dns", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system}}]
    toPorts: [{ports: [{port: "53", protocol: UDP}, {port: "53", protocol: TCP}]}])");
  CHECK(FqdnPorts(WithTwoNamespacePods(text), "a/client", "api.example.com") == "none");
}

TEST_CASE("NP031 fqdn-without-dns-visibility names the pods whose toFQDNs rules Cilium cannot "
          "enforce",
          "[cilium][fqdn][lint]") {
  LoadResult loaded = LoadText(kDnsCluster, "test.yaml");
  REQUIRE_FALSE(loaded.HasErrors());
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {"NP031"};
  const std::vector<LintFinding> findings = RunLint(registry, loaded.cluster, options);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].loc.line == 28);
  CHECK(findings[0].message ==
        "CiliumNetworkPolicy a/fqdn egress[0]: toFQDNs api.example.com allows nothing in Cilium "
        "for a/blocked, a/plain: egress of a/blocked to the cluster DNS (kube-system/coredns, "
        "53/UDP and 53/TCP) is not allowed: its lookups fail, so Cilium never learns the "
        "addresses of its toFQDNs names and those rules allow nothing");
  const std::string all = findings[0].message;
  CHECK(all.find("a/visible") == std::string::npos);
}

// ---- The names the dns rules let through ----------------------------------

// Whether `selector` (a matchName, or a matchPattern with `*`) matches `name`.
bool SelectorMatches(const std::string& selector, const std::string& name) {
  return selector.find('*') == std::string::npos ? selector == name
                                                 : FqdnPatternCovers(selector, name);
}

// Every string over `alphabet` of length 1 to `max`.
std::vector<std::string> AllStrings(const std::string& alphabet, std::size_t max) {
  std::vector<std::string> all;
  std::vector<std::string> layer = {""};
  for (std::size_t n = 1; n <= max; ++n) {
    std::vector<std::string> next;
    for (const std::string& prefix : layer) {
      for (char c : alphabet) next.push_back(prefix + c);
    }
    all.insert(all.end(), next.begin(), next.end());
    layer = std::move(next);
  }
  return all;
}

TEST_CASE("FqdnSelectorsOverlap: two selectors overlap exactly when some DNS name matches both "
          "(every selector of up to three characters against every name of up to six)",
          "[cilium][fqdn]") {
  // Two selectors of length <= 3 that overlap share a name of length <= 6.
  const std::vector<std::string> selectors = AllStrings("a.*", 3);
  const std::vector<std::string> names = AllStrings("ab.", 6);
  int overlapping = 0;
  for (const std::string& x : selectors) {
    for (const std::string& y : selectors) {
      const bool common = std::any_of(names.begin(), names.end(), [&](const std::string& name) {
        return SelectorMatches(x, name) && SelectorMatches(y, name);
      });
      INFO(x << " vs " << y);
      REQUIRE(FqdnSelectorsOverlap(x, y) == common);
      overlapping += common ? 1 : 0;
    }
  }
  // Both answers occur, so the table cannot pass by always saying one.
  CHECK(overlapping > 0);
  CHECK(overlapping < static_cast<int>(selectors.size() * selectors.size()));
}

TEST_CASE("FqdnSelectorsOverlap on the names people write", "[cilium][fqdn]") {
  struct Case {
    const char* a;
    const char* b;
    bool overlap;
  };
  for (const Case& c : {Case{"*", "api.github.com", true},
                        Case{"*.example.com", "api.example.com", true},
                        Case{"*.example.com", "a.b.example.com", false},  // one label only
                        Case{"*.example.com", "example.com", false},
                        Case{"*.example.com", "*.com", false},  // *.com: one label before .com
                        Case{"*.example.com", "api.*.com", true},
                        Case{"api.example.com", "api.example.com", true},
                        Case{"api.example.com", "www.example.com", false},
                        Case{"*.svc.cluster.local", "api.github.com", false},
                        Case{"s3.*.amazonaws.com", "*.eu-west-1.amazonaws.com", true}}) {
    INFO(c.a << " vs " << c.b);
    CHECK(FqdnSelectorsOverlap(c.a, c.b) == c.overlap);
    CHECK(FqdnSelectorsOverlap(c.b, c.a) == c.overlap);
  }
}

// A client whose DNS rules let through *.example.com only, and toFQDNs rules
// for a name inside, a name outside, and a pattern overlapping them.
std::string WithDnsRules(const std::string& dns_rules, const std::string& fqdns) {
  std::string text = kCoreDnsPod;
  text += Cnp("client", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: )" + dns_rules + R"(}}]
  - toFQDNs: )" + fqdns + R"(
    toPorts: [{ports: [{port: "443", protocol: TCP}]}])");
  return text;
}

TEST_CASE("an L7 dns rule's matchName and matchPattern are read like toFQDNs ones (both are "
          "FQDNSelectors): lowercase, without the trailing dot",
          "[cilium][fqdn]") {
  const Cluster cluster = WithTwoNamespacePods(WithDnsRules(
      R"([{matchName: "API.Example.com."}, {matchPattern: "*.ORG"}])",
      "[{matchName: api.example.com}]"));
  const std::optional<PolicyId> id = cluster.FindPolicy("a", "client");
  REQUIRE(id.has_value());
  const NetworkPolicy* policy = &cluster.policies[*id];
  REQUIRE_FALSE(policy->egress[0].ports.empty());
  for (const PolicyPort& port : policy->egress[0].ports) {
    CHECK(port.l7 == "dns");
    CHECK(port.dns_names == std::vector<std::string>{"api.example.com", "*.org"});
  }
  // A rule without `dns` rules has no names.
  CHECK(policy->egress[1].ports[0].dns_names.empty());
}

TEST_CASE("an L7 dns rule needs exactly one of matchName and matchPattern, a DNS name",
          "[cilium][fqdn]") {
  auto errors = [](const std::string& rule) {
    return LoadErrors(Cnp("x", R"(  endpointSelector: {}
  egress:
  - toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [)" + rule + "]}}]"));
  };
  CHECK(errors("{}") ==
        std::vector<std::string>{"test.yaml:7:68: error: CiliumNetworkPolicy a/x: "
                                 "spec.egress[0].toPorts[0].rules.dns[0]: must specify exactly one "
                                 "of matchName or matchPattern"});
  CHECK(errors("{matchName: \"a b\"}") ==
        std::vector<std::string>{"test.yaml:7:80: error: CiliumNetworkPolicy a/x: "
                                 "spec.egress[0].toPorts[0].rules.dns[0].matchName: expected a DNS "
                                 "name, got \"a b\""});
}

TEST_CASE("toFQDNs allows only the names the dns rules let through: Cilium's DNS proxy refuses "
          "the lookup of any other name, so Cilium never learns its addresses",
          "[cilium][fqdn]") {
  const Cluster cluster = WithTwoNamespacePods(WithDnsRules(
      R"([{matchPattern: "*.example.com"}])",
      R"([{matchName: api.example.com}, {matchName: api.github.com}, {matchPattern: "*.org"}])"));
  CHECK(FqdnPorts(cluster, "a/client", "api.example.com") == "TCP 443");
  CHECK(FqdnPorts(cluster, "a/client", "api.github.com") == "none");
  CHECK(FqdnPorts(cluster, "a/client", "*.org") == "none");
  const Evaluator evaluator(cluster);
  const PodId client = *cluster.FindPod("a", "client");
  CHECK(evaluator.FqdnLookupsVisible(client));
  CHECK(evaluator.FqdnLookups(client) == std::vector<std::string>{"*.example.com"});
  CHECK(evaluator.FqdnLookupAllowed(client, "api.example.com"));
  CHECK_FALSE(evaluator.FqdnLookupAllowed(client, "api.github.com"));
  const FqdnDnsStatus status = FqdnDnsOf(evaluator, client, {});
  CHECK(status.lookups == std::vector<std::string>{"*.example.com"});
  CHECK(FqdnLookupProblem(status, "a/client", "api.example.com").empty());
  CHECK(FqdnLookupProblem(status, "a/client", "api.github.com") ==
        "the L7 dns rules of a/client towards the cluster DNS (kube-system/coredns) let through "
        "only lookups of *.example.com: Cilium's DNS proxy refuses the lookup of api.github.com, "
        "so Cilium never learns its addresses and the toFQDNs rule allows nothing for it");
  // The verdict names the rule it held back for the refused name.
  const Verdict verdict =
      evaluator.Evaluate(Endpoint::ForPod(client),
                         Endpoint::ForAddress(cluster.FindFqdn("api.github.com")->address));
  REQUIRE(verdict.egress.fqdn_gated.size() == 1);
  CHECK(verdict.egress.fqdn_gated[0].rule.rule_index == 1);
}

TEST_CASE("a toFQDNs pattern applies when the dns rules let through some of its names",
          "[cilium][fqdn]") {
  // *.github.com covers api.github.com, which the dns rule lets through.
  const Cluster cluster = WithTwoNamespacePods(
      WithDnsRules(R"([{matchName: api.github.com}])", R"([{matchPattern: "*.github.com"}])"));
  CHECK(FqdnPorts(cluster, "a/client", "*.github.com") == "TCP 443");
}

TEST_CASE("dns rules towards several DNS pods add up: a name any of them lets through applies",
          "[cilium][fqdn]") {
  std::string text = WithDnsRules(R"([{matchName: api.example.com}])",
                                  R"([{matchName: api.example.com}, {matchName: api.github.com}])");
  text += R"(apiVersion: v1
kind: Pod
metadata: {name: coredns-2, namespace: kube-system, labels: {k8s-app: kube-dns, replica: two}}
spec: {containers: [{name: dns, image: coredns, ports: [{containerPort: 53, protocol: UDP}]}]}
---
)";
  text += Cnp("second-dns", R"(  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, replica: two}}]
    toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchName: api.github.com}]}}])");
  const Cluster cluster = WithTwoNamespacePods(text);
  const Evaluator evaluator(cluster);
  CHECK(evaluator.FqdnLookups(*cluster.FindPod("a", "client")) ==
        std::vector<std::string>{"api.example.com", "api.github.com"});
  CHECK(FqdnPorts(cluster, "a/client", "api.github.com") == "TCP 443");
}

TEST_CASE("NP031 names the toFQDNs names the dns rules refuse, and explain says why",
          "[cilium][fqdn][lint]") {
  const std::string text = WithDnsRules(R"([{matchPattern: "*.example.com"}])",
                                        R"([{matchName: api.example.com}, {matchName: api.github.com}])");
  const Cluster cluster = WithTwoNamespacePods(text);
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {"NP031"};
  const std::vector<LintFinding> findings = RunLint(registry, cluster, options);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "CiliumNetworkPolicy a/client egress[1]: toFQDNs api.github.com allows nothing in Cilium "
        "for a/client: the L7 dns rules of a/client towards the cluster DNS (kube-system/coredns) "
        "let through only lookups of *.example.com: Cilium's DNS proxy refuses the lookup of "
        "api.github.com, so Cilium never learns its addresses and the toFQDNs rule allows nothing "
        "for it");
  CHECK(findings[0].fix.find("let these names through the L7 dns rules") != std::string::npos);

  const Evaluator evaluator(cluster);
  const Explanation explanation =
      Explain(evaluator, Endpoint::ForPod(*cluster.FindPod("a", "client")),
              Endpoint::ForAddress(cluster.FindFqdn("api.github.com")->address));
  CHECK_FALSE(explanation.allows);
  bool said = false;
  for (const PolicyTrace& policy : explanation.egress.policies) {
    for (const RuleTrace& rule : policy.rules) {
      for (const PeerTrace& peer : rule.peers) {
        if (peer.reason.find("let through only lookups of *.example.com: Cilium's DNS proxy "
                             "refuses the lookup of api.github.com") != std::string::npos) {
          said = true;
          CHECK_FALSE(peer.matched);
        }
      }
    }
  }
  CHECK(said);
}

TEST_CASE("check and explain name an FQDN endpoint fqdn:NAME", "[cilium][fqdn][cli]") {
  const CliResult check = RunCli({"check", "--intent", "examples/cilium-fqdn/intent.yaml",
                                  "examples/cilium-fqdn/"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("app/client -> fqdn:api.github.com  TCP 443") != std::string::npos);
  CHECK(check.out.find("app/client -> fqdn:*.s3.amazonaws.com  TCP 443") != std::string::npos);

  const CliResult explain = RunCli({"explain", "--from", "app/worker", "--to",
                                    "fqdn:logs.s3.amazonaws.com", "examples/cilium-fqdn/"});
  INFO(explain.out << explain.err);
  CHECK(explain.out.find("Verdict: DENIED") != std::string::npos);
  CHECK(explain.out.find("not allowed: toFQDNs needs DNS visibility: CiliumNetworkPolicy "
                         "app/worker-egress egress[1] (examples/cilium-fqdn/policies.yaml:29) does "
                         "not apply: egress of app/worker to the cluster DNS") != std::string::npos);
  // Every other name is the endpoint of the batch pod's matchPattern "*".
  const CliResult other = RunCli({"explain", "--from", "app/worker", "--to", "fqdn:example.org",
                                  "examples/cilium-fqdn/"});
  CHECK(other.out.find("app/worker -> fqdn:*") != std::string::npos);
}

}  // namespace
}  // namespace netpol::testing
