#include "netpol/endpoint_ref.h"

#include "netpol/label_typo.h"

#include <algorithm>
#include <map>
#include <set>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

bool LooksLikeSelector(const std::string& text) {
  return text.find_first_of("=!(), ") != std::string::npos;
}

std::vector<std::string> SplitSlashes(const std::string& text) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

constexpr const char* kEndpointKinds =
    "pod (po), service (svc), deployment (deploy), statefulset (sts), daemonset (ds) or "
    "replicaset (rs)";

bool IsEndpointKind(ObjectKind kind) {
  return kind == ObjectKind::kPod || kind == ObjectKind::kService || IsWorkloadKind(kind);
}

// KIND/NS/NAME or KIND/NAME (`parts` split at '/'): fills `ref`, or says why not.
bool ParseKindForm(const std::vector<std::string>& parts, EndpointRef& ref, std::string* error) {
  const std::optional<ObjectKind> kind = ParseKindName(parts[0]);
  if (!kind) {
    *error = "unknown kind \"" + parts[0] + "\" in \"" + ref.text + "\": expected KIND/NAMESPACE/NAME " +
             "with KIND one of " + kEndpointKinds;
    return false;
  }
  if (!IsEndpointKind(*kind)) {
    *error = "\"" + ref.text + "\" names a " + ObjectKindName(*kind) + ", not an endpoint: expected " +
             kEndpointKinds;
    return false;
  }
  for (const std::string& part : parts) {
    if (part.empty()) {
      *error = "expected KIND/NAMESPACE/NAME or KIND/NAME, got \"" + ref.text + "\"";
      return false;
    }
  }
  ref.object_kind = kind;
  ref.kind = *kind == ObjectKind::kService ? EndpointRef::Kind::kService : EndpointRef::Kind::kPod;
  ref.namespace_name = parts.size() == 3 ? parts[1] : "default";
  ref.name = parts.back();
  return true;
}

// The endpoint `ref` (a kPod ref) names: of its kind when it has one, else a
// bare pod before a workload.
std::optional<PodId> FindRefPod(const EndpointRef& ref, const Cluster& cluster) {
  if (!ref.object_kind) return cluster.FindPod(ref.namespace_name, ref.name);
  const std::string kind = ObjectKindName(*ref.object_kind);
  for (PodId id = 0; id < cluster.pods.size(); ++id) {
    const Pod& pod = cluster.pods[id];
    if (pod.kind == kind && pod.namespace_name == ref.namespace_name && pod.name == ref.name &&
        pod.replica_of.empty()) {
      return id;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<EndpointRef> EndpointRef::Parse(const std::string& text) {
  EndpointRef ref;
  ref.text = text;
  if (text.empty()) {
    return Status::InvalidArgument("empty endpoint");
  }
  if (auto address = IpAddress::Parse(text)) {
    ref.kind = Kind::kAddress;
    ref.address = *address;
    return ref;
  }
  if (auto cidr = Cidr::Parse(text)) {
    ref.kind = Kind::kCidr;
    ref.cidr = *cidr;
    return ref;
  }
  if (text.starts_with("fqdn:")) {
    ref.kind = Kind::kFqdn;
    ref.fqdn = text.substr(5);
    if (ref.fqdn.empty()) {
      return Status::InvalidArgument(
          "expected a DNS name after fqdn:, such as fqdn:api.example.com");
    }
    return ref;
  }
  // svc.ns.svc.cluster.local (the Service's DNS name).
  for (const char* suffix : {".svc.cluster.local.", ".svc.cluster.local", ".svc"}) {
    const std::string tail(suffix);
    if (text.size() > tail.size() && text.ends_with(tail)) {
      const std::string head = text.substr(0, text.size() - tail.size());
      const std::size_t dot = head.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 >= head.size() ||
          head.find('.', dot + 1) != std::string::npos) {
        return Status::InvalidArgument(
            "expected a Service name such as web.shop.svc.cluster.local, got \"" + text + "\"");
      }
      ref.kind = Kind::kService;
      ref.name = head.substr(0, dot);
      ref.namespace_name = head.substr(dot + 1);
      return ref;
    }
  }
  // KIND/NS/NAME and KIND/NAME, as kubectl's TYPE/NAME.
  if (!LooksLikeSelector(text)) {
    const std::vector<std::string> parts = SplitSlashes(text);
    if (parts.size() == 3 || (parts.size() == 2 && ParseKindName(parts[0]))) {
      std::string why;
      if (!ParseKindForm(parts, ref, &why)) return Status::InvalidArgument(why);
      return ref;
    }
  }
  std::string rest = text;
  const std::size_t slash = text.find('/');
  const std::size_t first_selector_char = text.find_first_of("=!(), ");
  if (slash != std::string::npos && slash < first_selector_char) {
    ref.namespace_name = text.substr(0, slash);
    rest = text.substr(slash + 1);
    if (ref.namespace_name.empty()) {
      return Status::InvalidArgument("expected namespace/name, got an empty namespace");
    }
  }
  if (LooksLikeSelector(rest)) {
    ref.kind = Kind::kSelector;
    Result<LabelSelector> selector = ParseSelectorString(rest);
    if (!selector.ok()) return selector.status();
    ref.selector = std::move(selector).value();
    return ref;
  }
  if (ref.namespace_name.empty() || rest.empty() || rest.find('/') != std::string::npos) {
    return Status::InvalidArgument(
        "expected namespace/name, a label selector such as app=web or ns/app=web, an IP "
        "address or a CIDR, got \"" + text + "\"");
  }
  ref.kind = Kind::kPod;
  ref.name = rest;
  return ref;
}

std::vector<Endpoint> ResolveEndpointRef(const EndpointRef& ref, const Cluster& cluster) {
  std::vector<Endpoint> endpoints;
  switch (ref.kind) {
    case EndpointRef::Kind::kPod:
      if (auto id = FindRefPod(ref, cluster)) {
        endpoints.push_back(Endpoint::ForPod(*id));
        // A workload's replicas kept apart from its endpoint are the workload too.
        if (cluster.pods[*id].IsWorkload()) {
          const std::string workload = cluster.pods[*id].Id();
          for (PodId replica = 0; replica < cluster.pods.size(); ++replica) {
            if (cluster.pods[replica].replica_of == workload) {
              endpoints.push_back(Endpoint::ForPod(replica));
            }
          }
        }
        break;
      }
      if (ref.object_kind) break;  // Pod/NS/NAME names no Service
      [[fallthrough]];
    case EndpointRef::Kind::kService:
      if (const Service* service = ServiceOf(ref, cluster); service && service->selector) {
        for (PodId id = 0; id < cluster.pods.size(); ++id) {
          const Pod& pod = cluster.pods[id];
          if (pod.namespace_name != service->namespace_name || service->selector->empty()) continue;
          const LabelSelector selector{*service->selector, {}, {}, {}};
          if (selector.Matches(pod.labels)) endpoints.push_back(Endpoint::ForPod(id));
        }
      }
      break;
    case EndpointRef::Kind::kSelector:
      for (PodId id = 0; id < cluster.pods.size(); ++id) {
        const Pod& pod = cluster.pods[id];
        if (!ref.namespace_name.empty() && pod.namespace_name != ref.namespace_name) continue;
        if (ref.selector.Matches(pod.labels)) endpoints.push_back(Endpoint::ForPod(id));
      }
      break;
    case EndpointRef::Kind::kAddress:
      endpoints.push_back(Endpoint::ForAddress(ref.address));
      break;
    case EndpointRef::Kind::kFqdn:
      if (const FqdnEndpoint* fqdn = cluster.FindFqdn(ref.fqdn)) {
        endpoints.push_back(Endpoint::ForAddress(fqdn->address));
      }
      break;
    case EndpointRef::Kind::kCidr:
      for (const ExternalBlock& block : PartitionExternalAddresses(cluster, {ref.cidr})) {
        if (ref.cidr.Contains(block.Representative())) {
          endpoints.push_back(Endpoint::ForAddress(block.Representative()));
        }
      }
      break;
  }
  return endpoints;
}

const Service* ServiceOf(const EndpointRef& ref, const Cluster& cluster) {
  if (ref.kind == EndpointRef::Kind::kService) {
    return cluster.FindService(ref.namespace_name, ref.name);
  }
  if (ref.kind == EndpointRef::Kind::kPod && !ref.object_kind &&
      !cluster.FindPod(ref.namespace_name, ref.name)) {
    return cluster.FindService(ref.namespace_name, ref.name);
  }
  return nullptr;
}

std::string EndpointName(const Endpoint& endpoint, const Cluster& cluster) {
  if (endpoint.pod) return cluster.pods[*endpoint.pod].Id();
  if (!endpoint.address) return "?";
  if (const FqdnEndpoint* fqdn = cluster.FindFqdnByAddress(*endpoint.address)) return fqdn->Id();
  return endpoint.address->ToString();
}

NETPOL_NAMESPACE_END

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

std::vector<std::string> NamesIn(const Cluster& cluster, const std::string& namespace_name) {
  std::set<std::string> names;
  for (const Pod& pod : cluster.pods) {
    if (pod.namespace_name == namespace_name && pod.kind != "Modelled") names.insert(pod.name);
  }
  for (const Service& service : cluster.services) {
    if (service.namespace_name == namespace_name) names.insert(service.name);
  }
  return {names.begin(), names.end()};
}

std::optional<std::string> NearestSelector(const EndpointRef& ref, const Cluster& cluster) {
  const std::string prefix = ref.namespace_name.empty() ? "" : ref.namespace_name + "/";
  std::map<std::string, std::set<std::string>> values;  // key -> values in reach
  for (const Pod& pod : cluster.pods) {
    if (!ref.namespace_name.empty() && pod.namespace_name != ref.namespace_name) continue;
    for (const auto& [key, value] : pod.labels) values[key].insert(value);
  }
  std::vector<std::string> keys;
  for (const auto& entry : values) keys.push_back(entry.first);
  auto matches = [&](const LabelSelector& selector) {
    EndpointRef respelt = ref;
    respelt.selector = selector;
    return !ResolveEndpointRef(respelt, cluster).empty();
  };
  for (const auto& [key, value] : ref.selector.match_labels) {
    LabelSelector selector = ref.selector;
    if (auto it = values.find(key); it != values.end()) {
      if (auto nearest = ClosestSpelling(value, {it->second.begin(), it->second.end()})) {
        selector.match_labels[key] = *nearest;
        if (matches(selector)) return prefix + selector.ToString();
      }
    } else if (auto nearest = ClosestSpelling(key, keys)) {
      selector.match_labels.erase(key);
      selector.match_labels[*nearest] = value;
      if (matches(selector)) return prefix + selector.ToString();
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> NearestEndpointText(const EndpointRef& ref, const Cluster& cluster) {
  switch (ref.kind) {
    case EndpointRef::Kind::kPod:
    case EndpointRef::Kind::kService: {
      if (ref.kind == EndpointRef::Kind::kPod || cluster.FindNamespace(ref.namespace_name)) {
        if (auto name = ClosestSpelling(ref.name, NamesIn(cluster, ref.namespace_name))) {
          return ref.kind == EndpointRef::Kind::kPod
                     ? ref.namespace_name + "/" + *name
                     : *name + "." + ref.namespace_name + ".svc.cluster.local";
        }
      }
      // The namespace misspelt: one whose pods include the name.
      std::vector<std::string> namespaces;
      for (const Namespace& ns : cluster.namespaces) {
        const std::vector<std::string> names = NamesIn(cluster, ns.name);
        if (std::binary_search(names.begin(), names.end(), ref.name)) namespaces.push_back(ns.name);
      }
      if (auto ns = ClosestSpelling(ref.namespace_name, namespaces)) {
        return ref.kind == EndpointRef::Kind::kPod ? *ns + "/" + ref.name
                                                   : ref.name + "." + *ns + ".svc.cluster.local";
      }
      return std::nullopt;
    }
    case EndpointRef::Kind::kSelector:
      return NearestSelector(ref, cluster);
    case EndpointRef::Kind::kAddress:
    case EndpointRef::Kind::kCidr:
    case EndpointRef::Kind::kFqdn:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string NoPodMatchesMessage(const EndpointRef& ref, const Cluster& cluster) {
  if (ref.kind == EndpointRef::Kind::kFqdn) {
    return "no toFQDNs matchName or matchPattern of the inputs covers \"" + ref.fqdn + "\"";
  }
  std::string message = "no pod matches \"" + ref.text + "\"";
  if (auto nearest = NearestEndpointText(ref, cluster)) message += "; did you mean \"" + *nearest + "\"?";
  return message;
}

NETPOL_NAMESPACE_END
