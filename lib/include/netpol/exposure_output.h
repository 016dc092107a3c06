// Writers for exposure reports (netpol/exposure.h): readable text with the
// labels that open the door, JSON, and np-guard/netpol-analyzer's exposure
// sections.
//
// Threads: the writers only read their arguments; any number may run at once
// on distinct streams. Cost: linear in the size of the report.
#ifndef NETPOL_EXPOSURE_OUTPUT_H_
#define NETPOL_EXPOSURE_OUTPUT_H_

#include <iosfwd>

#include "netpol/api.h"
#include "netpol/exposure.h"

NETPOL_NAMESPACE_BEGIN

/// Which parts the text and JSON writers print.
struct ExposureOutputOptions {
  bool ingress = true;
  bool egress = true;
  /// Print, before each workload's ingress exposure, "the labels that open
  /// the door": the namespace and pod labels a new pod needs to reach it,
  /// per port, and whether egress isolation where it lands would still
  /// block it (`netpol exposure --to`).
  bool door = false;
};

/// One block per workload: its isolation, then each entry with its ports,
/// the rules creating it (FILE:LINE:COL) and how a new peer would be
/// isolated on its own side.
void WriteExposureText(const ExposureReport& report, const ExposureOutputOptions& options,
                       std::ostream& out);

/// {"workloads": [{"workload", "ingress", "egress"}]}; the shape is
/// documented in docs/exposure.md.
void WriteExposureJson(const ExposureReport& report, const ExposureOutputOptions& options,
                       std::ostream& out);

/// netpol-analyzer's exposure sections, as printed after its connlist:
/// "Exposure Analysis Result:", "Egress Exposure:", "Ingress Exposure:" and
/// "Workloads not protected by network policies:", with its spacing. Empty
/// sections are left out. Starts with an empty line.
void WriteExposureConnlist(const ExposureReport& report, std::ostream& out);

/// The door sentence of an entry: "a pod labelled app=backend in namespace
/// netpol-demo", "any pod in any namespace", "an address in 10.0.0.0/8".
std::string DoorText(const ExposureEntry& entry);

NETPOL_NAMESPACE_END

#endif  // NETPOL_EXPOSURE_OUTPUT_H_
