// Exposure writers: text (with the labels that open the door), JSON, and
// netpol-analyzer's exposure sections.
#include "netpol/exposure_output.h"

#include <algorithm>
#include <string>
#include <vector>

#include "report/json_stream.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += separator;
    text += items[i];
  }
  return text;
}

std::string LabelsText(const Labels& labels) {
  std::vector<std::string> parts;
  for (const auto& [key, value] : labels) parts.push_back(key + "=" + value);
  return Join(parts, ",");
}

// Ports and unresolved named ports: "TCP 80", "all ports", "TCP http".
std::string PortsText(const ExposureEntry& entry) {
  std::vector<std::string> parts;
  if (!entry.ports.IsEmpty()) parts.push_back(entry.ports.ToString());
  for (const std::string& name : entry.named_ports) parts.push_back(name);
  return Join(parts, "; ");
}

std::string CauseText(const ExposureCause& cause) {
  std::string text = cause.policy + " " + cause.rule;
  if (cause.loc.IsKnown()) text += " (" + cause.loc.ToString() + ")";
  return text;
}

// The side a new peer's own policies govern: egress for an ingress entry.
const char* FarSide(Direction direction) { return DirectionKey(Opposite(direction)); }

void WriteIsolation(const ExposureEntry& entry, Direction direction, const char* indent,
                    std::ostream& out) {
  for (const PeerIsolation& isolation : entry.isolated_in) {
    out << indent << "a new pod in " << isolation.namespace_name << " would be isolated for "
        << FarSide(direction) << " by " << Join(isolation.policies, ", ")
        << (isolation.every_new_pod ? " (every new pod)" : "") << ": "
        << (isolation.allowed.IsEmpty() ? std::string("blocked")
                                        : "still allowed " + isolation.allowed.ToString())
        << "\n";
  }
}

void WriteSide(const DirectionExposure& side, std::ostream& out) {
  out << "  " << DirectionKey(side.direction) << ": ";
  if (side.isolated) {
    out << "isolated by " << Join(side.isolating_policies, ", ");
  } else {
    out << "not protected (no NetworkPolicy selects it)";
  }
  if (side.tiered) out << "; cluster-scoped policies apply";
  out << "\n";
  if (side.entries.empty()) out << "    exposed to nothing\n";
  for (const ExposureEntry& entry : side.entries) {
    out << "    " << entry.peer.ToString() << ": " << PortsText(entry) << "\n";
    for (const ExposureCause& cause : entry.because) out << "      by " << CauseText(cause) << "\n";
    for (const ExposureCause& cause : entry.narrowed_by) {
      out << "      except what " << CauseText(cause) << " denies\n";
    }
    WriteIsolation(entry, side.direction, "      ", out);
  }
}

void WriteDoor(const WorkloadExposure& workload, std::ostream& out) {
  out << "  labels that open the door:\n";
  if (workload.ingress.entries.empty()) out << "    none: no new pod or address can reach it\n";
  for (const ExposureEntry& entry : workload.ingress.entries) {
    out << "    " << PortsText(entry) << ": " << DoorText(entry) << "\n";
    for (const ExposureCause& cause : entry.narrowed_by) {
      out << "      less what " << CauseText(cause) << " denies\n";
    }
    for (const PeerIsolation& isolation : entry.isolated_in) {
      if (isolation.allowed.IsEmpty()) {
        out << "      but in " << isolation.namespace_name << " its egress would be blocked by "
            << Join(isolation.policies, ", ") << "\n";
      } else if (isolation.allowed != entry.ports) {
        out << "      but in " << isolation.namespace_name << " its egress would allow only "
            << isolation.allowed.ToString() << " (" << Join(isolation.policies, ", ") << ")\n";
      }
    }
  }
}

void WriteCause(report::JsonStream& json, const ExposureCause& cause) {
  json.BeginObject();
  json.Key("policy").String(cause.policy);
  json.Key("rule").String(cause.rule);
  report::WriteLocation(json, cause.loc);
  json.EndObject();
}

const char* KindName(PotentialPeer::Kind kind) {
  switch (kind) {
    case PotentialPeer::Kind::kEntireCluster: return "entire-cluster";
    case PotentialPeer::Kind::kPods: return "pods";
    case PotentialPeer::Kind::kExternal: return "external";
  }
  return "";
}

void WriteLabels(report::JsonStream& json, const Labels& labels) {
  json.BeginObject();
  for (const auto& [key, value] : labels) json.Key(key).String(value);
  json.EndObject();
}

void WritePeer(report::JsonStream& json, const PotentialPeer& peer) {
  json.BeginObject();
  json.Key("kind").String(KindName(peer.kind));
  if (peer.kind == PotentialPeer::Kind::kPods) {
    if (!peer.namespace_name.empty()) {
      json.Key("namespace").String(peer.namespace_name);
    } else {
      json.Key("namespaceSelector").String(CanonicalSelector(peer.namespace_selector).ToString());
    }
    json.Key("podSelector").String(CanonicalSelector(peer.pod_selector).ToString());
  }
  if (peer.kind == PotentialPeer::Kind::kExternal) {
    json.Key("cidr").String(peer.ip_block ? peer.ip_block->cidr.ToString() : "any");
    json.Key("except").BeginArray();
    if (peer.ip_block) {
      for (const Cidr& cidr : peer.ip_block->except) json.String(cidr.ToString());
    }
    json.EndArray();
  }
  json.EndObject();
}

void WriteSideJson(report::JsonStream& json, const DirectionExposure& side) {
  json.BeginObject();
  json.Key("isolated").Bool(side.isolated);
  json.Key("tiered").Bool(side.tiered);
  json.Key("isolatingPolicies").Strings(side.isolating_policies);
  json.Key("exposure").BeginArray();
  for (const ExposureEntry& entry : side.entries) {
    json.BeginObject();
    json.Key("peer");
    WritePeer(json, entry.peer);
    json.Key("description").String(entry.peer.ToString());
    json.Key("ports");
    report::WritePorts(json, entry.ports);
    json.Key("namedPorts").Strings(entry.named_ports);
    json.Key("because").BeginArray();
    for (const ExposureCause& cause : entry.because) WriteCause(json, cause);
    json.EndArray();
    json.Key("narrowedBy").BeginArray();
    for (const ExposureCause& cause : entry.narrowed_by) WriteCause(json, cause);
    json.EndArray();
    json.Key("door").String(DoorText(entry));
    json.Key("namespaceLabels");
    WriteLabels(json, entry.namespace_labels);
    json.Key("podLabels");
    WriteLabels(json, entry.pod_labels);
    json.Key("isolatedIn").BeginArray();
    for (const PeerIsolation& isolation : entry.isolated_in) {
      json.BeginObject();
      json.Key("namespace").String(isolation.namespace_name);
      json.Key("policies").Strings(isolation.policies);
      json.Key("everyNewPod").Bool(isolation.every_new_pod);
      json.Key("allowed");
      report::WritePorts(json, isolation.allowed);
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

// netpol-analyzer's names and forms.
std::string AnalyzerName(const std::string& id) { return id.back() == ']' ? id : id + "[Pod]"; }

std::string AnalyzerSelector(const LabelSelector& selector) {
  // Requirements sorted by key (as Kubernetes' selectors are), values as written.
  LabelSelector canonical = selector;
  std::stable_sort(canonical.match_expressions.begin(), canonical.match_expressions.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
  std::vector<std::string> parts;
  if (!canonical.match_labels.empty()) parts.push_back(LabelsText(canonical.match_labels));
  for (const LabelRequirement& r : canonical.match_expressions) {
    parts.push_back("{Key:" + r.key + ",Operator:" + SelectorOperatorName(r.op) + ",Values:[" +
                    Join(r.values, " ") + "],}");
  }
  return "{" + Join(parts, ",") + "}";
}

std::string AnalyzerPeer(const PotentialPeer& peer) {
  switch (peer.kind) {
    case PotentialPeer::Kind::kEntireCluster: return "entire-cluster";
    case PotentialPeer::Kind::kExternal: {
      if (!peer.ip_block) return "0.0.0.0-255.255.255.255[External]";
      const IpRange range = peer.ip_block->cidr.Range();
      return range.first.ToString() + "-" + range.last.ToString() + "[External]";
    }
    case PotentialPeer::Kind::kPods: {
      const std::string ns = peer.namespace_name.empty()
                                 ? "[namespace with " + AnalyzerSelector(peer.namespace_selector) + "]"
                                 : peer.namespace_name;
      const std::string pods = peer.pod_selector.IsEmpty()
                                   ? "[all pods]"
                                   : "[pod with " + AnalyzerSelector(peer.pod_selector) + "]";
      return ns + "/" + pods;
    }
  }
  return "";
}

std::string AnalyzerPorts(const ExposureEntry& entry) {
  if (entry.ports.IsAll()) return "All Connections";
  std::vector<std::string> groups;
  for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) {
    std::vector<std::string> ports;
    for (const PortRange& range : entry.ports.Ranges(protocol)) {
      ports.push_back(range.first == range.last
                          ? std::to_string(range.first)
                          : std::to_string(range.first) + "-" + std::to_string(range.last));
    }
    for (const std::string& named : entry.named_ports) {
      if (named.rfind(std::string(ProtocolName(protocol)) + " ", 0) == 0) {
        ports.push_back(named.substr(named.find(' ') + 1));
      }
    }
    if (!ports.empty()) groups.push_back(std::string(ProtocolName(protocol)) + " " + Join(ports, ","));
  }
  return Join(groups, ",");
}

}  // namespace

namespace {

// "a pod labelled app=api", "any pod", "a pod matching app in (a,b) (e.g.
// labelled app=a)", "a pod matching !tier (no label needed)".
std::string Matching(const char* what, const char* any, const LabelSelector& selector,
                     const Labels& witness) {
  if (selector.IsEmpty()) return any;
  if (selector.match_expressions.empty()) {
    return std::string("a ") + what + " labelled " + LabelsText(witness);
  }
  return std::string("a ") + what + " matching " + CanonicalSelector(selector).ToString() +
         (witness.empty() ? " (no label needed)" : " (e.g. labelled " + LabelsText(witness) + ")");
}

}  // namespace

std::string DoorText(const ExposureEntry& entry) {
  const PotentialPeer& peer = entry.peer;
  switch (peer.kind) {
    case PotentialPeer::Kind::kEntireCluster: return "any pod in any namespace";
    case PotentialPeer::Kind::kExternal:
      return peer.ip_block ? "an address in " + peer.ip_block->ToString() : "any external address";
    case PotentialPeer::Kind::kPods: {
      const std::string pod = Matching("pod", "any pod", peer.pod_selector, entry.pod_labels);
      if (!peer.namespace_name.empty()) return pod + " in namespace " + peer.namespace_name;
      return pod + " in " +
             Matching("namespace", "any namespace", peer.namespace_selector, entry.namespace_labels);
    }
  }
  return "";
}

void WriteExposureText(const ExposureReport& report, const ExposureOutputOptions& options,
                       std::ostream& out) {
  for (std::size_t i = 0; i < report.workloads.size(); ++i) {
    const WorkloadExposure& workload = report.workloads[i];
    if (i > 0) out << "\n";
    out << workload.id << "\n";
    if (options.door) WriteDoor(workload, out);
    if (options.ingress) WriteSide(workload.ingress, out);
    if (options.egress) WriteSide(workload.egress, out);
  }
}

void WriteExposureJson(const ExposureReport& report, const ExposureOutputOptions& options,
                       std::ostream& out) {
  // Streamed: on a 10k-pod cluster the document is ~100 MB.
  report::JsonStream json(out);
  json.BeginObject();
  json.Key("workloads").BeginArray();
  for (const WorkloadExposure& workload : report.workloads) {
    json.BeginObject();
    json.Key("workload").String(workload.id);
    if (options.ingress) {
      json.Key("ingress");
      WriteSideJson(json, workload.ingress);
    }
    if (options.egress) {
      json.Key("egress");
      WriteSideJson(json, workload.egress);
    }
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  out << "\n";
}

void WriteExposureConnlist(const ExposureReport& report, std::ostream& out) {
  std::size_t width = 0;
  for (const WorkloadExposure& workload : report.workloads) {
    if (!workload.ingress.entries.empty() || !workload.egress.entries.empty()) {
      width = std::max(width, AnalyzerName(workload.id).size());
    }
  }
  std::vector<std::string> egress;
  std::vector<std::string> ingress;
  std::vector<std::string> unprotected;
  for (const WorkloadExposure& workload : report.workloads) {
    std::string name = AnalyzerName(workload.id);
    if (!workload.egress.isolated) unprotected.push_back(name + " is not protected on Egress");
    if (!workload.ingress.isolated) unprotected.push_back(name + " is not protected on Ingress");
    name.resize(std::max(width, name.size()), ' ');
    for (const ExposureEntry& entry : workload.egress.entries) {
      egress.push_back(name + " \t=> \t" + AnalyzerPeer(entry.peer) + " : " + AnalyzerPorts(entry));
    }
    for (const ExposureEntry& entry : workload.ingress.entries) {
      ingress.push_back(name + " \t<= \t" + AnalyzerPeer(entry.peer) + " : " + AnalyzerPorts(entry));
    }
  }
  for (auto* lines : {&egress, &ingress, &unprotected}) std::sort(lines->begin(), lines->end());
  out << "\nExposure Analysis Result:\n";
  bool first = true;
  auto section = [&](const char* title, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    if (!first) out << "\n";
    first = false;
    out << title << "\n";
    for (const std::string& line : lines) out << line << "\n";
  };
  section("Egress Exposure:", egress);
  section("Ingress Exposure:", ingress);
  section("Workloads not protected by network policies:", unprotected);
}

NETPOL_NAMESPACE_END
