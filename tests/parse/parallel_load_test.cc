// Reading inputs on several threads (LoadOptions::jobs, the CLI's --jobs):
// files in parallel, and one large JSON List or multi-document YAML text cut
// into parts. Whatever the number of threads, the model and the diagnostics
// (their order and locations included) are those of a sequential read; and
// the YAML and JSON readers build the same model from the same cluster.
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "netpol/analysis.h"
#include "netpol/loader.h"
#include "parse/load.h"
#include "parse/doc_node.h"
#include "parse/split_reader.h"

namespace netpol {
namespace {

// A random cluster, written as YAML documents and as one JSON List.
struct RandomCluster {
  std::vector<std::string> yaml;  // one document each
  std::vector<std::string> json;  // one List item each
};

RandomCluster MakeRandomCluster(unsigned seed, int pods, int policies) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const int namespaces = 1 + pick(4);
  RandomCluster out;
  for (int n = 0; n < namespaces; ++n) {
    const int team = pick(2);
    out.yaml.push_back(fmt::format(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns{}\n  labels:\n    team: t{}\n", n,
        team));
    out.json.push_back(fmt::format(
        R"({{"apiVersion":"v1","kind":"Namespace","metadata":{{"name":"ns{}","labels":{{"team":"t{}"}}}}}})",
        n, team));
  }
  for (int p = 0; p < pods; ++p) {
    const int ns = pick(namespaces), app = pick(5), port = 80 + pick(3);
    const char* const tier = pick(2) ? "web" : "db";
    out.yaml.push_back(fmt::format(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod{}\n  namespace: ns{}\n  labels:\n"
        "    app: a{}\n    tier: \"{}\"\nspec:\n  containers:\n  - name: c\n    ports:\n"
        "    - name: http\n      containerPort: {}\n",
        p, ns, app, tier, port));
    out.json.push_back(fmt::format(
        R"({{"apiVersion":"v1","kind":"Pod","metadata":{{"name":"pod{}","namespace":"ns{}","labels":{{"app":"a{}","tier":"{}"}}}},"spec":{{"containers":[{{"name":"c","ports":[{{"name":"http","containerPort":{}}}]}}]}}}})",
        p, ns, app, tier, port));
  }
  for (int q = 0; q < policies; ++q) {
    const int ns = pick(namespaces), app = pick(5), from = pick(5), port = 80 + pick(3);
    const bool named = pick(2) == 0;
    const int also = pick(5), team = pick(2);
    const std::string yaml_port = named ? "http" : std::to_string(port);
    const std::string json_port = named ? "\"http\"" : std::to_string(port);
    out.yaml.push_back(fmt::format(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: pol{}\n"
        "  namespace: ns{}\nspec:\n  podSelector:\n    matchLabels:\n      app: a{}\n"
        "  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - podSelector:\n"
        "        matchExpressions:\n        - {{key: app, operator: In, values: [a{}, a{}]}}\n"
        "      namespaceSelector:\n        matchLabels:\n          team: t{}\n    ports:\n"
        "    - port: {}\n      protocol: TCP\n  egress:\n  - to:\n    - ipBlock:\n"
        "        cidr: 10.{}.0.0/16\n        except: [10.{}.1.0/24]\n",
        q, ns, app, from, also, team, yaml_port, q % 250, q % 250));
    out.json.push_back(fmt::format(
        R"({{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{{"name":"pol{}","namespace":"ns{}"}},"spec":{{"podSelector":{{"matchLabels":{{"app":"a{}"}}}},"policyTypes":["Ingress","Egress"],"ingress":[{{"from":[{{"podSelector":{{"matchExpressions":[{{"key":"app","operator":"In","values":["a{}","a{}"]}}]}},"namespaceSelector":{{"matchLabels":{{"team":"t{}"}}}}}}],"ports":[{{"port":{},"protocol":"TCP"}}]}}],"egress":[{{"to":[{{"ipBlock":{{"cidr":"10.{}.0.0/16","except":["10.{}.1.0/24"]}}}}]}}]}}}})",
        q, ns, app, from, also, team, json_port, q % 250, q % 250));
  }
  return out;
}

std::string YamlText(const RandomCluster& cluster) {
  std::string text;
  for (const std::string& document : cluster.yaml) text += "---\n" + document;
  return text;
}

std::string JsonText(const RandomCluster& cluster) {
  std::string text = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n";
  for (std::size_t i = 0; i < cluster.json.size(); ++i) {
    text += (i ? ",\n  " : "  ") + cluster.json[i];
  }
  return text + "\n]}\n";
}

void Forget(SourceLoc& loc) { loc = SourceLoc{}; }
void Forget(LabelLocs& locs) { locs.clear(); }
void Forget(LabelSelector& selector) {
  Forget(selector.loc);
  Forget(selector.match_label_locs);
  for (LabelRequirement& requirement : selector.match_expressions) Forget(requirement.loc);
}

// The model without where each part was written: YAML and JSON texts put
// the same objects on different lines.
Cluster WithoutLocations(Cluster cluster) {
  for (Namespace& ns : cluster.namespaces) {
    Forget(ns.loc);
    Forget(ns.label_locs);
  }
  for (Pod& pod : cluster.pods) {
    Forget(pod.loc);
    Forget(pod.label_locs);
    for (ContainerPort& port : pod.ports) Forget(port.loc);
  }
  for (NetworkPolicy& policy : cluster.policies) {
    Forget(policy.loc);
    Forget(policy.ingress_loc);
    Forget(policy.egress_loc);
    Forget(policy.pod_selector);
    for (std::vector<Rule>* rules : {&policy.ingress, &policy.egress}) {
      for (Rule& rule : *rules) {
        Forget(rule.loc);
        for (PolicyPort& port : rule.ports) Forget(port.loc);
        for (Peer& peer : rule.peers) {
          Forget(peer.loc);
          if (peer.pod_selector) Forget(*peer.pod_selector);
          if (peer.namespace_selector) Forget(*peer.namespace_selector);
          if (peer.ip_block) Forget(peer.ip_block->loc);
        }
      }
    }
  }
  return cluster;
}

LoadResult Load(const std::vector<InputFile>& inputs, unsigned jobs) {
  LoadOptions options;
  options.jobs = jobs;
  return LoadInputs(inputs, options);
}

std::vector<std::string> Messages(const LoadResult& result) {
  std::vector<std::string> messages;
  for (const Diagnostic& d : result.diagnostics) {
    messages.push_back(d.loc.ToString() + ": " + d.message);
  }
  return messages;
}

TEST_CASE("random clusters read as YAML and as JSON give the same model", "[parse][parallel]") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    const RandomCluster cluster = MakeRandomCluster(seed, 1 + static_cast<int>(seed % 13), 1 + static_cast<int>(seed % 7));
    const LoadResult yaml = LoadText(YamlText(cluster), "c.yaml");
    const LoadResult json = LoadText(JsonText(cluster), "c.json");
    REQUIRE(Messages(yaml).empty());
    REQUIRE(Messages(json).empty());
    REQUIRE(!yaml.cluster.pods.empty());
    CHECK(WithoutLocations(yaml.cluster) == WithoutLocations(json.cluster));
  }
}

TEST_CASE("a large YAML stream and JSON List read in parts give the model of a whole read",
          "[parse][parallel]") {
  // Over a MiB each, so that with jobs > 1 each text is cut into parts.
  const RandomCluster cluster = MakeRandomCluster(7, 3000, 1200);
  const std::vector<InputFile> yaml = {{"big.yaml", YamlText(cluster)}};
  const std::vector<InputFile> json = {{"big.json", JsonText(cluster)}};
  REQUIRE(yaml[0].text.size() > (std::size_t{1} << 20));
  REQUIRE(json[0].text.size() > (std::size_t{1} << 20));
  const LoadResult yaml_whole = Load(yaml, 1);
  const LoadResult json_whole = Load(json, 1);
  REQUIRE(Messages(yaml_whole).empty());
  REQUIRE(yaml_whole.cluster.pods.size() == 3000);
  for (unsigned jobs : {2u, 3u, 4u}) {
    CAPTURE(jobs);
    const LoadResult yaml_parts = Load(yaml, jobs);
    const LoadResult json_parts = Load(json, jobs);
    // Locations included: the parts keep the lines and columns of the text.
    CHECK(yaml_parts.cluster == yaml_whole.cluster);
    CHECK(json_parts.cluster == json_whole.cluster);
    CHECK(Messages(yaml_parts).empty());
    CHECK(Messages(json_parts).empty());
  }
  CHECK(WithoutLocations(yaml_whole.cluster) == WithoutLocations(json_whole.cluster));
}

TEST_CASE("a large JSON List is read in parts, one per job, each by one simdjson parser",
          "[parse][parallel][json]") {
  const RandomCluster cluster = MakeRandomCluster(5, 3000, 1200);
  const std::string text = JsonText(cluster);
  REQUIRE(text.size() >= kSplitMinBytes);
  const std::string name = "big.json";
  const LineIndex lines(text);
  DiagnosticSink sink;
  const std::vector<DocNode> whole = ReadJsonDocuments(text, name, sink, {}, &lines);
  REQUIRE(whole.size() == 1);
  const DocNode* whole_items = whole[0].Get("items");
  REQUIRE(whole_items != nullptr);
  REQUIRE(whole_items->items().size() == cluster.json.size());
  for (unsigned jobs : {2u, 3u, 4u}) {
    CAPTURE(jobs);
    JsonSplitStats stats;
    const std::optional<std::vector<DocNode>> parts =
        ReadJsonListInParts(text, name, {}, lines, jobs, &stats);
    REQUIRE(parts.has_value());
    CHECK(stats.parts == jobs);
    CHECK(stats.items == cluster.json.size());
    const DocNode* items = (*parts)[0].Get("items");
    REQUIRE(items != nullptr);
    REQUIRE(items->items().size() == whole_items->items().size());
    for (std::size_t i = 0; i < items->items().size(); i += 997) {
      CHECK(items->items()[i].loc.ToSourceLoc() == whole_items->items()[i].loc.ToSourceLoc());
      CHECK(items->items()[i].entries().size() == whole_items->items()[i].entries().size());
    }
  }
  // Under a MiB, or one job: read whole (no parts).
  JsonSplitStats stats;
  CHECK_FALSE(ReadJsonListInParts(text, name, {}, lines, 1, &stats).has_value());
  const std::string small = JsonText(MakeRandomCluster(5, 20, 5));
  const LineIndex small_lines(small);
  CHECK_FALSE(ReadJsonListInParts(small, name, {}, small_lines, 2, &stats).has_value());
  CHECK(stats.parts == 0);
  // A fault in an item fails its part, so the caller reads the text whole.
  std::string broken = text;
  broken.replace(broken.rfind("\"kind\""), 6, "\"kind\" x");
  const LineIndex broken_lines(broken);
  CHECK_FALSE(ReadJsonListInParts(broken, name, {}, broken_lines, 2, &stats).has_value());
}

TEST_CASE("a List is cut at its items whatever quotes and backslashes its strings hold",
          "[parse][parallel][json]") {
  // Each string holds what the cutter must not take for a quote or an item's
  // end: an escaped quote, an even run of backslashes before the closing
  // quote, brackets and commas.
  const std::vector<std::string> strings = {
      R"(x\"],)", R"(y\\)", R"(\\\"]}, {)", R"(\\\\)", R"(a\\\\\"b)", R"(],[{)", R"()"};
  for (const std::string& value : strings) {
    CAPTURE(value);
    std::string text = R"({"apiVersion":"v1","kind":"List","items":[)";
    for (int i = 0; i < 6; ++i) {
      if (i > 0) text += ",";
      text += fmt::format(R"({{"k{}":"{}","\"{}":["{}"]}})", i, value, value, value);
    }
    text += "]}";
    const std::string name = "escapes.json";
    const LineIndex lines(text);
    DiagnosticSink sink;
    const std::vector<DocNode> whole = ReadJsonDocuments(text, name, sink, {}, &lines);
    REQUIRE(sink.diagnostics().empty());
    REQUIRE(whole.size() == 1);
    for (unsigned jobs : {2u, 3u}) {
      CAPTURE(jobs);
      JsonSplitStats stats;
      const std::optional<std::vector<DocNode>> parts =
          ReadJsonListInParts(text, name, {}, lines, jobs, &stats, /*min_bytes=*/0);
      REQUIRE(parts.has_value());
      CHECK(stats.items == 6);
      const DocNode* items = (*parts)[0].Get("items");
      REQUIRE(items != nullptr);
      REQUIRE(items->items().size() == 6);
      for (std::size_t i = 0; i < 6; ++i) {
        CHECK(items->items()[i].entries().size() == 2);
        CHECK(items->items()[i].Get(fmt::format("k{}", i))->value() ==
              whole[0].Get("items")->items()[i].Get(fmt::format("k{}", i))->value());
        CHECK(items->items()[i].loc.ToSourceLoc() ==
              whole[0].Get("items")->items()[i].loc.ToSourceLoc());
      }
    }
  }
}

TEST_CASE("an error late in a large text is the whole reader's, whatever the jobs",
          "[parse][parallel]") {
  const RandomCluster cluster = MakeRandomCluster(11, 3000, 1200);
  struct Case {
    std::string name;
    std::string text;
  };
  std::string yaml = YamlText(cluster);
  std::string json = JsonText(cluster);
  const std::vector<Case> cases = {
      // A syntax error near the end.
      {"syntax.yaml", yaml + "---\nkind: Pod\nmetadata: {name: [x\n"},
      {"syntax.json", json.substr(0, json.size() - 4) + ",{\"kind\" \"Pod\"}]}\n"},
      // A trailing comma: no item after it.
      {"comma.json", json.substr(0, json.size() - 4) + ",]}\n"},
      // A model error (a label that is a number) in the last object.
      {"model.yaml", yaml + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: late\n  labels: {a: 1}\n"},
      // An alias: counted against the whole text's ratio, so read whole.
      {"alias.yaml", yaml + "---\napiVersion: v1\nkind: Namespace\nmetadata: &m\n  name: al\n---\nx: *m\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::vector<InputFile> inputs = {{c.name, c.text}};
    const LoadResult whole = Load(inputs, 1);
    REQUIRE(!whole.diagnostics.empty());
    for (unsigned jobs : {2u, 4u}) {
      const LoadResult parts = Load(inputs, jobs);
      CHECK(Messages(parts) == Messages(whole));
      CHECK(parts.cluster == whole.cluster);
    }
  }
}

TEST_CASE("files read on several threads give the model and diagnostics of one thread, in order",
          "[parse][parallel]") {
  std::vector<InputFile> inputs;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const RandomCluster cluster = MakeRandomCluster(seed, 20, 5);
    inputs.push_back({fmt::format("f{}.yaml", seed), YamlText(cluster)});
    inputs.push_back({fmt::format("f{}.json", seed), JsonText(cluster)});
  }
  // Diagnostics from several files: a warning, a syntax error, a model error.
  inputs.push_back({"kind.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"});
  inputs.push_back({"broken.json", "{\"kind\": \"Pod\",,}"});
  inputs.push_back({"label.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: 1}\n"});
  inputs.push_back({"notes.yaml", "# nothing\n"});
  const LoadResult one = Load(inputs, 1);
  REQUIRE(one.HasErrors());
  for (unsigned jobs : {2u, 4u, 16u}) {
    CAPTURE(jobs);
    const LoadResult many = Load(inputs, jobs);
    CHECK(Messages(many) == Messages(one));
    CHECK(many.cluster == one.cluster);
    CHECK(many.duplicates.size() == one.duplicates.size());
    CHECK(many.skipped_kinds == one.skipped_kinds);
  }
}

// One document of every shape the decoder treats apart: each modelled kind
// (valid, invalid, or repeating an earlier name), skipped kinds, Lists and
// typed lists, a List in a List, documents that are no object, netpol's own.
std::string MixedDocument(std::mt19937& rng, int i) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::string ns = fmt::format("ns{}", pick(3));
  // About one name in twelve repeats one of the last few: a duplicate,
  // within a share but for those near a cut. The JSON test below has
  // duplicates across shares.
  const int name = pick(12) == 0 ? std::max(0, i - 1 - pick(4)) : i;
  switch (pick(17)) {
    case 0:
      return fmt::format("apiVersion: v1\nkind: Namespace\nmetadata: {{name: ns{}, labels: {{t: a}}}}\n",
                         name);
    case 1:
      return fmt::format("apiVersion: v1\nkind: Pod\nmetadata: {{name: p{}, namespace: {}, labels: "
                         "{{app: \"a b\"}}}}\n", name, ns);  // an invalid label value
    case 2:
      return fmt::format("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{}, namespace: {}}}\n",
                         name, ns);
    case 3:
      return fmt::format("apiVersion: v1\nkind: Service\nmetadata: {{name: s{}, namespace: {}}}\n"
                         "spec: {{selector: {{app: a}}, ports: [{{port: 80}}]}}\n", name, ns);
    case 4:
      return fmt::format("apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: sa{}, namespace: "
                         "{}}}\n", name, ns);
    case 5:
      return fmt::format("apiVersion: v1\nkind: List\nitems:\n- {{apiVersion: v1, kind: Pod, metadata: "
                         "{{name: lp{}, namespace: {}}}}}\n- {{apiVersion: v1, kind: Secret, metadata: "
                         "{{name: x, namespace: {}}}}}\n", name, ns, ns);
    case 6:
      return fmt::format("apiVersion: v1\nkind: PodList\nitems:\n- {{metadata: {{name: tp{}, namespace: "
                         "{}, labels: {{app: b}}}}}}\n", name, ns);
    case 7:
      return "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: List, items: []}\n";
    case 8: return "just a scalar\n";
    case 9: return "apiVersion: netpol.dev/v1alpha1\nkind: Intent\n";
    case 10:
      return fmt::format("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: "
                         "np{}, namespace: {}}}\nspec: {{podSelector: {{matchLabels: {{app: a}}}}, "
                         "ingress: [{{from: [{{podSelector: {{}}}}]}}]}}\n", name, ns);
    case 11:
      return fmt::format("apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {{name: "
                         "cnp{}, namespace: {}}}\nspec: {{endpointSelector: {{}}, ingress: [{{}}]}}\n",
                         name, ns);
    case 12:
      return fmt::format("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {{name: "
                         "cal{}, namespace: {}}}\nspec: {{selector: all(), types: [Ingress]}}\n", name, ns);
    case 13:
      return fmt::format("apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
                         "metadata: {{name: anp{}}}\nspec: {{priority: {}, subject: {{namespaces: {{}}}}, "
                         "ingress: [{{name: r, action: Deny, from: [{{namespaces: {{}}}}]}}]}}\n",
                         name, pick(100));
    case 14:
      return fmt::format("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{}, namespace: {}}}\n"
                         "spec:\n  selector: {{matchLabels: {{app: d}}}}\n  template:\n    metadata: "
                         "{{labels: {{app: d}}}}\n    spec: {{containers: [{{name: c}}]}}\n", name, ns);
    case 15: return "";  // an empty document
    default:
      return fmt::format("apiVersion: v1\nkind: Pod\nmetadata: {{name: p{}, namespace: {}, labels: "
                         "{{app: a}}}}\nspec: {{containers: [{{name: c, ports: [{{containerPort: 80}}]}}]}}\n",
                         name, ns);
  }
}

TEST_CASE("one text's objects decoded on several threads give the model, diagnostics and "
          "duplicates of one thread", "[parse][parallel][decode]") {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    std::string text;
    for (int i = 0; i < 1500; ++i) text += "---\n" + MixedDocument(rng, i);
    // A skipped kind first seen in the last share: its note names this line.
    text += "---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: last, namespace: ns0}\n";
    // Small enough to be read whole; decoded in shares all the same.
    const std::vector<InputFile> inputs = {{"mixed.yaml", text}};
    const LoadResult one = Load(inputs, 1);
    REQUIRE(one.cluster.pods.size() > 100);
    REQUIRE(!one.duplicates.empty());
    REQUIRE(!one.skipped_kinds.empty());
    REQUIRE(one.HasErrors());
    for (unsigned jobs : {2u, 3u, 4u}) {
      CAPTURE(jobs);
      const LoadResult many = Load(inputs, jobs);
      CHECK(Messages(many) == Messages(one));
      CHECK(many.cluster == one.cluster);
      CHECK(many.duplicates == one.duplicates);
      CHECK(many.skipped_kinds == one.skipped_kinds);
    }
  }
}

TEST_CASE("a JSON List's items decoded on several threads give the model of one thread, "
          "duplicates across shares included", "[parse][parallel][decode][json]") {
  std::string text = R"({"apiVersion":"v1","kind":"List","items":[)";
  for (int i = 0; i < 1200; ++i) {
    // Every tenth pod has the name of a pod 600 items earlier: in another share.
    const int name = i % 10 == 0 && i >= 600 ? i - 600 : i;
    if (i > 0) text += ",";
    text += fmt::format(
        R"({{"apiVersion":"v1","kind":"Pod","metadata":{{"name":"p{}","namespace":"n","labels":{{"i":"{}"}}}}}})",
        name, i);
  }
  text += "]}";
  const std::vector<InputFile> inputs = {{"list.json", text}};
  const LoadResult one = Load(inputs, 1);
  REQUIRE(one.duplicates.size() == 60);
  for (unsigned jobs : {2u, 4u}) {
    CAPTURE(jobs);
    const LoadResult many = Load(inputs, jobs);
    CHECK(Messages(many) == Messages(one));
    CHECK(many.cluster == one.cluster);
    CHECK(many.duplicates == one.duplicates);
  }
}

TEST_CASE("an Analysis of a large cluster keeps for With() the cluster it read, whatever the jobs",
          "[parse][parallel][what-if]") {
  // Loaded on one thread or two, the cluster With() edits (rebuilt from the
  // analysed one, analysis/unfolded_cluster.h) is the one read.
  const RandomCluster cluster = MakeRandomCluster(11, 3000, 300);
  const std::vector<InputFile> inputs = {{"big.yaml", YamlText(cluster)}};
  std::vector<Analysis> analyses;
  for (unsigned jobs : {1u, 2u}) {
    AnalysisOptions options;
    options.load.jobs = jobs;
    Result<Analysis> analysis = Analysis::FromTexts(inputs, options);
    REQUIRE(analysis.ok());
    analyses.push_back(std::move(*analysis));
  }
  const Analysis& one = analyses[0];
  const Analysis& two = analyses[1];
  REQUIRE(one.cluster().pods.size() >= 3000);
  REQUIRE(!one.cluster().policies.empty());
  CHECK(two.cluster() == one.cluster());
  const NetworkPolicy& first = one.cluster().policies.front();
  const std::string removed = "NetworkPolicy/" + first.namespace_name + "/" + first.name;
  for (const Analysis& analysis : analyses) {
    // No edit: the cluster read again, folded and finalized as before.
    Result<Analysis> same = analysis.With({});
    REQUIRE(same.ok());
    CHECK(same->cluster() == one.cluster());
    Result<Analysis> edited = analysis.With({}, {removed});
    REQUIRE(edited.ok());
    CHECK(edited->cluster().policies.size() == one.cluster().policies.size() - 1);
    CHECK(edited->cluster().pods == one.cluster().pods);
  }
}

}  // namespace
}  // namespace netpol
