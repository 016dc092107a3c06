// Decoding AdminNetworkPolicy, BaselineAdminNetworkPolicy (v1alpha1) and
// ClusterNetworkPolicy (v1alpha2) into Cluster::cluster_policies, and the
// error for every object their CRDs (network-policy-api v0.1.7) reject.
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;
using testing::LoadOrFail;

// Each header is five lines: the spec's first line is line 6.
const char* const kAnpHeader = R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: anp
spec:
)";

const char* const kBanpHeader = R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
)";

const char* const kCnpHeader = R"(apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: cnp
spec:
)";

// The errors of an ANP/BANP/CNP whose spec is `spec` (indented two spaces).
std::vector<std::string> AnpErrors(const std::string& spec) {
  return LoadErrors(kAnpHeader + spec);
}
std::vector<std::string> BanpErrors(const std::string& spec) {
  return LoadErrors(kBanpHeader + spec);
}
std::vector<std::string> CnpErrors(const std::string& spec) {
  return LoadErrors(kCnpHeader + spec);
}

// Warnings of loading `text` (which must load), each "FILE:L:C: warning: msg".
std::vector<std::string> Warnings(const std::string& text) {
  LoadResult result = LoadText(text, "test.yaml");
  std::vector<std::string> warnings;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.ToString());
    if (d.severity == Severity::kWarning) warnings.push_back(d.ToString());
  }
  return warnings;
}

// Warnings of loading `text` with --validate=warn (which must load).
std::vector<std::string> WarnModeWarnings(const std::string& text) {
  LoadOptions options;
  options.validation = FieldValidation::kWarn;
  LoadResult result = LoadText(text, "test.yaml", options);
  std::vector<std::string> warnings;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.ToString());
    if (d.severity == Severity::kWarning) warnings.push_back(d.ToString());
  }
  return warnings;
}

// The single cluster policy of `text`.
ClusterPolicy LoadPolicy(const std::string& text) {
  Cluster cluster = LoadOrFail(text);
  REQUIRE(cluster.cluster_policies.size() == 1);
  return cluster.cluster_policies[0];
}

// ---------------------------------------------------------------------------
// Kinds

TEST_CASE("an AdminNetworkPolicy decodes with every field", "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kAnpHeader + std::string(R"(  priority: 10
  subject:
    namespaces:
      matchLabels: {team: a}
  ingress:
  - name: from-monitoring
    action: Allow
    from:
    - namespaces: {matchLabels: {kind: monitoring}}
    ports:
    - portNumber: {protocol: TCP, port: 9090}
  egress:
  - name: no-db
    action: Deny
    to:
    - pods:
        namespaceSelector: {}
        podSelector: {matchLabels: {app: db}}
  - action: Pass
    to:
    - networks: ["10.0.0.0/8"]
)"));
  CHECK(policy.kind == ClusterPolicyKind::kAdminNetworkPolicy);
  CHECK(policy.name == "anp");
  CHECK(policy.tier == PolicyTier::kAdmin);
  CHECK(policy.priority == 10);
  CHECK(policy.loc == SourceLoc{"test.yaml", 1, 1});
  CHECK(policy.Id() == "ANP anp");
  REQUIRE(policy.subject.namespaces.has_value());
  CHECK(policy.subject.namespaces->match_labels == Labels{{"team", "a"}});
  CHECK_FALSE(policy.subject.pods.has_value());
  CHECK(policy.subject.loc == SourceLoc{"test.yaml", 8, 5});

  REQUIRE(policy.ingress.size() == 1);
  const ClusterPolicyRule& in = policy.ingress[0];
  CHECK(in.name == "from-monitoring");
  CHECK(in.action == TierAction::kAllow);
  CHECK(in.loc == SourceLoc{"test.yaml", 11, 5});
  REQUIRE(in.peers.size() == 1);
  CHECK(in.peers[0].kind == ClusterPolicyPeer::Kind::kNamespaces);
  CHECK(in.peers[0].namespaces.match_labels == Labels{{"kind", "monitoring"}});
  CHECK(in.peers[0].loc == SourceLoc{"test.yaml", 14, 7});
  REQUIRE(in.ports.size() == 1);
  CHECK(in.ports[0].kind == ClusterPolicyPort::Kind::kRange);
  CHECK(in.ports[0].protocol == Protocol::kTCP);
  CHECK(in.ports[0].first == 9090);
  CHECK(in.ports[0].last == 9090);
  CHECK(in.ports[0].loc == SourceLoc{"test.yaml", 16, 7});

  REQUIRE(policy.egress.size() == 2);
  const ClusterPolicyRule& no_db = policy.egress[0];
  CHECK(no_db.name == "no-db");
  CHECK(no_db.action == TierAction::kDeny);
  CHECK(no_db.ports.empty());
  REQUIRE(no_db.peers.size() == 1);
  CHECK(no_db.peers[0].kind == ClusterPolicyPeer::Kind::kPods);
  CHECK(no_db.peers[0].pods.namespace_selector.IsEmpty());
  CHECK(no_db.peers[0].pods.pod_selector.match_labels == Labels{{"app", "db"}});
  const ClusterPolicyRule& pass = policy.egress[1];
  CHECK(pass.name.empty());
  CHECK(pass.action == TierAction::kPass);
  REQUIRE(pass.peers.size() == 1);
  CHECK(pass.peers[0].kind == ClusterPolicyPeer::Kind::kNetworks);
  REQUIRE(pass.peers[0].networks.size() == 1);
  CHECK(pass.peers[0].networks[0].ToString() == "10.0.0.0/8");
}

TEST_CASE("a BaselineAdminNetworkPolicy is the baseline tier with priority 0",
          "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kBanpHeader + std::string(R"(  subject:
    pods:
      namespaceSelector: {matchLabels: {team: a}}
      podSelector: {matchLabels: {app: web}}
  ingress:
  - action: Deny
    from:
    - namespaces: {}
  egress:
  - action: Allow
    to:
    - namespaces: {}
)"));
  CHECK(policy.kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy);
  CHECK(policy.name == "default");
  CHECK(policy.tier == PolicyTier::kBaseline);
  CHECK(policy.priority == 0);
  CHECK(policy.Id() == "BANP default");
  CHECK_FALSE(policy.subject.namespaces.has_value());
  REQUIRE(policy.subject.pods.has_value());
  CHECK(policy.subject.pods->namespace_selector.match_labels == Labels{{"team", "a"}});
  CHECK(policy.subject.pods->pod_selector.match_labels == Labels{{"app", "web"}});
  REQUIRE(policy.ingress.size() == 1);
  CHECK(policy.ingress[0].action == TierAction::kDeny);
  REQUIRE(policy.egress.size() == 1);
  CHECK(policy.egress[0].action == TierAction::kAllow);
}

TEST_CASE("a BaselineAdminNetworkPolicy not named default is rejected", "[parse][cluster-policy]") {
  CHECK(LoadErrors(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: baseline
spec:
  subject: {namespaces: {}}
)") == std::vector<std::string>{
             "test.yaml:4:9: error: BaselineAdminNetworkPolicy baseline: metadata.name: a BaselineAdminNetworkPolicy is a singleton "
             "and must be named \"default\", got \"baseline\""});
}

TEST_CASE("a ClusterNetworkPolicy decodes with its tier, priority and protocols",
          "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kCnpHeader + std::string(R"(  tier: Baseline
  priority: 7
  subject:
    pods:
      podSelector: {matchLabels: {app: web}}
  ingress:
  - name: web
    action: Accept
    from:
    - pods:
        namespaceSelector: {matchLabels: {team: b}}
        podSelector: {}
    protocols:
    - tcp:
        destinationPort: {number: 443}
    - udp:
        destinationPort:
          range: {start: 5000, end: 5100}
    - sctp:
        destinationPort: {number: 9}
    - destinationNamedPort: metrics
  egress:
  - action: Pass
    to:
    - namespaces: {}
  - action: Deny
    to:
    - networks: ["0.0.0.0/0", "::/0"]
)"));
  CHECK(policy.kind == ClusterPolicyKind::kClusterNetworkPolicy);
  CHECK(policy.name == "cnp");
  CHECK(policy.tier == PolicyTier::kBaseline);
  CHECK(policy.priority == 7);
  CHECK(policy.Id() == "CNP cnp");
  REQUIRE(policy.subject.pods.has_value());
  CHECK(policy.subject.pods->namespace_selector.IsEmpty());
  CHECK(policy.subject.pods->pod_selector.match_labels == Labels{{"app", "web"}});
  REQUIRE(policy.ingress.size() == 1);
  const ClusterPolicyRule& rule = policy.ingress[0];
  CHECK(rule.name == "web");
  CHECK(rule.action == TierAction::kAllow);
  REQUIRE(rule.peers.size() == 1);
  CHECK(rule.peers[0].pods.namespace_selector.match_labels == Labels{{"team", "b"}});
  REQUIRE(rule.ports.size() == 4);
  CHECK(rule.ports[0].ToString() == "TCP 443");
  CHECK(rule.ports[0].loc == SourceLoc{"test.yaml", 19, 7});
  CHECK(rule.ports[1].ToString() == "UDP 5000-5100");
  CHECK(rule.ports[2].ToString() == "SCTP 9");
  CHECK(rule.ports[3].kind == ClusterPolicyPort::Kind::kNamed);
  CHECK(rule.ports[3].name == "metrics");
  REQUIRE(policy.egress.size() == 2);
  CHECK(policy.egress[0].action == TierAction::kPass);
  CHECK(policy.egress[1].action == TierAction::kDeny);
  REQUIRE(policy.egress[1].peers[0].networks.size() == 2);
  CHECK(policy.egress[1].peers[0].networks[1].ToString() == "::/0");
}

TEST_CASE("a ClusterNetworkPolicy with tier Admin is in the admin tier",
          "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kCnpHeader + std::string(R"(  tier: Admin
  priority: 0
  subject: {namespaces: {}}
)"));
  CHECK(policy.tier == PolicyTier::kAdmin);
  CHECK(policy.priority == 0);
  CHECK(policy.ingress.empty());
  CHECK(policy.egress.empty());
}

TEST_CASE("cluster policies ignore metadata.namespace and keep annotations",
          "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: anp
  namespace: kube-system
  annotations: {netpol.lint/ignore: NP001}
spec:
  priority: 1
  subject: {namespaces: {}}
)");
  CHECK(policy.name == "anp");
  CHECK(policy.annotations == std::map<std::string, std::string>{{"netpol.lint/ignore", "NP001"}});
  Cluster cluster = LoadOrFail(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp, namespace: kube-system}
spec: {priority: 1, subject: {namespaces: {}}}
)");
  CHECK(cluster.FindNamespace("kube-system") == nullptr);
}

TEST_CASE("a cluster policy kind at a version netpol does not read is an input error naming the versions it reads",
          "[parse][cluster-policy][errors]") {
  LoadResult result = LoadText(R"(apiVersion: policy.networking.k8s.io/v1alpha2
kind: AdminNetworkPolicy
metadata: {name: a}
spec: {priority: 1, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: ClusterNetworkPolicy
metadata: {name: c}
spec: {}
)",
                               "test.yaml");
  std::vector<std::string> errors;
  for (const Diagnostic& d : result.diagnostics) errors.push_back(d.ToString());
  CHECK(errors == std::vector<std::string>{
                      "test.yaml:1:13: error: apiVersion: AdminNetworkPolicy "
                      "policy.networking.k8s.io/v1alpha2 is not a version netpol reads; expected "
                      "policy.networking.k8s.io/v1alpha1",
                      "test.yaml:6:13: error: apiVersion: ClusterNetworkPolicy "
                      "policy.networking.k8s.io/v1alpha1 is not a version netpol reads; expected "
                      "policy.networking.k8s.io/v1alpha2 or policy.networking.k8s.io/v1beta1"});
  CHECK(result.skipped_kinds.empty());
}

TEST_CASE("a v1beta1 ClusterNetworkPolicy decodes like v1alpha2", "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(R"(apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: beta}
spec:
  tier: Baseline
  priority: 4
  subject: {namespaces: {}}
  egress:
  - action: Accept
    to: [{networks: ["10.0.0.0/8"]}]
    protocols: [{udp: {destinationPort: {number: 53}}}]
)");
  CHECK(policy.kind == ClusterPolicyKind::kClusterNetworkPolicy);
  CHECK(policy.tier == PolicyTier::kBaseline);
  CHECK(policy.priority == 4);
  REQUIRE(policy.egress.size() == 1);
  CHECK(policy.egress[0].action == TierAction::kAllow);
  CHECK(policy.egress[0].ports[0].ToString() == "UDP 53");
}

TEST_CASE("v1beta1 networks must have no host bits", "[parse][cluster-policy]") {
  CHECK(LoadErrors(R"(apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: beta}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: ["10.1.2.3/8"]}]
)") == std::vector<std::string>{"test.yaml:10:22: error: ClusterNetworkPolicy beta: spec.egress[0].to[0].networks[0]: "
                                "\"10.1.2.3/8\" has bits set after the prefix length (write "
                                "10.0.0.0/8)"});
}

TEST_CASE("only the v1alpha domain name pattern admits _ first in a label",
          "[parse][cluster-policy]") {
  const std::string spec = R"(spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Accept
    to: [{domainNames: [_sip.example.com]}]
)";
  CHECK(LoadErrors("apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
                   "metadata: {name: a}\n" + spec)
            .empty());
  CHECK(LoadErrors("apiVersion: policy.networking.k8s.io/v1beta1\nkind: ClusterNetworkPolicy\n"
                   "metadata: {name: a}\n" + spec) ==
        std::vector<std::string>{"test.yaml:10:25: error: ClusterNetworkPolicy a: spec.egress[0].to[0].domainNames[0]: "
                                 "invalid domain name \"_sip.example.com\": labels must start "
                                 "and end with an alphanumeric character"});
}

TEST_CASE("typed lists of cluster policies load their items", "[parse][cluster-policy]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicyList
items:
- metadata: {name: b}
  spec: {priority: 2, subject: {namespaces: {}}}
- metadata: {name: a}
  spec: {priority: 2, subject: {namespaces: {}}}
)");
  REQUIRE(cluster.cluster_policies.size() == 2);
  CHECK(cluster.cluster_policies[0].name == "a");
  CHECK(cluster.cluster_policies[1].name == "b");
}

TEST_CASE("cluster policies decode from JSON", "[parse][cluster-policy]") {
  Cluster cluster = LoadOrFail(
      R"({"apiVersion": "policy.networking.k8s.io/v1alpha2", "kind": "ClusterNetworkPolicy",
 "metadata": {"name": "j"},
 "spec": {"tier": "Admin", "priority": 3, "subject": {"namespaces": {}},
          "egress": [{"action": "Deny", "to": [{"namespaces": {}}],
                      "protocols": [{"tcp": {"destinationPort": {"number": 25}}}]}]}})",
      "in.json");
  REQUIRE(cluster.cluster_policies.size() == 1);
  REQUIRE(cluster.cluster_policies[0].egress.size() == 1);
  CHECK(cluster.cluster_policies[0].egress[0].ports[0].ToString() == "TCP 25");
}

TEST_CASE("cluster policies are sorted by tier, priority, kind and name",
          "[parse][cluster-policy]") {
  Cluster cluster = LoadOrFail(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec: {subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: late}
spec: {tier: Admin, priority: 50, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: early}
spec: {priority: 5, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: base}
spec: {tier: Baseline, priority: 1, subject: {namespaces: {}}}
)");
  std::vector<std::string> ids;
  for (const ClusterPolicy& policy : cluster.cluster_policies) ids.push_back(policy.Id());
  CHECK(ids == std::vector<std::string>{"ANP early", "CNP late", "BANP default", "CNP base"});
}

// ---------------------------------------------------------------------------
// Subjects, peers and ports

TEST_CASE("a v1alpha2 pods subject may omit namespaceSelector", "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kCnpHeader + std::string(R"(  tier: Admin
  priority: 1
  subject:
    pods: {podSelector: {matchLabels: {app: a}}}
)"));
  REQUIRE(policy.subject.pods.has_value());
  CHECK(policy.subject.pods->namespace_selector.IsEmpty());
  CHECK(policy.subject.pods->pod_selector.match_labels == Labels{{"app", "a"}});
  CHECK(policy.subject.ToString() == "pods app=a of every namespace");
}

TEST_CASE("a v1alpha1 pods subject requires namespaceSelector", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject:
    pods: {podSelector: {}}
)") == std::vector<std::string>{
             "test.yaml:8:11: error: AdminNetworkPolicy anp: spec.subject.pods.namespaceSelector: required field missing "
             "(use namespaceSelector: {} for pods of every namespace)"});
}

TEST_CASE("a pods selector requires podSelector", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject:
    pods: {namespaceSelector: {}}
)") == std::vector<std::string>{
             "test.yaml:9:11: error: ClusterNetworkPolicy cnp: spec.subject.pods.podSelector: required field missing (use "
             "podSelector: {} for every pod)"});
}

TEST_CASE("label selectors of cluster policies support matchExpressions",
          "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kAnpHeader + std::string(R"(  priority: 1
  subject:
    namespaces:
      matchExpressions:
      - {key: env, operator: In, values: [prod]}
)"));
  REQUIRE(policy.subject.namespaces.has_value());
  REQUIRE(policy.subject.namespaces->match_expressions.size() == 1);
  CHECK(policy.subject.namespaces->match_expressions[0].key == "env");
}

TEST_CASE("a nodes peer decodes with a warning that it matches nothing",
          "[parse][cluster-policy]") {
  const std::string text = kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - nodes: {matchLabels: {role: control-plane}}
)");
  CHECK(Warnings(text) == std::vector<std::string>{
                              "test.yaml:11:7: warning: AdminNetworkPolicy anp: spec.egress[0].to[0]: netpol has no Node "
                              "objects; this peer matches nothing"});
  ClusterPolicy policy = LoadPolicy(text);
  REQUIRE(policy.egress[0].peers.size() == 1);
  CHECK(policy.egress[0].peers[0].kind == ClusterPolicyPeer::Kind::kNodes);
  CHECK(policy.egress[0].peers[0].nodes.match_labels == Labels{{"role", "control-plane"}});
}

TEST_CASE("a domainNames peer decodes with a warning that it matches nothing",
          "[parse][cluster-policy]") {
  const std::string text = kCnpHeader + std::string(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Accept
    to:
    - domainNames: ["kubernetes.io", "*.example.com", "trailing.dot."]
)");
  CHECK(Warnings(text) ==
        std::vector<std::string>{"test.yaml:12:7: warning: ClusterNetworkPolicy cnp: spec.egress[0].to[0]: domain names "
                                 "cannot be resolved offline; this peer matches nothing"});
  ClusterPolicy policy = LoadPolicy(text);
  const ClusterPolicyPeer& peer = policy.egress[0].peers[0];
  CHECK(peer.kind == ClusterPolicyPeer::Kind::kDomainNames);
  CHECK(peer.domain_names ==
        std::vector<std::string>{"kubernetes.io", "*.example.com", "trailing.dot."});
}

TEST_CASE("a networks peer takes IPv4 and IPv6 CIDRs, host bits masked",
          "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Allow
    to:
    - networks: ["192.168.1.7/24", "fd00::/8"]
)"));
  const ClusterPolicyPeer& peer = policy.egress[0].peers[0];
  REQUIRE(peer.networks.size() == 2);
  CHECK(peer.networks[0].ToString() == "192.168.1.0/24");
  CHECK(peer.networks[1].ToString() == "fd00::/8");
}

TEST_CASE("v1alpha1 ports: portNumber, portRange and namedPort", "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Allow
    from: [{namespaces: {}}]
    ports:
    - portNumber: {port: 80}
    - portNumber: {protocol: UDP, port: 53}
    - portRange: {start: 8000, end: 9000}
    - portRange: {protocol: SCTP, start: 7, end: 7}
    - namedPort: http
)"));
  const auto& ports = policy.ingress[0].ports;
  REQUIRE(ports.size() == 5);
  CHECK(ports[0].ToString() == "TCP 80");  // protocol defaults to TCP
  CHECK(ports[1].ToString() == "UDP 53");
  CHECK(ports[2].ToString() == "TCP 8000-9000");
  CHECK(ports[3].ToString() == "SCTP 7");
  CHECK(ports[4].kind == ClusterPolicyPort::Kind::kNamed);
  CHECK(ports[4].name == "http");
  CHECK(ports[4].ToString() == "named port http");
}

TEST_CASE("absent ports or protocols mean every port", "[parse][cluster-policy]") {
  ClusterPolicy anp = LoadPolicy(kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: null
)"));
  CHECK(anp.ingress[0].ports.empty());
  ClusterPolicy cnp = LoadPolicy(kCnpHeader + std::string(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
)"));
  CHECK(cnp.ingress[0].ports.empty());
}

TEST_CASE("a named port with a non-IANA name is kept with a warning", "[parse][cluster-policy]") {
  CHECK(Warnings(kCnpHeader + std::string(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols: [{destinationNamedPort: Web_Port}]
)")) == std::vector<std::string>{
              "test.yaml:12:40: warning: ClusterNetworkPolicy cnp: spec.ingress[0].protocols[0].destinationNamedPort: "
              "\"Web_Port\" is not a valid port name (may contain only lowercase alphanumerics "
              "and '-'); it matches no container port"});
}

// ---------------------------------------------------------------------------
// Rejections: spec

TEST_CASE("an AdminNetworkPolicy without priority is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors("  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{"test.yaml:6:3: error: AdminNetworkPolicy anp: spec.priority: required field missing "
                                 "(0-1000, lower values first)"});
}

TEST_CASE("a priority outside 0-1000 is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors("  priority: 1001\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{
            "test.yaml:6:13: error: AdminNetworkPolicy anp: spec.priority: must be between 0 and 1000, got 1001"});
  CHECK(CnpErrors("  tier: Admin\n  priority: -1\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{
            "test.yaml:7:13: error: ClusterNetworkPolicy cnp: spec.priority: must be between 0 and 1000, got -1"});
}

TEST_CASE("a priority must be an integer", "[parse][cluster-policy]") {
  CHECK(AnpErrors("  priority: high\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{
            "test.yaml:6:13: error: AdminNetworkPolicy anp: spec.priority: expected an integer, got a string"});
}

TEST_CASE("a cluster policy without spec is rejected", "[parse][cluster-policy]") {
  CHECK(LoadErrors(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
)") == std::vector<std::string>{"test.yaml:1:1: error: AdminNetworkPolicy a: spec: required field missing"});
}

TEST_CASE("a cluster policy without subject is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors("  priority: 1\n") ==
        std::vector<std::string>{
            "test.yaml:6:3: error: AdminNetworkPolicy anp: spec.subject: required field missing (namespaces or pods)"});
}

TEST_CASE("a subject needs exactly one of namespaces and pods", "[parse][cluster-policy]") {
  CHECK(AnpErrors("  priority: 1\n  subject: {}\n") ==
        std::vector<std::string>{"test.yaml:7:12: error: AdminNetworkPolicy anp: spec.subject: must specify exactly one "
                                 "of namespaces or pods"});
  CHECK(AnpErrors(R"(  priority: 1
  subject:
    namespaces: {}
    pods: {namespaceSelector: {}, podSelector: {}}
)") == std::vector<std::string>{"test.yaml:8:5: error: AdminNetworkPolicy anp: spec.subject: must specify exactly one "
                                "of namespaces or pods, got namespaces and pods"});
}

TEST_CASE("a null subject field counts as absent", "[parse][cluster-policy]") {
  CHECK(AnpErrors("  priority: 1\n  subject: {namespaces: null}\n") ==
        std::vector<std::string>{"test.yaml:7:12: error: AdminNetworkPolicy anp: spec.subject: must specify exactly one "
                                 "of namespaces or pods"});
}

TEST_CASE("a ClusterNetworkPolicy without tier is rejected", "[parse][cluster-policy]") {
  CHECK(CnpErrors("  priority: 1\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{
            "test.yaml:6:3: error: ClusterNetworkPolicy cnp: spec.tier: required field missing (Admin or Baseline)"});
}

TEST_CASE("a ClusterNetworkPolicy tier is Admin or Baseline", "[parse][cluster-policy]") {
  CHECK(CnpErrors("  tier: admin\n  priority: 1\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{
            "test.yaml:6:9: error: ClusterNetworkPolicy cnp: spec.tier: expected Admin or Baseline, got \"admin\""});
}

TEST_CASE("a ClusterNetworkPolicy without priority is rejected", "[parse][cluster-policy]") {
  CHECK(CnpErrors("  tier: Baseline\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{"test.yaml:6:3: error: ClusterNetworkPolicy cnp: spec.priority: required field missing "
                                 "(0-1000, lower values first)"});
}

TEST_CASE("fields of another kind are input errors, or warnings under --validate=warn",
          "[parse][cluster-policy]") {
  CHECK(BanpErrors("  priority: 3\n  subject: {namespaces: {}}\n") ==
        std::vector<std::string>{"test.yaml:6:3: error: BaselineAdminNetworkPolicy default: "
                                 "spec.priority: unknown field 'priority' (a "
                                 "BaselineAdminNetworkPolicy has no priority)"});
  CHECK(WarnModeWarnings(kBanpHeader + std::string(R"(  priority: 3
  subject: {namespaces: {}}
)")) == std::vector<std::string>{
              "test.yaml:6:3: warning: BaselineAdminNetworkPolicy default: spec.priority: unknown field 'priority' ignored (a "
              "BaselineAdminNetworkPolicy has no priority)"});
  CHECK(WarnModeWarnings(kAnpHeader + std::string(R"(  tier: Admin
  priority: 3
  subject: {namespaces: {}}
)")) == std::vector<std::string>{"test.yaml:6:3: warning: AdminNetworkPolicy anp: spec.tier: unknown field 'tier' "
                                 "ignored (only ClusterNetworkPolicy has spec.tier)"});
}

TEST_CASE("more than 100 v1alpha1 rules are rejected", "[parse][cluster-policy]") {
  std::string spec = "  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n";
  for (int i = 0; i < 101; ++i) spec += "  - {action: Deny, from: [{namespaces: {}}]}\n";
  CHECK(AnpErrors(spec) == std::vector<std::string>{
                               "test.yaml:9:3: error: AdminNetworkPolicy anp: spec.ingress: must have at most 100 items, "
                               "got 101"});
}

TEST_CASE("more than 25 v1alpha2 rules are rejected", "[parse][cluster-policy]") {
  std::string spec = "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n";
  for (int i = 0; i < 26; ++i) spec += "  - {action: Deny, to: [{namespaces: {}}]}\n";
  CHECK(CnpErrors(spec) == std::vector<std::string>{
                               "test.yaml:10:3: error: ClusterNetworkPolicy cnp: spec.egress: must have at most 25 items, "
                               "got 26"});
}

// ---------------------------------------------------------------------------
// Rejections: rules

TEST_CASE("a rule without action is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - from: [{namespaces: {}}]
)") == std::vector<std::string>{"test.yaml:9:5: error: AdminNetworkPolicy anp: spec.ingress[0].action: required field "
                                "missing (one of Allow, Deny or Pass)"});
}

TEST_CASE("an unknown action is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Drop
    from: [{namespaces: {}}]
)") == std::vector<std::string>{"test.yaml:9:13: error: AdminNetworkPolicy anp: spec.ingress[0].action: expected Allow, "
                                "Deny or Pass, got \"Drop\""});
}

TEST_CASE("an AdminNetworkPolicy action Accept is rejected with a hint",
          "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Accept
    to: [{namespaces: {}}]
)") == std::vector<std::string>{
             "test.yaml:9:13: error: AdminNetworkPolicy anp: spec.egress[0].action: expected Allow, Deny or Pass, got "
             "\"Accept\" (Accept is the ClusterNetworkPolicy spelling of Allow)"});
}

TEST_CASE("a ClusterNetworkPolicy action Allow is rejected with a hint",
          "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Allow
    to: [{namespaces: {}}]
)") == std::vector<std::string>{
             "test.yaml:10:13: error: ClusterNetworkPolicy cnp: spec.egress[0].action: expected Accept, Deny or Pass, got "
             "\"Allow\" (ClusterNetworkPolicy spells Allow as Accept)"});
}

TEST_CASE("a BaselineAdminNetworkPolicy rule cannot Pass", "[parse][cluster-policy]") {
  CHECK(BanpErrors(R"(  subject: {namespaces: {}}
  ingress:
  - action: Pass
    from: [{namespaces: {}}]
)") == std::vector<std::string>{
             "test.yaml:8:13: error: BaselineAdminNetworkPolicy default: spec.ingress[0].action: expected Allow or Deny, got \"Pass\" "
             "(the baseline tier is the last one: there is nothing to pass to)"});
}

TEST_CASE("a rule without peers is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
)") == std::vector<std::string>{"test.yaml:9:5: error: AdminNetworkPolicy anp: spec.ingress[0].from: required field "
                                "missing (at least one peer)"});
}

TEST_CASE("a rule with an empty peer list is rejected", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: []
)") == std::vector<std::string>{
             "test.yaml:11:9: error: ClusterNetworkPolicy cnp: spec.egress[0].to: must have at least 1 item"});
}

TEST_CASE("more than 25 peers in a v1alpha2 rule are rejected", "[parse][cluster-policy]") {
  std::string spec = "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n"
                     "  - action: Deny\n    from:\n";
  for (int i = 0; i < 26; ++i) spec += "    - namespaces: {}\n";
  CHECK(CnpErrors(spec) == std::vector<std::string>{
                               "test.yaml:12:5: error: ClusterNetworkPolicy cnp: spec.ingress[0].from: must have at most "
                               "25 items, got 26"});
}

TEST_CASE("an ingress rule with `to` is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    to: [{namespaces: {}}]
)") == std::vector<std::string>{
             "test.yaml:10:9: error: AdminNetworkPolicy anp: spec.ingress[0].to: ingress rules take `from`"});
}

TEST_CASE("a rule name longer than 100 characters is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - name: )" + std::string(101, 'n') + R"(
    action: Deny
    from: [{namespaces: {}}]
)") == std::vector<std::string>{"test.yaml:9:11: error: AdminNetworkPolicy anp: spec.ingress[0].name: must be at most "
                                "100 characters, got 101"});
}

TEST_CASE("a rule name of 100 multi-byte characters is accepted", "[parse][cluster-policy]") {
  std::string name;
  for (int i = 0; i < 100; ++i) name += "\xc3\xa9";  // é
  ClusterPolicy policy = LoadPolicy(kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - name: )") + name + R"(
    action: Deny
    from: [{namespaces: {}}]
)");
  CHECK(policy.ingress[0].name == name);
}

TEST_CASE("ports of the other API version are warned about under --validate=warn",
          "[parse][cluster-policy]") {
  CHECK(WarnModeWarnings(kCnpHeader + std::string(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{portNumber: {port: 80}}]
)")) == std::vector<std::string>{
              "test.yaml:12:5: warning: ClusterNetworkPolicy cnp: spec.ingress[0].ports: unknown field 'ports' ignored "
              "(ClusterNetworkPolicy rules use `protocols`; this rule applies to all ports)"});
}

// ---------------------------------------------------------------------------
// Rejections: peers

TEST_CASE("a peer with no field is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{}]
)") == std::vector<std::string>{
             "test.yaml:10:10: error: AdminNetworkPolicy anp: spec.egress[0].to[0]: must specify exactly one of "
             "namespaces, pods, nodes, networks or domainNames"});
}

TEST_CASE("a peer with two fields is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from:
    - namespaces: {}
      pods: {namespaceSelector: {}, podSelector: {}}
)") == std::vector<std::string>{
             "test.yaml:11:7: error: AdminNetworkPolicy anp: spec.ingress[0].from[0]: must specify exactly one of "
             "namespaces or pods, got namespaces and pods (use separate list items)"});
}

TEST_CASE("an ingress peer with networks is rejected", "[parse][cluster-policy]") {
  const std::string text = kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from:
    - networks: ["10.0.0.0/8"]
)");
  LoadResult result = LoadText(text, "test.yaml");
  std::vector<std::string> messages;
  for (const Diagnostic& d : result.diagnostics) messages.push_back(d.ToString());
  CHECK(messages == std::vector<std::string>{
                        "test.yaml:11:7: error: AdminNetworkPolicy anp: spec.ingress[0].from[0].networks: unknown field "
                        "'networks' (only egress peers take it)",
                        "test.yaml:11:7: error: AdminNetworkPolicy anp: spec.ingress[0].from[0]: must specify exactly one "
                        "of namespaces or pods"});
}

TEST_CASE("a BaselineAdminNetworkPolicy has no domainNames peers", "[parse][cluster-policy]") {
  CHECK(BanpErrors(R"(  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - domainNames: [example.com]
)") == std::vector<std::string>{
             "test.yaml:10:7: error: BaselineAdminNetworkPolicy default: "
             "spec.egress[0].to[0].domainNames: unknown field 'domainNames' "
             "(BaselineAdminNetworkPolicy peers have no domainNames)",
             "test.yaml:10:7: error: BaselineAdminNetworkPolicy default: spec.egress[0].to[0]: must specify exactly one of "
             "namespaces, pods, nodes or networks"});
}

TEST_CASE("an invalid CIDR in networks is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - networks: ["10.0.0.0/33"]
)") == std::vector<std::string>{
             "test.yaml:11:18: error: AdminNetworkPolicy anp: spec.egress[0].to[0].networks[0]: expected a CIDR such as "
             "10.0.0.0/8 or 2001:db8::/32, got \"10.0.0.0/33\""});
}

TEST_CASE("an IPv4-in-IPv6 CIDR in networks is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - networks: ["::ffff:10.0.0.0/104"]
)") == std::vector<std::string>{
             "test.yaml:11:18: error: AdminNetworkPolicy anp: spec.egress[0].to[0].networks[0]: IPv4 addresses embedded "
             "in IPv6 are not supported, got \"::ffff:10.0.0.0/104\""});
}

TEST_CASE("duplicate networks are rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - networks: ["10.0.0.0/8", "10.0.0.0/8"]
)") == std::vector<std::string>{
             "test.yaml:11:32: error: AdminNetworkPolicy anp: spec.egress[0].to[0].networks[1]: duplicate value "
             "\"10.0.0.0/8\" (networks is a set)"});
}

TEST_CASE("networks needs 1 to 25 CIDRs", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - networks: []
)") == std::vector<std::string>{
             "test.yaml:11:17: error: AdminNetworkPolicy anp: spec.egress[0].to[0].networks: must have at least 1 item"});
  std::string many;
  for (int i = 0; i < 26; ++i) {
    many += (i ? ", \"10.0." : "\"10.0.") + std::to_string(i) + ".0/24\"";
  }
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to:
    - networks: [)" + many + "]\n") ==
        std::vector<std::string>{"test.yaml:11:17: error: AdminNetworkPolicy anp: spec.egress[0].to[0].networks: must "
                                 "have at most 25 items, got 26"});
}

TEST_CASE("an invalid domain name is rejected", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Accept
    to:
    - domainNames: [localhost, "foo.*.com"]
)") == std::vector<std::string>{
             "test.yaml:12:21: error: ClusterNetworkPolicy cnp: spec.egress[0].to[0].domainNames[0]: invalid domain name "
             "\"localhost\": must have at least two labels, such as example.com",
             "test.yaml:12:32: error: ClusterNetworkPolicy cnp: spec.egress[0].to[0].domainNames[1]: invalid domain name "
             "\"foo.*.com\": labels must start and end with an alphanumeric character"});
}

TEST_CASE("a peer selector with an invalid requirement is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from:
    - namespaces:
        matchExpressions: [{key: env, operator: In}]
)") == std::vector<std::string>{
             "test.yaml:12:28: error: AdminNetworkPolicy anp: spec.ingress[0].from[0].namespaces.matchExpressions[0]."
             "values: must be non-empty when operator is In"});
}

// ---------------------------------------------------------------------------
// Rejections: ports and protocols

TEST_CASE("a v1alpha1 port entry needs exactly one field", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports:
    - {}
    - {portNumber: {port: 80}, namedPort: http}
)") == std::vector<std::string>{
             "test.yaml:12:7: error: AdminNetworkPolicy anp: spec.ingress[0].ports[0]: must specify exactly one of "
             "portNumber, namedPort or portRange",
             "test.yaml:13:7: error: AdminNetworkPolicy anp: spec.ingress[0].ports[1]: must specify exactly one of "
             "portNumber, namedPort or portRange, got portNumber and namedPort"});
}

TEST_CASE("an empty ports list is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: []
)") == std::vector<std::string>{
             "test.yaml:11:12: error: AdminNetworkPolicy anp: spec.ingress[0].ports: must have at least 1 item"});
}

TEST_CASE("a portNumber needs a port between 1 and 65535", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports:
    - portNumber: {protocol: UDP}
    - portNumber: {port: 0}
    - portNumber: {port: 65536}
)") == std::vector<std::string>{
             "test.yaml:12:19: error: AdminNetworkPolicy anp: spec.ingress[0].ports[0].portNumber.port: required field "
             "missing",
             "test.yaml:13:26: error: AdminNetworkPolicy anp: spec.ingress[0].ports[1].portNumber.port: must be between 1 "
             "and 65535, got 0",
             "test.yaml:14:26: error: AdminNetworkPolicy anp: spec.ingress[0].ports[2].portNumber.port: must be between 1 "
             "and 65535, got 65536"});
}

TEST_CASE("a port protocol must be TCP, UDP or SCTP", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{portNumber: {protocol: ICMP, port: 1}}]
)") == std::vector<std::string>{
             "test.yaml:11:37: error: AdminNetworkPolicy anp: spec.ingress[0].ports[0].portNumber.protocol: expected one "
             "of TCP, UDP, SCTP, got \"ICMP\""});
}

TEST_CASE("a v1alpha1 portRange needs start and end, start <= end", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports:
    - portRange: {start: 80}
    - portRange: {start: 90, end: 80}
)") == std::vector<std::string>{
             "test.yaml:12:18: error: AdminNetworkPolicy anp: spec.ingress[0].ports[0].portRange.end: required field "
             "missing",
             "test.yaml:13:35: error: AdminNetworkPolicy anp: spec.ingress[0].ports[1].portRange.end: must be greater "
             "than or equal to start (90), got 80"});
}

TEST_CASE("an empty named port is rejected", "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{namedPort: ""}]
)") == std::vector<std::string>{
             "test.yaml:11:25: error: AdminNetworkPolicy anp: spec.ingress[0].ports[0].namedPort: must not be empty"});
}

TEST_CASE("a v1alpha2 protocol entry needs exactly one field", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols:
    - tcp: {destinationPort: {number: 80}}
      udp: {destinationPort: {number: 80}}
)") == std::vector<std::string>{
             "test.yaml:13:7: error: ClusterNetworkPolicy cnp: spec.ingress[0].protocols[0]: must specify exactly one of "
             "tcp, udp, sctp or destinationNamedPort, got tcp and udp"});
}

TEST_CASE("a v1alpha2 protocol without destinationPort is rejected", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols: [{tcp: {}}]
)") == std::vector<std::string>{
             "test.yaml:12:23: error: ClusterNetworkPolicy cnp: spec.ingress[0].protocols[0].tcp.destinationPort: required "
             "field missing (for every TCP port use destinationPort: {range: {start: 1, end: "
             "65535}})"});
}

TEST_CASE("a destinationPort needs exactly one of number and range", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols:
    - udp:
        destinationPort: {number: 53, range: {start: 1, end: 2}}
)") == std::vector<std::string>{
             "test.yaml:14:26: error: ClusterNetworkPolicy cnp: spec.ingress[0].protocols[0].udp.destinationPort: must "
             "specify exactly one of number or range, got number and range"});
}

TEST_CASE("a v1alpha2 range needs start < end", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols:
    - tcp:
        destinationPort:
          range: {start: 80, end: 80}
)") == std::vector<std::string>{
             "test.yaml:15:18: error: ClusterNetworkPolicy cnp: spec.ingress[0].protocols[0].tcp.destinationPort.range: "
             "start (80) must be less than end (80); use destinationPort: {number: 80} for a "
             "single port"});
}

TEST_CASE("a v1alpha2 port number must be between 1 and 65535", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols: [{sctp: {destinationPort: {number: 0}}}]
)") == std::vector<std::string>{
             "test.yaml:12:51: error: ClusterNetworkPolicy cnp: spec.ingress[0].protocols[0].sctp.destinationPort.number: "
             "must be between 1 and 65535, got 0"});
}

TEST_CASE("more than 25 protocols are rejected", "[parse][cluster-policy]") {
  std::string spec = "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n"
                     "  - action: Deny\n    from: [{namespaces: {}}]\n    protocols:\n";
  for (int i = 1; i <= 26; ++i) {
    spec += "    - tcp: {destinationPort: {number: " + std::to_string(i) + "}}\n";
  }
  CHECK(CnpErrors(spec) == std::vector<std::string>{
                               "test.yaml:13:5: error: ClusterNetworkPolicy cnp: spec.ingress[0].protocols: must have at "
                               "most 25 items, got 26"});
}

TEST_CASE("a v1alpha1 named port cannot be combined with networks peers",
          "[parse][cluster-policy]") {
  CHECK(AnpErrors(R"(  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: ["10.0.0.0/8"]}]
    ports: [{portNumber: {port: 80}}, {namedPort: http}]
)") == std::vector<std::string>{
             "test.yaml:11:39: error: AdminNetworkPolicy anp: spec.egress[0].ports[1]: a named port cannot be used in a "
             "rule with networks, nodes or domainNames peers (they have no named ports)"});
}

TEST_CASE("a v1alpha2 named port with nodes peers is rejected", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{nodes: {}}]
    protocols: [{destinationNamedPort: http}]
)") == std::vector<std::string>{
             "test.yaml:12:17: error: ClusterNetworkPolicy cnp: spec.egress[0].protocols[0]: a named port cannot be used in "
             "a rule with networks, nodes or domainNames peers (they have no named ports)"});
}

TEST_CASE("a v1alpha2 named port with networks peers is a warning", "[parse][cluster-policy]") {
  CHECK(Warnings(kCnpHeader + std::string(R"(  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: ["10.0.0.0/8"]}]
    protocols: [{destinationNamedPort: http}]
)")) == std::vector<std::string>{
              "test.yaml:12:17: warning: ClusterNetworkPolicy cnp: spec.egress[0].protocols[0]: a named port matches only "
              "pods, never the external addresses of a networks peer (the experimental CRD "
              "rejects this combination)"});
}

TEST_CASE("a named port in an ingress rule is fine with any peer", "[parse][cluster-policy]") {
  ClusterPolicy policy = LoadPolicy(kAnpHeader + std::string(R"(  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Allow
    from: [{namespaces: {}}]
    ports: [{namedPort: http}]
)"));
  CHECK(policy.ingress[0].ports[0].name == "http");
}

TEST_CASE("every error of a cluster policy is reported in one run", "[parse][cluster-policy]") {
  CHECK(CnpErrors(R"(  tier: Top
  priority: 2000
  subject: {}
  egress:
  - action: Allow
    to: []
)") == std::vector<std::string>{
             "test.yaml:6:9: error: ClusterNetworkPolicy cnp: spec.tier: expected Admin or Baseline, got \"Top\"",
             "test.yaml:7:13: error: ClusterNetworkPolicy cnp: spec.priority: must be between 0 and 1000, got 2000",
             "test.yaml:8:12: error: ClusterNetworkPolicy cnp: spec.subject: must specify exactly one of namespaces or pods",
             "test.yaml:10:13: error: ClusterNetworkPolicy cnp: spec.egress[0].action: expected Accept, Deny or Pass, got "
             "\"Allow\" (ClusterNetworkPolicy spells Allow as Accept)",
             "test.yaml:11:9: error: ClusterNetworkPolicy cnp: spec.egress[0].to: must have at least 1 item"});
}

// ---------------------------------------------------------------------------
// Duplicates

TEST_CASE("a duplicate cluster policy replaces the earlier one", "[parse][cluster-policy]") {
  LoadResult result = LoadText(R"(apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec: {priority: 1, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec: {priority: 2, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: a}
spec: {tier: Admin, priority: 3, subject: {namespaces: {}}}
)",
                               "in.yaml");
  CHECK_FALSE(result.HasErrors());
  REQUIRE(result.cluster.cluster_policies.size() == 2);
  CHECK(result.cluster.cluster_policies[0].Id() == "ANP a");
  CHECK(result.cluster.cluster_policies[0].priority == 2);
  CHECK(result.cluster.cluster_policies[1].Id() == "CNP a");
  REQUIRE(result.duplicates.size() == 1);
  CHECK(result.duplicates[0] == DuplicateObject{"AdminNetworkPolicy", "a",
                                                SourceLoc{"in.yaml", 1, 1},
                                                SourceLoc{"in.yaml", 6, 1}});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].ToString() ==
        "in.yaml:6:1: warning: duplicate AdminNetworkPolicy a (first defined at in.yaml:1:1); "
        "this later definition replaces it");
}

}  // namespace
}  // namespace netpol
