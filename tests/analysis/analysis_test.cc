// netpol::Analysis: the one place an analysis is assembled, and its queries.
#include "netpol/analysis.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <thread>
#include <type_traits>
#include <utility>
#include <algorithm>

#include "netpol/allow_graph.h"
#include "netpol/class_engine.h"
#include "report/generated_cluster.h"
#include "test_support.h"

namespace netpol {
namespace {

const char* const kOnePod = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
)";

const char* const kDenyAllEgress = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
)";

const char* const kShop = R"(apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  containers:
  - name: api
    ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: http}]
)";

Analysis LoadOrFail(const std::string& text, AnalysisOptions options = {}) {
  Result<Analysis> analysis = Analysis::FromTexts({{"test.yaml", text}}, std::move(options));
  INFO(analysis.status().detail() << analysis.status().message());
  REQUIRE(analysis.ok());
  return std::move(*analysis);
}

TEST_CASE("Analysis reports every input error formatted with the source line and a caret",
          "[analysis][errors]") {
  const Result<Analysis> analysis = Analysis::FromTexts({{"bad.yaml", R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 99999
)"}});
  REQUIRE_FALSE(analysis.ok());
  CHECK(analysis.status().code() == StatusCode::kInvalidInput);
  CHECK(analysis.status().message() == "1 error in the input; nothing was analysed");
  CHECK(analysis.status().detail() ==
        "bad.yaml:8:13: error: NetworkPolicy x/p: spec.ingress[0].ports[0].port: must be between 1 and 65535, got "
        "99999\n"
        "      - port: 99999\n"
        "              ^\n");
  REQUIRE(analysis.status().diagnostics().size() == 1);
  CHECK(analysis.status().diagnostics()[0].loc.line == 8);
}

TEST_CASE("FormatDiagnostic leaves out the excerpt of a line over 200 characters",
          "[analysis][errors]") {
  const std::string long_line(250, 'x');
  const Diagnostic d{Severity::kError, SourceLoc{"f.json", 1, 5}, "bad"};
  CHECK(FormatDiagnostic(d, {{"f.json", long_line}}) == "f.json:1:5: error: bad\n");
  CHECK(FormatDiagnostic(d, {{"f.json", "abcdef"}}) == "f.json:1:5: error: bad\n  abcdef\n      ^\n");
}

TEST_CASE("Analysis models cluster DNS before ids exist, so input pod ids never change",
          "[analysis][dns]") {
  const Analysis analysis = LoadOrFail(kOnePod);
  CHECK(analysis.dns_modelled());
  const Cluster& cluster = analysis.cluster();
  const auto a = cluster.FindPod("x", "a");
  const auto dns = cluster.FindPod("kube-system", "kube-dns");
  REQUIRE(a);
  REQUIRE(dns);
  CHECK(cluster.pods[*dns].kind == "Modelled");
  // The evaluator and both graphs see the same, final pod numbering.
  CHECK(analysis.allow_graph().Node(NodeId{static_cast<std::uint32_t>(*a)}).id == "x/a");
  CHECK(analysis.class_graph().class_of_pod.size() == cluster.pods.size());
}

TEST_CASE("ModelClusterDnsIfMissing appends: a PodId saved before names the same pod after",
          "[analysis][dns]") {
  // Pods that sort after kube-system/kube-dns ("x/a", "zz/b") and one before
  // ("app/c"): sorting the modelled pod in would renumber the later ones.
  Cluster cluster;
  for (const auto& [ns, name] : std::vector<std::pair<std::string, std::string>>{
           {"x", "a"}, {"app", "c"}, {"zz", "b"}}) {
    Pod pod;
    pod.namespace_name = ns;
    pod.name = name;
    cluster.pods.push_back(pod);
  }
  cluster.Finalize();
  std::vector<std::pair<PodId, std::string>> saved;
  for (const char* name : {"a", "b", "c"}) {
    for (const char* ns : {"x", "zz", "app"}) {
      if (const auto id = cluster.FindPod(ns, name)) saved.emplace_back(*id, std::string(ns) + "/" + name);
    }
  }
  REQUIRE(saved.size() == 3);
  const std::size_t before = cluster.pods.size();

  REQUIRE(ModelClusterDnsIfMissing(cluster));

  for (const auto& [id, name] : saved) {
    INFO(name);
    REQUIRE(id < cluster.pods.size());
    CHECK(cluster.pods[id].namespace_name + "/" + cluster.pods[id].name == name);
  }
  // The new pod is the last id; FindPod finds every pod, old and new, and
  // its namespace exists with the automatic label, as Finalize() makes it.
  REQUIRE(cluster.pods.size() == before + 1);
  CHECK(cluster.FindPod("kube-system", "kube-dns") == std::optional<PodId>(before));
  CHECK(cluster.FindPod("zz", "b") == saved[1].first);
  const Namespace* kube_system = cluster.FindNamespace("kube-system");
  REQUIRE(kube_system != nullptr);
  CHECK(kube_system->labels.at(kNamespaceNameLabel) == "kube-system");
  CHECK(std::is_sorted(cluster.namespaces.begin(), cluster.namespaces.end(),
                       [](const Namespace& a, const Namespace& b) { return a.name < b.name; }));
  // A second call finds the modelled pod and adds nothing.
  CHECK_FALSE(ModelClusterDnsIfMissing(cluster));
  CHECK(cluster.pods.size() == before + 1);
}

TEST_CASE("with model_when_missing off (the CLI's --no-dns-model) no DNS pod is added", "[analysis][dns]") {
  AnalysisOptions options;
  options.dns.model_when_missing = false;
  const Analysis analysis = LoadOrFail(kOnePod, options);
  CHECK_FALSE(analysis.dns_modelled());
  CHECK(analysis.cluster().pods.size() == 1);
}

TEST_CASE("what-if diff of an egress default-deny models DNS exactly as graph does",
          "[analysis][diff][dns]") {
  const Analysis before = LoadOrFail(kOnePod);
  const Result<Analysis> after = before.With({{"deny.yaml", kDenyAllEgress}});
  REQUIRE(after.ok());
  const GraphDiff diff = before.Diff(*after);
  std::vector<std::string> denied;
  for (const ConnectionChange& c : diff.connections) {
    CHECK(c.kind == ConnectionChange::Kind::kNewlyDenied);
    denied.push_back(c.from + " -> " + c.to);
  }
  CHECK(denied == std::vector<std::string>{"x/a -> kube-system/kube-dns[Modelled]",
                                           "x/a -> 0.0.0.0/0"});
  // The modelled pod is not an input object: it never shows as a change.
  REQUIRE(diff.objects.size() == 1);
  CHECK(diff.objects[0].Id() == "NetworkPolicy/x/deny-egress");
}

TEST_CASE("With removes objects by reference and rejects unknown ones", "[analysis][diff]") {
  const Analysis base = LoadOrFail(std::string(kOnePod) + "---\n" + kDenyAllEgress);
  const Result<Analysis> removed = base.With({}, {"NetworkPolicy/x/deny-egress"});
  REQUIRE(removed.ok());
  CHECK(removed->cluster().policies.empty());
  CHECK(base.cluster().policies.size() == 1);  // the base is unchanged
  const Result<Analysis> unknown = base.With({}, {"NetworkPolicy/x/nope"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
  CHECK(unknown.status().message().rfind("--remove: ", 0) == 0);
  const Result<Analysis> bad = base.With({{"add.yaml", "kind: Pod\napiVersion: v1\nmetadata: {name: [x]}\n"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK(bad.status().detail().rfind("add.yaml:3:", 0) == 0);
}

struct DnsCase {
  const char* text;
  bool ok;
  const char* namespace_name;
};

TEST_CASE("ParseDnsPods takes NAMESPACE/LABEL=VALUE[,...] and nothing else", "[analysis][dns]") {
  const DnsCase cases[] = {
      {"kube-system/k8s-app=node-local-dns", true, "kube-system"},
      {"dns/app=coredns,tier=node", true, "dns"},
      {"k8s-app=kube-dns", false, ""},              // no namespace
      {"/k8s-app=kube-dns", false, ""},             // empty namespace
      {"kube-system/", false, ""},                  // no labels
      {"kube-system/k8s-app in (a,b)", false, ""},  // an expression, not labels
  };
  for (const DnsCase& c : cases) {
    INFO(c.text);
    const Result<ClusterDnsOptions> dns = ParseDnsPods(c.text);
    REQUIRE(dns.ok() == c.ok);
    if (c.ok) {
      CHECK(dns->namespace_name == c.namespace_name);
      CHECK_FALSE(dns->labels.empty());
    } else {
      CHECK(dns.status().code() == StatusCode::kInvalidArgument);
      CHECK(dns.status().message().rfind("--dns: expected NAMESPACE/LABEL=VALUE", 0) == 0);
    }
  }
}

TEST_CASE("ExplainConnections rejects a PortQuery outside 1-65535 instead of denying it",
          "[analysis][explain][api]") {
  const Analysis analysis = LoadOrFail(kShop);
  for (const std::string to : {"shop/api", "api.shop.svc"}) {
    for (const int port : {0, 70000}) {
      INFO(to << " " << port);
      const Result<std::vector<Explanation>> explained =
          analysis.ExplainConnections("shop/web", to, PortQuery{Protocol::kTCP, port});
      REQUIRE_FALSE(explained.ok());
      CHECK(explained.status().code() == StatusCode::kInvalidArgument);
      CHECK(explained.status().message() ==
            "--port: port " + std::to_string(port) + " is outside 1-65535");
    }
  }
  CHECK(analysis.ExplainConnections("shop/web", "shop/api", PortQuery{Protocol::kTCP, 8080}).ok());
}

TEST_CASE("ExplainConnections reads a Service port as the target port of each pod",
          "[analysis][explain]") {
  const Analysis analysis = LoadOrFail(kShop);
  const Result<std::vector<Explanation>> via_service =
      analysis.ExplainConnections("shop/web", "api.shop.svc", PortQuery{Protocol::kTCP, 80});
  REQUIRE(via_service.ok());
  REQUIRE(via_service->size() == 1);
  CHECK((*via_service)[0].port->port == 8080);
  CHECK((*via_service)[0].allows);
  const Result<std::vector<Explanation>> no_such_port =
      analysis.ExplainConnections("shop/web", "api.shop.svc", PortQuery{Protocol::kTCP, 81});
  REQUIRE_FALSE(no_such_port.ok());
  CHECK(no_such_port.status().message() ==
        "--port: service shop/api has no port TCP 81 that lands on shop/api");
  const Result<std::vector<Explanation>> self =
      analysis.ExplainConnections("shop/web", "shop/web", std::nullopt);
  REQUIRE_FALSE(self.ok());
  CHECK(self.status().code() == StatusCode::kInvalidArgument);
  const Result<std::vector<Explanation>> ghost =
      analysis.ExplainConnections("shop/ghost", "shop/web", std::nullopt);
  REQUIRE_FALSE(ghost.ok());
  CHECK(ghost.status().code() == StatusCode::kNotFound);
  CHECK(ghost.status().message() == "--from: no pod matches \"shop/ghost\"");
}

TEST_CASE("an Analysis owns its state: copies share it and outlive the original",
          "[analysis][api]") {
  std::optional<Analysis> original = LoadOrFail(kShop);
  const Cluster* cluster = &original->cluster();
  const Analysis copy = *original;
  original.reset();
  CHECK(&copy.cluster() == cluster);
  const auto web = copy.cluster().FindPod("shop", "web");
  const auto api = copy.cluster().FindPod("shop", "api");
  REQUIRE(web);
  REQUIRE(api);
  CHECK(copy.evaluator()
            .Evaluate(Endpoint::ForPod(*web), Endpoint::ForPod(*api))
            .Allows(Protocol::kTCP, 8080));
}

TEST_CASE("Analysis handles: assignment shares the other's state, moves hand it over, "
          "self-assignment keeps it",
          "[analysis][api]") {
  std::optional<Analysis> first = LoadOrFail(kShop);
  std::optional<Analysis> second = LoadOrFail(kShop);
  const Cluster* second_cluster = &second->cluster();
  REQUIRE(&first->cluster() != second_cluster);  // two loads, two states
  *first = *second;  // the first state is released here (ASan's leak check sees it freed)
  CHECK(&first->cluster() == second_cluster);
  second.reset();
  CHECK(&first->cluster() == second_cluster);  // still alive through `first`
  Analysis moved = std::move(*first);
  CHECK(&moved.cluster() == second_cluster);
  *first = moved;  // a moved-from handle may be assigned again
  CHECK(&first->cluster() == second_cluster);
  const Analysis& alias = moved;
  moved = alias;
  CHECK(&moved.cluster() == second_cluster);
  moved = std::move(*first);
  CHECK(&moved.cluster() == second_cluster);
  CHECK(moved.cluster().FindPod("shop", "web").has_value());
}

// Whether cluster()/evaluator() can be called on a T (an rvalue for a
// non-reference T).
template <typename T>
constexpr bool kHasCluster = requires(T&& a) { std::forward<T>(a).cluster(); };
template <typename T>
constexpr bool kHasEvaluator = requires(T&& a) { std::forward<T>(a).evaluator(); };

TEST_CASE("borrowing APIs (Evaluator, LintContext, Analysis accessors) reject temporaries", "[analysis][api]") {
  static_assert(std::is_constructible_v<Evaluator, const Cluster&>);
  static_assert(!std::is_constructible_v<Evaluator, Cluster>);
  static_assert(!std::is_constructible_v<Evaluator, Cluster&&>);
  static_assert(!std::is_constructible_v<Evaluator, const Cluster&&>);
  // Nor copied or moved: a moved holder of a cluster and its evaluator
  // would leave the evaluator on the moved-from cluster.
  static_assert(!std::is_copy_constructible_v<Evaluator>);
  static_assert(!std::is_move_constructible_v<Evaluator>);
  // LintContext borrows all three of its arguments.
  static_assert(std::is_constructible_v<LintContext, const Cluster&, const Evaluator&,
                                        const LintOptions&>);
  static_assert(!std::is_constructible_v<LintContext, Cluster, const Evaluator&,
                                         const LintOptions&>);
  static_assert(!std::is_constructible_v<LintContext, const Cluster&, const Evaluator&,
                                         LintOptions>);
  // References into a temporary Analysis are refused; on a named one, given.
  static_assert(!kHasCluster<Analysis>);
  static_assert(!kHasEvaluator<Analysis>);
  static_assert(kHasCluster<const Analysis&>);
  static_assert(kHasEvaluator<Analysis&>);
  SUCCEED("checked at compile time");
}

TEST_CASE("CheckedEvaluate answers an out-of-range pod id or an empty Endpoint with an error",
          "[analysis][api]") {
  const Analysis analysis = LoadOrFail(kShop);
  const Evaluator& evaluator = analysis.evaluator();
  const std::size_t pods = analysis.cluster().pods.size();
  const Endpoint web = Endpoint::ForPod(*analysis.cluster().FindPod("shop", "web"));
  const Endpoint api = Endpoint::ForPod(*analysis.cluster().FindPod("shop", "api"));
  const Endpoint outside = Endpoint::ForAddress(*IpAddress::Parse("203.0.113.7"));
  struct Case {
    Endpoint source, destination;
    std::string error;  // empty: valid
  };
  const std::vector<Case> cases = {
      {web, api, ""},
      {outside, api, ""},
      {Endpoint::ForPod(pods), api,
       "source: pod id " + std::to_string(pods) + " is out of range: the cluster has " +
           std::to_string(pods) + " pods"},
      {web, Endpoint::ForPod(pods + 100),
       "destination: pod id " + std::to_string(pods + 100) + " is out of range: the cluster has " +
           std::to_string(pods) + " pods"},
      {Endpoint{}, api,
       "source: endpoint is neither a pod nor an address (an Endpoint{} left empty; use "
       "Endpoint::ForPod or Endpoint::ForAddress)"},
  };
  for (const Case& c : cases) {
    INFO(c.error);
    const Result<Verdict> verdict = evaluator.CheckedEvaluate(c.source, c.destination);
    if (c.error.empty()) {
      REQUIRE(verdict.ok());
      CHECK(verdict->allowed == evaluator.Evaluate(c.source, c.destination).allowed);
    } else {
      REQUIRE_FALSE(verdict.ok());
      CHECK(verdict.status().code() == StatusCode::kInvalidArgument);
      CHECK(verdict.status().message() == c.error);
    }
  }
  CHECK(evaluator.CheckEndpoint(web).ok());
  CHECK_FALSE(evaluator.CheckEndpoint(Endpoint{}).ok());
}

TEST_CASE("a const Analysis answers from several threads at once, building graphs once",
          "[analysis][threads]") {
  const Analysis analysis = LoadOrFail(kShop);
  constexpr int kThreads = 4;
  std::vector<const AllowGraph*> graphs(kThreads);
  std::vector<std::size_t> edges(kThreads);
  std::vector<bool> allowed(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      graphs[i] = &analysis.allow_graph();
      edges[i] = analysis.class_graph().edges.size();
      const Result<std::vector<Explanation>> e =
          analysis.ExplainConnections("shop/web", "shop/api", PortQuery{Protocol::kTCP, 8080});
      allowed[i] = e.ok() && (*e)[0].allows;
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    CHECK(graphs[i] == graphs[0]);
    CHECK(edges[i] == edges[0]);
    CHECK(allowed[i]);
  }
}

TEST_CASE("Analysis::Load reads relative paths from the working directory, named as written",
          "[analysis][io]") {
  std::istringstream no_stdin;
  AnalysisOptions options;
  options.working_directory = testing::SourceDir();
  const Result<Analysis> analysis =
      Analysis::Load({"examples/netpol-demo"}, no_stdin, options);
  REQUIRE(analysis.ok());
  REQUIRE_FALSE(analysis->inputs().empty());
  for (const InputFile& file : analysis->inputs()) {
    CHECK(file.name.rfind("examples/netpol-demo/", 0) == 0);
  }
  const Result<Analysis> missing = Analysis::Load({"no/such/dir"}, no_stdin, options);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().detail() == "no/such/dir: error: no such file or directory\n");
}

TEST_CASE("Check reports intent endpoints that match nothing as input errors",
          "[analysis][check]") {
  const Analysis analysis = LoadOrFail(kShop);
  const Result<Intent> intent = LoadIntentText(R"(apiVersion: netpol.dev/v1alpha1
kind: Intent
metadata: {name: shop}
spec:
  scope: {namespaces: [shop]}
  allow:
  - {from: shop/ghost, to: shop/api, ports: [8080/TCP]}
)", "intent.yaml");
  INFO(intent.status().detail());
  REQUIRE(intent.ok());
  const Result<CheckResult> checked = analysis.Check(*intent);
  REQUIRE_FALSE(checked.ok());
  CHECK(checked.status().message() == "the intent file has errors; nothing was checked");
  REQUIRE_FALSE(checked.status().diagnostics().empty());
  CHECK(checked.status().diagnostics()[0].loc.file == "intent.yaml");
  const Result<Intent> unreadable = LoadIntentFile("no/such/intent.yaml");
  REQUIRE_FALSE(unreadable.ok());
  CHECK(unreadable.status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("inputs with no Kubernetes object are an error naming them, unless allow_empty",
          "[analysis][empty]") {
  const Result<Analysis> empty = Analysis::FromTexts({{"empty.yaml", ""}});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().code() == StatusCode::kInvalidInput);
  CHECK(empty.status().message() ==
        "no Kubernetes objects found in empty.yaml; nothing was analysed (--allow-empty accepts "
        "that)");
  // Documents that are not Kubernetes objects (a Helm values file) count as nothing, and the
  // warning about them is kept.
  const Result<Analysis> values = Analysis::FromTexts({{"values.yaml", "replicaCount: 2\n"}});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().detail().find("values.yaml:1:1: warning:") == 0);
  // Only referenced namespaces do not count; a kind netpol skips does.
  CHECK(Analysis::FromTexts({{"cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"}})
            .ok());
  AnalysisOptions options;
  options.allow_empty = true;
  const Result<Analysis> allowed = Analysis::FromTexts({{"empty.yaml", ""}}, options);
  REQUIRE(allowed.ok());
  CHECK(allowed->cluster().policies.empty());
}

TEST_CASE("a hook pointed at empty input fails: exit 2 with no output; --allow-empty passes",
          "[cli][empty]") {
  const testing::CliResult empty = testing::RunCli({"lint", "-"}, "");
  CHECK(empty.exit_code == 2);
  CHECK(empty.out.empty());
  CHECK(empty.err ==
        "netpol: no Kubernetes objects found in <stdin>; nothing was analysed (--allow-empty "
        "accepts that)\n");
  const testing::CliResult readme_only = testing::RunCli({"graph", "tests/package"});
  CHECK(readme_only.exit_code == 2);  // shell scripts only: no manifest at all
  CHECK(readme_only.err.find("no Kubernetes objects found in tests/package") != std::string::npos);
  const testing::CliResult allowed = testing::RunCli({"lint", "--allow-empty", "-"}, "");
  CHECK(allowed.exit_code == 0);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST_CASE("FromCluster finalizes a cluster built in code and models DNS like any other input",
          "[analysis][api]") {
  Cluster cluster;
  Pod pod;
  pod.name = "a";
  pod.namespace_name = "x";
  cluster.pods.push_back(pod);
  const Analysis analysis = Analysis::FromCluster(std::move(cluster));
  CHECK(analysis.dns_modelled());
  CHECK(analysis.cluster().FindNamespace("x") != nullptr);  // created by Finalize
  CHECK(analysis.inputs().empty());
  CHECK(analysis.FormattedDiagnostics().empty());
}

TEST_CASE("ResolvePath reads relative paths from the working directory, never stdin's -",
          "[analysis][io]") {
  CHECK(ResolvePath("a/b.yaml", "/src") == "/src/a/b.yaml");
  CHECK(ResolvePath("/abs.yaml", "/src") == "/abs.yaml");
  CHECK(ResolvePath("-", "/src") == "-");
  CHECK(ResolvePath("a.yaml", "") == "a.yaml");
}

TEST_CASE("PrepareClassGraph stops when asked, keeps nothing, and a later call computes the same "
          "graph",
          "[analysis][budget]") {
  const std::vector<InputFile> texts = {{"cluster.yaml", testing::GeneratedClusterYaml(5, 8)}};
  Result<Analysis> reference = Analysis::FromTexts(texts);
  REQUIRE(reference.ok());
  const ClassGraph& expected = reference->class_graph();

  // Never stopping: computed, after asking at least once per class of pods.
  Result<Analysis> unhurried = Analysis::FromTexts(texts);
  REQUIRE(unhurried.ok());
  int asked = 0;
  REQUIRE(unhurried->PrepareClassGraph([&] { return ++asked < 0; }).ok());
  CHECK(static_cast<std::size_t>(asked) >= expected.PodClassCount());
  CHECK(unhurried->class_graph().edges == expected.edges);
  // Computed already: not asked again.
  const int asked_before = asked;
  CHECK(unhurried->PrepareClassGraph([&] { return ++asked < 0; }).ok());
  CHECK(asked == asked_before);
  CHECK(Analysis::FromTexts(texts)->PrepareClassGraph({}).ok());  // an empty callback never stops

  // Stopping at the first, second, a middle and the last question.
  for (const int stop_at : {1, 2, asked_before / 2, asked_before}) {
    INFO("stop at question " << stop_at);
    Result<Analysis> hurried = Analysis::FromTexts(texts);
    REQUIRE(hurried.ok());
    int questions = 0;
    const Status stopped = hurried->PrepareClassGraph([&] { return ++questions >= stop_at; });
    CHECK(stopped.code() == StatusCode::kUnavailable);
    CHECK(stopped.message() == "stopped before the class graph was computed");
    CHECK(questions == stop_at);  // it stops at once
    // Nothing was kept: the next call computes the whole graph.
    CHECK(hurried->PrepareClassGraph([] { return false; }).ok());
    CHECK(hurried->class_graph().edges == expected.edges);
    CHECK(hurried->class_graph().class_of_pod == expected.class_of_pod);
  }
}

}  // namespace
}  // namespace netpol
