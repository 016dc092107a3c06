#include "netpol/cluster_policy.h"

#include <tuple>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN

const char* PolicyTierName(PolicyTier tier) {
  return tier == PolicyTier::kAdmin ? "Admin" : "Baseline";
}

const char* TierActionName(TierAction action) {
  switch (action) {
    case TierAction::kAllow: return "Allow";
    case TierAction::kDeny: return "Deny";
    case TierAction::kPass: return "Pass";
  }
  return "?";
}

const char* ClusterPolicyKindName(ClusterPolicyKind kind) {
  switch (kind) {
    case ClusterPolicyKind::kAdminNetworkPolicy: return "AdminNetworkPolicy";
    case ClusterPolicyKind::kBaselineAdminNetworkPolicy: return "BaselineAdminNetworkPolicy";
    case ClusterPolicyKind::kClusterNetworkPolicy: return "ClusterNetworkPolicy";
    case ClusterPolicyKind::kCiliumNetworkPolicy: return "CiliumNetworkPolicy";
    case ClusterPolicyKind::kCiliumClusterwideNetworkPolicy: return "CiliumClusterwideNetworkPolicy";
  }
  return "?";
}

const char* ClusterPolicyKindAbbrev(ClusterPolicyKind kind) {
  switch (kind) {
    case ClusterPolicyKind::kAdminNetworkPolicy: return "ANP";
    case ClusterPolicyKind::kBaselineAdminNetworkPolicy: return "BANP";
    case ClusterPolicyKind::kClusterNetworkPolicy: return "CNP";
    case ClusterPolicyKind::kCiliumNetworkPolicy: return "CiliumNetworkPolicy";
    case ClusterPolicyKind::kCiliumClusterwideNetworkPolicy: return "CiliumClusterwideNetworkPolicy";
  }
  return "?";
}

namespace {

std::string NamespacesText(const LabelSelector& selector) {
  return selector.IsEmpty() ? "every namespace" : "namespaces " + selector.ToString();
}

std::string PodsText(const NamespacedPodSelector& pods) {
  std::string text = pods.pod_selector.IsEmpty() ? "all pods" : "pods " + pods.pod_selector.ToString();
  return text + " of " + NamespacesText(pods.namespace_selector);
}

}  // namespace

std::string ClusterPolicySubject::ToString() const {
  if (pods) return PodsText(*pods);
  if (namespaces) return "all pods of " + NamespacesText(*namespaces);
  return "nothing";
}

std::string ClusterPolicyPeer::ToString() const {
  switch (kind) {
    case Kind::kNamespaces: return "all pods of " + NamespacesText(namespaces);
    case Kind::kPods: return PodsText(pods);
    case Kind::kNodes:
      return nodes.IsEmpty() ? "every node" : "nodes " + nodes.ToString();
    case Kind::kNetworks: {
      std::string text = "networks ";
      for (std::size_t i = 0; i < networks.size(); ++i) {
        if (i) text += ",";
        text += networks[i].ToString();
      }
      return text;
    }
    case Kind::kDomainNames: {
      std::string text = "domain names ";
      for (std::size_t i = 0; i < domain_names.size(); ++i) {
        if (i) text += ",";
        text += domain_names[i];
      }
      return text;
    }
  }
  return "?";
}

std::string ClusterPolicyPort::ToString() const {
  switch (kind) {
    case Kind::kAllOf: return fmt::format("{} all", ProtocolName(protocol));
    case Kind::kRange:
      if (first == last) return fmt::format("{} {}", ProtocolName(protocol), first);
      return fmt::format("{} {}-{}", ProtocolName(protocol), first, last);
    case Kind::kNamed: return "named port " + name;
  }
  return "?";
}

std::string ClusterPolicy::Id() const {
  return std::string(ClusterPolicyKindAbbrev(kind)) + " " + name;
}

bool ClusterPolicy::PrecedesInOrder(const ClusterPolicy& other) const {
  return std::make_tuple(static_cast<int>(tier), priority, static_cast<int>(kind), name) <
         std::make_tuple(static_cast<int>(other.tier), other.priority,
                         static_cast<int>(other.kind), other.name);
}

NETPOL_NAMESPACE_END
