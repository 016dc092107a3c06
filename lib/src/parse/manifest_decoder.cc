#include "parse/manifest_decoder.h"

#include <algorithm>
#include <future>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "parse/calico_policy_decoder.h"
#include "parse/cilium_policy_decoder.h"
#include "parse/cluster_policy_decoder.h"
#include "parse/controller_labels.h"
#include "parse/field_decoder.h"
#include "parse/validation.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

void DecodeContainerPorts(FieldDecoder& d, const DocNode& container, const std::string& path,
                          std::vector<ContainerPort>* out) {
  const std::string ports_path = FieldDecoder::Join(path, "ports");
  const auto* ports = d.List(container.Get("ports"), ports_path);
  if (!ports) return;
  for (std::size_t i = 0; i < ports->size(); ++i) {
    const DocNode& entry = (*ports)[i];
    const std::string entry_path = FieldDecoder::Index(ports_path, i);
    if (!d.ExpectMap(entry, entry_path, "a container port")) continue;
    ContainerPort port;
    port.loc = entry.loc;
    const DocNode* number = entry.Get("containerPort");
    if (!number) {
      d.Missing(entry, FieldDecoder::Join(entry_path, "containerPort"));
      continue;
    }
    auto value = d.Port(*number, FieldDecoder::Join(entry_path, "containerPort"));
    auto protocol = d.ProtocolField(entry.Get("protocol"), FieldDecoder::Join(entry_path, "protocol"));
    if (!value || !protocol) continue;
    port.port = *value;
    port.protocol = *protocol;
    if (const DocNode* name = entry.Get("name"); name && !name->IsNull()) {
      auto text = d.String(*name, FieldDecoder::Join(entry_path, "name"));
      if (!text) continue;
      if (std::string why; !IsIanaSvcName(*text, &why)) {
        d.Error(*name, FieldDecoder::Join(entry_path, "name"),
                fmt::format("invalid port name \"{}\": {}", *text, why));
        continue;
      }
      port.name = *text;
    }
    out->push_back(std::move(port));
  }
}

// Container ports and hostNetwork of a pod spec (a Pod's, or a template's).
void DecodePodSpec(FieldDecoder& d, const DocNode* spec, const std::string& spec_path, Pod* pod) {
  if (!spec || spec->IsNull()) return;
  if (!d.ExpectMap(*spec, spec_path, "a pod spec")) return;
  for (const char* field : {"containers", "initContainers"}) {
    const std::string path = FieldDecoder::Join(spec_path, field);
    const auto* containers = d.List(spec->Get(field), path);
    if (!containers) continue;
    for (std::size_t i = 0; i < containers->size(); ++i) {
      const DocNode& container = (*containers)[i];
      const std::string container_path = FieldDecoder::Index(path, i);
      if (!d.ExpectMap(container, container_path, "a container")) continue;
      if (std::string_view(field) == "initContainers") {
        // Only restartable init containers (sidecars) keep serving ports.
        const DocNode* restart = container.Get("restartPolicy");
        if (!restart || !restart->IsScalar() || restart->value() != "Always") continue;
      }
      DecodeContainerPorts(d, container, container_path, &pod->ports);
    }
  }
  if (const DocNode* host = spec->Get("hostNetwork"); host && !host->IsNull()) {
    if (auto value = d.Bool(*host, FieldDecoder::Join(spec_path, "hostNetwork"))) {
      pod->host_network = *value;
    }
  }
  // serviceAccountName, else the deprecated serviceAccount, else the API
  // server's default.
  for (const char* field : {"serviceAccount", "serviceAccountName"}) {
    const DocNode* account = spec->Get(field);
    if (!account || account->IsNull()) continue;
    auto name = d.String(*account, FieldDecoder::Join(spec_path, field));
    if (name && !name->empty()) pod->service_account = *name;
  }
}

std::optional<ServiceAccount> DecodeServiceAccount(FieldDecoder& d, const DocNode& object) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/true, /*name_is_label=*/false, &meta)) return std::nullopt;
  ServiceAccount account;
  account.name = meta.name;
  account.namespace_name = meta.namespace_name;
  account.labels = std::move(meta.labels);
  account.loc = object.loc;
  return account;
}

// The controller entry of metadata.ownerReferences, if any.
std::optional<OwnerRef> DecodeOwner(const DocNode& object) {
  const DocNode* metadata = object.Get("metadata");
  const DocNode* owners = metadata && metadata->IsMap() ? metadata->Get("ownerReferences") : nullptr;
  if (!owners || !owners->IsSequence()) return std::nullopt;
  for (const DocNode& owner : owners->items()) {
    if (!owner.IsMap()) continue;
    const DocNode* controller = owner.Get("controller");
    if (!controller || !controller->IsScalar() || controller->Resolve() != DocNode::Resolved::kBool ||
        !controller->BoolValue()) {
      continue;
    }
    const DocNode* kind = owner.Get("kind");
    const DocNode* name = owner.Get("name");
    if (!name || !name->IsScalar()) continue;
    return OwnerRef{kind && kind->IsScalar() ? kind->value() : "", name->value()};
  }
  return std::nullopt;
}

std::optional<Pod> DecodePod(FieldDecoder& d, const DocNode& object) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/true, /*name_is_label=*/false, &meta)) return std::nullopt;
  Pod pod;
  pod.name = meta.name;
  pod.namespace_name = meta.namespace_name;
  pod.labels = std::move(meta.labels);
  pod.label_locs = std::move(meta.label_locs);
  pod.annotations = std::move(meta.annotations);
  pod.loc = object.loc;
  pod.owner = DecodeOwner(object);
  pod.folded_pods = 1;
  DecodePodSpec(d, object.Get("spec"), "spec", &pod);
  if (const DocNode* status = object.Get("status"); status && status->IsMap()) {
    auto add_ip = [&](const DocNode& node, const std::string& path) {
      auto text = d.String(node, path);
      if (!text || text->empty()) return;
      auto address = IpAddress::Parse(*text);
      if (!address) {
        d.Error(node, path, fmt::format("expected an IP address, got \"{}\"", *text));
        return;
      }
      if (std::find(pod.ips.begin(), pod.ips.end(), *address) == pod.ips.end()) {
        pod.ips.push_back(*address);
      }
    };
    if (const DocNode* ip = status->Get("podIP"); ip && !ip->IsNull()) add_ip(*ip, "status.podIP");
    if (const auto* ips = d.List(status->Get("podIPs"), "status.podIPs")) {
      for (std::size_t i = 0; i < ips->size(); ++i) {
        const DocNode& entry = (*ips)[i];
        const std::string path = FieldDecoder::Index("status.podIPs", i);
        if (!d.ExpectMap(entry, path, "a pod IP")) continue;
        if (const DocNode* ip = entry.Get("ip"); ip && !ip->IsNull()) {
          add_ip(*ip, FieldDecoder::Join(path, "ip"));
        }
      }
    }
  }
  if (!d.ok()) return std::nullopt;
  return pod;
}

// Where each workload kind keeps its pod template.
const char* TemplatePath(const std::string& kind) {
  if (kind == "CronJob") return "spec.jobTemplate.spec.template";
  return "spec.template";
}

// The versions netpol reads for a kind it models in API group `group`, or
// nullopt when it models no such kind in that group (a kind of the same name
// in another group, such as Calico's projectcalico.org NetworkPolicy, is
// another kind). Workload kinds are read at any version of their group.
std::optional<std::string_view> ReadVersionsOf(std::string_view kind, std::string_view group) {
  if (group.empty() && (kind == "Namespace" || kind == "Pod" || kind == "Service")) return "v1";
  if (group == "networking.k8s.io" && kind == "NetworkPolicy") return "networking.k8s.io/v1";
  if (group == "policy.networking.k8s.io") {
    if (kind == "AdminNetworkPolicy" || kind == "BaselineAdminNetworkPolicy") {
      return "policy.networking.k8s.io/v1alpha1";
    }
    if (kind == "ClusterNetworkPolicy") {
      return "policy.networking.k8s.io/v1alpha2 or policy.networking.k8s.io/v1beta1";
    }
  }
  return std::nullopt;
}

std::string_view ApiGroupOf(std::string_view api_version) {
  const std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}

bool IsWorkloadKind(const std::string& kind, const std::string& api) {
  const bool apps = api.starts_with("apps/") || api == "extensions/v1beta1";
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet") {
    return apps;
  }
  if (kind == "ReplicationController") return api == "v1";
  if (kind == "Job" || kind == "CronJob") return api.starts_with("batch/");
  // KubeVirt VMs run in virt-launcher pods labelled from the VM's template.
  if (kind == "VirtualMachine") return api.starts_with("kubevirt.io/");
  return false;
}

// A workload becomes one endpoint with its pod template's labels and ports
// (not the workload's own metadata labels, which policies never see).
std::optional<Pod> DecodeWorkload(FieldDecoder& d, const DocNode& object, const std::string& kind) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/true, /*name_is_label=*/false, &meta)) return std::nullopt;
  Pod workload;
  workload.name = meta.name;
  workload.namespace_name = meta.namespace_name;
  workload.kind = kind;
  workload.annotations = std::move(meta.annotations);
  workload.loc = object.loc;
  workload.owner = DecodeOwner(object);
  const std::string template_path = TemplatePath(kind);
  const DocNode* node = &object;
  const DocNode* template_parent = nullptr;  // a Job's spec, for a Job or CronJob
  std::string walked;
  for (std::size_t start = 0; node;) {
    const std::size_t dot = template_path.find('.', start);
    const std::string key = template_path.substr(start, dot == std::string::npos ? dot : dot - start);
    walked = FieldDecoder::Join(walked, key);
    const DocNode* next = node->IsMap() ? node->Get(key) : nullptr;
    if (!next) {
      d.Missing(*node, walked, "a workload needs a pod template");
      return std::nullopt;
    }
    if (!d.ExpectMap(*next, walked, "a mapping")) return std::nullopt;
    if (dot == std::string::npos) template_parent = node;
    node = next;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  const DocNode& pod_template = *node;
  if (const DocNode* metadata = pod_template.Get("metadata"); metadata && metadata->IsMap()) {
    workload.labels = d.LabelMap(metadata->Get("labels"), template_path + ".metadata.labels",
                                 &workload.label_locs);
  }
  DecodePodSpec(d, pod_template.Get("spec"), template_path + ".spec", &workload);
  if (!d.ok()) return std::nullopt;
  JobLabelSettings job;
  if (template_parent && (kind == "Job" || kind == "CronJob")) {
    const DocNode* manual = template_parent->Get("manualSelector");
    job.manual_selector = manual && manual->IsScalar() &&
                          manual->Resolve() == DocNode::Resolved::kBool && manual->BoolValue();
    const DocNode* mode = template_parent->Get("completionMode");
    job.indexed = mode && mode->IsScalar() && mode->value() == "Indexed";
  }
  AddControllerLabels(kind, workload.name, job, &workload.labels);
  return workload;
}

std::optional<Service> DecodeService(FieldDecoder& d, const DocNode& object) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/true, /*name_is_label=*/false, &meta)) return std::nullopt;
  Service service;
  service.name = meta.name;
  service.namespace_name = meta.namespace_name;
  service.labels = std::move(meta.labels);
  service.loc = object.loc;
  const DocNode* spec = object.Get("spec");
  if (!spec || spec->IsNull()) return service;
  if (!d.ExpectMap(*spec, "spec", "a service spec")) return std::nullopt;
  if (const DocNode* selector = spec->Get("selector"); selector && !selector->IsNull()) {
    service.selector = d.LabelMap(selector, "spec.selector");
  }
  const auto* ports = d.List(spec->Get("ports"), "spec.ports");
  if (!ports) return std::nullopt;
  for (std::size_t i = 0; i < ports->size(); ++i) {
    const DocNode& entry = (*ports)[i];
    const std::string path = FieldDecoder::Index("spec.ports", i);
    if (!d.ExpectMap(entry, path, "a service port")) continue;
    ServicePort port;
    port.loc = entry.loc;
    const DocNode* number = entry.Get("port");
    if (!number) {
      d.Missing(entry, FieldDecoder::Join(path, "port"));
      continue;
    }
    auto value = d.Port(*number, FieldDecoder::Join(path, "port"));
    auto protocol = d.ProtocolField(entry.Get("protocol"), FieldDecoder::Join(path, "protocol"));
    if (!value || !protocol) continue;
    port.port = *value;
    port.protocol = *protocol;
    if (const DocNode* name = entry.Get("name"); name && name->IsScalar()) {
      port.name = name->value();
    }
    if (const DocNode* target = entry.Get("targetPort"); target && !target->IsNull()) {
      const std::string target_path = FieldDecoder::Join(path, "targetPort");
      if (target->IsScalar() && target->Resolve() == DocNode::Resolved::kString) {
        if (std::string why; !IsIanaSvcName(target->value(), &why)) {
          d.Error(*target, target_path,
                  fmt::format("invalid named port \"{}\": {}", target->value(), why));
          continue;
        }
        port.target_port_name = target->value();
      } else if (auto target_value = d.Port(*target, target_path)) {
        port.target_port = *target_value;
      } else {
        continue;
      }
    }
    service.ports.push_back(std::move(port));
  }
  if (!d.ok()) return std::nullopt;
  return service;
}

std::optional<Namespace> DecodeNamespace(FieldDecoder& d, const DocNode& object) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/false, /*name_is_label=*/true, &meta)) return std::nullopt;
  Namespace ns;
  ns.name = meta.name;
  ns.labels = std::move(meta.labels);
  ns.label_locs = std::move(meta.label_locs);
  ns.annotations = std::move(meta.annotations);
  ns.loc = object.loc;
  ns.declared = true;
  return ns;
}

std::optional<IpBlock> DecodeIpBlock(FieldDecoder& d, const DocNode& node, const std::string& path) {
  if (!d.ExpectMap(node, path, "an ipBlock")) return std::nullopt;
  d.CheckKnownFields(node, path, {"cidr", "except"});
  IpBlock block;
  block.loc = node.loc;
  const DocNode* cidr = node.Get("cidr");
  if (!cidr) {
    d.Missing(node, FieldDecoder::Join(path, "cidr"));
    return std::nullopt;
  }
  auto parsed = DecodeCidr(d, *cidr, FieldDecoder::Join(path, "cidr"));
  if (!parsed) return std::nullopt;
  block.cidr = *parsed;
  const std::string except_path = FieldDecoder::Join(path, "except");
  const auto* excepts = d.List(node.Get("except"), except_path);
  if (!excepts) return std::nullopt;
  bool ok = true;
  for (std::size_t i = 0; i < excepts->size(); ++i) {
    const std::string item_path = FieldDecoder::Index(except_path, i);
    auto except = DecodeCidr(d, (*excepts)[i], item_path);
    if (!except) {
      ok = false;
      continue;
    }
    if (!block.cidr.Contains(*except) || except->prefix <= block.cidr.prefix) {
      d.Error((*excepts)[i], item_path,
              fmt::format("{} must be a strict subset of cidr {}", except->ToString(),
                          block.cidr.ToString()));
      ok = false;
      continue;
    }
    block.except.push_back(*except);
  }
  if (!ok) return std::nullopt;
  return block;
}

std::optional<Peer> DecodePeer(FieldDecoder& d, const DocNode& node, const std::string& path) {
  if (!d.ExpectMap(node, path, "a peer")) return std::nullopt;
  d.CheckKnownFields(node, path, {"podSelector", "namespaceSelector", "ipBlock"});
  Peer peer;
  peer.loc = node.loc;
  const DocNode* pod_selector = node.Get("podSelector");
  const DocNode* namespace_selector = node.Get("namespaceSelector");
  const DocNode* ip_block = node.Get("ipBlock");
  if (pod_selector && pod_selector->IsNull()) pod_selector = nullptr;
  if (namespace_selector && namespace_selector->IsNull()) namespace_selector = nullptr;
  if (ip_block && ip_block->IsNull()) ip_block = nullptr;
  if (!pod_selector && !namespace_selector && !ip_block) {
    d.Error(node, path,
            "must specify podSelector, namespaceSelector or ipBlock (an empty peer is rejected "
            "by the API server; omit `from`/`to` to allow every peer)");
    return std::nullopt;
  }
  if (ip_block && (pod_selector || namespace_selector)) {
    d.Error(node, path,
            "ipBlock may not be combined with podSelector or namespaceSelector in one peer "
            "(use separate list items)");
    return std::nullopt;
  }
  if (pod_selector) {
    peer.pod_selector = d.Selector(*pod_selector, FieldDecoder::Join(path, "podSelector"));
    if (!peer.pod_selector) return std::nullopt;
  }
  if (namespace_selector) {
    peer.namespace_selector =
        d.Selector(*namespace_selector, FieldDecoder::Join(path, "namespaceSelector"));
    if (!peer.namespace_selector) return std::nullopt;
  }
  if (ip_block) {
    peer.ip_block = DecodeIpBlock(d, *ip_block, FieldDecoder::Join(path, "ipBlock"));
    if (!peer.ip_block) return std::nullopt;
  }
  return peer;
}

std::optional<PolicyPort> DecodePolicyPort(FieldDecoder& d, const DocNode& node,
                                           const std::string& path) {
  if (!d.ExpectMap(node, path, "a port")) return std::nullopt;
  d.CheckKnownFields(node, path, {"protocol", "port", "endPort"});
  PolicyPort port;
  port.loc = node.loc;
  auto protocol = d.ProtocolField(node.Get("protocol"), FieldDecoder::Join(path, "protocol"));
  if (!protocol) return std::nullopt;
  port.protocol = *protocol;
  const std::string port_path = FieldDecoder::Join(path, "port");
  const DocNode* number = node.Get("port");
  if (number && !number->IsNull()) {
    const auto resolved = number->Resolve();
    if (number->IsScalar() && resolved == DocNode::Resolved::kString) {
      if (std::string why; !IsIanaSvcName(number->value(), &why)) {
        d.Error(*number, port_path,
                fmt::format("invalid named port \"{}\": {} (a number must not be quoted)",
                            number->value(), why));
        return std::nullopt;
      }
      port.port_name = number->value();
    } else {
      auto value = d.Port(*number, port_path);
      if (!value) return std::nullopt;
      port.port = *value;
    }
  }
  const std::string end_path = FieldDecoder::Join(path, "endPort");
  if (const DocNode* end = node.Get("endPort"); end && !end->IsNull()) {
    if (port.IsNamed()) {
      d.Error(*end, end_path, "may not be specified when port is a named port");
      return std::nullopt;
    }
    if (!port.port) {
      d.Error(*end, end_path, "may not be specified without port");
      return std::nullopt;
    }
    auto value = d.Port(*end, end_path);
    if (!value) return std::nullopt;
    if (*value < *port.port) {
      d.Error(*end, end_path,
              fmt::format("must be greater than or equal to port ({}), got {}", *port.port, *value));
      return std::nullopt;
    }
    port.end_port = *value;
  }
  return port;
}

std::optional<Rule> DecodeRule(FieldDecoder& d, const DocNode& node, const std::string& path,
                               Direction direction) {
  Rule rule;
  rule.loc = node.loc;
  if (node.IsNull()) return rule;  // `- ` (null) decodes like `- {}`
  if (!d.ExpectMap(node, path, "a rule")) return std::nullopt;
  const char* peers_key = PeerListKey(direction);
  const char* other_peers_key = PeerListKey(Opposite(direction));
  d.CheckKnownFields(node, path, {peers_key, "ports"});
  if (const DocNode* wrong = node.Get(other_peers_key)) {
    d.Error(*wrong, FieldDecoder::Join(path, other_peers_key),
            fmt::format("{} rules take `{}`", DirectionKey(direction), peers_key));
    return std::nullopt;
  }
  bool ok = true;
  const std::string peers_path = FieldDecoder::Join(path, peers_key);
  if (const auto* peers = d.List(node.Get(peers_key), peers_path)) {
    for (std::size_t i = 0; i < peers->size(); ++i) {
      auto peer = DecodePeer(d, (*peers)[i], FieldDecoder::Index(peers_path, i));
      if (peer) rule.peers.push_back(std::move(*peer));
      else ok = false;
    }
  } else {
    ok = false;
  }
  const std::string ports_path = FieldDecoder::Join(path, "ports");
  if (const auto* ports = d.List(node.Get("ports"), ports_path)) {
    for (std::size_t i = 0; i < ports->size(); ++i) {
      auto port = DecodePolicyPort(d, (*ports)[i], FieldDecoder::Index(ports_path, i));
      if (port) rule.ports.push_back(std::move(*port));
      else ok = false;
    }
  } else {
    ok = false;
  }
  if (!ok) return std::nullopt;
  return rule;
}

std::optional<NetworkPolicy> DecodeNetworkPolicy(FieldDecoder& d, const DocNode& object) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/true, /*name_is_label=*/false, &meta)) return std::nullopt;
  NetworkPolicy policy;
  policy.name = meta.name;
  policy.namespace_name = meta.namespace_name;
  policy.annotations = std::move(meta.annotations);
  policy.loc = object.loc;
  const DocNode* spec = object.Get("spec");
  if (!spec) {
    d.Missing(object, "spec");
    return std::nullopt;
  }
  if (!d.ExpectMap(*spec, "spec", "a NetworkPolicy spec")) return std::nullopt;
  d.CheckKnownFields(*spec, "spec", {"podSelector", "policyTypes", "ingress", "egress"});
  // Keep going after an error so that one run reports every problem.
  bool ok = true;
  // The API server defaults an omitted podSelector to {} (every pod of the
  // namespace), and kubectl apply accepts it, so netpol does too.
  if (const DocNode* pod_selector = spec->Get("podSelector")) {
    if (auto selector = d.Selector(*pod_selector, "spec.podSelector")) {
      policy.pod_selector = std::move(*selector);
    } else {
      ok = false;
    }
  }

  if (const DocNode* types = spec->Get("policyTypes"); types && !types->IsNull()) {
    const auto* items = d.List(types, "spec.policyTypes");
    if (!items) return std::nullopt;
    std::vector<Direction> directions;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string path = FieldDecoder::Index("spec.policyTypes", i);
      auto text = d.String((*items)[i], path);
      if (!text) return std::nullopt;
      if (*text == "Ingress") directions.push_back(Direction::kIngress);
      else if (*text == "Egress") directions.push_back(Direction::kEgress);
      else {
        d.Error((*items)[i], path, fmt::format("expected Ingress or Egress, got \"{}\"", *text));
        return std::nullopt;
      }
    }
    if (directions.size() > 2) {
      d.Error(*types, "spec.policyTypes", "may list at most 2 types (Ingress, Egress)");
      return std::nullopt;
    }
    policy.policy_types = std::move(directions);
  }

  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    const std::string key = DirectionKey(direction);
    const std::string path = FieldDecoder::Join("spec", key);
    const auto* rules = d.List(spec->Get(key), path);
    if (!rules) {
      ok = false;
      continue;
    }
    if (const DocNode* written = spec->Get(key)) {
      (direction == Direction::kIngress ? policy.ingress_loc : policy.egress_loc) = written->loc;
    }
    auto& out = direction == Direction::kIngress ? policy.ingress : policy.egress;
    for (std::size_t i = 0; i < rules->size(); ++i) {
      auto rule = DecodeRule(d, (*rules)[i], FieldDecoder::Index(path, i), direction);
      if (rule) out.push_back(std::move(*rule));
      else ok = false;
    }
  }
  if (!ok || !d.ok()) return std::nullopt;
  return policy;
}

// "NetworkPolicy shop/web-allow", "AdminNetworkPolicy deny-all": how
// messages name an object, read leniently (a name that is not a string is
// left out: its own error says why).
std::string ObjectName(const std::string& kind, const DocNode& object, bool namespaced) {
  const DocNode* metadata = object.Get("metadata");
  if (!metadata || !metadata->IsMap()) return kind;
  const DocNode* name = metadata->Get("name");
  if (!name || !name->IsScalar() || name->value().empty()) return kind;
  if (!namespaced) return kind + " " + name->value();
  std::string ns = kDefaultNamespace;
  if (const DocNode* given = metadata->Get("namespace");
      given && given->IsScalar() && !given->value().empty()) {
    ns = given->value();
  }
  return kind + " " + ns + "/" + name->value();
}

// Replaces an earlier object with the same identity (as `kubectl apply`
// would), warning about it; otherwise appends.
template <typename T>
void AddOrReplace(std::vector<T>& objects, T object, const std::string& kind,
                  const std::string& identity, std::map<std::string, SourceLoc>& defined,
                  DiagnosticSink& sink, std::vector<DuplicateObject>& duplicates) {
  const std::string key = kind + "/" + identity;
  auto [it, inserted] = defined.emplace(key, object.loc);
  if (!inserted) {
    duplicates.push_back(DuplicateObject{kind, identity, it->second, object.loc});
    sink.Warning(object.loc, fmt::format("duplicate {} {} (first defined at {}); this later "
                                         "definition replaces it",
                                         kind, identity, it->second.ToString()));
    for (T& existing : objects) {
      if (existing.loc == it->second) {
        existing = std::move(object);
        return;
      }
    }
  }
  objects.push_back(std::move(object));
}

}  // namespace

namespace {

// What the items of one List document are when they do not say: the item
// kind of a typed list (PodList) and the List's apiVersion.
struct ListHeader {
  std::string item_kind;
  std::string api;
};

// One call of DecodeObject: a document, or an item of a List document.
struct DecodeUnit {
  const DocNode* object = nullptr;
  int list_depth = 0;
  std::size_t header = 0;  // into DecodeUnits::headers; 0 is a document's (empty)
};

// The calls of DecodeObject for some documents, in order.
struct DecodeUnits {
  std::vector<DecodeUnit> units;
  std::vector<ListHeader> headers{ListHeader{}};
};

// Below this many objects in a text, a second thread costs more than it saves.
constexpr std::size_t kParallelDecodeMinUnits = 512;
// Shares beyond this gain little: taking a share in runs on one thread.
constexpr unsigned kMaxDecodeShares = 8;

// The calls of DecodeObject for `documents`, in order; empty documents (as
// between two `---`) make none. A List becomes its items only when
// DecodeObject would take it apart without a word: a mapping with a kind, a
// List (or typed list) kind, and `items` a list. Anything else stays one
// unit, which DecodeObject reports as it does.
DecodeUnits UnitsOf(const std::vector<DocNode>& documents) {
  DecodeUnits result;
  std::vector<DecodeUnit>& units = result.units;
  for (const DocNode& document : documents) {
    if (document.IsNull()) continue;
    const DocNode* kind_node = document.IsMap() ? document.Get("kind") : nullptr;
    const DocNode* items = document.IsMap() ? document.Get("items") : nullptr;
    if (kind_node && kind_node->IsScalar() && !kind_node->value().empty() && items &&
        items->IsSequence()) {
      const std::string& kind = kind_node->value();
      const DocNode* api_node = document.Get("apiVersion");
      std::string api = api_node && api_node->IsScalar() ? api_node->value() : "";
      if ((kind == "List" || (kind.size() > 4 && kind.ends_with("List"))) &&
          !api.starts_with("netpol.dev/")) {
        const std::size_t header = result.headers.size();
        result.headers.push_back(
            {kind == "List" ? "" : kind.substr(0, kind.size() - 4), std::move(api)});
        for (const DocNode& item : items->items()) units.push_back({&item, 1, header});
        continue;
      }
    }
    units.push_back({&document, 0, 0});
  }
  return result;
}

// Every object of `from` after those of `into`, kind by kind.
void AppendObjects(Cluster& into, Cluster&& from) {
  static_assert(sizeof(Cluster) == 10 * sizeof(std::vector<Pod>) + sizeof(std::size_t),
                "a new member of Cluster: append it here too");
  auto append = [](auto& to, auto& more) {
    if (to.empty()) {
      to = std::move(more);
    } else {
      to.insert(to.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
    }
  };
  append(into.namespaces, from.namespaces);
  append(into.pods, from.pods);
  append(into.policies, from.policies);
  append(into.services, from.services);
  append(into.service_accounts, from.service_accounts);
  append(into.cluster_policies, from.cluster_policies);
  append(into.clusterwide_policies, from.clusterwide_policies);
  append(into.calico_policies, from.calico_policies);
  append(into.calico_tiers, from.calico_tiers);
  append(into.fqdns, from.fqdns);
}

}  // namespace

bool ManifestDecoder::Absorb(ManifestDecoder& other, Cluster& decoded, DiagnosticSink& reported) {
  for (const auto& [key, loc] : other.defined_) {
    if (defined_.count(key) != 0) return false;
  }
  defined_.merge(other.defined_);
  duplicates_.insert(duplicates_.end(), std::make_move_iterator(other.duplicates_.begin()),
                     std::make_move_iterator(other.duplicates_.end()));
  for (const auto& [what, count] : other.skipped_counts_) {
    auto [it, inserted] = skipped_counts_.emplace(what, 0);
    it->second += count;
    if (inserted) skipped_first_[what] = other.skipped_first_[what];
  }
  for (Diagnostic& diagnostic : reported.Take()) sink_.Add(std::move(diagnostic));
  AppendObjects(cluster_, std::move(decoded));
  return true;
}

void ManifestDecoder::DecodeDocuments(const std::vector<DocNode>& documents, unsigned jobs) {
  const DecodeUnits all = UnitsOf(documents);
  const std::vector<DecodeUnit>& units = all.units;
  auto decode = [&all](ManifestDecoder& decoder, const DecodeUnit* begin, const DecodeUnit* end) {
    for (const DecodeUnit* unit = begin; unit != end; ++unit) {
      const ListHeader& list = all.headers[unit->header];
      decoder.DecodeObject(*unit->object, unit->list_depth, list.item_kind, list.api);
    }
  };
  const DecodeUnit* first = units.data();
  const std::size_t shares =
      units.size() < kParallelDecodeMinUnits ? 1 : std::max(1u, std::min(jobs, kMaxDecodeShares));
  if (shares < 2) {
    decode(*this, first, first + units.size());
    return;
  }
  // Each share's own cluster, diagnostics and decoder, on a thread of its own.
  struct Share {
    explicit Share(FieldValidation validation) : decoder(cluster, sink, validation) {}
    Cluster cluster;
    DiagnosticSink sink;
    ManifestDecoder decoder;
  };
  auto bound = [&](std::size_t share) { return first + units.size() * share / shares; };
  std::vector<std::unique_ptr<Share>> others;
  std::vector<std::future<void>> decoding;
  for (std::size_t share = 1; share < shares; ++share) {
    others.push_back(std::make_unique<Share>(validation_));
    decoding.push_back(std::async(std::launch::async, decode, std::ref(others.back()->decoder),
                                  bound(share), bound(share + 1)));
  }
  decode(*this, first, bound(1));
  for (std::future<void>& done : decoding) done.get();
  for (std::size_t share = 1; share < shares; ++share) {
    Share& other = *others[share - 1];
    if (!Absorb(other.decoder, other.cluster, other.sink)) {
      decode(*this, bound(share), bound(share + 1));
    }
  }
}

void ManifestDecoder::DecodeObject(const DocNode& object, int list_depth,
                                   const std::string& list_item_kind,
                                   const std::string& list_api) {
  auto skip_unknown = [&](const std::string& what) {
    auto [it, inserted] = skipped_counts_.emplace(what, 0);
    ++it->second;
    if (inserted) skipped_first_[what] = object.loc;
  };
  if (!object.IsMap()) {
    sink_.Warning(object.loc, fmt::format("document is not a Kubernetes object (expected a mapping "
                                          "with apiVersion and kind, got {}); skipped",
                                          object.Describe()));
    return;
  }
  const DocNode* kind_node = object.Get("kind");
  const DocNode* api_node = object.Get("apiVersion");
  // Items of typed lists (PodList, ...) as the API server returns them carry
  // no kind and apiVersion of their own.
  const bool has_kind = kind_node && kind_node->IsScalar() && !kind_node->value().empty();
  if (!has_kind && list_item_kind.empty()) {
    sink_.Warning(object.loc, "document has no kind, so it is not a Kubernetes object; skipped");
    return;
  }
  const std::string kind = has_kind ? kind_node->value() : list_item_kind;
  const std::string api = api_node && api_node->IsScalar() ? api_node->value() : list_api;
  // netpol's own files (intents) may sit next to the manifests they describe.
  if (api.starts_with("netpol.dev/")) return;
  if (kind == "List" || (kind.size() > 4 && kind.ends_with("List") && object.Get("items"))) {
    if (list_depth > 0) {
      sink_.Error(object.loc, "items: a List may not contain another List");
      return;
    }
    FieldDecoder d(sink_, validation_);
    const std::string item_kind = kind == "List" ? "" : kind.substr(0, kind.size() - 4);
    if (const auto* items = d.List(object.Get("items"), "items")) {
      for (const DocNode& item : *items) DecodeObject(item, list_depth + 1, item_kind, api);
    }
    return;
  }
  FieldDecoder d(sink_, validation_);
  // Every message about a modelled object names it, and a field written
  // twice anywhere in it is reported (kubectl apply --validate=strict).
  auto start = [&](bool namespaced) {
    d.SetObject(ObjectName(kind, object, namespaced));
    // Its own decoder, so that the object's other errors are reported too.
    FieldDecoder duplicates(sink_, validation_);
    duplicates.SetObject(ObjectName(kind, object, namespaced));
    duplicates.CheckDuplicateFields(object, "");
  };
  if (kind == "Namespace" && api == "v1") {
    start(false);
    if (auto ns = DecodeNamespace(d, object)) {
      const std::string identity = ns->name;
      AddOrReplace(cluster_.namespaces, std::move(*ns), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (kind == "Pod" && api == "v1") {
    start(true);
    const DocNode* status = object.Get("status");
    const DocNode* phase = status && status->IsMap() ? status->Get("phase") : nullptr;
    if (phase && phase->IsScalar() &&
        (phase->value() == "Succeeded" || phase->value() == "Failed")) {
      skip_unknown("Pod (phase " + phase->value() + ", not running)");
      return;
    }
    if (auto pod = DecodePod(d, object)) {
      const std::string identity = pod->Id();
      AddOrReplace(cluster_.pods, std::move(*pod), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (IsWorkloadKind(kind, api)) {
    start(true);
    if (auto workload = DecodeWorkload(d, object, kind)) {
      const std::string identity = workload->Id();
      AddOrReplace(cluster_.pods, std::move(*workload), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (kind == "Service" && api == "v1") {
    start(true);
    if (auto service = DecodeService(d, object)) {
      const std::string identity = service->Id();
      AddOrReplace(cluster_.services, std::move(*service), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (kind == "ServiceAccount" && api == "v1") {
    start(true);
    if (auto account = DecodeServiceAccount(d, object)) {
      const std::string identity = account->Id();
      AddOrReplace(cluster_.service_accounts, std::move(*account), kind, identity, defined_,
                   sink_, duplicates_);
    }
  } else if (kind == "NetworkPolicy" && api == "networking.k8s.io/v1") {
    start(true);
    if (auto policy = DecodeNetworkPolicy(d, object)) {
      const std::string identity = policy->Id();
      AddOrReplace(cluster_.policies, std::move(*policy), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (auto policy_kind = ClusterPolicyKindOf(kind, api)) {
    start(false);
    if (auto policy = DecodeClusterPolicy(d, object, *policy_kind, api)) {
      const std::string identity = policy->name;
      AddOrReplace(cluster_.cluster_policies, std::move(*policy), kind, identity, defined_,
                   sink_, duplicates_);
    }
  } else if (auto calico_kind = CalicoPolicyKindOf(kind, api)) {
    start(*calico_kind == CalicoPolicyKind::kNetworkPolicy ||
          *calico_kind == CalicoPolicyKind::kStagedNetworkPolicy);
    if (auto policy = DecodeCalicoPolicy(d, object, *calico_kind)) {
      const std::string identity = policy->Id();
      AddOrReplace(cluster_.calico_policies, std::move(*policy), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (kind == "Tier" && api == "projectcalico.org/v3") {
    start(false);
    if (auto tier = DecodeCalicoTier(d, object)) {
      const std::string identity = tier->name;
      AddOrReplace(cluster_.calico_tiers, std::move(*tier), kind, identity, defined_, sink_,
                   duplicates_);
    }
  } else if (bool clusterwide = false; IsCiliumPolicyKind(kind, api, &clusterwide)) {
    start(!clusterwide);
    if (auto lowered = DecodeCiliumPolicy(d, object, clusterwide)) {
      AddCiliumPolicy(kind, std::move(*lowered), object.loc);
    }
  } else if (const auto versions = ReadVersionsOf(kind, ApiGroupOf(api))) {
    // kubectl rejects a version the API server does not serve ("no matches
    // for kind"); skipping the object would silently change the verdict.
    const SourceLoc loc = api_node ? api_node->loc : object.loc;
    if (api.empty()) {
      sink_.Error(loc, fmt::format("apiVersion: missing on a {}; netpol reads it as {}", kind,
                                   *versions));
    } else {
      sink_.Error(loc, fmt::format("apiVersion: {} {} is not a version netpol reads; expected {}",
                                   kind, api, *versions));
    }
  } else {
    skip_unknown(api.empty() ? kind : kind + " (" + api + ")");
  }
}

// A Cilium policy is lowered into several model objects that share the
// object's location; a later definition of the same policy replaces them all.
void ManifestDecoder::AddCiliumPolicy(const std::string& kind, LoweredCiliumPolicy lowered,
                                      const SourceLoc& loc) {
  std::string identity;
  if (!lowered.allows.empty()) {
    const NetworkPolicy& first = lowered.allows.front();
    identity = first.clusterwide_namespaces ? first.name : first.Id();
  } else if (!lowered.denies.empty()) {
    identity = lowered.denies.front().name;
  } else {
    identity = loc.ToString();  // selects nothing netpol models
  }
  identity = identity.substr(0, identity.find('['));
  auto [it, inserted] = defined_.emplace(kind + "/" + identity, loc);
  if (!inserted) {
    duplicates_.push_back(DuplicateObject{kind, identity, it->second, loc});
    sink_.Warning(loc, fmt::format("duplicate {} {} (first defined at {}); this later "
                                   "definition replaces it",
                                   kind, identity, it->second.ToString()));
    const SourceLoc old = it->second;
    it->second = loc;
    std::erase_if(cluster_.policies, [&](const NetworkPolicy& p) {
      return p.kind != PolicyKind::kNetworkPolicy && p.loc == old;
    });
    std::erase_if(cluster_.cluster_policies, [&](const ClusterPolicy& p) {
      return (p.kind == ClusterPolicyKind::kCiliumNetworkPolicy ||
              p.kind == ClusterPolicyKind::kCiliumClusterwideNetworkPolicy) &&
             p.loc == old;
    });
  }
  for (NetworkPolicy& policy : lowered.allows) cluster_.policies.push_back(std::move(policy));
  for (ClusterPolicy& policy : lowered.denies) {
    cluster_.cluster_policies.push_back(std::move(policy));
  }
}

void ManifestDecoder::ReportSkippedKinds() {
  for (const auto& [kind, count] : skipped_counts_) {
    sink_.Note(skipped_first_[kind],
               fmt::format("skipped {} object{} of kind {} (not modelled)", count,
                           count == 1 ? "" : "s", kind));
  }
}

NETPOL_NAMESPACE_END
