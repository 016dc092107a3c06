#include "parse/controller_labels.h"

#include <array>
#include <string_view>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

// Kubernetes 1.27 added the batch.kubernetes.io/ forms of the Job labels and
// kept setting the unprefixed ones, so pods carry both.
constexpr std::string_view kJobName = "job-name";
constexpr std::string_view kJobNamePrefixed = "batch.kubernetes.io/job-name";
constexpr std::string_view kControllerUid = "controller-uid";
constexpr std::string_view kControllerUidPrefixed = "batch.kubernetes.io/controller-uid";
// Indexed Jobs (1.28+, PodIndexLabel).
constexpr std::string_view kJobCompletionIndex = "batch.kubernetes.io/job-completion-index";
// Deployment (through its ReplicaSets).
constexpr std::string_view kPodTemplateHash = "pod-template-hash";
// StatefulSet and DaemonSet.
constexpr std::string_view kControllerRevisionHash = "controller-revision-hash";
// DaemonSet.
constexpr std::string_view kPodTemplateGeneration = "pod-template-generation";
// StatefulSet; pod-index since 1.28 (PodIndexLabel).
constexpr std::string_view kStatefulSetPodName = "statefulset.kubernetes.io/pod-name";
constexpr std::string_view kPodIndex = "apps.kubernetes.io/pod-index";

constexpr std::array<std::string_view, 10> kAllKeys = {
    kJobName,         kJobNamePrefixed,        kControllerUid,         kControllerUidPrefixed,
    kJobCompletionIndex, kPodTemplateHash,     kControllerRevisionHash, kPodTemplateGeneration,
    kStatefulSetPodName, kPodIndex};

}  // namespace

void AddControllerLabels(const std::string& kind, const std::string& name,
                         const JobLabelSettings& job, Labels* labels) {
  auto add = [&](std::string_view key, std::string_view value) {
    labels->emplace(std::string(key), std::string(value));
  };
  if (kind == "Deployment") {
    add(kPodTemplateHash, kGeneratedLabelValue);
  } else if (kind == "StatefulSet") {
    add(kControllerRevisionHash, kGeneratedLabelValue);
    add(kStatefulSetPodName, kPerReplicaLabelValue);
    add(kPodIndex, kPerReplicaLabelValue);
  } else if (kind == "DaemonSet") {
    add(kControllerRevisionHash, kGeneratedLabelValue);
    add(kPodTemplateGeneration, kGeneratedLabelValue);
  } else if (kind == "Job" || kind == "CronJob") {
    if (job.manual_selector) return;
    // A CronJob's Jobs are named <cronjob>-<hash of the scheduled time>.
    const std::string_view job_name = kind == "Job" ? std::string_view(name) : kGeneratedLabelValue;
    add(kJobName, job_name);
    add(kJobNamePrefixed, job_name);
    add(kControllerUid, kGeneratedLabelValue);
    add(kControllerUidPrefixed, kGeneratedLabelValue);
    if (job.indexed) add(kJobCompletionIndex, kPerReplicaLabelValue);
  }
}

bool ControllerMayGive(const std::string& name, const std::string& key, const std::string& value) {
  if (key == kJobName || key == kJobNamePrefixed || key == kStatefulSetPodName) {
    return value.starts_with(name + "-");
  }
  return true;
}

bool IsControllerLabelKey(const std::string& key) {
  for (std::string_view known : kAllKeys) {
    if (key == known) return true;
  }
  return false;
}

NETPOL_NAMESPACE_END
