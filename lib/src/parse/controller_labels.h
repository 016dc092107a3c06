// Labels the workload controllers add to the pods they create.
//
// A workload endpoint stands for the pods its controller creates from the
// pod template, and those pods carry more labels than the template: the
// Deployment controller adds `pod-template-hash`, the Job controller
// `job-name` and `controller-uid`, and so on. Policies can select pods by
// them (`job-name: nightly-backup` is the usual way to single out a Job's
// pods), so a workload endpoint carries them too. Values that cannot be
// known offline are placeholders (netpol/labels.h): kGeneratedLabelValue
// for one value shared by the pods (a UID, a template hash, a CronJob's
// generated Job name), kPerReplicaLabelValue for one value per pod (a
// StatefulSet pod's name and index, an Indexed Job's completion index).
#ifndef NETPOL_PARSE_CONTROLLER_LABELS_H_
#define NETPOL_PARSE_CONTROLLER_LABELS_H_

#include <string>

#include "netpol/labels.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// What a Job (or a CronJob's jobTemplate) says about its pods' labels.
struct JobLabelSettings {
  /// `spec.manualSelector: true`: the controller adds no labels.
  bool manual_selector = false;
  /// `spec.completionMode: Indexed`: each pod gets its completion index.
  bool indexed = false;
};

/// Adds to `labels` the labels the controller of a workload of `kind` named
/// `name` adds to its pods, keeping any the template already has (a Job or
/// ReplicaSet read back from the API server has them with their real value).
void AddControllerLabels(const std::string& kind, const std::string& name,
                         const JobLabelSettings& job, Labels* labels);

/// Whether the controller of workload `name` may give one of its pods label
/// `key` = `value` where its endpoint holds a placeholder: a CronJob's Job
/// names and a StatefulSet's pod names start with "<name>-".
bool ControllerMayGive(const std::string& name, const std::string& key, const std::string& value);

/// Whether `key` is a label some controller adds (the keys above).
bool IsControllerLabelKey(const std::string& key);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_CONTROLLER_LABELS_H_
