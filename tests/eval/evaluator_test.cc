// NetworkPolicy semantics, one rule of the API per test case. Each case loads
// the small model below plus a policy snippet and queries verdicts.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

// Namespaces x (team=blue), y (team=green), z (no labels of its own).
//   x/web    app=web tier=front  10.0.1.1  http 80/TCP, metrics 9090/TCP, dns 53/UDP
//   x/db     app=db              10.0.1.2  pg 5432/TCP, http 8080/TCP
//   x/other  app=other           10.0.1.3  no ports
//   y/web    app=web tier=back   10.0.2.1  http 80/TCP
//   y/client app=client          10.0.2.2  no ports
//   z/client app=client          no IP
constexpr const char* kModel = R"(apiVersion: v1
kind: Namespace
metadata:
  name: x
  labels:
    team: blue
---
apiVersion: v1
kind: Namespace
metadata:
  name: "y"
  labels:
    team: green
---
apiVersion: v1
kind: Namespace
metadata:
  name: z
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: x
  labels:
    app: web
    tier: front
spec:
  containers:
  - name: main
    image: nginx
    ports:
    - containerPort: 80
      name: http
      protocol: TCP
    - containerPort: 9090
      name: metrics
    - containerPort: 53
      name: dns
      protocol: UDP
status:
  podIP: 10.0.1.1
  podIPs:
  - ip: 10.0.1.1
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: x
  labels:
    app: db
spec:
  containers:
  - name: main
    image: postgres
    ports:
    - containerPort: 5432
      name: pg
      protocol: TCP
    - containerPort: 8080
      name: http
      protocol: TCP
status:
  podIP: 10.0.1.2
  podIPs:
  - ip: 10.0.1.2
---
apiVersion: v1
kind: Pod
metadata:
  name: other
  namespace: x
  labels:
    app: other
spec:
  containers:
  - name: main
    image: busybox
status:
  podIP: 10.0.1.3
  podIPs:
  - ip: 10.0.1.3
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: "y"
  labels:
    app: web
    tier: back
spec:
  containers:
  - name: main
    image: nginx
    ports:
    - containerPort: 80
      name: http
      protocol: TCP
status:
  podIP: 10.0.2.1
  podIPs:
  - ip: 10.0.2.1
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: "y"
  labels:
    app: client
spec:
  containers:
  - name: main
    image: busybox
status:
  podIP: 10.0.2.2
  podIPs:
  - ip: 10.0.2.2
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: z
  labels:
    app: client
spec:
  containers:
  - name: main
    image: busybox
)";

// The model plus `policies` (YAML documents, each starting with "---").
Cluster ModelWith(const std::string& policies) {
  return LoadOrFail(std::string(kModel) + policies);
}

// A policy in `ns` named `name` whose spec is `spec` (YAML, indented by 2).
std::string Policy(const std::string& ns, const std::string& name, const std::string& spec) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name +
         "\n  namespace: \"" + ns + "\"\nspec:\n" + spec + "\n";
}

// ---------------------------------------------------------------------------
// Isolation and policyTypes

TEST_CASE("without policies everything is allowed", "[eval]") {
  const Cluster cluster = LoadOrFail(kModel);
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "x/web", "8.8.8.8").IsAll());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "2001:db8::1", "z/client").IsAll());
}

TEST_CASE("podSelector {} selects every pod of its namespace and no other", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "deny", R"(  podSelector: {}
  policyTypes: [Ingress])"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "x/other").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "y/web").IsAll());
  CHECK(AllowedPorts(cluster, "x/web", "z/client").IsAll());
}

TEST_CASE("a policy in another namespace does not isolate a pod its selector would match",
          "[eval]") {
  const Cluster cluster = ModelWith(Policy("y", "deny-web", R"(  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress])"));
  CHECK(AllowedPorts(cluster, "y/client", "y/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsAll());
}

TEST_CASE("policyTypes absent means Ingress only", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "deny", R"(  podSelector: {}
  ingress: [])"));
  REQUIRE(cluster.policies.size() == 1);
  CHECK(cluster.policies[0].Affects(Direction::kIngress));
  CHECK_FALSE(cluster.policies[0].Affects(Direction::kEgress));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/web", "y/web").IsAll());
  CHECK(AllowedPorts(cluster, "x/web", "8.8.8.8").IsAll());
}

TEST_CASE("policyTypes absent with egress rules isolates Egress too", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "dns-only", R"(  podSelector:
    matchLabels:
      app: web
  egress:
  - ports:
    - protocol: UDP
      port: 53)"));
  REQUIRE(cluster.policies.size() == 1);
  CHECK(cluster.policies[0].Affects(Direction::kIngress));
  CHECK(cluster.policies[0].Affects(Direction::kEgress));
  CHECK(AllowedPorts(cluster, "x/web", "y/web") == PortSet::Single(Protocol::kUDP, 53));
  CHECK(AllowedPorts(cluster, "x/web", "8.8.8.8") == PortSet::Single(Protocol::kUDP, 53));
  // Ingress is isolated as well, with no ingress rules.
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  // x/db is not selected.
  CHECK(AllowedPorts(cluster, "x/db", "y/web").IsAll());
}

TEST_CASE("egress: [] without policyTypes does not isolate egress", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "empty-egress", R"(  podSelector:
    matchLabels:
      app: web
  egress: [])"));
  REQUIRE(cluster.policies.size() == 1);
  CHECK_FALSE(cluster.policies[0].Affects(Direction::kEgress));
  CHECK(AllowedPorts(cluster, "x/web", "y/web").IsAll());
  CHECK(AllowedPorts(cluster, "x/web", "8.8.8.8").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
}

TEST_CASE("policyTypes [Egress] without egress rules denies all egress", "[eval]") {
  const Cluster cluster = ModelWith(Policy("y", "deny-egress", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress])"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "y/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "8.8.8.8").IsEmpty());
  // Ingress of the selected pod stays open, other pods are unaffected.
  CHECK(AllowedPorts(cluster, "x/web", "y/client").IsAll());
  CHECK(AllowedPorts(cluster, "y/web", "x/web").IsAll());
}

TEST_CASE("ingress: [] with policyTypes [Ingress] denies all ingress", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "deny", R"(  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
  ingress: [])"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/db", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsAll());
}

TEST_CASE("missing ingress with policyTypes [Ingress] denies all ingress", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "deny", R"(  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress])"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/db", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
}

TEST_CASE("ingress: [{}] allows everything, external addresses included", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "allow-all", R"(  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - {})"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsAll());
  // x/web is IPv4-only: an IPv6 address shares no family with it
  // (address_family_test.cc).
  CHECK(AllowedPorts(cluster, "2001:db8::1", "x/web").IsEmpty());
}

TEST_CASE("egress: [{}] allows everything, external addresses included", "[eval]") {
  const Cluster cluster = ModelWith(Policy("y", "allow-all", R"(  podSelector: {}
  policyTypes: [Egress]
  egress:
  - {})"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "8.8.8.8").IsAll());
}

TEST_CASE("a rule with ports but no from allows those ports from external addresses", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "http", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - ports:
    - port: 80)"));
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(AllowedPorts(cluster, "z/client", "x/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK_FALSE(Allowed(cluster, "8.8.8.8", "x/web", 81));
}

// ---------------------------------------------------------------------------
// Peers

TEST_CASE("a podSelector-only peer matches pods of the policy namespace only", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "from-web", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: web)"));
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "y/web", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/other", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "10.0.1.1", "x/db").IsEmpty());
}

TEST_CASE("podSelector {} as a peer matches every pod of the policy namespace only", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "same-ns", R"(  podSelector: {}
  ingress:
  - from:
    - podSelector: {})"));
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "x/other", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsEmpty());
}

TEST_CASE("a namespaceSelector-only peer matches every pod of the selected namespaces", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "from-green", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: green)"));
  CHECK(AllowedPorts(cluster, "y/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/db").IsEmpty());
}

TEST_CASE("namespaceSelector {} matches every namespace but not external addresses", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "from-cluster", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - namespaceSelector: {})"));
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "10.0.2.2", "x/db").IsEmpty());
}

TEST_CASE("podSelector and namespaceSelector in one peer are ANDed", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "green-clients", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: green
      podSelector:
        matchLabels:
          app: client)"));
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "y/web", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsEmpty());
}

TEST_CASE("two peers of one rule are ORed", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "green-or-web", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: green
    - podSelector:
        matchLabels:
          app: web)"));
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/other", "x/db").IsEmpty());
}

// ---------------------------------------------------------------------------
// Label selectors, seen through which pods a policy isolates. An external
// source allows everything on its side, so ingress from 8.8.8.8 is empty
// exactly for the pods the deny-all policy selects.

Cluster DenyIngressFor(const std::string& selector) {
  return ModelWith(
      Policy("x", "deny", "  podSelector:\n" + selector + "\n  policyTypes: [Ingress]"));
}

bool IngressIsolated(const Cluster& cluster, const std::string& pod) {
  const PortSet ports = AllowedPorts(cluster, "8.8.8.8", pod);
  INFO(pod << " allows " << ports.ToString());
  REQUIRE((ports.IsEmpty() || ports.IsAll()));
  return ports.IsEmpty();
}

TEST_CASE("matchExpressions In selects pods whose value is listed", "[eval][select]") {
  const Cluster cluster = DenyIngressFor(R"(    matchExpressions:
    - key: app
      operator: In
      values: [web, db])");
  CHECK(IngressIsolated(cluster, "x/web"));
  CHECK(IngressIsolated(cluster, "x/db"));
  CHECK_FALSE(IngressIsolated(cluster, "x/other"));
}

TEST_CASE("matchExpressions NotIn selects pods lacking the key", "[eval][select]") {
  const Cluster cluster = DenyIngressFor(R"(    matchExpressions:
    - key: tier
      operator: NotIn
      values: [front])");
  CHECK_FALSE(IngressIsolated(cluster, "x/web"));
  CHECK(IngressIsolated(cluster, "x/db"));
  CHECK(IngressIsolated(cluster, "x/other"));
}

TEST_CASE("matchExpressions Exists selects pods having the key", "[eval][select]") {
  const Cluster cluster = DenyIngressFor(R"(    matchExpressions:
    - key: tier
      operator: Exists)");
  CHECK(IngressIsolated(cluster, "x/web"));
  CHECK_FALSE(IngressIsolated(cluster, "x/db"));
  CHECK_FALSE(IngressIsolated(cluster, "x/other"));
}

TEST_CASE("matchExpressions DoesNotExist selects pods lacking the key", "[eval][select]") {
  const Cluster cluster = DenyIngressFor(R"(    matchExpressions:
    - key: tier
      operator: DoesNotExist)");
  CHECK_FALSE(IngressIsolated(cluster, "x/web"));
  CHECK(IngressIsolated(cluster, "x/db"));
  CHECK(IngressIsolated(cluster, "x/other"));
}

TEST_CASE("a peer selector ANDs matchLabels with matchExpressions", "[eval][select]") {
  const std::string spec = R"(  podSelector:
    matchLabels:
      app: web
    matchExpressions:
    - key: tier
      operator: NotIn
      values: [front]
  policyTypes: [Ingress])";
  const Cluster cluster = ModelWith(Policy("x", "deny", spec) + Policy("y", "deny", spec));
  // x/web has app=web but tier=front; y/web has app=web and tier=back.
  CHECK_FALSE(IngressIsolated(cluster, "x/web"));
  CHECK_FALSE(IngressIsolated(cluster, "x/other"));
  CHECK(IngressIsolated(cluster, "y/web"));
  CHECK_FALSE(IngressIsolated(cluster, "y/client"));
}

TEST_CASE("matchExpressions apply to namespaceSelector peers", "[eval][select]") {
  const Cluster cluster = ModelWith(Policy("x", "not-green", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - key: team
          operator: NotIn
          values: [green])"));
  CHECK(AllowedPorts(cluster, "x/web", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsAll());  // z has no team label
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsEmpty());
}

TEST_CASE("the automatic kubernetes.io/metadata.name label exists without a Namespace manifest",
          "[eval]") {
  const Cluster cluster = LoadOrFail(R"(apiVersion: v1
kind: Pod
metadata:
  name: server
  namespace: q
status:
  podIP: 10.9.0.1
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: r
status:
  podIP: 10.9.0.2
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: s
status:
  podIP: 10.9.0.3
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-r
  namespace: q
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: r
)");
  const Namespace* r = cluster.FindNamespace("r");
  REQUIRE(r != nullptr);
  CHECK(r->labels == Labels{{kNamespaceNameLabel, "r"}});
  CHECK(AllowedPorts(cluster, "r/client", "q/server").IsAll());
  CHECK(AllowedPorts(cluster, "s/client", "q/server").IsEmpty());
}

TEST_CASE("a Namespace manifest without labels still carries kubernetes.io/metadata.name",
          "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "from-z", R"(  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: z)"));
  CHECK(AllowedPorts(cluster, "z/client", "x/db").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsEmpty());
}

// ---------------------------------------------------------------------------
// ipBlock

TEST_CASE("ipBlock cidr with except matches IPv4 external addresses", "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "from-ten", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
        except:
        - 10.1.0.0/16)"));
  CHECK(AllowedPorts(cluster, "10.0.0.0", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.2.3.4", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.255.255.255", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.0.255.255", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.2.0.0", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.1.0.0", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "10.1.2.3", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "10.1.255.255", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "9.255.255.255", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "11.0.0.0", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "2001:db8::1", "x/web").IsEmpty());
}

TEST_CASE("ipBlock cidr with except matches IPv6 external addresses", "[eval][ip]") {
  // z/client has no known IP, so it may use IPv6 (x/web is IPv4-only).
  const Cluster cluster = ModelWith(Policy("z", "to-v6", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock:
        cidr: 2001:db8::/32
        except:
        - 2001:db8:1::/48)"));
  CHECK(AllowedPorts(cluster, "z/client", "2001:db8::1").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "2001:db8:2::5").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "2001:db8:1::5").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "2001:db9::1").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "2001:db7:ffff::1").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "10.0.0.1").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "8.8.8.8").IsEmpty());
}

TEST_CASE("an address in one ipBlock's except is still allowed through another ipBlock",
          "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "two-blocks", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.1.0.0/16]
    - ipBlock:
        cidr: 10.1.2.0/24)"));
  CHECK(AllowedPorts(cluster, "10.1.2.3", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.1.3.3", "x/web").IsEmpty());
}

TEST_CASE("ipBlock matches pod IPs", "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "from-y-subnet", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.2.0/24)"));
  CHECK(AllowedPorts(cluster, "y/web", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "x/db", "x/web").IsEmpty());
}

TEST_CASE("a pod without an IP is matched by no ipBlock", "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "from-anywhere", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - ipBlock:
        cidr: 0.0.0.0/0
    - ipBlock:
        cidr: ::/0)"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "z/client", "x/web").IsEmpty());
}

TEST_CASE("ip_blocks_match_pods=false makes ipBlocks match external addresses only", "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "from-y-subnet", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.2.0/24)"));
  EvalOptions no_pods;
  no_pods.ip_blocks_match_pods = false;
  CHECK(AllowedPorts(cluster, "y/web", "x/web", no_pods).IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "x/web", no_pods).IsEmpty());
  CHECK(AllowedPorts(cluster, "10.0.2.77", "x/web", no_pods).IsAll());
  CHECK(AllowedPorts(cluster, "y/web", "x/web").IsAll());
}

TEST_CASE("a non-canonical cidr 10.1.2.3/8 means 10.0.0.0/8", "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "sloppy", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - ipBlock:
        cidr: 10.1.2.3/8)"));
  const auto id = cluster.FindPolicy("x", "sloppy");
  REQUIRE(id.has_value());
  const NetworkPolicy& policy = cluster.policies[*id];
  REQUIRE(policy.ingress.size() == 1);
  REQUIRE(policy.ingress[0].peers.size() == 1);
  REQUIRE(policy.ingress[0].peers[0].ip_block.has_value());
  CHECK(policy.ingress[0].peers[0].ip_block->cidr.ToString() == "10.0.0.0/8");
  CHECK(AllowedPorts(cluster, "10.1.2.3", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "10.200.0.1", "x/web").IsAll());
  CHECK(AllowedPorts(cluster, "11.0.0.1", "x/web").IsEmpty());
}

TEST_CASE("egress ipBlock to a single external address", "[eval][ip]") {
  const Cluster cluster = ModelWith(Policy("x", "dns", R"(  podSelector:
    matchLabels:
      app: web
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock:
        cidr: 8.8.8.8/32
    ports:
    - protocol: TCP
      port: 443)"));
  CHECK(AllowedPorts(cluster, "x/web", "8.8.8.8") == PortSet::Single(Protocol::kTCP, 443));
  CHECK(AllowedPorts(cluster, "x/web", "8.8.4.4").IsEmpty());
  CHECK(AllowedPorts(cluster, "x/web", "y/web").IsEmpty());
}

// ---------------------------------------------------------------------------
// Ports

Cluster IngressToWebOn(const std::string& ports) {
  return ModelWith(Policy("x", "ports", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - ports:
)" + ports));
}

TEST_CASE("a numeric port allows exactly that port", "[eval][ports]") {
  const Cluster cluster = IngressToWebOn(R"(    - protocol: TCP
      port: 80)");
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(Allowed(cluster, "y/client", "x/web", 80));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 81));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 79));
}

TEST_CASE("a port without protocol means TCP", "[eval][ports]") {
  const Cluster cluster = IngressToWebOn("    - port: 80");
  CHECK(Allowed(cluster, "y/client", "x/web", 80, Protocol::kTCP));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 80, Protocol::kUDP));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 80, Protocol::kSCTP));
}

TEST_CASE("UDP and SCTP ports do not allow TCP", "[eval][ports]") {
  const Cluster cluster = IngressToWebOn(R"(    - protocol: UDP
      port: 53
    - protocol: SCTP
      port: 53)");
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 53, Protocol::kTCP));
  CHECK(Allowed(cluster, "y/client", "x/web", 53, Protocol::kUDP));
  CHECK(Allowed(cluster, "y/client", "x/web", 53, Protocol::kSCTP));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 54, Protocol::kUDP));
}

TEST_CASE("a protocol without a port allows every port of that protocol", "[eval][ports]") {
  const Cluster cluster = IngressToWebOn("    - protocol: UDP");
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::AllOf(Protocol::kUDP));
}

TEST_CASE("endPort makes an inclusive range", "[eval][ports]") {
  const Cluster cluster = IngressToWebOn(R"(    - protocol: TCP
      port: 8000
      endPort: 8080)");
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::Range(Protocol::kTCP, 8000, 8080));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 7999));
  CHECK(Allowed(cluster, "y/client", "x/web", 8000));
  CHECK(Allowed(cluster, "y/client", "x/web", 8080));
  CHECK_FALSE(Allowed(cluster, "y/client", "x/web", 8081));
}

TEST_CASE("an ingress named port resolves on each destination pod", "[eval][ports]") {
  const Cluster cluster = ModelWith(Policy("x", "http", R"(  podSelector: {}
  ingress:
  - ports:
    - port: http)"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(AllowedPorts(cluster, "y/client", "x/db") == PortSet::Single(Protocol::kTCP, 8080));
  CHECK(AllowedPorts(cluster, "y/client", "x/other").IsEmpty());
}

TEST_CASE("an egress named port resolves on the destination peer", "[eval][ports]") {
  const Cluster cluster = ModelWith(Policy("y", "http-out", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress]
  egress:
  - ports:
    - port: http)"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(AllowedPorts(cluster, "y/client", "x/db") == PortSet::Single(Protocol::kTCP, 8080));
  CHECK(AllowedPorts(cluster, "y/client", "y/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(AllowedPorts(cluster, "y/client", "x/other").IsEmpty());
}

TEST_CASE("a named port to an external address matches nothing", "[eval][ports]") {
  const Cluster cluster = ModelWith(Policy("y", "http-out", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress]
  egress:
  - ports:
    - port: http
    - port: 443)"));
  CHECK(AllowedPorts(cluster, "y/client", "8.8.8.8") == PortSet::Single(Protocol::kTCP, 443));
  CHECK(AllowedPorts(cluster, "y/client", "x/web") ==
        PortSet::Single(Protocol::kTCP, 80).Union(PortSet::Single(Protocol::kTCP, 443)));
}

TEST_CASE("a named port must match name and protocol", "[eval][ports]") {
  const Cluster tcp = IngressToWebOn(R"(    - protocol: TCP
      port: dns)");
  CHECK(AllowedPorts(tcp, "y/client", "x/web").IsEmpty());
  const Cluster udp = IngressToWebOn(R"(    - protocol: UDP
      port: dns)");
  CHECK(AllowedPorts(udp, "y/client", "x/web") == PortSet::Single(Protocol::kUDP, 53));
  // metrics has no protocol in the pod spec: TCP.
  const Cluster metrics = IngressToWebOn("    - port: metrics");
  CHECK(AllowedPorts(metrics, "y/client", "x/web") == PortSet::Single(Protocol::kTCP, 9090));
}

TEST_CASE("a named port no container declares matches nothing", "[eval][ports]") {
  const Cluster cluster = IngressToWebOn("    - port: nosuch");
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "8.8.8.8", "x/web").IsEmpty());
}

// ---------------------------------------------------------------------------
// Combining policies and sides

TEST_CASE("policies selecting the same pod are additive", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "http-from-green", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: green
    ports:
    - port: 80)") + Policy("x", "metrics-from-db", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: db
    ports:
    - port: 9090)") + Policy("x", "deny-all", R"(  podSelector: {}
  policyTypes: [Ingress])"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::Single(Protocol::kTCP, 80));
  CHECK(AllowedPorts(cluster, "x/db", "x/web") == PortSet::Single(Protocol::kTCP, 9090));
  CHECK(AllowedPorts(cluster, "z/client", "x/web").IsEmpty());
}

TEST_CASE("rules of one policy are additive", "[eval]") {
  const Cluster cluster = IngressToWebOn(R"(    - port: 80
  - ports:
    - port: 9090)");
  CHECK(AllowedPorts(cluster, "y/client", "x/web") ==
        PortSet::Single(Protocol::kTCP, 80).Union(PortSet::Single(Protocol::kTCP, 9090)));
}

TEST_CASE("egress allowed but ingress denied is denied", "[eval]") {
  const Cluster cluster = ModelWith(Policy("y", "client-out", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress]
  egress:
  - {})") + Policy("x", "deny-web", R"(  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress])"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "y/client", "x/db").IsAll());
}

TEST_CASE("ingress allowed but egress denied is denied", "[eval]") {
  const Cluster cluster = ModelWith(Policy("y", "client-no-out", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress])") + Policy("x", "web-open", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - {})"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web").IsEmpty());
  CHECK(AllowedPorts(cluster, "z/client", "x/web").IsAll());
}

TEST_CASE("egress and ingress port ranges intersect", "[eval][ports]") {
  const Cluster cluster = ModelWith(Policy("y", "client-out", R"(  podSelector:
    matchLabels:
      app: client
  policyTypes: [Egress]
  egress:
  - ports:
    - port: 8000
      endPort: 8100
    - protocol: UDP)") + Policy("x", "web-in", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - ports:
    - port: 8050
      endPort: 9000
    - protocol: SCTP)"));
  CHECK(AllowedPorts(cluster, "y/client", "x/web") == PortSet::Range(Protocol::kTCP, 8050, 8100));
}

// ---------------------------------------------------------------------------
// Verdict reasons

TEST_CASE("a verdict names the isolating policies and the rules that allowed", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "allow-http", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - namespaceSelector: {}
    ports:
    - port: 80)") + Policy("x", "allow-metrics", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: db
    ports:
    - port: 9090
  - from:
    - namespaceSelector:
        matchLabels:
          team: green
    ports:
    - port: 9090)") + Policy("x", "unrelated", R"(  podSelector:
    matchLabels:
      app: db
  policyTypes: [Ingress, Egress])"));
  const auto http = cluster.FindPolicy("x", "allow-http");
  const auto metrics = cluster.FindPolicy("x", "allow-metrics");
  REQUIRE(http.has_value());
  REQUIRE(metrics.has_value());
  const Evaluator evaluator(cluster);
  const Verdict verdict =
      evaluator.Evaluate(EndpointFor(cluster, "y/client"), EndpointFor(cluster, "x/web"));

  CHECK(verdict.egress.direction == Direction::kEgress);
  CHECK(verdict.egress.is_pod);
  CHECK_FALSE(verdict.egress.isolated);
  CHECK(verdict.egress.isolating_policies.empty());
  CHECK(verdict.egress.allowed.IsAll());

  CHECK(verdict.ingress.direction == Direction::kIngress);
  CHECK(verdict.ingress.is_pod);
  CHECK(verdict.ingress.isolated);
  std::vector<PolicyId> expected_isolating = {*http, *metrics};
  std::sort(expected_isolating.begin(), expected_isolating.end());
  CHECK(verdict.ingress.isolating_policies == expected_isolating);

  std::vector<std::pair<RuleRef, std::string>> contributions;
  for (const auto& c : verdict.ingress.allowed_by) {
    contributions.push_back({c.rule, c.ports.ToString()});
  }
  REQUIRE(contributions.size() == 2);
  std::sort(contributions.begin(), contributions.end(),
            [](const auto& a, const auto& b) { return a.first.policy < b.first.policy; });
  std::vector<std::pair<RuleRef, std::string>> expected = {
      {RuleRef{*http, Direction::kIngress, 0}, "TCP 80"},
      {RuleRef{*metrics, Direction::kIngress, 1}, "TCP 9090"}};
  std::sort(expected.begin(), expected.end(),
            [](const auto& a, const auto& b) { return a.first.policy < b.first.policy; });
  CHECK(contributions[0].first == expected[0].first);
  CHECK(contributions[0].second == expected[0].second);
  CHECK(contributions[1].first == expected[1].first);
  CHECK(contributions[1].second == expected[1].second);

  CHECK(verdict.allowed ==
        PortSet::Single(Protocol::kTCP, 80).Union(PortSet::Single(Protocol::kTCP, 9090)));
}

TEST_CASE("a verdict names the egress rules that allowed", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "db-egress", R"(  podSelector:
    matchLabels:
      app: db
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock:
        cidr: 192.168.0.0/16
  - to:
    - ipBlock:
        cidr: 8.8.8.0/24
    ports:
    - protocol: UDP
      port: 53)"));
  const auto id = cluster.FindPolicy("x", "db-egress");
  REQUIRE(id.has_value());
  const Evaluator evaluator(cluster);
  const Verdict verdict =
      evaluator.Evaluate(EndpointFor(cluster, "x/db"), EndpointFor(cluster, "8.8.8.8"));
  CHECK(verdict.egress.isolated);
  CHECK(verdict.egress.isolating_policies == std::vector<PolicyId>{*id});
  REQUIRE(verdict.egress.allowed_by.size() == 1);
  CHECK(verdict.egress.allowed_by[0].rule == RuleRef{*id, Direction::kEgress, 1});
  CHECK(verdict.egress.allowed_by[0].ports == PortSet::Single(Protocol::kUDP, 53));
  CHECK_FALSE(verdict.ingress.is_pod);
  CHECK_FALSE(verdict.ingress.isolated);
  CHECK(verdict.ingress.allowed.IsAll());
  CHECK(verdict.allowed == PortSet::Single(Protocol::kUDP, 53));
}

TEST_CASE("an isolated side with no matching rule allows nothing and names no rule", "[eval]") {
  const Cluster cluster = ModelWith(Policy("x", "web-from-db", R"(  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: db)"));
  const Evaluator evaluator(cluster);
  const Verdict verdict =
      evaluator.Evaluate(EndpointFor(cluster, "8.8.8.8"), EndpointFor(cluster, "x/web"));
  CHECK_FALSE(verdict.egress.is_pod);
  CHECK(verdict.ingress.isolated);
  CHECK(verdict.ingress.allowed_by.empty());
  CHECK(verdict.ingress.allowed.IsEmpty());
  CHECK_FALSE(verdict.AllowsAnything());
}

}  // namespace
}  // namespace netpol::testing
