// The labels workload controllers add to the pods they create, on the
// workload endpoints that stand for those pods, and how pods from a cluster
// dump (with the real values) fold into them.
#include <catch2/catch.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::LoadOrFail;

constexpr std::string_view kGen = kGeneratedLabelValue;
constexpr std::string_view kPer = kPerReplicaLabelValue;

// A workload in namespace shop with template labels {app: NAME} and
// `job_spec` lines (indented for the Job spec) for Jobs and CronJobs.
std::string Workload(const std::string& kind, const std::string& name,
                     const std::string& job_spec = "", const std::string& extra_labels = "") {
  const std::string api = kind == "Job" || kind == "CronJob" ? "batch/v1" : "apps/v1";
  std::string text = "apiVersion: " + api + "\nkind: " + kind + "\nmetadata: {name: " + name +
                     ", namespace: shop}\nspec:\n";
  std::string indent = "  ";
  if (kind == "CronJob") {
    text += "  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n";
    indent = "      ";
  }
  if (!job_spec.empty()) text += indent + job_spec + "\n";
  text += indent + "template:\n" + indent + "  metadata: {labels: {app: " + name + extra_labels +
          "}}\n" + indent + "  spec: {containers: [{name: c, image: i}]}\n";
  return text;
}

Labels Of(std::initializer_list<std::pair<const char*, std::string_view>> labels) {
  Labels out;
  for (const auto& [key, value] : labels) out.emplace(key, std::string(value));
  return out;
}

TEST_CASE("workload endpoints carry the labels each controller adds to its pods "
          "(Job labels in both forms since Kubernetes 1.27; pod-index and "
          "job-completion-index since 1.28)",
          "[workloads][controller-labels]") {
  struct Case {
    std::string manifest;
    Labels labels;
  };
  const std::vector<Case> cases = {
      {Workload("Job", "migrate"),
       Of({{"app", "migrate"}, {"job-name", "migrate"}, {"batch.kubernetes.io/job-name", "migrate"},
           {"controller-uid", kGen}, {"batch.kubernetes.io/controller-uid", kGen}})},
      // A CronJob's Jobs are named <cronjob>-<hash>: the job name is unknown.
      {Workload("CronJob", "backup"),
       Of({{"app", "backup"}, {"job-name", kGen}, {"batch.kubernetes.io/job-name", kGen},
           {"controller-uid", kGen}, {"batch.kubernetes.io/controller-uid", kGen}})},
      {Workload("Job", "shard", "completionMode: Indexed\n  completions: 3"),
       Of({{"app", "shard"}, {"job-name", "shard"}, {"batch.kubernetes.io/job-name", "shard"},
           {"controller-uid", kGen}, {"batch.kubernetes.io/controller-uid", kGen},
           {"batch.kubernetes.io/job-completion-index", kPer}})},
      // manualSelector: the user picks the labels; the controller adds none.
      {Workload("Job", "manual", "manualSelector: true"), Of({{"app", "manual"}})},
      {Workload("CronJob", "manualcron", "manualSelector: true"), Of({{"app", "manualcron"}})},
      {Workload("Deployment", "web"), Of({{"app", "web"}, {"pod-template-hash", kGen}})},
      {Workload("StatefulSet", "db"),
       Of({{"app", "db"}, {"controller-revision-hash", kGen},
           {"statefulset.kubernetes.io/pod-name", kPer}, {"apps.kubernetes.io/pod-index", kPer}})},
      {Workload("DaemonSet", "agent"),
       Of({{"app", "agent"}, {"controller-revision-hash", kGen}, {"pod-template-generation", kGen}})},
      {Workload("ReplicaSet", "rs"), Of({{"app", "rs"}})},
      // A Job read back from the API server has its labels with real values: kept.
      {Workload("Job", "dumped", "", ", controller-uid: 1f2e, job-name: dumped"),
       Of({{"app", "dumped"}, {"job-name", "dumped"}, {"batch.kubernetes.io/job-name", "dumped"},
           {"controller-uid", "1f2e"}, {"batch.kubernetes.io/controller-uid", kGen}})},
  };
  for (const Case& c : cases) {
    INFO(c.manifest);
    Cluster cluster = LoadOrFail(c.manifest);
    REQUIRE(cluster.pods.size() == 1);
    CHECK(cluster.pods[0].labels == c.labels);
  }
}

// A policy in shop isolating `app: db` for ingress and admitting `from`.
std::string DbPolicy(const std::string& from) {
  return Workload("StatefulSet", "db") + "---\n" + R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: )" + from + "}]\n";
}

TEST_CASE("a controller label with an unknown value exists but equals no selector value: "
          "Exists and NotIn match, DoesNotExist, In and matchLabels do not",
          "[workloads][controller-labels]") {
  struct Case {
    std::string selector;
    bool migrate;  // the Job: job-name known, UIDs unknown
    bool backup;   // the CronJob: job-name unknown too
  };
  const std::vector<Case> cases = {
      {"{matchLabels: {job-name: migrate}}", true, false},
      {"{matchLabels: {batch.kubernetes.io/job-name: migrate}}", true, false},
      {"{matchExpressions: [{key: controller-uid, operator: Exists}]}", true, true},
      {"{matchExpressions: [{key: batch.kubernetes.io/controller-uid, operator: DoesNotExist}]}",
       false, false},
      {"{matchExpressions: [{key: controller-uid, operator: In, values: [abc]}]}", false, false},
      {"{matchExpressions: [{key: controller-uid, operator: NotIn, values: [abc]}]}", true, true},
      {"{matchExpressions: [{key: job-name, operator: NotIn, values: [migrate]}]}", false, true},
      {"{matchLabels: {controller-uid: abc}}", false, false},
  };
  for (const Case& c : cases) {
    INFO(c.selector);
    Cluster cluster = LoadOrFail(DbPolicy(c.selector) + "---\n" + Workload("Job", "migrate") +
                                 "---\n" + Workload("CronJob", "backup"));
    CHECK(testing::Allowed(cluster, "shop/migrate", "shop/db", 5432) == c.migrate);
    CHECK(testing::Allowed(cluster, "shop/backup", "shop/db", 5432) == c.backup);
  }
}

std::string DumpedPod(const std::string& name, const std::string& owner_kind,
                      const std::string& owner, const std::string& labels,
                      const std::string& ip = "") {
  std::string text = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
                     "\n  namespace: shop\n  labels: {" + labels + "}\n  ownerReferences: [{kind: " +
                     owner_kind + ", name: " + owner + ", controller: true}]\n" +
                     "spec: {containers: [{name: c, image: i}]}\n";
  if (!ip.empty()) text += "status: {podIP: " + ip + "}\n";
  return text;
}

std::vector<std::string> Ids(const Cluster& cluster) {
  std::vector<std::string> ids;
  for (const Pod& pod : cluster.pods) ids.push_back(pod.Id());
  return ids;
}

TEST_CASE("pods from a dump fold into their Job, Deployment or StatefulSet although the "
          "controller-added values differ from the template's placeholders",
          "[workloads][controller-labels]") {
  const std::string job_labels =
      "app: migrate, job-name: migrate, batch.kubernetes.io/job-name: migrate, "
      "controller-uid: 0b5c-77, batch.kubernetes.io/controller-uid: 0b5c-77";
  LoadResult result = LoadText(
      Workload("Job", "migrate") + DumpedPod("migrate-x1", "Job", "migrate", job_labels, "10.1.0.9") +
          "---\n" + Workload("Deployment", "web") +
          DumpedPod("web-5d9-a", "Deployment", "web", "app: web, pod-template-hash: 5d9", "10.1.0.7") +
          "---\n" + Workload("StatefulSet", "db") +
          DumpedPod("db-0", "StatefulSet", "db",
                    "app: db, controller-revision-hash: db-7f, statefulset.kubernetes.io/pod-name: "
                    "db-0, apps.kubernetes.io/pod-index: '0'",
                    "10.1.0.10") +
          DumpedPod("db-1", "StatefulSet", "db",
                    "app: db, controller-revision-hash: db-7f, statefulset.kubernetes.io/pod-name: "
                    "db-1, apps.kubernetes.io/pod-index: '1'",
                    "10.1.0.11"),
      "dump.yaml");
  CHECK(result.diagnostics.empty());
  CHECK(Ids(result.cluster) ==
        std::vector<std::string>{"shop/db[StatefulSet]", "shop/migrate[Job]", "shop/web[Deployment]"});
  for (const Pod& endpoint : result.cluster.pods) {
    CHECK(endpoint.folded_pods == (endpoint.name == "db" ? 2 : 1));
  }
}

TEST_CASE("a pod whose controller-added value a selector names is kept apart from its workload",
          "[workloads][controller-labels]") {
  const std::string pod = [] {
    std::string labels;
    std::string text;
    for (const char* n : {"0", "1"}) {
      text += DumpedPod(std::string("db-") + n, "StatefulSet", "db",
                        std::string("app: db, statefulset.kubernetes.io/pod-name: db-") + n +
                            ", apps.kubernetes.io/pod-index: '" + n +
                            "', controller-revision-hash: db-7f");
    }
    return text;
  }();
  const std::string primary = R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: primary, namespace: shop}
spec:
  podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: db-0}}
  policyTypes: [Egress]
)";
  LoadResult result = LoadText(Workload("StatefulSet", "db") + pod + primary, "dump.yaml");
  REQUIRE(Ids(result.cluster) == std::vector<std::string>{"shop/db[StatefulSet]", "shop/db-0"});
  CHECK(result.cluster.pods[1].replica_of == "shop/db[StatefulSet]");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].ToString() ==
        "dump.yaml:9:1: warning: pod shop/db-0 differs from the pod template of its owner "
        "shop/db[StatefulSet] (labels, ports or hostNetwork); kept as its own endpoint");

  SECTION("without the StatefulSet, its pods fold by owner, the pod name per replica") {
    LoadResult pods_only = LoadText(pod, "dump.yaml");
    CHECK(pods_only.diagnostics.empty());
    REQUIRE(Ids(pods_only.cluster) == std::vector<std::string>{"shop/db[StatefulSet]"});
    CHECK(pods_only.cluster.pods[0].labels.at("statefulset.kubernetes.io/pod-name") == kPer);
    CHECK(pods_only.cluster.pods[0].labels.at("controller-revision-hash") == "db-7f");
  }
}

TEST_CASE("a pod lacking a controller label (hand-written, or from before Kubernetes 1.27) "
          "folds unless a selector asks whether the label exists",
          "[workloads][controller-labels]") {
  const std::string manifests =
      Workload("Job", "migrate") +
      DumpedPod("migrate-x1", "Job", "migrate", "app: migrate, job-name: migrate, controller-uid: 0b5c");
  CHECK(Ids(LoadOrFail(manifests)) == std::vector<std::string>{"shop/migrate[Job]"});
  const std::string exists = R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: new-jobs, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: batch.kubernetes.io/job-name, operator: Exists}]}
)";
  CHECK(Ids(LoadOrFail(manifests + exists)) ==
        std::vector<std::string>{"shop/migrate[Job]", "shop/migrate-x1"});
}

TEST_CASE("a policy naming one replica's controller-added value warns when only the "
          "workload's template is in the inputs",
          "[workloads][controller-labels]") {
  const std::string policy = R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: primary, namespace: shop}
spec:
  podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: db-0}}
  ingress:
  - from: [{podSelector: {matchLabels: {job-name: backup-28391}}}]
)";
  LoadResult result = LoadText(Workload("StatefulSet", "db") + "---\n" +
                                   Workload("CronJob", "backup") + "---\n" +
                                   Workload("CronJob", "report") + policy,
                               "in.yaml");
  std::vector<std::string> warnings;
  for (const Diagnostic& d : result.diagnostics) warnings.push_back(d.ToString());
  CHECK(warnings ==
        std::vector<std::string>{
            "in.yaml:35:16: warning: NetworkPolicy shop/primary selects "
            "statefulset.kubernetes.io/pod-name=db-0, a label the controller sets on each pod of "
            "shop/db[StatefulSet] (one value per replica); without the pods in the inputs netpol "
            "matches none of them: add the pods (kubectl get pods -o yaml) to analyse them",
            "in.yaml:37:26: warning: NetworkPolicy shop/primary selects job-name=backup-28391, a "
            "label the controller sets on each pod of shop/backup[CronJob] (a value known only "
            "once it runs); without the pods in the inputs netpol matches none of them: add the "
            "pods (kubectl get pods -o yaml) to analyse them"});
}

TEST_CASE("explain prints an unknown controller-added value as <generated>",
          "[workloads][controller-labels][cli]") {
  const std::string manifests = DbPolicy("{matchLabels: {job-name: migrate}}") + "---\n" +
                                Workload("CronJob", "backup");
  auto result = testing::RunCli({"explain", "--from", "shop/backup", "--to", "shop/db", "-"},
                                manifests);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::Contains("podSelector job-name=migrate does not match labels app=backup,"
                             "batch.kubernetes.io/controller-uid=<generated>,"
                             "batch.kubernetes.io/job-name=<generated>,controller-uid=<generated>,"
                             "job-name=<generated>"));
  CHECK_THAT(result.out, Catch::Contains("Verdict: DENIED"));
}

}  // namespace
}  // namespace netpol
