// NP004 one-sided-allow when the side that blocks is a cluster-scoped policy
// (issue #17, reproduction 4): the finding names the AdminNetworkPolicy,
// BaselineAdminNetworkPolicy or ClusterNetworkPolicy rule, and the fix is one
// the API lets work. Per the network-policy-api: an Admin-tier Deny cannot be
// overridden by a NetworkPolicy (only by an Admin-tier rule of higher
// precedence, a lower priority number); a Baseline-tier Deny is overridden by
// any NetworkPolicy selecting the pod. Each fix is applied and checked.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "parse/load.h"

namespace netpol {
namespace {

// shop/client may egress to vault/db on TCP 5432; vault's ingress is decided
// by `blocker`.
const std::string kBase = R"(apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: curl, image: curl}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: vault, labels: {app: db}}
spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: vault}}
      podSelector: {matchLabels: {app: db}}
    ports: [{port: 5432}]
---
)";

const std::string kAnpDeny = R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: protect-vault}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: vault}}}
  ingress:
  - name: deny-shop
    action: Deny
    from:
    - namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}
---
)";

const std::string kBanpDeny = R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: vault}}}
  ingress:
  - name: deny-shop
    action: Deny
    from:
    - namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}
---
)";

const std::string kCnpAdminDeny = R"(apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: protect-vault}
spec:
  tier: Admin
  priority: 20
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: vault}}}
  ingress:
  - name: deny-shop
    action: Deny
    from:
    - namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}
---
)";

// A NetworkPolicy of vault admitting the client: the usual NetworkPolicy fix.
const std::string kNetworkPolicyAllow = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-client, namespace: vault}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
      podSelector: {matchLabels: {app: client}}
    ports: [{port: 5432}]
---
)";

// An AdminNetworkPolicy Allow of higher precedence (priority 5 < 10).
const std::string kAnpAllowFirst = R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: vault-clients}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: vault}}}
  ingress:
  - name: allow-client
    action: Allow
    from:
    - pods:
        namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
        podSelector: {matchLabels: {app: client}}
    ports: [{portNumber: {protocol: TCP, port: 5432}}]
---
)";

std::vector<LintFinding> LintNp004(const std::string& text) {
  LoadResult loaded = LoadText(text, "test.yaml");
  REQUIRE_FALSE(loaded.HasErrors());
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = {"NP004"};
  return RunLint(registry, loaded.cluster, options);
}

TEST_CASE("NP004 names the AdminNetworkPolicy Deny that blocks and does not offer a NetworkPolicy fix", "[lint][tiers]") {
  const auto findings = LintNp004(kBase + kAnpDeny);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].loc.ToString() == "test.yaml:18:5");
  CHECK(findings[0].message ==
        "egress[0] of shop/client-egress allows TCP 5432 from shop/client to vault/db, but the "
        "ingress of vault/db never admits it: ingress[0] (deny-shop) of AdminNetworkPolicy "
        "protect-vault (test.yaml:30:5) denies TCP 5432 from shop/client, and no NetworkPolicy can "
        "override an Admin-tier Deny; both sides must allow a connection, so this rule is dead");
  CHECK(findings[0].fix ==
        "change or remove ingress[0] (deny-shop) of AdminNetworkPolicy protect-vault "
        "(test.yaml:30:5), or allow ingress from shop/client on TCP 5432 in an Allow rule of an "
        "AdminNetworkPolicy with a lower priority than 10 (a NetworkPolicy cannot override it)");
}

TEST_CASE("an AdminNetworkPolicy Deny is not overridden by a NetworkPolicy allow, but by an Admin-tier Allow of lower priority number", "[lint][tiers]") {
  // The NetworkPolicy fix would not work: the rule stays dead.
  CHECK(LintNp004(kBase + kAnpDeny + kNetworkPolicyAllow).size() == 1);
  // The fix the finding gives does.
  CHECK(LintNp004(kBase + kAnpDeny + kAnpAllowFirst).empty());
}

TEST_CASE("NP004 names the BaselineAdminNetworkPolicy Deny and offers the NetworkPolicy that overrides it", "[lint][tiers]") {
  const auto findings = LintNp004(kBase + kBanpDeny);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "egress[0] of shop/client-egress allows TCP 5432 from shop/client to vault/db, but the "
        "ingress of vault/db never admits it: ingress[0] (deny-shop) of BaselineAdminNetworkPolicy "
        "default (test.yaml:29:5) denies TCP 5432 from shop/client and no NetworkPolicy selects "
        "vault/db for ingress; both sides must allow a connection, so this rule is dead");
  CHECK(findings[0].fix ==
        "allow ingress from shop/client on TCP 5432 in a NetworkPolicy selecting vault/db: a "
        "NetworkPolicy overrides the Baseline tier (see `netpol check --suggest`); or change or "
        "remove ingress[0] (deny-shop) of BaselineAdminNetworkPolicy default (test.yaml:29:5)");
}

TEST_CASE("a BaselineAdminNetworkPolicy Deny is overridden by a NetworkPolicy allow", "[lint][tiers]") {
  CHECK(LintNp004(kBase + kBanpDeny + kNetworkPolicyAllow).empty());
}

TEST_CASE("NP004 names a ClusterNetworkPolicy of tier Admin as the blocker, with its tier", "[lint][tiers]") {
  const auto findings = LintNp004(kBase + kCnpAdminDeny);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("ingress[0] (deny-shop) of ClusterNetworkPolicy protect-vault "
                                 "(tier Admin) (test.yaml:31:5) denies TCP 5432 from shop/client, "
                                 "and no NetworkPolicy can override an Admin-tier Deny") !=
        std::string::npos);
  CHECK(findings[0].fix.find("in an Accept rule of an Admin-tier ClusterNetworkPolicy with a "
                             "lower priority than 20") != std::string::npos);
  CHECK(findings[0].fix.find("NetworkPolicy selecting") == std::string::npos);
  CHECK(LintNp004(kBase + kCnpAdminDeny + kNetworkPolicyAllow).size() == 1);
}

TEST_CASE("NP004 with NetworkPolicies as the blocker still names them", "[lint][tiers]") {
  const std::string deny = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: vault}
spec: {podSelector: {}, policyTypes: [Ingress]}
)";
  const auto findings = LintNp004(kBase + deny);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("isolated by vault/default-deny, whose rules allow nothing from "
                                 "shop/client") != std::string::npos);
  CHECK(findings[0].fix ==
        "allow ingress from shop/client on TCP 5432 in a policy selecting vault/db (see `netpol "
        "check --suggest`)");
  CHECK(LintNp004(kBase + deny + "---\n" + kNetworkPolicyAllow).empty());
}

}  // namespace
}  // namespace netpol
