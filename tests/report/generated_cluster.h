// A generated cluster for the tests of the grouped (cluster-scale) outputs:
// `namespaces` team namespaces of `pods_per_namespace` bare pods each (four
// apps, frontends and backends), plus a monitoring namespace. Each team
// namespace denies ingress except from its own frontends to its backends on
// TCP 8080, from monitoring to its backends on TCP 9090 and from monitoring
// to its frontends on every port, so namespace and workload cells come out
// all, some and none.
#ifndef NETPOL_TESTS_REPORT_GENERATED_CLUSTER_H_
#define NETPOL_TESTS_REPORT_GENERATED_CLUSTER_H_

#include <fstream>
#include <string>

#include <fmt/format.h>

namespace netpol::testing {

inline std::string GeneratedClusterYaml(int namespaces, int pods_per_namespace) {
  std::string yaml =
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring, labels: {role: monitoring}}\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata: {name: prometheus, namespace: monitoring, "
      "labels: {app: prometheus}}\n";
  for (int n = 0; n < namespaces; ++n) {
    const std::string ns = fmt::format("team{}", n);
    yaml += fmt::format("---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: {}}}\n", ns);
    for (int p = 0; p < pods_per_namespace; ++p) {
      yaml += fmt::format(
          "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: app{0}-{1}, namespace: {2}, labels: "
          "{{app: app{0}, tier: {3}}}}}\n",
          p % 4, p, ns, p % 4 < 2 ? "frontend" : "backend");
    }
    yaml += fmt::format(
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: backends, "
        "namespace: {0}}}\nspec:\n  podSelector: {{matchLabels: {{tier: backend}}}}\n  ingress:\n"
        "  - from:\n    - podSelector: {{matchLabels: {{tier: frontend}}}}\n    ports: [{{port: 8080}}]\n"
        "  - from:\n    - namespaceSelector: {{matchLabels: {{role: monitoring}}}}\n"
        "    ports: [{{port: 9090}}]\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: frontends, "
        "namespace: {0}}}\nspec:\n  podSelector: {{matchLabels: {{tier: frontend}}}}\n  ingress:\n"
        "  - from:\n    - namespaceSelector: {{matchLabels: {{role: monitoring}}}}\n",
        ns);
  }
  return yaml;
}

/// Writes GeneratedClusterYaml to DIR/cluster.yaml and returns that path.
inline std::string WriteGeneratedCluster(const std::string& dir, int namespaces,
                                         int pods_per_namespace) {
  const std::string path = dir + "/cluster.yaml";
  std::ofstream(path) << GeneratedClusterYaml(namespaces, pods_per_namespace);
  return path;
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_REPORT_GENERATED_CLUSTER_H_
