// Analysis::With (the what-if behind `netpol diff --add/--remove`, rollout
// and admission checks) answers exactly what a full recompute from the
// changed inputs answers (#25): on random clusters, one policy added (new or
// replacing one of the same name, as kubectl apply does) and maybe one
// removed, the allow-graph of base.With(...) equals the allow-graph of an
// Analysis loaded from scratch from the changed files, and base.Diff of the
// two is the same.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "netpol/allow_graph.h"
#include "netpol/analysis.h"
#include "netpol/graph_diff.h"

namespace netpol {
namespace {

struct Object {
  std::string reference;  // "NetworkPolicy/NS/NAME"; empty for pods and namespaces.
  InputFile file;
};

class RandomCluster {
 public:
  explicit RandomCluster(unsigned seed) : random_(seed) {}

  int Pick(int n) { return static_cast<int>(random_() % static_cast<unsigned>(n)); }
  std::string Ns() { return kNamespaces[Pick(3)]; }
  std::string App() { return kApps[Pick(3)]; }

  std::vector<Object> Base() {
    std::vector<Object> objects;
    for (const char* ns : kNamespaces) {
      objects.push_back({"", {std::string("ns-") + ns + ".yaml",
                              std::string("apiVersion: v1\nkind: Namespace\nmetadata: {name: ") +
                                  ns + ", labels: {team: " + (Pick(2) ? "red" : "blue") + "}}\n"}});
    }
    const int pods = 4 + Pick(5);
    for (int i = 0; i < pods; ++i) {
      const std::string name = "pod" + std::to_string(i);
      objects.push_back(
          {"", {name + ".yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name +
                                    ", namespace: " + Ns() + ", labels: {app: " + App() +
                                    "}}\nspec:\n  containers:\n  - name: c\n    ports: "
                                    "[{name: http, containerPort: " +
                                    std::to_string(Pick(2) ? 80 : 8080) + "}]\n"}});
    }
    const int policies = Pick(5);
    for (int i = 0; i < policies; ++i) objects.push_back(Policy("np" + std::to_string(i), Ns()));
    return objects;
  }

  Object Policy(const std::string& name, const std::string& ns) {
    const bool egress = Pick(3) == 0;
    std::string peer;
    switch (Pick(4)) {
      case 0: peer = "{podSelector: {matchLabels: {app: " + App() + "}}}"; break;
      case 1: peer = "{namespaceSelector: {matchLabels: {team: red}}}"; break;
      case 2: peer = "{ipBlock: {cidr: 10.0.0.0/8}}"; break;
      default: peer = "{namespaceSelector: {}, podSelector: {matchLabels: {app: " + App() + "}}}";
    }
    std::string rule = Pick(4) == 0 ? "" : "  - " + std::string(egress ? "to" : "from") + ": [" +
                                               peer + "]\n" +
                                               (Pick(2) ? "    ports: [{port: http}]\n" : "");
    const std::string direction = egress ? "Egress" : "Ingress";
    std::string text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " +
                       name + ", namespace: " + ns + "}\nspec:\n  podSelector: " +
                       (Pick(2) ? "{}" : "{matchLabels: {app: " + App() + "}}") +
                       "\n  policyTypes: [" + direction + "]\n";
    text += rule.empty() ? "  " + std::string(egress ? "egress" : "ingress") + ": []\n"
                         : "  " + std::string(egress ? "egress" : "ingress") + ":\n" + rule;
    return {"NetworkPolicy/" + ns + "/" + name, {"policy-" + ns + "-" + name + ".yaml", text}};
  }

 private:
  static constexpr const char* kNamespaces[] = {"a", "b", "c"};
  static constexpr const char* kApps[] = {"web", "api", "db"};
  std::mt19937 random_;
};

std::vector<InputFile> Files(const std::vector<Object>& objects) {
  std::vector<InputFile> files;
  for (const Object& object : objects) files.push_back(object.file);
  return files;
}

std::set<std::string> Edges(const Analysis& analysis) {
  std::set<std::string> edges;
  const AllowGraph& graph = analysis.allow_graph();
  for (const GraphEdge& edge : graph.Edges()) {
    edges.insert(graph.Node(edge.from).id + " -> " + graph.Node(edge.to).id + " " +
                 edge.ports.ToString());
  }
  return edges;
}

std::vector<std::string> Changes(const GraphDiff& diff) {
  std::vector<std::string> changes;
  for (const ConnectionChange& c : diff.connections) {
    changes.push_back(std::string(ConnectionChangeKindName(c.kind)) + " " + c.from + " -> " +
                      c.to + " " + c.before.ToString() + " => " + c.after.ToString());
  }
  return changes;
}

TEST_CASE("With equals a full recompute from the changed inputs on random clusters",
          "[analysis][diff][what-if]") {
  int compared = 0, changed = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    RandomCluster random(seed);
    std::vector<Object> objects = random.Base();
    const Result<Analysis> base = Analysis::FromTexts(Files(objects));
    INFO("seed " << seed);
    REQUIRE(base.ok());

    // One policy applied: a new one, or one replacing an existing name.
    std::vector<std::size_t> policies;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      if (!objects[i].reference.empty()) policies.push_back(i);
    }
    const bool replace = !policies.empty() && random.Pick(2) == 0;
    std::string name = "what-if", ns = random.Ns();
    if (replace) {
      const std::string& reference = objects[policies[random.Pick(static_cast<int>(policies.size()))]].reference;
      ns = reference.substr(14, reference.find('/', 14) - 14);
      name = reference.substr(reference.find('/', 14) + 1);
    }
    Object added = random.Policy(name, ns);
    added.file.name = "added.yaml";
    // And maybe one other policy removed.
    std::vector<std::string> removed;
    std::vector<Object> full;
    std::string removed_reference;
    if (!policies.empty() && random.Pick(2) == 0) {
      removed_reference = objects[policies[random.Pick(static_cast<int>(policies.size()))]].reference;
      if (removed_reference != added.reference) removed.push_back(removed_reference);
    }
    for (const Object& object : objects) {
      if (!object.reference.empty() &&
          (object.reference == added.reference ||
           (!removed.empty() && object.reference == removed.front()))) {
        continue;
      }
      full.push_back(object);
    }
    full.push_back(added);

    const Result<Analysis> incremental = base->With({added.file}, removed);
    const Result<Analysis> recomputed = Analysis::FromTexts(Files(full));
    REQUIRE(incremental.ok());
    REQUIRE(recomputed.ok());
    INFO("added " << added.reference << (removed.empty() ? "" : ", removed " + removed.front()));
    CHECK(incremental->cluster().policies.size() == recomputed->cluster().policies.size());
    CHECK(Edges(*incremental) == Edges(*recomputed));
    const std::vector<std::string> via_with = Changes(base->Diff(*incremental));
    CHECK(via_with == Changes(base->Diff(*recomputed)));
    ++compared;
    if (!via_with.empty()) ++changed;
  }
  CHECK(compared == 40);
  CHECK(changed >= 10);  // The random changes do change connections.
}

}  // namespace
}  // namespace netpol
