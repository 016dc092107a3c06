// Embeds netpol: builds an Analysis from manifests in a string, asks whether
// frontend may reach backend on TCP 80, and prints the verdict with its
// reasons. The Analysis owns everything it answers from: nothing here can
// dangle, and a failed step is a Status, never an exception.
#include <iostream>
#include <string>

#include <netpol/analysis.h>
#include <netpol/version.h>

namespace {

constexpr const char* kManifests = R"(apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {app: frontend}}
---
apiVersion: v1
kind: Pod
metadata: {name: backend, namespace: shop, labels: {app: backend}}
spec:
  containers:
  - name: api
    ports: [{name: http, containerPort: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-from-frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: backend}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: http}]
)";

void PrintSide(const char* what, const netpol::SideVerdict& side,
               const netpol::Cluster& cluster) {
  std::cout << "  " << what << ": ";
  if (!side.isolated) {
    std::cout << "not isolated, allows everything\n";
    return;
  }
  std::cout << "isolated by";
  for (netpol::PolicyId id : side.isolating_policies) {
    std::cout << " " << cluster.policies[id].Id();
  }
  std::cout << "; allows " << side.allowed.ToString() << "\n";
  for (const netpol::SideVerdict::Contribution& c : side.allowed_by) {
    const netpol::NetworkPolicy& policy = cluster.policies[c.rule.policy];
    std::cout << "    " << policy.Id() << " rule " << c.rule.rule_index + 1 << " ("
              << policy.Rules(c.rule.direction)[c.rule.rule_index].loc.ToString()
              << ") allows " << c.ports.ToString() << "\n";
  }
}

}  // namespace

int main() {
  std::cout << "netpol " << netpol::Version() << "\n";
  const netpol::Result<netpol::Analysis> analysis =
      netpol::Analysis::FromTexts({{"shop.yaml", kManifests}});
  if (!analysis.ok()) {  // errors come formatted: FILE:LINE:COL, the line, a caret
    std::cerr << analysis.status().detail() << analysis.status().message() << "\n";
    return 2;
  }
  std::cerr << analysis->FormattedDiagnostics();  // warnings, if any

  const auto frontend = analysis->ResolveEndpoints("shop/frontend");
  const auto backend = analysis->ResolveEndpoints("shop/backend");
  if (!frontend.ok() || !backend.ok()) return 2;

  const netpol::Cluster& cluster = analysis->cluster();
  const netpol::Verdict verdict =
      analysis->evaluator().Evaluate(frontend->front(), backend->front());
  const bool allowed = verdict.Allows(netpol::Protocol::kTCP, 80);
  std::cout << "shop/frontend -> shop/backend on TCP 80: " << (allowed ? "allowed" : "denied")
            << "\n";
  PrintSide("egress of shop/frontend", verdict.egress, cluster);
  PrintSide("ingress of shop/backend", verdict.ingress, cluster);
  return allowed ? 0 : 1;
}
