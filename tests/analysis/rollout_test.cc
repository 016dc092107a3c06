// Analysis::Rollout: stages applied one at a time (netpol/rollout.h).
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "netpol/analysis.h"
#include "test_support.h"

namespace netpol {
namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFileOrFail(testing::SourceDir() + "/tests/data/rollout/" + name);
}

RolloutStage FileStage(const std::string& name, std::string text) {
  return RolloutStage{name, {InputFile{name, std::move(text)}}, {}};
}

RolloutStage FixtureStage(const std::string& name) { return FileStage(name, Fixture(name)); }

Intent FixtureIntent() {
  Result<Intent> intent = LoadIntentText(Fixture("intent.yaml"), "intent.yaml");
  REQUIRE(intent.ok());
  return *intent;
}

RolloutReport RolloutOrFail(const std::vector<RolloutStage>& stages, RolloutOptions options) {
  const Analysis empty = Analysis::FromCluster(Cluster{});
  Result<RolloutReport> report = empty.Rollout(stages, options);
  INFO(report.status().message() << report.status().detail());
  REQUIRE(report.ok());
  return *report;
}

std::vector<std::string> Names(const std::vector<IntendedConnection>& connections) {
  std::vector<std::string> names;
  for (const IntendedConnection& c : connections) {
    names.push_back(c.origin + " " + c.from + " -> " + c.to);
  }
  return names;
}

std::size_t Holding(const RolloutStep& step) {
  return static_cast<std::size_t>(std::count_if(step.intended.begin(), step.intended.end(),
                                                [](const IntendedConnection& c) { return c.holds; }));
}

const char* kPolicyV1 = R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 80}]}]
)";

const char* kPolicyV2 = R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 443}]}]
)";

TEST_CASE("a rollout stage applies as kubectl apply does: a same-named object is replaced", "[rollout]") {
  RolloutOptions options;
  const RolloutReport report = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FileStage("v1.yaml", kPolicyV1), FileStage("v2.yaml", kPolicyV2)},
      options);
  REQUIRE(report.steps.size() == 3);
  const GraphDiff& replaced = report.steps[2].changes;
  REQUIRE(replaced.objects.size() == 1);
  CHECK(replaced.objects[0].change == ChangeKind::kModified);
  CHECK(replaced.objects[0].Id() == "NetworkPolicy/shop/p");
  // The client, the DNS pod and the internet -> web: TCP 80 -> TCP 443.
  REQUIRE(replaced.connections.size() == 3);
  CHECK(replaced.connections[1].from == "shop/client");
  CHECK(replaced.connections[1].before.ToString() == "TCP 80");
  CHECK(replaced.connections[1].after.ToString() == "TCP 443");
  CHECK(report.final_cluster.policies.size() == 1);
  CHECK_FALSE(report.final_check.has_value());
  CHECK(report.Holds());
}

TEST_CASE("a rollout stage deletes what it names, and a '# netpol: delete' file deletes its objects", "[rollout]") {
  const RolloutReport removed = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FixtureStage("2-default-deny.yaml"),
       RolloutStage{"--remove NetworkPolicy/shop/default-deny", {}, {"NetworkPolicy/shop/default-deny"}}},
      {});
  CHECK(removed.steps[2].changes.objects.at(0).change == ChangeKind::kRemoved);
  CHECK(removed.final_cluster.policies.empty());

  const RolloutReport marked = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FixtureStage("2-default-deny.yaml"),
       FileStage("undo.yaml", "# Roll back the default deny.\n# netpol: delete\n" +
                                  Fixture("2-default-deny.yaml"))},
      {});
  CHECK(marked.steps[2].changes.objects.at(0).Id() == "NetworkPolicy/shop/default-deny");
  CHECK(marked.steps[2].changes.objects.at(0).change == ChangeKind::kRemoved);
  CHECK(marked.final_cluster.policies.empty());
}

TEST_CASE("a '# netpol: delete' file deletes a CiliumNetworkPolicy whole, every spec rule and "
          "its deny rules, as one object",
          "[rollout][cilium]") {
  const std::string cnp = R"(
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: shop}
specs:
- endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]
- endpointSelector: {matchLabels: {app: web}}
  ingressDeny: [{fromEntities: [world]}]
)";
  const RolloutReport report = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FileStage("cnp.yaml", cnp),
       FileStage("undo.yaml", "# netpol: delete\n" + cnp)},
      {});
  REQUIRE(report.steps.size() == 3);
  REQUIRE(report.steps[1].changes.objects.size() == 1);
  CHECK(report.steps[1].changes.objects[0].Id() == "CiliumNetworkPolicy/shop/web");
  REQUIRE(report.steps[2].changes.objects.size() == 1);
  CHECK(report.steps[2].changes.objects[0].Id() == "CiliumNetworkPolicy/shop/web");
  CHECK(report.steps[2].changes.objects[0].change == ChangeKind::kRemoved);
  CHECK(report.final_cluster.policies.empty());
  CHECK(report.final_cluster.cluster_policies.empty());
}

TEST_CASE("a default-deny applied before the allows breaks every intended connection until they come", "[rollout]") {
  RolloutOptions options;
  options.intent = FixtureIntent();
  const RolloutReport report = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FixtureStage("2-default-deny.yaml"), FixtureStage("3-allow.yaml")},
      options);
  REQUIRE(report.steps.size() == 3);
  CHECK(Names(report.steps[0].restored) ==
        std::vector<std::string>{"allow shop/client -> shop/web",
                                 "dns shop/client -> kube-system/kube-dns[Modelled]",
                                 "dns shop/web -> kube-system/kube-dns[Modelled]"});
  CHECK(report.steps[0].broken.empty());
  CHECK(Names(report.steps[1].broken) == Names(report.steps[0].restored));
  CHECK(Holding(report.steps[1]) == 0);
  CHECK(Names(report.steps[2].restored) == Names(report.steps[0].restored));
  CHECK(report.final_check->Holds());
  CHECK(report.BrokenCount() == 3);
  CHECK_FALSE(report.Holds());
  CHECK_FALSE(report.order.has_value());
}

TEST_CASE("keep_graphs keeps the allow-graph of the base and of the state after each stage", "[rollout]") {
  const std::vector<RolloutStage> stages = {FixtureStage("1-app.yaml"), FixtureStage("2-default-deny.yaml"),
                                            FixtureStage("3-allow.yaml")};
  CHECK(RolloutOrFail(stages, {}).graphs.empty());
  RolloutOptions options;
  options.keep_graphs = true;
  const RolloutReport report = RolloutOrFail(stages, options);
  REQUIRE(report.graphs.size() == 4);
  const auto ports = [&](std::size_t state, const char* from, const char* to) {
    const AllowGraph& g = report.graphs[state];
    const auto f = g.FindNode(from);
    const auto t = g.FindNode(to);
    return f && t ? g.PortsBetween(*f, *t).ToString() : std::string("no such node");
  };
  CHECK(ports(0, "shop/client", "shop/web") == "no such node");
  CHECK(ports(1, "shop/client", "shop/web") == "all ports");
  CHECK(ports(2, "shop/client", "shop/web") == "none");
  CHECK(ports(3, "shop/client", "shop/web") == "TCP 80");
  CHECK(report.graphs[2].EdgeCount() < report.graphs[1].EdgeCount());
}

TEST_CASE("intended connections whose pods do not exist yet are not judged", "[rollout]") {
  RolloutOptions options;
  options.intent = FixtureIntent();
  // Policies first (in a namespace the base already has), pods last: nothing
  // is judged until the pods exist, so nothing can break before.
  const RolloutReport report = RolloutOrFail(
      {FixtureStage("2-default-deny.yaml"), FixtureStage("3-allow.yaml"), FixtureStage("1-app.yaml")},
      options);
  CHECK(report.steps[0].intended.empty());
  CHECK(report.steps[1].intended.empty());
  CHECK(Holding(report.steps[2]) == 3);
  CHECK(report.Holds());
}

TEST_CASE("the order search puts the allows before the default-deny", "[rollout]") {
  RolloutOptions options;
  options.intent = FixtureIntent();
  options.search_order = true;
  const RolloutReport report = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FixtureStage("2-default-deny.yaml"), FixtureStage("3-allow.yaml")},
      options);
  REQUIRE(report.order.has_value());
  CHECK(report.order->stages == std::vector<std::size_t>{0, 2, 1});
  CHECK(report.order->broken.empty());
  CHECK(report.order->exhaustive);
  // 1-app.yaml creates the namespace the others put objects in.
  REQUIRE(report.order->constraints.size() == 2);
  CHECK(report.order->constraints[0].before == 0);
  CHECK(report.order->constraints[0].reason == "creates Namespace shop");
}

TEST_CASE("the order search keeps stages that change the same object in their given order", "[rollout]") {
  RolloutOptions options;
  options.intent = FixtureIntent();
  options.search_order = true;
  // v1 and v2 both define NetworkPolicy shop/p: swapping them would change the end state.
  const RolloutReport report = RolloutOrFail(
      {FixtureStage("1-app.yaml"), FileStage("v2.yaml", kPolicyV2), FileStage("v1.yaml", kPolicyV1)},
      options);
  const auto& constraints = report.order->constraints;
  CHECK(std::any_of(constraints.begin(), constraints.end(), [](const RolloutConstraint& c) {
    return c.before == 1 && c.after == 2 && c.reason == "both change NetworkPolicy/shop/p";
  }));
  const auto& order = report.order->stages;
  CHECK(std::find(order.begin(), order.end(), 1) < std::find(order.begin(), order.end(), 2));
}

TEST_CASE("without a safe order the search reports the fewest broken connections and which", "[rollout]") {
  // The exercise: every order breaks frontend -> backend or the frontend's DNS once.
  RolloutOptions options;
  options.intent = *LoadIntentFile(testing::SourceDir() + "/examples/netpol-demo/intent.yaml");
  options.search_order = true;
  std::vector<RolloutStage> stages;
  for (const char* step : {"01-namespace-and-pods.yaml", "02-default-deny-all.yaml",
                           "03-allow-dns-egress.yaml", "04-allow-paths.yaml"}) {
    stages.push_back(FileStage(step, testing::ReadFileOrFail(testing::SourceDir() +
                                                             "/examples/netpol-demo/" + step)));
  }
  const RolloutReport report = RolloutOrFail(stages, options);
  // The walkthrough: open, everything broken, DNS back, frontend -> backend back.
  std::vector<std::size_t> holding;
  for (const RolloutStep& step : report.steps) holding.push_back(Holding(step));
  CHECK(holding == std::vector<std::size_t>{7, 0, 4, 5});
  CHECK(report.final_check->Count(CheckVerdict::kMissing) == 2);
  REQUIRE(report.order.has_value());
  CHECK(report.order->stages == std::vector<std::size_t>{0, 2, 1, 3});
  REQUIRE(report.order->broken.size() == 1);
  CHECK(report.order->broken[0].first == 1);
  CHECK(report.order->broken[0].second.from == "netpol-demo/frontend");
  CHECK(report.order->broken[0].second.to == "netpol-demo/backend");

  options.exhaustive_limit = 2;  // greedy beyond
  const RolloutReport greedy = RolloutOrFail(stages, options);
  CHECK_FALSE(greedy.order->exhaustive);
  CHECK(greedy.order->stages.size() == 4);
}

TEST_CASE("a rollout stage with errors, or a removal of nothing, is an input error naming the stage", "[rollout]") {
  const Analysis empty = Analysis::FromCluster(Cluster{});
  Result<RolloutReport> bad = empty.Rollout({FileStage("bad.yaml", "kind: Pod\napiVersion: v1\nmetadata: {name: [}\n")});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK(bad.status().message().find("stage bad.yaml") != std::string::npos);
  Result<RolloutReport> missing =
      empty.Rollout({RolloutStage{"--remove NetworkPolicy/x/y", {}, {"NetworkPolicy/x/y"}}});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "stage --remove NetworkPolicy/x/y: --remove: no NetworkPolicy x/y in the input");
  CHECK(empty.Rollout({}).status().code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace netpol
