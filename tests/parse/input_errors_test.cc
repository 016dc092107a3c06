// Errors on real-world input (issue #15): every decode error names its
// object, duplicate fields follow --validate, AdminNetworkPolicies of
// earlier network-policy-api releases are refused, control characters are
// never echoed raw, read errors carry the OS's reason, and large dumps load
// up to --max-input-size.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/utf8.h"
#include "netpol/analysis.h"
#include "netpol/loader.h"
#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadErrors;

std::vector<std::string> Messages(const std::string& text, const std::string& name,
                                  FieldValidation validation = FieldValidation::kStrict) {
  LoadOptions options;
  options.validation = validation;
  std::vector<std::string> messages;
  for (const Diagnostic& d : LoadText(text, name, options).diagnostics) {
    if (d.severity != Severity::kNote) messages.push_back(d.ToString());
  }
  return messages;
}

struct Case {
  const char* input;
  const char* message;
};

// ---------------------------------------------------------------------------
// Errors name the object

TEST_CASE("a decode error names the object as Kind ns/name, or Kind name when cluster-scoped",
          "[parse][errors]") {
  const Case cases[] = {
      {"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-allow, "
       "namespace: shop}\nspec:\n  ingress: [{ports: [{port: 0}]}]\n",
       "test.yaml:5:29: error: NetworkPolicy shop/web-allow: spec.ingress[0].ports[0].port: must "
       "be between 1 and 65535, got 0"},
      // No namespace: the API server's (and netpol's) default.
      {"apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: http}]}\n",
       "test.yaml:4:23: error: Service default/web: spec.ports[0].port: expected an integer, got "
       "a string"},
      {"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
       "spec: {template: {spec: {hostNetwork: maybe}}}\n",
       "test.yaml:4:39: error: Deployment shop/api: spec.template.spec.hostNetwork: expected true "
       "or false, got a string"},
      {"apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {tier: [a]}}\n",
       "test.yaml:3:39: error: Namespace shop: metadata.labels.tier: expected a string, got a "
       "list"},
      {"apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
       "metadata: {name: deny-all}\nspec: {priority: 2000, subject: {namespaces: {}}}\n",
       "test.yaml:4:18: error: AdminNetworkPolicy deny-all: spec.priority: must be between 0 and "
       "1000, got 2000"},
      // Before the name is known, the kind alone.
      {"apiVersion: v1\nkind: Pod\nmetadata: {namespace: shop}\n",
       "test.yaml:3:11: error: Pod: metadata.name: required field missing"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(LoadErrors(c.input) == std::vector<std::string>{c.message});
  }
}

TEST_CASE("an error in a one-line JSON dump names the object; the column is a byte column",
          "[parse][errors]") {
  std::string dump = R"({"apiVersion":"v1","kind":"List","items":[)";
  for (int i = 0; i < 3; ++i) {
    dump += R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p)" + std::to_string(i) +
            R"(","namespace":"shop"}},)";
  }
  const std::size_t column = dump.size() + 1;
  dump += R"({"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",)"
          R"("metadata":{"name":"db","namespace":"shop"},"spec":{"podSelector":{"matchLabel":{}}}}]})";
  const std::size_t key_column = dump.find("\"matchLabel\"") + 1;
  REQUIRE(key_column > column);
  CHECK(LoadErrors(dump, "dump.json") ==
        std::vector<std::string>{"dump.json:1:" + std::to_string(key_column) +
                                 ": error: NetworkPolicy shop/db: spec.podSelector.matchLabel: "
                                 "unknown field 'matchLabel' (did you mean 'matchLabels'?)"});
}

// ---------------------------------------------------------------------------
// Duplicate fields

const char* const kDuplicatePodSelector =
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\n"
    "spec:\n  podSelector: {matchLabels: {app: web}}\n  podSelector: {}\n";

TEST_CASE("a duplicate field is an error under strict, a warning under warn, silent under ignore",
          "[parse][validate]") {
  CHECK(Messages(kDuplicatePodSelector, "test.yaml", FieldValidation::kStrict) ==
        std::vector<std::string>{"test.yaml:6:3: error: NetworkPolicy x/p: spec.podSelector: "
                                 "duplicate field 'podSelector' (first at test.yaml:5:3)"});
  CHECK(Messages(kDuplicatePodSelector, "test.yaml", FieldValidation::kWarn) ==
        std::vector<std::string>{"test.yaml:6:3: warning: NetworkPolicy x/p: spec.podSelector: "
                                 "duplicate field 'podSelector' (first at test.yaml:5:3); the "
                                 "last one is used"});
  CHECK(Messages(kDuplicatePodSelector, "test.yaml", FieldValidation::kIgnore).empty());
  // The last one is what is read, as kubectl's readers keep it.
  LoadOptions ignore;
  ignore.validation = FieldValidation::kIgnore;
  const LoadResult loaded = LoadText(kDuplicatePodSelector, "test.yaml", ignore);
  REQUIRE(loaded.cluster.policies.size() == 1);
  CHECK(loaded.cluster.policies[0].pod_selector.match_labels.empty());
}

TEST_CASE("duplicate fields anywhere in a modelled object are reported at the second one",
          "[parse][validate]") {
  const Case cases[] = {
      {"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n"
       "  podSelector: {}\n  ingress: []\n  ingress: [{}]\n",
       "test.yaml:7:3: error: NetworkPolicy default/p: spec.ingress: duplicate field 'ingress' "
       "(first at test.yaml:6:3)"},
      {"apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {app: web, app: db}\n",
       "test.yaml:5:22: error: Pod default/a: metadata.labels.app: duplicate field 'app' (first "
       "at test.yaml:5:12)"},
      {"apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n"
       "    ports: [{containerPort: 80, containerPort: 81}]\n",
       "test.yaml:7:33: error: Pod default/a: spec.containers[0].ports[0].containerPort: "
       "duplicate field 'containerPort' (first at test.yaml:7:14)"},
      {R"({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "name": "b"}})",
       "test.json:1:69: error: Namespace b: metadata.name: duplicate field 'name' (first at "
       "test.json:1:56)"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    const std::string name = c.input[0] == '{' ? "test.json" : "test.yaml";
    CHECK(Messages(c.input, name) == std::vector<std::string>{c.message});
  }
}

TEST_CASE("keys beside a YAML merge key and duplicates in unmodelled objects are not errors",
          "[parse][validate]") {
  // `<<` merges; a key written beside it overrides the merged one.
  CHECK(Messages("base: &base {app: web, tier: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n"
                 "  name: a\n  labels:\n    <<: {app: web, tier: a}\n    tier: b\n",
                 "test.yaml")
            .size() == 1);  // only the note-free warning for the first document
  const LoadResult merged = LoadText(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    <<: {app: web, tier: a}\n"
      "    tier: b\n",
      "test.yaml");
  CHECK_FALSE(merged.HasErrors());
  REQUIRE(merged.cluster.pods.size() == 1);
  CHECK(merged.cluster.pods[0].labels == Labels{{"app", "web"}, {"tier", "b"}});
  // A ConfigMap, a CI workflow: not modelled, so not netpol's to judge.
  CHECK(Messages("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1, a: 2}\n",
                 "test.yaml")
            .empty());
}

// ---------------------------------------------------------------------------
// AdminNetworkPolicies written for earlier network-policy-api releases

std::string AnpWithIngressPeer(const std::string& peer) {
  return "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
         "metadata: {name: a}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n"
         "  - action: Deny\n    from:\n    - " +
         peer + "\n";
}

TEST_CASE("v0.1.1 namespaces/pods peers (namespaceSelector, sameLabels, notSameLabels, "
          "related) are errors naming the release that changed them (v0.1.7)",
          "[parse][cluster-policy]") {
  const Case cases[] = {
      {"namespaces: {namespaceSelector: {matchLabels: {team: a}}}",
       "test.yaml:10:20: error: AdminNetworkPolicy a: "
       "spec.ingress[0].from[0].namespaces.namespaceSelector: the network-policy-api v0.1.1 "
       "shape; since v0.1.7 `namespaces` is itself a label selector: write namespaces: "
       "{matchLabels: ...}"},
      {"namespaces: {sameLabels: [team]}",
       "test.yaml:10:20: error: AdminNetworkPolicy a: "
       "spec.ingress[0].from[0].namespaces.sameLabels: sameLabels was removed in "
       "network-policy-api v0.1.7 (after v0.1.1); select the namespaces with a label selector "
       "instead"},
      {"namespaces: {notSameLabels: [team]}",
       "test.yaml:10:20: error: AdminNetworkPolicy a: "
       "spec.ingress[0].from[0].namespaces.notSameLabels: notSameLabels was removed in "
       "network-policy-api v0.1.7 (after v0.1.1); select the namespaces with a label selector "
       "instead"},
      {"namespaces: {related: Self}",
       "test.yaml:10:20: error: AdminNetworkPolicy a: spec.ingress[0].from[0].namespaces.related: "
       "`related` was removed from network-policy-api in 2023 "
       "(kubernetes-sigs/network-policy-api#75); select the namespaces with a label selector "
       "instead"},
      {"pods: {namespaces: {namespaceSelector: {}}, podSelector: {}}",
       "test.yaml:10:14: error: AdminNetworkPolicy a: spec.ingress[0].from[0].pods.namespaces: "
       "the network-policy-api v0.1.1 shape of a pods peer; since v0.1.7 it is pods: "
       "{namespaceSelector: ..., podSelector: ...}"},
  };
  // Even --validate=ignore: read as the current CRD would store them, they
  // would select every namespace, the opposite of what was meant.
  for (FieldValidation validation :
       {FieldValidation::kStrict, FieldValidation::kWarn, FieldValidation::kIgnore}) {
    for (const Case& c : cases) {
      INFO(c.input);
      CHECK(Messages(AnpWithIngressPeer(c.input), "test.yaml", validation) ==
            std::vector<std::string>{c.message});
    }
  }
}

TEST_CASE("unknown fields in cluster policies follow --validate, with 'did you mean'",
          "[parse][cluster-policy][validate]") {
  const std::string typo = AnpWithIngressPeer("namespaces: {matchLabel: {team: a}}");
  CHECK(Messages(typo, "test.yaml") ==
        std::vector<std::string>{"test.yaml:10:20: error: AdminNetworkPolicy a: "
                                 "spec.ingress[0].from[0].namespaces.matchLabel: unknown field "
                                 "'matchLabel' (did you mean 'matchLabels'?)"});
  const std::string rule_typo =
      "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
      "metadata: {name: a}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n"
      "  - action: Deny\n    form: [{namespaces: {}}]\n";
  CHECK(Messages(rule_typo, "test.yaml", FieldValidation::kWarn).front() ==
        "test.yaml:9:5: warning: AdminNetworkPolicy a: spec.ingress[0].form: unknown field "
        "'form' ignored (did you mean 'from'?)");
  CHECK(Messages(rule_typo, "test.yaml", FieldValidation::kIgnore) ==
        std::vector<std::string>{"test.yaml:8:5: error: AdminNetworkPolicy a: "
                                 "spec.ingress[0].from: required field missing (at least one "
                                 "peer)"});
}

// ---------------------------------------------------------------------------
// Control characters

TEST_CASE("control characters are shown escaped", "[model][errors]") {
  const Case cases[] = {
      {"a\tb", "a\\tb"},
      {"line\nbreak\r", "line\\nbreak\\r"},
      {"esc\x1b[31mred", "esc\\x1b[31mred"},
      {"del\x7f", "del\\x7f"},
      {"csi\xc2\x9b", "csi\\u009b"},
      {"caf\xc3\xa9 \xc2\xa0ok", "caf\xc3\xa9 \xc2\xa0ok"},  // é and NBSP are not controls
      {"back\\slash", "back\\slash"},
  };
  for (const Case& c : cases) CHECK(EscapeControlCharacters(c.input) == c.message);
  CHECK(EscapeControlCharacters(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(EscapeControlCharacters("a\tb", /*keep_tab=*/true) == "a\tb");
}

TEST_CASE("a NUL or escape sequence from the input never reaches a message raw",
          "[parse][errors]") {
  // JSON may spell any control character as \u00XX inside a key or value.
  const std::string text =
      R"({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", )"
      R"("metadata": {"name": "p"}, "spec": {"podSelector": {}, "in\u0000gress\u001b[2J": []}})";
  const std::vector<std::string> errors = LoadErrors(text, "nul.json");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "nul.json:1:120: error: NetworkPolicy default/p: "
                     "spec.in\\x00gress\\x1b[2J: unknown field 'in\\x00gress\\x1b[2J'");
  // The source line under a diagnostic is escaped too, the caret moved along.
  const std::string yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, x: \"\x1b\", "
                           "labels: {app: [1]}}\n";
  const testing::CliResult result = testing::RunCli({"graph", "-"}, yaml);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find('\x1b') == std::string::npos);
  CHECK(result.err.find("  metadata: {name: a, x: \"\\x1b\", labels: {app: [1]}}\n"
                        "  " + std::string(42 + 3, ' ') + "^\n") !=
        std::string::npos);
}

// ---------------------------------------------------------------------------
// Reading files

TEST_CASE("an unreadable file is an error with the OS's reason", "[parse][errors]") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("netpol-unreadable-" +
                                                     std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "apiVersion: v1\n";
  fs::permissions(path, fs::perms::none);
  std::istringstream no_stdin;
  DiagnosticSink sink;
  ReadInputs({path.string()}, no_stdin, sink);
  const bool root = ::geteuid() == 0;  // root reads it anyway
  fs::remove(path);
  if (root) {
    WARN("running as root: permission bits do not stop reads; not checked");
    CHECK_FALSE(sink.HasErrors());
    return;
  }
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].message == "cannot read file: permission denied");
}

// ---------------------------------------------------------------------------
// Large dumps

// A `kubectl get -A -o json` List of `pods` pods, each with the managedFields
// the API server records (what makes real dumps large), on one line.
std::string DumpWithManagedFields(int pods) {
  std::string text = R"({"apiVersion":"v1","kind":"List","items":[)";
  for (int i = 0; i < pods; ++i) {
    const std::string n = std::to_string(i);
    if (i) text += ',';
    text += R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-)" + n +
            R"(","namespace":"shop","labels":{"app":"web"},"managedFields":[)"
            R"({"manager":"kube-controller-manager","operation":"Update","fieldsType":"FieldsV1",)"
            R"("fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{)"
            R"("f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},)"
            R"("f:ports":{".":{},"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}":{".":{},)"
            R"("f:containerPort":{},"f:protocol":{}}}}}}}},)"
            R"({"manager":"kubelet","operation":"Update","subresource":"status",)"
            R"("fieldsV1":{"f:status":{"f:conditions":{},"f:podIP":{},"f:podIPs":{}}}}]},)"
            R"("spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":8080}]}]},)"
            R"("status":{"phase":"Running","podIP":"10.0.)" +
            std::to_string(i / 250) + "." + std::to_string(i % 250 + 1) + R"("}})";
  }
  return text + "]}";
}

TEST_CASE("a dump with managedFields loads; over --max-input-size it is an error naming the "
          "flag",
          "[parse][hostile][cli]") {
  const std::string dump = DumpWithManagedFields(2000);  // ~2.3 MB, one line
  const LoadResult loaded = LoadText(dump, "dump.json");
  CHECK_FALSE(loaded.HasErrors());
  CHECK(loaded.cluster.pods.size() == 2000);
  const testing::CliResult small =
      testing::RunCli({"graph", "--format", "summary", "--max-input-size", "1M", "-"}, dump);
  CHECK(small.exit_code == 2);
  CHECK(small.out.empty());
  CHECK(small.err == "<stdin>:1:1: error: input too large: " + std::to_string(dump.size()) +
                         " bytes, the limit is 1 MiB (1048576 bytes); --max-input-size SIZE "
                         "raises it\nnetpol: 1 error in the input; nothing was analysed\n");
  const testing::CliResult enough =
      testing::RunCli({"graph", "--format", "summary", "--max-input-size", "3MiB", "-"}, dump);
  CHECK(enough.exit_code == 0);
}

TEST_CASE("the --max-input-size flag takes bytes or K, M, G with an optional i/B", "[cli]") {
  const std::pair<const char*, std::size_t> good[] = {
      {"1048576", 1u << 20}, {"512K", 512u << 10}, {"100M", 100u << 20},
      {"100MB", 100u << 20}, {"2GiB", std::size_t{2} << 30}, {"1g", std::size_t{1} << 30}};
  for (const auto& [text, bytes] : good) {
    INFO(text);
    const Result<std::size_t> size = ParseByteSize(text);
    REQUIRE(size.ok());
    CHECK(*size == bytes);
  }
  for (const char* bad : {"", "0", "M", "1T", "1.5G", "-1", "10 M", "2000G"}) {
    INFO(bad);
    const Result<std::size_t> size = ParseByteSize(bad);
    CHECK(size.status().code() == StatusCode::kInvalidArgument);
    CHECK(size.status().message() ==
          "expected a size such as 2G, 500M or 1048576, got \"" + std::string(bad) + "\"");
  }
  const testing::CliResult result =
      testing::RunCli({"graph", "--max-input-size", "lots", "-"}, "");
  CHECK(result.exit_code == 2);
  CHECK(result.err == "netpol: --max-input-size: expected a size such as 2G, 500M or 1048576, "
                      "got \"lots\"\n");
}

}  // namespace
}  // namespace netpol
