// Enforcing staged Calico policies (EnforceStagedPolicies,
// Analysis::WithStagedPoliciesEnforced): Calico's reference pages say a
// staged policy previews network behaviour and does not enforce it, that
// its `stagedAction` is Set when omitted, and that enforcing a staged policy
// yields the enforced policy of the same name (StagedNetworkPolicy ->
// NetworkPolicy, StagedGlobalNetworkPolicy -> GlobalNetworkPolicy); with
// `stagedAction: Delete` the enforced policy is deleted instead.
#include <catch2/catch.hpp>

#include <string>

#include "netpol/netpol.h"
#include "parse/load.h"

namespace netpol {
namespace {

constexpr const char* kPods = R"(apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: c, image: x}]}
---
)";

std::string Policy(const std::string& kind, const std::string& name, const std::string& spec) {
  const bool global = kind.find("Global") != std::string::npos;
  std::string text = "apiVersion: projectcalico.org/v3\nkind: ";
  text += kind;
  text += "\nmetadata: {name: ";
  text += name;
  if (!global) text += ", namespace: shop";
  text += "}\nspec:\n";
  text += spec;
  text += "\n---\n";
  return text;
}

// api's ingress: Allow from web on TCP `port`.
std::string ApiIngress(int port) {
  std::string spec = "  selector: app == 'api'\n  ingress:\n  - action: Allow\n    protocol: TCP\n"
                     "    source: {selector: app == 'web'}\n    destination: {ports: [";
  spec += std::to_string(port);
  spec += "]}";
  return spec;
}

Analysis Load(const std::string& policies) {
  std::string text(kPods);
  text += policies;
  InputFile file;
  file.name = "staged.yaml";
  file.text = std::move(text);
  Result<Analysis> analysis = Analysis::FromTexts({file});
  REQUIRE(analysis.ok());
  return *analysis;
}

PortSet WebToApi(const Analysis& analysis) {
  const Cluster& c = analysis.cluster();
  std::optional<PodId> web;
  std::optional<PodId> api;
  for (PodId id = 0; id < c.pods.size(); ++id) {
    if (c.pods[id].name == "web") web = id;
    if (c.pods[id].name == "api") api = id;
  }
  REQUIRE(web);
  REQUIRE(api);
  return analysis.evaluator().Evaluate(Endpoint::ForPod(*web), Endpoint::ForPod(*api)).allowed;
}

TEST_CASE("a staged Calico policy is not enforced until enforcing it: enforced, it replaces the "
          "enforced policy of the same name",
          "[calico][staged][diff]") {
  const Analysis before = Load(Policy("NetworkPolicy", "api-ingress", ApiIngress(8080)) +
                               Policy("StagedNetworkPolicy", "api-ingress", ApiIngress(8443)));
  CHECK(WebToApi(before) == PortSet::Range(Protocol::kTCP, 8080, 8080));
  std::size_t staged = 0;
  const Analysis after = before.WithStagedPoliciesEnforced(&staged);
  CHECK(staged == 1);
  CHECK(WebToApi(after) == PortSet::Range(Protocol::kTCP, 8443, 8443));
  REQUIRE(after.cluster().calico_policies.size() == 1);
  CHECK(after.cluster().calico_policies[0].kind == CalicoPolicyKind::kNetworkPolicy);
  const GraphDiff diff = before.Diff(after);
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].Id() == "NetworkPolicy.projectcalico.org/shop/api-ingress");
  CHECK(diff.objects[0].change == ChangeKind::kModified);
  REQUIRE(diff.connections.size() == 1);
  CHECK(diff.connections[0].from == "shop/web");
  CHECK(diff.connections[0].to == "shop/api");
  CHECK(diff.connections[0].kind == ConnectionChange::Kind::kPortsChanged);
  REQUIRE(diff.connections[0].causes.size() >= 1);
  CHECK(diff.connections[0].causes[0].relation == "selects the destination for Ingress (tier default)");
}

TEST_CASE("an enforced staged Calico policy with no enforced counterpart is added",
          "[calico][staged][diff]") {
  const Analysis before = Load(Policy("StagedGlobalNetworkPolicy", "api-lockdown", ApiIngress(8443)));
  CHECK(WebToApi(before) == PortSet::All());
  const Analysis after = before.WithStagedPoliciesEnforced();
  CHECK(WebToApi(after) == PortSet::Range(Protocol::kTCP, 8443, 8443));
  const GraphDiff diff = before.Diff(after);
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].Id() == "GlobalNetworkPolicy/api-lockdown");
  CHECK(diff.objects[0].change == ChangeKind::kAdded);
  CHECK_FALSE(diff.Empty());
}

TEST_CASE("enforcing a staged Calico policy with stagedAction Delete deletes the enforced policy "
          "of that name",
          "[calico][staged][diff]") {
  const Analysis before = Load(Policy("GlobalNetworkPolicy", "api-lockdown", ApiIngress(8443)) +
                               Policy("StagedGlobalNetworkPolicy", "api-lockdown",
                                      "  stagedAction: Delete"));
  REQUIRE(before.cluster().calico_policies.size() == 2);
  CHECK(WebToApi(before) == PortSet::Range(Protocol::kTCP, 8443, 8443));
  const Analysis after = before.WithStagedPoliciesEnforced();
  CHECK(after.cluster().calico_policies.empty());
  CHECK(WebToApi(after) == PortSet::All());
  const GraphDiff diff = before.Diff(after);
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].change == ChangeKind::kRemoved);
  // A Delete with no enforced policy of that name changes nothing.
  const Analysis nothing = Load(Policy("StagedGlobalNetworkPolicy", "gone", "  stagedAction: Delete"));
  CHECK(nothing.Diff(nothing.WithStagedPoliciesEnforced()).Empty());
}

TEST_CASE("a staged policy replaces only the enforced policy of its own kind and namespace",
          "[calico][staged][diff]") {
  // A StagedNetworkPolicy named like a GlobalNetworkPolicy is a different
  // object: enforcing it adds a NetworkPolicy and keeps the global one.
  const Analysis before = Load(Policy("GlobalNetworkPolicy", "x", ApiIngress(8080)) +
                               Policy("StagedNetworkPolicy", "x", ApiIngress(8443)));
  const Analysis after = before.WithStagedPoliciesEnforced();
  CHECK(after.cluster().calico_policies.size() == 2);
  PortSet both = PortSet::Range(Protocol::kTCP, 8080, 8080);
  both.Merge(PortSet::Range(Protocol::kTCP, 8443, 8443));
  CHECK(WebToApi(after) == both);  // each policy allows its port; the rest ends the tier
}

TEST_CASE("stagedAction other than Set or Delete is an input error at its location",
          "[calico][staged][parse]") {
  std::string text(kPods);
  text += Policy("StagedGlobalNetworkPolicy", "x", "  stagedAction: Remove");
  const LoadResult result = LoadText(text, "staged.yaml");
  REQUIRE(result.HasErrors());
  bool found = false;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.ToString() == "staged.yaml:19:17: error: StagedGlobalNetworkPolicy x: spec.stagedAction: "
                        "expected Set or Delete, got \"Remove\"") {
      found = true;
    }
  }
  CHECK(found);
}

}  // namespace
}  // namespace netpol
