// AdminNetworkPolicy and BaselineAdminNetworkPolicy among Calico's tiers, as
// Calico's "Get started with policy tiers" page documents them: the tier
// `adminnetworkpolicy` "has the order of 1,000 and a default action of Pass",
// an ANP's `priority` "maps to the order field"; the tier
// `baselineadminnetworkpolicy` "has the order of 10,000,000 and a default
// action of Pass", the BANP "is treated as if it had an order of 1,000". One
// documented behaviour a case, on the class engine and the Evaluator. Pods
// (tests/engine/two_namespace_pods.h): a/client, a/server (http TCP 80),
// b/other, b/web; namespace a has team=a, b team=b.
#include <catch2/catch.hpp>

#include <string>

#include "netpol/netpol.h"
#include "test_support.h"
#include "engine/two_namespace_pods.h"

namespace netpol::testing {
namespace {

std::string Gnp(const std::string& name, const std::string& spec) {
  std::string text = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: ";
  text += name;
  text += "}\nspec:\n";
  text += spec;
  text += "\n---\n";
  return text;
}

std::string Tier(const std::string& name, const std::string& order) {
  std::string text = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: ";
  text += name;
  text += "}\nspec: {";
  if (!order.empty()) {
    text += "order: ";
    text += order;
  }
  text += "}\n---\n";
  return text;
}

// A network-policy-api policy (`kind` of `api`, `header` the spec lines
// before its subject) selecting app=server in every namespace, whose one
// ingress rule has `action` from the namespaces `from` selects.
std::string ServerTierPolicy(const std::string& api, const std::string& kind,
                             const std::string& name, const std::string& header,
                             const std::string& action, const std::string& from) {
  std::string text = "apiVersion: policy.networking.k8s.io/";
  text += api;
  text += "\nkind: ";
  text += kind;
  text += "\nmetadata: {name: ";
  text += name;
  text += "}\nspec:\n";
  text += header;
  text += "  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: server}}}}\n";
  text += "  ingress:\n  - action: ";
  text += action;
  text += "\n    from: [{namespaces: ";
  text += from;
  text += "}]\n---\n";
  return text;
}

std::string Anp(const std::string& name, int priority, const std::string& action,
                const std::string& from) {
  return ServerTierPolicy("v1alpha1", "AdminNetworkPolicy", name,
                          "  priority: " + std::to_string(priority) + "\n", action, from);
}

std::string Banp(const std::string& action, const std::string& from) {
  return ServerTierPolicy("v1alpha1", "BaselineAdminNetworkPolicy", "default", "", action, from);
}

// A ClusterNetworkPolicy (v1alpha2) of `tier` (Admin or Baseline), priority
// 10; its actions are Accept, Deny and Pass.
std::string ServerCnp(const std::string& name, const std::string& tier, const std::string& action,
                      const std::string& from) {
  return ServerTierPolicy("v1alpha2", "ClusterNetworkPolicy", name,
                          "  tier: " + tier + "\n  priority: 10\n", action, from);
}

// A GlobalNetworkPolicy selecting app=server in `tier` at `order` whose
// ingress rule is `action` from every pod (source `selector`, when given).
std::string ServerGnp(const std::string& name, const std::string& tier, const std::string& order,
                      const std::string& action, const std::string& selector = "") {
  std::string spec = "  tier: ";
  spec += tier;
  spec += "\n";
  if (!order.empty()) {
    spec += "  order: ";
    spec += order;
    spec += "\n";
  }
  spec += "  selector: app == 'server'\n  ingress:\n  - action: ";
  spec += action;
  if (!selector.empty()) {
    spec += "\n    source: {selector: \"";
    spec += selector;
    spec += "\", namespaceSelector: all()}";
  }
  return Gnp(name, spec);
}

void CheckPorts(const Cluster& cluster, const std::string& from, const std::string& to,
                const PortSet& expected) {
  INFO(from << " -> " << to << ", expected " << expected.ToString());
  CHECK(EnginePorts(cluster, from, to).ToString() == expected.ToString());
  CHECK(AllowedPorts(cluster, from, to).ToString() == expected.ToString());
}

const char* kEveryNamespace = "{}";
const char* kNamespaceB = "{matchLabels: {team: b}}";

TEST_CASE("a Calico tier ordered below 1,000 decides before AdminNetworkPolicies, which Calico "
          "runs in tier adminnetworkpolicy at order 1,000",
          "[calico][tiers]") {
  const std::string anp_deny = Anp("deny-all", 10, "Deny", kEveryNamespace);
  const std::string allow = ServerGnp("early.allow", "early", "", "Allow", "app == 'client'");
  const Cluster before_anp = WithTwoNamespacePods(Tier("early", "100") + allow + anp_deny);
  CheckPorts(before_anp, "a/client", "a/server", PortSet::All());  // tier early decides first
  CheckPorts(before_anp, "b/other", "a/server", PortSet());        // passed on: the ANP denies
  const Cluster after_anp = WithTwoNamespacePods(Tier("early", "2000") + allow + anp_deny);
  CheckPorts(after_anp, "a/client", "a/server", PortSet());  // order 2000: the ANP first
}

TEST_CASE("a Calico tier at order 1,000 ties with tier adminnetworkpolicy and goes by name",
          "[calico][tiers]") {
  const std::string anp_deny = Anp("deny-all", 10, "Deny", kEveryNamespace);
  const Cluster a_first = WithTwoNamespacePods(
      Tier("aaa", "1000") + ServerGnp("aaa.allow", "aaa", "", "Allow") + anp_deny);
  CheckPorts(a_first, "a/client", "a/server", PortSet::All());
  const Cluster z_after = WithTwoNamespacePods(
      Tier("zzz", "1000") + ServerGnp("zzz.allow", "zzz", "", "Allow") + anp_deny);
  CheckPorts(z_after, "a/client", "a/server", PortSet());
}

TEST_CASE("tier adminnetworkpolicy has defaultAction Pass: what no AdminNetworkPolicy rule "
          "decides goes on to the Calico default tier",
          "[calico][tiers]") {
  const Cluster c = WithTwoNamespacePods(
      Anp("deny-b", 10, "Deny", kNamespaceB) +
      ServerGnp("allow-all", "default", "", "Allow"));
  CheckPorts(c, "b/other", "a/server", PortSet());         // the ANP's Deny
  CheckPorts(c, "a/client", "a/server", PortSet::All());   // passed on, the default tier allows
}

TEST_CASE("an AdminNetworkPolicy's priority is its order in tier adminnetworkpolicy: a Calico "
          "policy of that tier with a lower order decides first",
          "[calico][tiers]") {
  const std::string anp_deny = Anp("deny-all", 10, "Deny", kEveryNamespace);
  const Cluster lower = WithTwoNamespacePods(
      ServerGnp("allow-client", "adminnetworkpolicy", "5", "Allow", "app == 'client'") + anp_deny);
  CheckPorts(lower, "a/client", "a/server", PortSet::All());
  CheckPorts(lower, "b/other", "a/server", PortSet());
  const Cluster higher = WithTwoNamespacePods(
      ServerGnp("allow-client", "adminnetworkpolicy", "20", "Allow", "app == 'client'") + anp_deny);
  CheckPorts(higher, "a/client", "a/server", PortSet());
}

TEST_CASE("tier baselineadminnetworkpolicy is at order 10,000,000: after the default tier and "
          "before a tier without order",
          "[calico][tiers]") {
  // The default tier passes everything; the BANP allows a/client; the
  // unordered tier `late` denies the rest.
  const std::string spec = ServerGnp("pass-all", "default", "", "Pass") +
                           Banp("Allow", "{matchLabels: {team: a}}") +
                           ServerGnp("late.deny", "late", "", "Deny");
  const Cluster c = WithTwoNamespacePods(spec);
  CheckPorts(c, "a/client", "a/server", PortSet::All());  // the BANP's Allow, before tier late
  CheckPorts(c, "b/other", "a/server", PortSet());        // BANP passes it: tier late denies
  // A tier at order 5,000,000 runs before the BANP tier: its Deny wins.
  const Cluster before_banp = WithTwoNamespacePods(
      Tier("mid", "5000000") + ServerGnp("pass-all", "default", "", "Pass") +
      Banp("Allow", "{matchLabels: {team: a}}") + ServerGnp("mid.deny", "mid", "", "Deny"));
  CheckPorts(before_banp, "a/client", "a/server", PortSet());
}

TEST_CASE("the BaselineAdminNetworkPolicy is at order 1,000 in its tier: a Calico policy of that "
          "tier with a lower order decides first",
          "[calico][tiers]") {
  const std::string banp_deny = Banp("Deny", kEveryNamespace);
  const Cluster lower = WithTwoNamespacePods(
      ServerGnp("allow-client", "baselineadminnetworkpolicy", "500", "Allow", "app == 'client'") +
      banp_deny);
  CheckPorts(lower, "a/client", "a/server", PortSet::All());
  CheckPorts(lower, "b/other", "a/server", PortSet());
  const Cluster higher = WithTwoNamespacePods(
      ServerGnp("allow-client", "baselineadminnetworkpolicy", "1500", "Allow", "app == 'client'") +
      banp_deny);
  CheckPorts(higher, "a/client", "a/server", PortSet());
}

TEST_CASE("a ClusterNetworkPolicy of tier Admin runs in Calico tier kube-admin at order 1,000, as "
          "an AdminNetworkPolicy does: a Calico tier below 1,000 decides first, one above after",
          "[calico][tiers]") {
  const std::string cnp_deny = ServerCnp("deny-all", "Admin", "Deny", kEveryNamespace);
  const std::string allow = ServerGnp("early.allow", "early", "", "Allow", "app == 'client'");
  const Cluster before = WithTwoNamespacePods(Tier("early", "100") + allow + cnp_deny);
  CheckPorts(before, "a/client", "a/server", PortSet::All());
  const Cluster after = WithTwoNamespacePods(Tier("early", "2000") + allow + cnp_deny);
  CheckPorts(after, "a/client", "a/server", PortSet());
}

TEST_CASE("a ClusterNetworkPolicy of tier Baseline runs in Calico tier kube-baseline at order "
          "10,000,000: after the default tier, before a tier without order",
          "[calico][tiers]") {
  const Cluster c = WithTwoNamespacePods(
      ServerGnp("pass-all", "default", "", "Pass") +
      ServerCnp("baseline", "Baseline", "Accept", "{matchLabels: {team: a}}") +
      ServerGnp("late.deny", "late", "", "Deny"));
  CheckPorts(c, "a/client", "a/server", PortSet::All());  // its Accept, before tier late
  CheckPorts(c, "b/other", "a/server", PortSet());        // not matched: tier late denies
  // A tier at order 5,000,000 decides before kube-baseline.
  const Cluster before_baseline = WithTwoNamespacePods(
      Tier("mid", "5000000") + ServerGnp("pass-all", "default", "", "Pass") +
      ServerCnp("baseline", "Baseline", "Accept", "{matchLabels: {team: a}}") +
      ServerGnp("mid.deny", "mid", "", "Deny"));
  CheckPorts(before_baseline, "a/client", "a/server", PortSet());
}

TEST_CASE("a pod no Calico policy selects keeps the AdminNetworkPolicy, NetworkPolicy, "
          "BaselineAdminNetworkPolicy order, which is Calico's walk for it",
          "[calico][tiers]") {
  // The Calico policy selects b/web only; a/server sees the ANP and the BANP.
  const Cluster c = WithTwoNamespacePods(
      Anp("deny-b", 10, "Deny", kNamespaceB) + Banp("Deny", kEveryNamespace) +
      Gnp("web", "  selector: app == 'web'\n  ingress: [{action: Allow}]"));
  CheckPorts(c, "b/other", "a/server", PortSet());
  CheckPorts(c, "a/client", "a/server", PortSet());  // the BANP denies what the ANP passed
  CheckPorts(c, "a/client", "b/web", PortSet::All());
}

TEST_CASE("explain lists AdminNetworkPolicy rules in the Calico tier walk, at tier "
          "adminnetworkpolicy, in walk order",
          "[calico][tiers][explain]") {
  const Cluster c = WithTwoNamespacePods(
      Tier("early", "100") + ServerGnp("early.pass", "early", "", "Pass") +
      Anp("deny-b", 10, "Deny", kNamespaceB) + ServerGnp("allow-all", "default", "", "Allow"));
  const Analysis analysis = Analysis::FromCluster(c);
  const Result<PortQuery> port = PortQuery::Parse("80");
  REQUIRE(port.ok());
  auto explained = analysis.ExplainConnections("b/other", "a/server", port.value());
  REQUIRE(explained.ok());
  const std::vector<std::string>& walk = (*explained)[0].ingress.calico_walk;
  REQUIRE(walk.size() == 2);
  CHECK(walk[0].rfind("tier early: GlobalNetworkPolicy early.pass order unset ingress rule 0: Pass", 0) == 0);
  CHECK(walk[1].rfind("tier adminnetworkpolicy: AdminNetworkPolicy deny-b (priority as order 10) "
                      "ingress rule 0: Deny",
                      0) == 0);
}

}  // namespace
}  // namespace netpol::testing
