// Embeds netpol: loads manifests from a string, asks whether frontend may
// reach backend on TCP 80, and prints the verdict with its reasons.
#include <iostream>
#include <string>

#include <netpol/evaluator.h>
#include <netpol/loader.h>
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
  const netpol::LoadResult loaded = netpol::LoadText(kManifests, "shop.yaml");
  for (const netpol::Diagnostic& d : loaded.diagnostics) std::cerr << d.ToString() << "\n";
  if (loaded.HasErrors()) return 2;

  const netpol::Cluster& cluster = loaded.cluster;
  const auto frontend = cluster.FindPod("shop", "frontend");
  const auto backend = cluster.FindPod("shop", "backend");
  if (!frontend || !backend) return 2;

  const netpol::Evaluator evaluator(cluster);
  const netpol::Verdict verdict = evaluator.Evaluate(netpol::Endpoint::ForPod(*frontend),
                                                     netpol::Endpoint::ForPod(*backend));
  const bool allowed = verdict.Allows(netpol::Protocol::kTCP, 80);
  std::cout << "shop/frontend -> shop/backend on TCP 80: " << (allowed ? "allowed" : "denied")
            << "\n";
  PrintSide("egress of shop/frontend", verdict.egress, cluster);
  PrintSide("ingress of shop/backend", verdict.ingress, cluster);
  return allowed ? 0 : 1;
}
