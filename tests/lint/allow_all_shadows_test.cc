// NP020 allow-all-shadows and what NP007 redundant-rule no longer says
// (issue #17, reproduction 5): a broad policy covering least-privilege ones
// is the one flagged; the narrow ones are not called redundant.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "netpol/netpol.h"
#include "test_support.h"

namespace netpol {
namespace {

const std::string kPods = R"(apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: api, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: other, labels: {app: db}}
spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
)";

// A NetworkPolicy document (with its leading `---`).
std::string Policy(const std::string& name, const std::string& ns, const std::string& spec) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name +
         ", namespace: " + ns + "}\nspec:\n" + spec;
}

const std::string kApiFromWeb = Policy("api-from-web", "shop", R"(  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]
)");

// "line:col rule" for each finding of `rules`.
std::vector<std::string> Where(const std::string& text, const std::set<std::string>& rules) {
  LoadResult loaded = LoadText(text, "test.yaml");
  REQUIRE_FALSE(loaded.HasErrors());
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  LintOptions options;
  options.enabled = rules;
  std::vector<std::string> where;
  for (const LintFinding& f : RunLint(registry, loaded.cluster, options)) {
    where.push_back(std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column) + " " +
                    f.rule_id);
  }
  return where;
}

TEST_CASE("with an allow-all policy next to the exercise's least-privilege ones, lint flags the allow-all one and calls none of them redundant", "[lint]") {
  const std::string allow_all = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-in-namespace, namespace: netpol-demo}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {}}]
  egress:
  - to: [{podSelector: {}}]
)";
  std::istringstream in(allow_all);
  LoadResult loaded = LoadPaths({testing::SourceDir() + "/examples/netpol-demo-fixed", "-"}, in);
  REQUIRE_FALSE(loaded.HasErrors());
  ModelClusterDnsIfMissing(loaded.cluster);
  LintRegistry registry;
  RegisterBuiltinRules(registry);
  const auto findings = RunLint(registry, loaded.cluster, LintOptions{});
  std::vector<LintFinding> np020;
  for (const LintFinding& f : findings) {
    INFO(f.loc.ToString() << ": " << f.message);
    CHECK(f.rule_id != "NP007");  // before: "policy ... is redundant", fix "delete the policy"
    if (f.rule_id == "NP020") np020.push_back(f);
  }
  REQUIRE(np020.size() == 2);
  CHECK(np020[0].loc.line == 8);  // ingress[0] of allow-all-in-namespace
  CHECK(np020[0].message.rfind("ingress[0] of netpol-demo/allow-all-in-namespace admits everything "
                               "that netpol-demo/allow-frontend-to-backend (",
                               0) == 0);
  CHECK(np020[0].fix ==
        "narrow ingress[0] of netpol-demo/allow-all-in-namespace to the traffic it is meant for, "
        "or remove it; keep the narrower policies");
  CHECK(np020[1].loc.line == 10);  // egress[0]
  for (const char* narrow : {"allow-frontend-egress-to-backend", "allow-client-egress-to-frontend",
                             "allow-backend-egress-to-database"}) {
    CHECK(np020[1].message.find(std::string("netpol-demo/") + narrow) != std::string::npos);
  }
}

struct Case {
  const char* name;
  std::string policies;
  std::vector<std::string> expected;  // "line:col NP020"; lines count from kPods' first line
};

TEST_CASE("NP020 flags the broad policy that covers another of its namespace, and only then", "[lint]") {
  // kPods is 14 lines; each Policy() adds a `---` and 5 header lines, so the
  // first policy's rules start at line 20, its first `- ` at line 22.
  const std::vector<Case> cases = {
      {"an ingress rule without `from` covers a narrow ingress policy",
       Policy("open", "shop", "  podSelector: {}\n  ingress:\n  - {}\n") + kApiFromWeb,
       {"22:5 NP020"}},
      {"ingress from podSelector {} on all ports covers it",
       Policy("open", "shop", "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]\n") +
           kApiFromWeb,
       {"22:5 NP020"}},
      {"egress to podSelector {} covers a narrow egress policy",
       Policy("open", "shop",
              "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {}}]\n") +
           Policy("web-to-api", "shop",
                  "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n"
                  "  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 8080}]\n"),
       {"23:5 NP020"}},
      {"a narrow policy listed first is still not the one flagged",
       kApiFromWeb + Policy("open", "shop", "  podSelector: {}\n  ingress:\n  - {}\n"),
       {"32:5 NP020"}},
      {"the broad policy allows other ports only: no finding",
       Policy("open", "shop",
              "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]\n    ports: [{port: 9090}]\n") +
           kApiFromWeb,
       {}},
      {"the broad policy does not select all the narrow one's pods: no finding",
       Policy("web-open", "shop", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - {}\n") +
           Policy("all-from-web", "shop",
                  "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n"),
       {}},
      {"a policy in another namespace: no finding",
       Policy("open", "other", "  podSelector: {}\n  ingress:\n  - {}\n") + kApiFromWeb, {}},
      {"a default-deny next to an allow-all allows nothing to cover: no finding",
       Policy("open", "shop", "  podSelector: {}\n  ingress:\n  - {}\n") +
           Policy("deny", "shop", "  podSelector: {}\n  policyTypes: [Ingress]\n"),
       {}},
      {"two policies that allow exactly the same, written differently: no finding (NP007's)",
       Policy("a", "shop", "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]\n") +
           Policy("b", "shop",
                  "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: "
                  "{kubernetes.io/metadata.name: shop}}}]\n"),
       {}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(Where(kPods + c.policies, {"NP020"}) == c.expected);
  }
}

TEST_CASE("NP007 reports rules covered within their policy and identical rules elsewhere, not narrow policies a broader one covers", "[lint]") {
  const std::vector<Case> cases = {
      {"a narrow policy covered by a broader one: not redundant",
       Policy("open", "shop", "  podSelector: {}\n  ingress:\n  - {}\n") + kApiFromWeb, {}},
      {"a rule covered by a broader rule of its own policy: redundant",
       Policy("api", "shop",
              "  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - {}\n"
              "  - from: [{podSelector: {matchLabels: {app: web}}}]\n"),
       {"23:5 NP007"}},
      {"a policy whose only rule is identical to a rule of another isolating its pods: redundant",
       Policy("api", "shop",
              "  podSelector: {matchLabels: {app: api}}\n  ingress:\n"
              "  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 8080}]\n"
              "  - from: [{podSelector: {matchLabels: {app: api}}}]\n") +
           kApiFromWeb,
       {"26:1 NP007"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(Where(kPods + c.policies, {"NP007"}) == c.expected);
  }
}

}  // namespace
}  // namespace netpol
