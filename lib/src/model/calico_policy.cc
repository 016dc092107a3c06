#include "netpol/calico_policy.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

const char* CalicoPolicyKindName(CalicoPolicyKind kind) {
  switch (kind) {
    case CalicoPolicyKind::kNetworkPolicy: return "NetworkPolicy";
    case CalicoPolicyKind::kGlobalNetworkPolicy: return "GlobalNetworkPolicy";
    case CalicoPolicyKind::kStagedNetworkPolicy: return "StagedNetworkPolicy";
    case CalicoPolicyKind::kStagedGlobalNetworkPolicy: return "StagedGlobalNetworkPolicy";
  }
  return "?";
}

CalicoPolicyKind EnforcedCalicoKind(CalicoPolicyKind kind) {
  switch (kind) {
    case CalicoPolicyKind::kStagedNetworkPolicy: return CalicoPolicyKind::kNetworkPolicy;
    case CalicoPolicyKind::kStagedGlobalNetworkPolicy: return CalicoPolicyKind::kGlobalNetworkPolicy;
    default: return kind;
  }
}

const char* CalicoActionName(CalicoAction action) {
  switch (action) {
    case CalicoAction::kAllow: return "Allow";
    case CalicoAction::kDeny: return "Deny";
    case CalicoAction::kPass: return "Pass";
    case CalicoAction::kLog: return "Log";
  }
  return "?";
}

PortSet CalicoRule::ProtocolMask() const {
  PortSet mask;
  for (auto [protocol, number] : {std::pair{Protocol::kTCP, 6}, std::pair{Protocol::kUDP, 17},
                                  std::pair{Protocol::kSCTP, 132}}) {
    if (this->protocol && *this->protocol != number) continue;
    if (not_protocol && *not_protocol == number) continue;
    mask.AddAll(protocol);
  }
  return mask;
}

std::string CalicoPolicy::Id() const {
  std::string id = std::string(CalicoPolicyKindName(kind)) + " ";
  if (!IsGlobal()) id += namespace_name + "/";
  return id + name;
}

NETPOL_NAMESPACE_END
