// `check --probe-script`: the generated script cannot pass falsely. Asserts
// on the script text, and runs it with bash against stub kubectl, nc and
// curl executables that behave as a cluster that drops traffic would.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "netpol/check.h"
#include "netpol/check_output.h"
#include "netpol/intent.h"
#include "test_support.h"

namespace netpol {
namespace {

// web may reach api on 5353/UDP (a UDP service that is not DNS); db admits nothing.
const char* const kCluster = R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: app, labels: {app: api}}
spec: {containers: [{name: c, ports: [{containerPort: 5353, protocol: UDP}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: app, labels: {app: db}}
spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all-ingress, namespace: app}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: app}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5353, protocol: UDP}]
)";

const char* const kIntent = R"(apiVersion: netpol.dev/v1alpha1
kind: Intent
metadata: {name: t}
spec:
  scope: {namespaces: [app], mode: open}
  allow:
  - {from: app/web, to: app/api, ports: [5353/UDP]}
  deny:
  - {from: app/web, to: app/db, ports: [5432/TCP]}
)";

std::string Script() {
  const Cluster cluster = testing::LoadOrFail(kCluster);
  DiagnosticSink sink;
  const std::optional<Intent> intent = ParseIntent(kIntent, "intent.yaml", sink);
  REQUIRE(intent);
  const CheckResult result = CheckIntent(Evaluator(cluster), *intent, sink);
  REQUIRE(sink.diagnostics().empty());
  return ProbeScript(result, cluster);
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_CASE("probe scripts never claim a UDP verdict from nc -z and fail on an unresolved pod IP", "[check][probe]") {
  const std::string script = Script();
  CHECK_FALSE(Has(script, "nc -u"));
  CHECK(Has(script, "skip \"app/web -> app/api 5353/UDP (intent: allowed)\" \"UDP cannot be verified by a "
                    "probe; skipped\"\n"));
  CHECK(Has(script, "ERROR: could not resolve pod IP"));
  CHECK(Has(script, "probe denied \"app/web -> app/db 5432/TCP (intent: denied)\" \"$ip1\" \"$ip3\" "
                    "kubectl exec -n app web -- nc -z -w \"$TIMEOUT\" \"$ip3\" 5432\n"));
}

TEST_CASE("probe scripts count DNS over UDP as a query a server answers", "[check][probe]") {
  const Cluster cluster = testing::LoadOrFail(std::string(kCluster) + R"(
---
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, ports: [{containerPort: 53, protocol: UDP}]}]}
)");
  DiagnosticSink sink;
  const auto intent = ParseIntent("apiVersion: netpol.dev/v1alpha1\nkind: Intent\nmetadata: {name: t}\nspec:\n"
                                  "  scope: {namespaces: [app], mode: open}\n  allow:\n"
                                  "  - {from: app/web, to: kube-system/coredns, ports: [53/UDP]}\n",
                                  "intent.yaml", sink);
  REQUIRE(intent);
  const std::string script = ProbeScript(CheckIntent(Evaluator(cluster), *intent, sink), cluster);
  CHECK(Has(script, "probe allowed \"app/web -> kube-system/coredns 53/UDP (intent: allowed)\" \"$ip1\" "
                    "\"$ip2\" dns_query app web \"$ip2\"\n"));
}

// Runs `script` with bash, stub executables first on PATH. The stub kubectl
// prints an IP for every pod but those named in MISSING_PODS, and runs an
// exec'd command locally; the stub nc reports success for UDP (as nc -u -z
// does for dropped datagrams) and a timeout otherwise; curl times out.
struct Run {
  int status = -1;
  std::string output;
};

Run RunWithStubs(const std::string& script, const std::string& missing_pods) {
  const std::string dir = testing::MakeTempDir();
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    std::system(("chmod +x '" + dir + "/" + name + "'").c_str());
  };
  std::system(("mkdir -p '" + dir + "/bin'").c_str());
  write("bin/kubectl", R"(#!/bin/sh
if [ "$1" = get ]; then
  case " $MISSING_PODS " in *" $5 "*) echo "Error from server (NotFound): pods \"$5\" not found" >&2; exit 1 ;; esac
  printf '10.0.0.%s' "${#5}"; exit 0
fi
shift 5
exec "$@"
)");
  write("bin/nc", "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = -u ] && exit 0; done\nexit 1\n");
  write("bin/curl", "#!/bin/sh\nexit 28\n");
  write("probes.sh", script);
  const std::string command = "cd '" + dir + "' && PATH='" + dir + "/bin':\"$PATH\" MISSING_PODS='" +
                              missing_pods + "' bash probes.sh > output.txt 2>&1";
  const int raw = std::system(command.c_str());
  Run run;
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.output = testing::ReadFileOrFail(dir + "/output.txt");
  std::system(("rm -rf '" + dir + "'").c_str());
  return run;
}

TEST_CASE("probe scripts run against stubs fail on an empty pod IP and skip dropped UDP", "[check][probe]") {
  if (std::system("command -v bash >/dev/null 2>&1") != 0) {
    WARN("bash is not available: the generated script is not run");
    return;
  }
  const std::string script = Script();
  struct Case {
    std::string missing_pods;
    int status;
    std::vector<std::string> lines;
  };
  const Case cases[] = {
      {"", 0,
       {"skip  app/web -> app/api 5353/UDP (intent: allowed): UDP cannot be verified by a probe; skipped",
        "ok    app/web -> app/db 5432/TCP (intent: denied): denied", "1 passed, 0 failed, 1 skipped"}},
      // The expected-denied probe must not pass when db's IP cannot be resolved.
      {"db", 1,
       {"FAIL  app/web -> app/db 5432/TCP (intent: denied): ERROR: could not resolve pod IP",
        "0 passed, 1 failed, 1 skipped"}},
      {"web", 1,
       {"FAIL  app/web -> app/db 5432/TCP (intent: denied): ERROR: could not resolve pod IP",
        "0 passed, 1 failed, 1 skipped"}},
  };
  for (const Case& c : cases) {
    INFO("missing pods: " << c.missing_pods);
    const Run run = RunWithStubs(script, c.missing_pods);
    INFO(run.output);
    CHECK(run.status == c.status);
    for (const std::string& line : c.lines) CHECK(Has(run.output, line + "\n"));
    CHECK_FALSE(Has(run.output, "ok    app/web -> app/api 5353/UDP"));
  }
}

}  // namespace
}  // namespace netpol
