#include "parse/cilium_policy_decoder.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

constexpr std::string_view kCiliumApi = "cilium.io/v2";
constexpr std::string_view kNamespaceKey = "io.kubernetes.pod.namespace";
constexpr std::string_view kNamespaceLabelsPrefix = "io.cilium.k8s.namespace.labels.";
// A toServices k8sService peer before the loader resolves it (see
// ResolveCiliumServicePeers): pods labelled with this key, which no pod
// carries, so an unresolved peer matches nothing.
constexpr const char* kServicePeerKey = "toservices.cilium.netpol/service";
// A toServices k8sServiceSelector peer before the loader resolves it: its
// pod selector is the Service label selector plus this key (no pod carries
// it either), its namespace selector the Services' namespace, if any.
constexpr const char* kServiceSelectorPeerKey = "toservices.cilium.netpol/service-selector";

// Entities of the CRD's enum (cilium.io/v2 Entity).
const std::vector<std::string_view> kEntities = {
    "all",       "world",       "cluster", "host",        "init",
    "ingress",   "unmanaged",   "remote-node", "health", "none",
    "kube-apiserver", "world-ipv4", "world-ipv6"};

const DocNode* Present(const DocNode& map, std::string_view key) {
  const DocNode* value = map.Get(key);
  return value && !value->IsNull() ? value : nullptr;
}

// The L7 protocol whose `rules` filter requests on a port rule's ports:
// "http", "dns", "kafka", or the `l7proto` parser name; empty when the rule
// has none. Cilium's L7Rules: "If no rules are specified, then all traffic is
// permitted" (an empty `rules`, or empty lists, filter nothing).
std::string L7Protocol(const DocNode& port_rule) {
  const DocNode* rules = Present(port_rule, "rules");
  if (!rules || !rules->IsMap()) return "";
  if (const DocNode* parser = Present(*rules, "l7proto")) {
    if (parser->IsScalar() && !parser->value().empty()) return parser->value();
  }
  for (std::string_view key : {"http", "dns", "kafka"}) {
    const DocNode* list = Present(*rules, key);
    if (list && list->IsSequence() && !list->items().empty()) return std::string(key);
  }
  return "";
}

// "10.0.0.0/8" minus `excepts`, as CIDRs (a deny rule's `networks` have no
// except list). Splits the block in halves until no except cuts it.
void SubtractCidrs(const Cidr& block, const std::vector<Cidr>& excepts, std::vector<Cidr>& out) {
  bool cut = false;
  for (const Cidr& except : excepts) {
    if (except.family() != block.family()) continue;
    if (except.Contains(block)) return;
    if (block.Contains(except)) cut = true;
  }
  if (!cut) {
    out.push_back(block);
    return;
  }
  const int bits = IpAddress::Bits(block.family());
  Cidr low = block;
  low.prefix = block.prefix + 1;
  Cidr high = low;
  high.network.value = block.network.value | (Uint128{1} << (bits - block.prefix - 1));
  SubtractCidrs(low, excepts, out);
  SubtractCidrs(high, excepts, out);
}

// One lowered peer: pods (namespace part + pod part) or an external block.
struct LoweredPeer {
  std::optional<LabelSelector> namespaces;  // absent: the policy's namespace (CNP)
  std::optional<LabelSelector> pods;        // absent with namespaces absent: not a pod peer
  std::optional<IpBlock> block;
  std::string fqdn;  // toFQDNs matchName / matchPattern, normalised
  SourceLoc loc;
};

// One lowered rule of either direction, allow or deny.
struct LoweredRule {
  bool all_peers = false;  // L4-only rule: every peer
  std::vector<LoweredPeer> peers;
  std::vector<PolicyPort> ports;  // empty: all ports
  bool any_port_entry = false;    // toPorts written (ports then restrict)
  SourceLoc loc;
};

class CiliumDecoder {
 public:
  CiliumDecoder(FieldDecoder& d, bool clusterwide, std::string namespace_name)
      : d_(d), clusterwide_(clusterwide), namespace_(std::move(namespace_name)) {}

  // One rule (`spec` or `specs[i]`) into `out`; `suffix` names it.
  void Rule(const DocNode& node, const std::string& path, const std::string& name,
            const ObjectMeta& meta, const SourceLoc& object_loc, LoweredCiliumPolicy& out);

 private:
  std::optional<std::pair<LabelSelector, std::optional<LabelSelector>>> EndpointSelector(
      const DocNode& node, const std::string& path);
  void Peers(const DocNode& rule, const std::string& path, Direction direction, bool deny,
             LoweredRule& lowered, bool& has_l3);
  void Entities(const DocNode& node, const std::string& path, LoweredRule& lowered);
  void Cidrs(const DocNode& node, const std::string& path, bool with_except, LoweredRule& lowered);
  void Ports(const DocNode& node, const std::string& path, bool deny, LoweredRule& lowered);
  void Fqdns(const DocNode& node, const std::string& path, LoweredRule& lowered);
  std::optional<std::string> FqdnSelector(const DocNode& item, const std::string& item_path);
  std::vector<std::string> DnsNames(const DocNode& port_rule, const std::string& rule_path);
  void Services(const DocNode& node, const std::string& path, LoweredRule& lowered);
  void ServiceSelector(const DocNode& node, const std::string& path, LoweredRule& lowered);
  std::optional<LoweredRule> DecodeRule(const DocNode& node, const std::string& path,
                                        Direction direction, bool deny);

  FieldDecoder& d_;
  bool clusterwide_;
  std::string namespace_;
};

// Splits a Cilium endpoint selector into its namespace part (keys naming the
// pod's namespace or its labels) and its pod part; strips the `k8s:` and
// `any:` sources. Returns {pods, namespaces or absent}.
std::optional<std::pair<LabelSelector, std::optional<LabelSelector>>>
CiliumDecoder::EndpointSelector(const DocNode& node, const std::string& path) {
  // Cilium label keys carry a source prefix (`k8s:app`): `k8s:` and `any:`
  // name pod and namespace labels; another source (`reserved:host`) names
  // an identity netpol does not model, so no pod carries it. Rewritten
  // before the Kubernetes label-key validation.
  DocNode rewritten = node;
  auto rewrite = [&](std::string& key, const SourceLoc& loc) {
    const std::size_t colon = key.find(':');
    if (colon == std::string::npos) return;
    const std::string source = key.substr(0, colon);
    if (source == "k8s" || source == "any") {
      key = key.substr(colon + 1);
      return;
    }
    d_.Warn(loc, fmt::format("{}: label {} has source {}, an identity netpol does not model; no "
                             "pod carries it",
                             path, key, source));
    key[colon] = '.';
  };
  if (rewritten.IsMap()) {
    for (DocNode::Entry& entry : rewritten.mutable_entries()) {
      if (entry.key == "matchLabels" && entry.value.IsMap()) {
        for (DocNode::Entry& label : entry.value.mutable_entries()) {
          rewrite(label.key, label.key_loc);
        }
      } else if (entry.key == "matchExpressions" && entry.value.IsSequence()) {
        for (DocNode& requirement : entry.value.mutable_items()) {
          if (!requirement.IsMap()) continue;
          for (DocNode::Entry& field : requirement.mutable_entries()) {
            if (field.key == "key" && field.value.IsScalar()) {
              rewrite(field.value.mutable_value(), field.value.loc);
            }
          }
        }
      }
    }
  }
  auto selector = d_.Selector(rewritten, path);
  if (!selector) return std::nullopt;
  LabelSelector pods;
  pods.loc = selector->loc;
  LabelSelector namespaces;
  namespaces.loc = selector->loc;
  bool has_namespace = false;
  // Returns the namespace label key for `key`, if it is one.
  auto classify = [&](std::string key, const SourceLoc& loc) -> std::pair<std::string, bool> {
    for (std::string_view source : {"k8s:", "any:"}) {
      if (key.starts_with(source)) key = key.substr(source.size());
    }
    if (key == kNamespaceKey) return {kNamespaceNameLabel, true};
    if (key.starts_with(kNamespaceLabelsPrefix)) {
      return {key.substr(kNamespaceLabelsPrefix.size()), true};
    }
    if (key.starts_with("io.cilium.k8s.policy.")) {
      d_.Warn(loc, fmt::format("{}: label {} (service account, cluster) is not a pod or "
                               "namespace label netpol models; no pod carries it",
                               path, key));
    }
    return {key, false};
  };
  for (const auto& [key, value] : selector->match_labels) {
    auto loc_it = selector->match_label_locs.find(key);
    const SourceLoc loc = loc_it != selector->match_label_locs.end() ? loc_it->second : selector->loc;
    auto [mapped, is_namespace] = classify(key, loc);
    LabelSelector& target = is_namespace ? namespaces : pods;
    target.match_labels[mapped] = value;
    target.match_label_locs[mapped] = loc;
    has_namespace = has_namespace || is_namespace;
  }
  for (LabelRequirement requirement : selector->match_expressions) {
    auto [mapped, is_namespace] = classify(requirement.key, requirement.loc);
    requirement.key = mapped;
    (is_namespace ? namespaces : pods).match_expressions.push_back(std::move(requirement));
    has_namespace = has_namespace || is_namespace;
  }
  std::optional<LabelSelector> namespace_part;
  if (has_namespace) namespace_part = std::move(namespaces);
  return std::pair{std::move(pods), std::move(namespace_part)};
}

void CiliumDecoder::Entities(const DocNode& node, const std::string& path, LoweredRule& lowered) {
  const auto* items = d_.List(&node, path);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string item_path = FieldDecoder::Index(path, i);
    auto entity = d_.String((*items)[i], item_path);
    if (!entity) continue;
    if (std::find(kEntities.begin(), kEntities.end(), *entity) == kEntities.end()) {
      std::string known;
      for (std::string_view e : kEntities) known += (known.empty() ? "" : ", ") + std::string(e);
      d_.Error((*items)[i], item_path,
               fmt::format("unsupported value \"{}\": supported values: {}", *entity, known));
      continue;
    }
    const bool world = *entity == "world" || *entity == "all";
    const bool cluster = *entity == "cluster" || *entity == "all";
    if (world || *entity == "world-ipv4" || *entity == "world-ipv6") {
      for (const char* text : {"0.0.0.0/0", "::/0"}) {
        if (*entity == "world-ipv4" && text[0] == ':') continue;
        if (*entity == "world-ipv6" && text[0] != ':') continue;
        LoweredPeer peer;
        peer.block = IpBlock{*Cidr::Parse(text), {}, (*items)[i].loc, /*outside_cluster=*/true};
        lowered.peers.push_back(std::move(peer));
      }
    }
    if (cluster) {
      LoweredPeer peer;
      peer.namespaces = LabelSelector{};
      peer.pods = LabelSelector{};
      lowered.peers.push_back(std::move(peer));
      d_.Warn((*items)[i].loc,
              fmt::format("{}: entity {} also holds the nodes (host, remote-node), which netpol "
                          "does not model; read as every pod{}",
                          item_path, *entity, world ? " and every address outside the cluster" : ""));
    } else if (!world && *entity != "world-ipv4" && *entity != "world-ipv6") {
      d_.Warn((*items)[i].loc,
              fmt::format("{}: entity {} is not an endpoint netpol models (no node, API server "
                          "or health endpoint); it matches nothing here",
                          item_path, *entity));
    }
  }
}

void CiliumDecoder::Cidrs(const DocNode& node, const std::string& path, bool with_except,
                          LoweredRule& lowered) {
  const auto* items = d_.List(&node, path);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string item_path = FieldDecoder::Index(path, i);
    const DocNode& item = (*items)[i];
    IpBlock block;
    block.loc = item.loc;
    block.outside_cluster = true;
    if (!with_except) {
      auto cidr = DecodeCidr(d_, item, item_path);
      if (!cidr) continue;
      block.cidr = *cidr;
    } else {
      if (!d_.ExpectMap(item, item_path, "cidr and except")) continue;
      d_.CheckKnownFields(item, item_path, {"cidr", "except", "cidrGroupRef", "cidrGroupSelector"});
      const DocNode* cidr_node = Present(item, "cidr");
      if (!cidr_node) {
        d_.Warn(item.loc, fmt::format("{}: CIDR groups (cidrGroupRef, cidrGroupSelector) are "
                                      "not modelled; this entry matches nothing here",
                                      item_path));
        continue;
      }
      auto cidr = DecodeCidr(d_, *cidr_node, FieldDecoder::Join(item_path, "cidr"));
      if (!cidr) continue;
      block.cidr = *cidr;
      if (const DocNode* except = Present(item, "except")) {
        const std::string except_path = FieldDecoder::Join(item_path, "except");
        if (const auto* excepts = d_.List(except, except_path)) {
          for (std::size_t j = 0; j < excepts->size(); ++j) {
            if (auto e = DecodeCidr(d_, (*excepts)[j], FieldDecoder::Index(except_path, j))) {
              block.except.push_back(*e);
            }
          }
        }
      }
    }
    LoweredPeer peer;
    peer.block = std::move(block);
    lowered.peers.push_back(std::move(peer));
  }
}

void CiliumDecoder::Ports(const DocNode& node, const std::string& path, bool deny,
                          LoweredRule& lowered) {
  const auto* rules = d_.List(&node, path);
  if (!rules) return;
  lowered.any_port_entry = true;
  bool all_ports = false;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const std::string rule_path = FieldDecoder::Index(path, i);
    const DocNode& rule = (*rules)[i];
    if (!d_.ExpectMap(rule, rule_path, "a port rule")) continue;
    if (deny) {
      d_.CheckKnownFields(rule, rule_path, {"ports"});
    } else {
      d_.CheckKnownFields(rule, rule_path,
                          {"ports", "rules", "terminatingTLS", "originatingTLS", "serverNames",
                           "listener"});
    }
    const std::string l7 = deny ? "" : L7Protocol(rule);
    const std::vector<std::string> dns_names =
        l7 == "dns" ? DnsNames(rule, rule_path) : std::vector<std::string>{};
    const DocNode* ports = Present(rule, "ports");
    if (!ports && l7.empty()) {  // a port rule without ports: every port
      all_ports = true;
      continue;
    }
    if (!ports) {  // every port, filtered by L7 rules
      for (Protocol protocol : {Protocol::kTCP, Protocol::kUDP, Protocol::kSCTP}) {
        PolicyPort policy_port;
        policy_port.protocol = protocol;
        policy_port.l7 = l7;
        policy_port.dns_names = dns_names;
        policy_port.loc = rule.loc;
        lowered.ports.push_back(std::move(policy_port));
      }
      continue;
    }
    const std::string ports_path = FieldDecoder::Join(rule_path, "ports");
    const auto* entries = d_.List(ports, ports_path);
    if (!entries) continue;
    for (std::size_t j = 0; j < entries->size(); ++j) {
      const std::string entry_path = FieldDecoder::Index(ports_path, j);
      const DocNode& entry = (*entries)[j];
      if (!d_.ExpectMap(entry, entry_path, "port and protocol")) continue;
      d_.CheckKnownFields(entry, entry_path, {"port", "endPort", "protocol"});
      std::vector<Protocol> protocols = {Protocol::kTCP, Protocol::kUDP, Protocol::kSCTP};
      if (const DocNode* protocol = Present(entry, "protocol")) {
        auto text = d_.String(*protocol, FieldDecoder::Join(entry_path, "protocol"));
        if (!text) continue;
        if (*text == "TCP") protocols = {Protocol::kTCP};
        else if (*text == "UDP") protocols = {Protocol::kUDP};
        else if (*text == "SCTP") protocols = {Protocol::kSCTP};
        else if (*text == "ICMP" || *text == "ICMPv6" || *text == "VRRP" || *text == "IGMP") {
          d_.Warn(protocol->loc, fmt::format("{}: protocol {} is not modelled; this entry "
                                             "allows nothing here",
                                             FieldDecoder::Join(entry_path, "protocol"), *text));
          continue;
        } else if (*text != "ANY") {
          d_.Error(*protocol, FieldDecoder::Join(entry_path, "protocol"),
                   fmt::format("unsupported value \"{}\": supported values: TCP, UDP, SCTP, ICMP, "
                               "ICMPv6, VRRP, IGMP, ANY",
                               *text));
          continue;
        }
      }
      std::optional<int> port;
      std::string name;
      if (const DocNode* port_node = Present(entry, "port")) {
        const std::string port_path = FieldDecoder::Join(entry_path, "port");
        auto text = d_.String(*port_node, port_path);
        if (!text) continue;
        const bool numeric =
            !text->empty() && std::all_of(text->begin(), text->end(), [](char c) {
              return c >= '0' && c <= '9';
            });
        if (numeric) {
          if (text->size() > 5 || std::stoi(*text) > 65535) {
            d_.Error(*port_node, port_path, fmt::format("must be 0-65535, got {}", *text));
            continue;
          }
          if (std::stoi(*text) != 0) port = std::stoi(*text);
        } else if (text->empty() || text->size() > 15 ||
                   !std::all_of(text->begin(), text->end(), [](char c) {
                     return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                   })) {
          d_.Error(*port_node, port_path,
                   fmt::format("expected a port number or an IANA port name, got \"{}\"", *text));
          continue;
        } else {
          name = *text;
        }
      }
      std::optional<int> end_port;
      if (const DocNode* end_node = Present(entry, "endPort")) {
        auto value = d_.Integer(*end_node, FieldDecoder::Join(entry_path, "endPort"));
        if (!value) continue;
        if (port && name.empty() && *value >= *port && *value <= 65535) {
          end_port = static_cast<int>(*value);
        } else if (port && *value < *port) {
          d_.Error(*end_node, FieldDecoder::Join(entry_path, "endPort"),
                   fmt::format("must not be less than port {}, got {}", *port, *value));
          continue;
        }
      }
      for (Protocol protocol : protocols) {
        PolicyPort policy_port;
        policy_port.protocol = protocol;
        policy_port.port = port;
        policy_port.port_name = name;
        policy_port.end_port = end_port;
        policy_port.l7 = l7;
        policy_port.dns_names = dns_names;
        policy_port.loc = entry.loc;
        lowered.ports.push_back(std::move(policy_port));
      }
    }
  }
  if (all_ports) lowered.ports.clear();
  if (all_ports) lowered.any_port_entry = false;
}

// One FQDNSelector (a toFQDNs entry, or an L7 `dns` rule, which has the
// same type): exactly one of matchName (a DNS name) or matchPattern (a name
// with `*` wildcards), as the CRD validates them; kept lowercase and without
// the trailing dot, as Cilium matches names. Absent after an error.
std::optional<std::string> CiliumDecoder::FqdnSelector(const DocNode& item,
                                                       const std::string& item_path) {
  if (!d_.ExpectMap(item, item_path, "matchName or matchPattern")) return std::nullopt;
  d_.CheckKnownFields(item, item_path, {"matchName", "matchPattern"});
  const DocNode* name = Present(item, "matchName");
  const DocNode* pattern = Present(item, "matchPattern");
  if ((name != nullptr) == (pattern != nullptr)) {
    d_.Error(item, item_path,
             name ? "must specify exactly one of matchName or matchPattern, got both"
                  : "must specify exactly one of matchName or matchPattern");
    return std::nullopt;
  }
  const char* key = name ? "matchName" : "matchPattern";
  const std::string value_path = FieldDecoder::Join(item_path, key);
  auto text = d_.String(name ? *name : *pattern, value_path);
  if (!text) return std::nullopt;
  std::string value = *text;
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value.size() > 1 && value.back() == '.') value.pop_back();
  const bool valid =
      !value.empty() && value.size() <= 255 && value.front() != '.' &&
      value.find("..") == std::string::npos &&
      std::all_of(value.begin(), value.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || (pattern && c == '*');
      });
  if (!valid) {
    d_.Error(name ? *name : *pattern, value_path,
             fmt::format("expected a DNS name{}, got \"{}\"", pattern ? " with * wildcards" : "",
                         *text));
    return std::nullopt;
  }
  return value;
}

// toFQDNs: each entry an FQDNSelector, lowered to a peer of its name.
void CiliumDecoder::Fqdns(const DocNode& node, const std::string& path, LoweredRule& lowered) {
  const auto* items = d_.List(&node, path);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const DocNode& item = (*items)[i];
    std::optional<std::string> value = FqdnSelector(item, FieldDecoder::Index(path, i));
    if (!value) continue;
    LoweredPeer peer;
    peer.fqdn = std::move(*value);
    peer.loc = item.loc;
    lowered.peers.push_back(std::move(peer));
  }
}

// The L7 `dns` rules of a port rule (`rules.dns`, each an FQDNSelector):
// the names whose lookups Cilium's DNS proxy lets through.
std::vector<std::string> CiliumDecoder::DnsNames(const DocNode& port_rule,
                                                 const std::string& rule_path) {
  std::vector<std::string> names;
  const DocNode* rules = Present(port_rule, "rules");
  if (!rules || !rules->IsMap()) return names;
  const DocNode* dns = Present(*rules, "dns");
  if (!dns) return names;
  const std::string dns_path = FieldDecoder::Join(FieldDecoder::Join(rule_path, "rules"), "dns");
  const auto* items = d_.List(dns, dns_path);
  if (!items) return names;
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::optional<std::string> value = FqdnSelector((*items)[i], FieldDecoder::Index(dns_path, i));
    if (value) names.push_back(std::move(*value));
  }
  return names;
}

// toServices: `k8sService` names a Service, `k8sServiceSelector` selects
// Services by their labels (namespace, for both: the policy's for a CNP
// when absent; none, so any, for a CCNP). Each lowers to a peer the loader
// resolves to the pods of its Services (ResolveCiliumServicePeers).
void CiliumDecoder::Services(const DocNode& node, const std::string& path,
                             LoweredRule& lowered) {
  const auto* items = d_.List(&node, path);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string item_path = FieldDecoder::Index(path, i);
    const DocNode& item = (*items)[i];
    if (!d_.ExpectMap(item, item_path, "k8sService or k8sServiceSelector")) continue;
    d_.CheckKnownFields(item, item_path, {"k8sService", "k8sServiceSelector"});
    if (const DocNode* selector = Present(item, "k8sServiceSelector")) {
      ServiceSelector(*selector, FieldDecoder::Join(item_path, "k8sServiceSelector"), lowered);
    }
    const DocNode* service = Present(item, "k8sService");
    if (!service) continue;
    const std::string service_path = FieldDecoder::Join(item_path, "k8sService");
    if (!d_.ExpectMap(*service, service_path, "serviceName and namespace")) continue;
    d_.CheckKnownFields(*service, service_path, {"serviceName", "namespace"});
    const DocNode* name_node = Present(*service, "serviceName");
    if (!name_node) {
      d_.Missing(*service, FieldDecoder::Join(service_path, "serviceName"),
                 "k8sService names a Service by serviceName");
      continue;
    }
    auto name = d_.String(*name_node, FieldDecoder::Join(service_path, "serviceName"));
    if (!name) continue;
    std::string ns = namespace_;
    if (const DocNode* ns_node = Present(*service, "namespace")) {
      auto text = d_.String(*ns_node, FieldDecoder::Join(service_path, "namespace"));
      if (!text) continue;
      ns = *text;
    }
    LoweredPeer peer;
    peer.pods = LabelSelector{};
    peer.pods->match_labels[kServicePeerKey] = *name;
    peer.pods->loc = service->loc;
    peer.namespaces = LabelSelector{};
    // A CCNP entry without a namespace has no policy namespace to default
    // to: Cilium's rule translation then matches a Service of that name in
    // any namespace. No namespace label: ResolveCiliumServicePeers expands
    // it to every such Service.
    if (!ns.empty()) peer.namespaces->match_labels[kNamespaceNameLabel] = ns;
    peer.loc = service->loc;
    lowered.peers.push_back(std::move(peer));
  }
}

// One `k8sServiceSelector` ({selector, namespace}): the Services whose
// metadata.labels `selector` matches (Cilium matches it as an endpoint
// selector, so the `k8s:` and `any:` sources are stripped as there).
void CiliumDecoder::ServiceSelector(const DocNode& node, const std::string& path,
                                    LoweredRule& lowered) {
  if (!d_.ExpectMap(node, path, "selector and namespace")) return;
  d_.CheckKnownFields(node, path, {"selector", "namespace"});
  const DocNode* selector_node = Present(node, "selector");
  if (!selector_node) {
    d_.Missing(node, FieldDecoder::Join(path, "selector"),
               "k8sServiceSelector selects Services by the labels in selector");
    return;
  }
  std::string ns = namespace_;
  if (const DocNode* ns_node = Present(node, "namespace")) {
    auto text = d_.String(*ns_node, FieldDecoder::Join(path, "namespace"));
    if (!text) return;
    ns = *text;
  }
  const std::string selector_path = FieldDecoder::Join(path, "selector");
  auto selector = EndpointSelector(*selector_node, selector_path);
  if (!selector) return;
  if (selector->second) {
    d_.Warn(selector_node->loc,
            fmt::format("{}: a namespace label selects no Service (Services carry only their "
                        "own labels; k8sServiceSelector names the namespace in `namespace`); "
                        "this entry matches nothing here",
                        selector_path));
    return;
  }
  LoweredPeer peer;
  peer.pods = std::move(selector->first);
  peer.pods->match_labels[kServiceSelectorPeerKey] = "";
  peer.namespaces = LabelSelector{};
  if (!ns.empty()) peer.namespaces->match_labels[kNamespaceNameLabel] = ns;
  peer.loc = node.loc;
  lowered.peers.push_back(std::move(peer));
}

void CiliumDecoder::Peers(const DocNode& rule, const std::string& path, Direction direction,
                          bool deny, LoweredRule& lowered, bool& has_l3) {
  const bool in = direction == Direction::kIngress;
  const std::string endpoints = in ? "fromEndpoints" : "toEndpoints";
  const std::string entities = in ? "fromEntities" : "toEntities";
  const std::string cidr = in ? "fromCIDR" : "toCIDR";
  const std::string cidr_set = in ? "fromCIDRSet" : "toCIDRSet";
  auto present = [&](const std::string& key) -> const DocNode* {
    const DocNode* value = Present(rule, key);
    if (value) has_l3 = true;
    return value;
  };
  if (const DocNode* list = present(endpoints)) {
    const std::string list_path = FieldDecoder::Join(path, endpoints);
    if (const auto* items = d_.List(list, list_path)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        auto selector = EndpointSelector((*items)[i], FieldDecoder::Index(list_path, i));
        if (!selector) continue;
        LoweredPeer peer;
        peer.pods = std::move(selector->first);
        peer.namespaces = std::move(selector->second);
        // A CCNP peer without a namespace part selects pods of every namespace.
        if (!peer.namespaces && clusterwide_) peer.namespaces = LabelSelector{};
        lowered.peers.push_back(std::move(peer));
      }
    }
  }
  if (const DocNode* list = present(entities)) {
    Entities(*list, FieldDecoder::Join(path, entities), lowered);
  }
  if (const DocNode* list = present(cidr)) {
    Cidrs(*list, FieldDecoder::Join(path, cidr), false, lowered);
  }
  if (const DocNode* list = present(cidr_set)) {
    Cidrs(*list, FieldDecoder::Join(path, cidr_set), true, lowered);
  }
  if (!in && !deny) {
    if (const DocNode* list = present("toFQDNs")) {
      Fqdns(*list, FieldDecoder::Join(path, "toFQDNs"), lowered);
    }
  }
  if (!in) {
    if (const DocNode* list = present("toServices")) {
      Services(*list, FieldDecoder::Join(path, "toServices"), lowered);
    }
  }
  // Peers netpol cannot resolve offline: reported, matching nothing.
  std::vector<std::pair<std::string, const char*>> unmodelled = {
      {in ? "fromRequires" : "toRequires",
       "requirements narrow every peer of the selected endpoints; not modelled, so the "
       "allows read wider than Cilium's"},
      {in ? "fromGroups" : "toGroups", "cloud-provider groups are not modelled; they match nothing here"},
      {in ? "fromNodes" : "toNodes", "nodes are not modelled; they match nothing here"},
  };
  for (const auto& [key, why] : unmodelled) {
    if (const DocNode* value = Present(rule, key)) {
      if (key != "fromRequires" && key != "toRequires") has_l3 = true;
      d_.Warn(value->loc, fmt::format("{}: {}", FieldDecoder::Join(path, key), why));
    }
  }
  if (const DocNode* icmps = Present(rule, "icmps")) {
    d_.Warn(icmps->loc, fmt::format("{}: ICMP is not modelled; these entries allow nothing here",
                                    FieldDecoder::Join(path, "icmps")));
  }
}

std::optional<LoweredRule> CiliumDecoder::DecodeRule(const DocNode& node, const std::string& path,
                                                     Direction direction, bool deny) {
  if (!d_.ExpectMap(node, path, "a rule")) return std::nullopt;
  const bool in = direction == Direction::kIngress;
  std::vector<std::string_view> known =
      in ? std::vector<std::string_view>{"fromEndpoints", "fromRequires", "fromCIDR",
                                         "fromCIDRSet", "fromEntities", "fromGroups",
                                         "fromNodes", "toPorts", "icmps", "authentication"}
         : std::vector<std::string_view>{"toEndpoints", "toRequires", "toCIDR", "toCIDRSet",
                                         "toEntities", "toServices", "toFQDNs", "toGroups",
                                         "toNodes", "toPorts", "icmps", "authentication"};
  if (deny && !in) known.erase(std::find(known.begin(), known.end(), "toFQDNs"));
  d_.CheckKnownFields(node, path, known);
  LoweredRule lowered;
  lowered.loc = node.loc;
  bool has_l3 = false;
  Peers(node, path, direction, deny, lowered, has_l3);
  const DocNode* ports = Present(node, "toPorts");
  // `icmps` without toPorts restricts the rule to ICMP, which is not modelled.
  if (Present(node, "icmps") && !ports) return std::nullopt;
  if (ports) Ports(*ports, FieldDecoder::Join(path, "toPorts"), deny, lowered);
  // A rule with ports only (no L3 part) admits every peer on them; a rule
  // with neither admits nothing (it only puts the endpoint in default deny).
  if (!has_l3) {
    if (!ports) return std::nullopt;
    lowered.all_peers = true;
  } else if (lowered.peers.empty()) {
    return std::nullopt;  // only peers netpol cannot model: matches nothing
  }
  if (lowered.any_port_entry && lowered.ports.empty()) return std::nullopt;  // no modelled port
  return lowered;
}

std::string ScopeName(bool clusterwide) {
  return clusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy";
}

void CiliumDecoder::Rule(const DocNode& node, const std::string& path, const std::string& name,
                         const ObjectMeta& meta, const SourceLoc& object_loc,
                         LoweredCiliumPolicy& out) {
  if (!d_.ExpectMap(node, path, "a rule")) return;
  d_.CheckKnownFields(node, path,
                      {"endpointSelector", "nodeSelector", "ingress", "ingressDeny", "egress",
                       "egressDeny", "labels", "description", "enableDefaultDeny", "log"});
  const DocNode* endpoint_node = Present(node, "endpointSelector");
  const DocNode* node_selector = Present(node, "nodeSelector");
  if (endpoint_node && node_selector) {
    d_.Error(node, path, "must specify exactly one of endpointSelector or nodeSelector, got both");
    return;
  }
  if (!endpoint_node && !node_selector) {
    d_.Error(node, path, "must specify exactly one of endpointSelector or nodeSelector");
    return;
  }
  if (node_selector) {
    d_.Warn(node_selector->loc,
            fmt::format("{}: host policy (nodeSelector) skipped: netpol does not model nodes",
                        FieldDecoder::Join(path, "nodeSelector")));
    return;
  }
  auto subject = EndpointSelector(*endpoint_node, FieldDecoder::Join(path, "endpointSelector"));
  if (!subject) return;

  std::vector<Direction> affected;
  bool default_deny[2] = {true, true};
  if (const DocNode* dd = Present(node, "enableDefaultDeny")) {
    const std::string dd_path = FieldDecoder::Join(path, "enableDefaultDeny");
    if (d_.ExpectMap(*dd, dd_path, "ingress and egress")) {
      d_.CheckKnownFields(*dd, dd_path, {"ingress", "egress"});
      for (int i = 0; i < 2; ++i) {
        if (const DocNode* v = Present(*dd, i == 0 ? "ingress" : "egress")) {
          if (auto b = d_.Bool(*v, FieldDecoder::Join(dd_path, i == 0 ? "ingress" : "egress"))) {
            default_deny[i] = *b;
          }
        }
      }
    }
  }

  NetworkPolicy allow;
  allow.kind = clusterwide_ ? PolicyKind::kCiliumClusterwideNetworkPolicy
                            : PolicyKind::kCiliumNetworkPolicy;
  allow.name = name;
  allow.namespace_name = namespace_;
  allow.annotations = meta.annotations;
  allow.loc = object_loc;
  allow.pod_selector = subject->first;
  allow.default_deny_ingress = default_deny[0];
  allow.default_deny_egress = default_deny[1];
  if (clusterwide_) allow.clusterwide_namespaces = subject->second.value_or(LabelSelector{});
  if (!clusterwide_ && subject->second) {
    // A CNP selects endpoints of its own namespace only.
    auto it = subject->second->match_labels.find(kNamespaceNameLabel);
    if (it != subject->second->match_labels.end() && it->second != namespace_) {
      d_.Warn(endpoint_node->loc,
              fmt::format("{}: a CiliumNetworkPolicy selects endpoints of its own namespace {} "
                          "only; this selector names namespace {}, so it selects nothing",
                          FieldDecoder::Join(path, "endpointSelector"), namespace_, it->second));
      return;
    }
  }

  ClusterPolicy deny;
  deny.kind = clusterwide_ ? ClusterPolicyKind::kCiliumClusterwideNetworkPolicy
                           : ClusterPolicyKind::kCiliumNetworkPolicy;
  deny.name = clusterwide_ ? name : namespace_ + "/" + name;
  deny.tier = PolicyTier::kAdmin;
  deny.priority = -1;
  deny.annotations = meta.annotations;
  deny.loc = object_loc;
  NamespacedPodSelector subject_pods;
  subject_pods.pod_selector = subject->first;
  if (clusterwide_) {
    subject_pods.namespace_selector = subject->second.value_or(LabelSelector{});
  } else {
    subject_pods.namespace_selector.match_labels[kNamespaceNameLabel] = namespace_;
  }
  deny.subject.pods = subject_pods;
  deny.subject.loc = endpoint_node->loc;
  bool any_deny = false;

  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    const bool in = direction == Direction::kIngress;
    const char* allow_key = in ? "ingress" : "egress";
    const char* deny_key = in ? "ingressDeny" : "egressDeny";
    bool has_rules = false;
    if (const DocNode* list = Present(node, allow_key)) {
      const std::string list_path = FieldDecoder::Join(path, allow_key);
      if (const auto* items = d_.List(list, list_path)) {
        has_rules = has_rules || !items->empty();
        for (std::size_t i = 0; i < items->size(); ++i) {
          auto rule = DecodeRule((*items)[i], FieldDecoder::Index(list_path, i), direction, false);
          if (!rule) continue;
          netpol::Rule lowered;
          lowered.loc = rule->loc;
          lowered.ports = rule->ports;
          if (!rule->all_peers) {
            for (LoweredPeer& peer : rule->peers) {
              Peer model_peer;
              model_peer.loc = rule->loc;
              if (!peer.fqdn.empty()) {
                model_peer.fqdn = peer.fqdn;
                model_peer.loc = peer.loc;
              } else if (peer.block) {
                model_peer.ip_block = peer.block;
                model_peer.loc = peer.block->loc;
              } else {
                model_peer.pod_selector = peer.pods;
                model_peer.namespace_selector = peer.namespaces;
                if (peer.loc.IsKnown()) model_peer.loc = peer.loc;
              }
              lowered.peers.push_back(std::move(model_peer));
            }
          }
          (in ? allow.ingress : allow.egress).push_back(std::move(lowered));
        }
      }
    }
    if (const DocNode* list = Present(node, deny_key)) {
      const std::string list_path = FieldDecoder::Join(path, deny_key);
      if (const auto* items = d_.List(list, list_path)) {
        has_rules = has_rules || !items->empty();
        for (std::size_t i = 0; i < items->size(); ++i) {
          auto rule = DecodeRule((*items)[i], FieldDecoder::Index(list_path, i), direction, true);
          if (!rule) continue;
          ClusterPolicyRule lowered;
          lowered.action = TierAction::kDeny;
          lowered.loc = rule->loc;
          auto add_pods = [&](std::optional<LabelSelector> namespaces, LabelSelector pods,
                              const SourceLoc& loc) {
            ClusterPolicyPeer peer;
            peer.kind = ClusterPolicyPeer::Kind::kPods;
            peer.loc = loc.IsKnown() ? loc : rule->loc;
            if (!namespaces) {
              namespaces = LabelSelector{};
              namespaces->match_labels[kNamespaceNameLabel] = namespace_;
            }
            peer.pods.namespace_selector = std::move(*namespaces);
            peer.pods.pod_selector = std::move(pods);
            lowered.peers.push_back(std::move(peer));
          };
          auto add_networks = [&](const IpBlock& block) {
            ClusterPolicyPeer peer;
            peer.kind = ClusterPolicyPeer::Kind::kNetworks;
            peer.loc = block.loc;
            peer.outside_cluster = true;
            SubtractCidrs(block.cidr, block.except, peer.networks);
            if (!peer.networks.empty()) lowered.peers.push_back(std::move(peer));
          };
          if (rule->all_peers) {
            add_pods(LabelSelector{}, LabelSelector{}, rule->loc);
            add_networks(IpBlock{*Cidr::Parse("0.0.0.0/0"), {}, rule->loc, true});
            add_networks(IpBlock{*Cidr::Parse("::/0"), {}, rule->loc, true});
          }
          for (const LoweredPeer& peer : rule->peers) {
            if (peer.block) add_networks(*peer.block);
            else add_pods(peer.namespaces, peer.pods.value_or(LabelSelector{}), peer.loc);
          }
          if (lowered.peers.empty()) continue;
          for (const PolicyPort& port : rule->ports) {
            ClusterPolicyPort model_port;
            model_port.loc = port.loc;
            model_port.protocol = port.protocol;
            if (port.IsNamed()) {
              model_port.kind = ClusterPolicyPort::Kind::kNamed;
              model_port.name = port.port_name;
            } else if (!port.port) {
              model_port.kind = ClusterPolicyPort::Kind::kAllOf;
            } else {
              model_port.kind = ClusterPolicyPort::Kind::kRange;
              model_port.first = *port.port;
              model_port.last = port.end_port.value_or(*port.port);
            }
            lowered.ports.push_back(std::move(model_port));
          }
          (in ? deny.ingress : deny.egress).push_back(std::move(lowered));
          any_deny = true;
        }
      }
    }
    // Default deny for a direction: on when the rule has rules for it,
    // unless enableDefaultDeny says otherwise; an explicit `true` turns it
    // on without rules.
    const DocNode* dd = Present(node, "enableDefaultDeny");
    const DocNode* explicit_dd = dd && dd->IsMap() ? Present(*dd, allow_key) : nullptr;
    if (has_rules || (explicit_dd && default_deny[in ? 0 : 1])) affected.push_back(direction);
  }
  if (!affected.empty()) {
    allow.policy_types = affected;
    out.allows.push_back(std::move(allow));
  }
  if (any_deny) out.denies.push_back(std::move(deny));
}

}  // namespace

bool IsCiliumPolicyKind(std::string_view kind, std::string_view api_version, bool* clusterwide) {
  if (api_version != kCiliumApi) return false;
  if (kind == "CiliumNetworkPolicy") {
    *clusterwide = false;
    return true;
  }
  if (kind == "CiliumClusterwideNetworkPolicy") {
    *clusterwide = true;
    return true;
  }
  return false;
}

std::optional<LoweredCiliumPolicy> DecodeCiliumPolicy(FieldDecoder& d, const DocNode& object,
                                                      bool clusterwide) {
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/!clusterwide, /*name_is_label=*/false, &meta)) {
    return std::nullopt;
  }
  d.CheckKnownFields(object, "", {"apiVersion", "kind", "metadata", "spec", "specs", "status"});
  CiliumDecoder decoder(d, clusterwide, clusterwide ? std::string() : meta.namespace_name);
  LoweredCiliumPolicy out;
  const DocNode* spec = Present(object, "spec");
  const DocNode* specs = Present(object, "specs");
  if (!spec && !specs) {
    d.Missing(object, "spec", "a " + ScopeName(clusterwide) + " needs spec or specs");
    return std::nullopt;
  }
  if (spec) decoder.Rule(*spec, "spec", meta.name, meta, object.loc, out);
  if (specs) {
    if (const auto* items = d.List(specs, "specs")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        decoder.Rule((*items)[i], FieldDecoder::Index("specs", i),
                     fmt::format("{}[{}]", meta.name, i), meta, object.loc, out);
      }
    }
  }
  if (!d.ok()) return std::nullopt;
  return out;
}

namespace {

// The pods of `service` as a pod selector at `loc`.
LabelSelector ServicePods(const Service& service, const SourceLoc& loc) {
  LabelSelector pods;
  pods.loc = loc;
  for (const auto& [key, value] : *service.selector) pods.match_labels[key] = value;
  return pods;
}

// The namespace a toServices peer names, or "" (any namespace).
std::string PeerNamespace(const LabelSelector& namespaces) {
  auto it = namespaces.match_labels.find(kNamespaceNameLabel);
  return it == namespaces.match_labels.end() ? "" : it->second;
}

// `pods` (the pod part of a toServices peer) resolved in place; false when
// the peer does not name a Service.
void ResolveServiceSelector(const Cluster& cluster, LabelSelector& pods,
                            const LabelSelector& namespaces, const SourceLoc& loc,
                            DiagnosticSink& sink) {
  auto marker = pods.match_labels.find(kServicePeerKey);
  if (marker == pods.match_labels.end()) return;
  const std::string name = marker->second;
  const std::string ns = PeerNamespace(namespaces);
  const Service* service = cluster.FindService(ns, name);
  if (service == nullptr) {
    sink.Warning(loc, fmt::format("toServices: no Service {}/{} in the inputs; this entry "
                                  "matches nothing here",
                                  ns, name));
  } else if (!service->selector) {
    sink.Warning(loc, fmt::format("toServices: Service {}/{} has no selector: its endpoints "
                                  "(Endpoints, EndpointSlices) are not modelled; this entry "
                                  "matches nothing here",
                                  ns, name));
  } else {
    // The Service's pods: those its selector matches in its namespace.
    pods = ServicePods(*service, pods.loc);
  }
}

// One Service a multi-Service toServices peer stands for: its namespace,
// name and pods (its selector).
struct ServiceMatch {
  std::string ns;
  std::string name;
  LabelSelector pods;
};

// The Services of the inputs that `matches`, in input order, each with its
// pods; for each one without a selector, the warning `no_selector` words
// (from the Service) at `loc`. `*any`: whether any Service matched at all.
template <typename Matches, typename NoSelector>
std::vector<ServiceMatch> MatchServices(const Cluster& cluster, const SourceLoc& loc,
                                        DiagnosticSink& sink, Matches matches,
                                        NoSelector no_selector, bool* any) {
  std::vector<ServiceMatch> found;
  *any = false;
  for (const Service& service : cluster.services) {
    if (!matches(service)) continue;
    *any = true;
    if (!service.selector) {
      sink.Warning(loc, no_selector(service));
      continue;
    }
    found.push_back({service.namespace_name, service.name, ServicePods(service, loc)});
  }
  return found;
}

// The Services named `name` in any namespace, for a CCNP k8sService without
// a namespace: those with a selector; a warning at `loc` for each without
// one, and when there is none at all.
std::vector<ServiceMatch> ServicesInAnyNamespace(const Cluster& cluster, const std::string& name,
                                                 const SourceLoc& loc, DiagnosticSink& sink) {
  bool any = false;
  std::vector<ServiceMatch> found = MatchServices(
      cluster, loc, sink, [&](const Service& service) { return service.name == name; },
      [](const Service& service) {
        return fmt::format("toServices: Service {} has no selector: its endpoints (Endpoints, "
                           "EndpointSlices) are not modelled; it adds nothing here",
                           service.Id());
      },
      &any);
  if (!any) {
    sink.Warning(loc, fmt::format("toServices: no Service named {} in any namespace of the "
                                  "inputs (a k8sService without a namespace in a "
                                  "CiliumClusterwideNetworkPolicy matches that name in every "
                                  "namespace); this entry matches nothing here",
                                  name));
  }
  return found;
}

// The Services a k8sServiceSelector peer selects: those of namespace `ns`
// (any when empty, as in a CCNP) whose labels `selector` matches, in the
// order of the inputs; a warning at `loc` for each without a selector, and
// when none matches.
std::vector<ServiceMatch> ServicesSelected(const Cluster& cluster, const LabelSelector& selector,
                                           const std::string& ns, const SourceLoc& loc,
                                           DiagnosticSink& sink) {
  bool any = false;
  std::vector<ServiceMatch> found = MatchServices(
      cluster, loc, sink,
      [&](const Service& service) {
        return (ns.empty() || service.namespace_name == ns) && selector.Matches(service.labels);
      },
      [&](const Service& service) {
        return fmt::format("toServices: k8sServiceSelector {} selects Service {}, which has no "
                           "selector: its endpoints (Endpoints, EndpointSlices) are not "
                           "modelled; it adds nothing here",
                           selector.ToString(), service.Id());
      },
      &any);
  if (!any) {
    sink.Warning(loc, fmt::format("toServices: k8sServiceSelector {} selects no Service {} of the "
                                  "inputs; this entry matches nothing here",
                                  selector.ToString(),
                                  ns.empty() ? std::string("in any namespace")
                                             : "in namespace " + ns));
  }
  return found;
}

// The namespace selector of one namespace, by its name label.
LabelSelector NamespaceNamed(const std::string& ns) {
  LabelSelector selector;
  selector.match_labels[kNamespaceNameLabel] = ns;
  return selector;
}

// A toServices peer that stands for any number of Services: a
// k8sServiceSelector, or a k8sService without a namespace (a CCNP's). The
// Service label selector of the first (its pod selector without the
// marker), or the Service name of the second; nullopt for any other peer.
struct MultiServicePeer {
  std::optional<LabelSelector> selector;
  std::string name;
};
std::optional<MultiServicePeer> AsMultiServicePeer(const LabelSelector& pods,
                                                   const LabelSelector& namespaces) {
  if (pods.match_labels.count(kServiceSelectorPeerKey) != 0) {
    LabelSelector selector = pods;
    selector.match_labels.erase(kServiceSelectorPeerKey);
    return MultiServicePeer{std::move(selector), ""};
  }
  auto marker = pods.match_labels.find(kServicePeerKey);
  if (marker == pods.match_labels.end()) return std::nullopt;
  if (!PeerNamespace(namespaces).empty()) return std::nullopt;
  return MultiServicePeer{std::nullopt, marker->second};
}

// Replaces each multi-Service peer (AsMultiServicePeer) by one peer per
// Service it stands for, which `assign` points at the Service's namespace
// and pods; a peer that stands for no Service stays, matching nothing (its
// marker label is on no pod; the lookup warned). `selectors` gives a peer's
// pod and namespace selectors, or nulls for a peer of another kind.
template <typename PeerT, typename Selectors, typename Assign>
void ExpandMultiServicePeers(std::vector<PeerT>& peers, const Cluster& cluster,
                             DiagnosticSink& sink, Selectors selectors, Assign assign) {
  std::vector<PeerT> expanded;
  for (const PeerT& peer : peers) {
    const auto [pods, namespaces] = selectors(peer);
    const std::optional<MultiServicePeer> multi =
        pods && namespaces ? AsMultiServicePeer(*pods, *namespaces) : std::nullopt;
    if (!multi) {
      expanded.push_back(peer);
      continue;
    }
    const std::vector<ServiceMatch> services =
        multi->selector
            ? ServicesSelected(cluster, *multi->selector, PeerNamespace(*namespaces), peer.loc,
                               sink)
            : ServicesInAnyNamespace(cluster, multi->name, peer.loc, sink);
    if (services.empty()) expanded.push_back(peer);
    for (const ServiceMatch& service : services) {
      PeerT each = peer;
      assign(each, service, multi->selector ? multi->selector->ToString() : "");
      expanded.push_back(std::move(each));
    }
  }
  peers = std::move(expanded);
}

}  // namespace

void ResolveCiliumServicePeers(Cluster& cluster, DiagnosticSink& sink) {
  for (NetworkPolicy& policy : cluster.policies) {
    if (policy.kind == PolicyKind::kNetworkPolicy) continue;
    for (Rule& rule : policy.egress) {
      ExpandMultiServicePeers(
          rule.peers, cluster, sink,
          [](const Peer& peer) {
            return std::pair{peer.pod_selector ? &*peer.pod_selector : nullptr,
                             peer.namespace_selector ? &*peer.namespace_selector : nullptr};
          },
          [](Peer& each, const ServiceMatch& service, const std::string& selector) {
            each.namespace_selector = NamespaceNamed(service.ns);
            each.pod_selector = service.pods;
            each.service = service.ns + "/" + service.name;
            each.service_selector = selector;
          });
      for (Peer& peer : rule.peers) {
        if (!peer.service.empty()) continue;  // resolved above
        if (!peer.pod_selector || !peer.namespace_selector) continue;
        // Left unresolved above (no Service matched): warned there.
        if (AsMultiServicePeer(*peer.pod_selector, *peer.namespace_selector)) continue;
        // Named in the peer, so explain can say which Service it stands for.
        auto marker = peer.pod_selector->match_labels.find(kServicePeerKey);
        if (marker != peer.pod_selector->match_labels.end()) {
          peer.service = PeerNamespace(*peer.namespace_selector) + "/" + marker->second;
        }
        ResolveServiceSelector(cluster, *peer.pod_selector, *peer.namespace_selector, peer.loc,
                               sink);
      }
    }
  }
  for (ClusterPolicy& policy : cluster.cluster_policies) {
    if (policy.kind != ClusterPolicyKind::kCiliumNetworkPolicy &&
        policy.kind != ClusterPolicyKind::kCiliumClusterwideNetworkPolicy) {
      continue;
    }
    for (ClusterPolicyRule& rule : policy.egress) {
      ExpandMultiServicePeers(
          rule.peers, cluster, sink,
          [](const ClusterPolicyPeer& peer) {
            const bool pods = peer.kind == ClusterPolicyPeer::Kind::kPods;
            return std::pair{pods ? &peer.pods.pod_selector : nullptr,
                             pods ? &peer.pods.namespace_selector : nullptr};
          },
          [](ClusterPolicyPeer& each, const ServiceMatch& service, const std::string&) {
            each.pods.namespace_selector = NamespaceNamed(service.ns);
            each.pods.pod_selector = service.pods;
          });
      for (ClusterPolicyPeer& peer : rule.peers) {
        if (peer.kind != ClusterPolicyPeer::Kind::kPods) continue;
        if (AsMultiServicePeer(peer.pods.pod_selector, peer.pods.namespace_selector)) continue;
        ResolveServiceSelector(cluster, peer.pods.pod_selector, peer.pods.namespace_selector,
                               peer.loc, sink);
      }
    }
  }
}

NETPOL_NAMESPACE_END
