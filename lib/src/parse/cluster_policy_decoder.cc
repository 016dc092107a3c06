#include "parse/cluster_policy_decoder.h"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "parse/validation.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

constexpr std::string_view kV1Alpha1 = "policy.networking.k8s.io/v1alpha1";
constexpr std::string_view kV1Alpha2 = "policy.networking.k8s.io/v1alpha2";
constexpr std::string_view kV1Beta1 = "policy.networking.k8s.io/v1beta1";

constexpr int kMinPriority = 0;
constexpr int kMaxPriority = 1000;
constexpr std::size_t kMaxRuleNameChars = 100;
constexpr std::size_t kMaxCidrChars = 43;
/// networks and domainNames, in every version.
constexpr std::size_t kMaxPeerValues = 25;

struct ActionName {
  std::string_view text;
  TierAction action;
};

// What differs between the kinds, from the v0.1.7 CRDs.
struct Schema {
  ClusterPolicyKind kind;
  bool has_tier;      // spec.tier (ClusterNetworkPolicy)
  bool has_priority;  // spec.priority (not the singleton BANP)
  /// Rules per direction, peers per rule and ports per rule: 100 in
  /// v1alpha1, 25 for ClusterNetworkPolicy.
  std::size_t max_items;
  /// `ports` with portNumber/portRange/namedPort (v1alpha1), or `protocols`
  /// with tcp/udp/sctp/destinationNamedPort (ClusterNetworkPolicy).
  const char* ports_key;
  /// v1alpha1 requires both selectors of `pods`; ClusterNetworkPolicy only
  /// podSelector.
  bool namespace_selector_required;
  bool egress_domain_names;  // not in BaselineAdminNetworkPolicy
  /// v1beta1: networks must have no host bits (`cidr(self) ==
  /// cidr(self).masked()`), and the domain name pattern lost its `A-z` typo.
  bool v1beta1;
  std::vector<ActionName> actions;
  const char* action_hint;  // for a spelling of another kind
};

Schema SchemaFor(ClusterPolicyKind kind, std::string_view api_version) {
  switch (kind) {
    case ClusterPolicyKind::kAdminNetworkPolicy:
      return {kind, false, true, 100, "ports", true, true, false,
              {{"Allow", TierAction::kAllow}, {"Deny", TierAction::kDeny},
               {"Pass", TierAction::kPass}},
              "Accept is the ClusterNetworkPolicy spelling of Allow"};
    case ClusterPolicyKind::kBaselineAdminNetworkPolicy:
      return {kind, false, false, 100, "ports", true, false, false,
              {{"Allow", TierAction::kAllow}, {"Deny", TierAction::kDeny}},
              "the baseline tier is the last one: there is nothing to pass to"};
    case ClusterPolicyKind::kClusterNetworkPolicy:
    // Cilium deny rules become ClusterPolicies in the Cilium decoder and are
    // never decoded here.
    case ClusterPolicyKind::kCiliumNetworkPolicy:
    case ClusterPolicyKind::kCiliumClusterwideNetworkPolicy:
      break;
  }
  return {kind, true, true, 25, "protocols", false, true, api_version == kV1Beta1,
          {{"Accept", TierAction::kAllow}, {"Deny", TierAction::kDeny},
           {"Pass", TierAction::kPass}},
          "ClusterNetworkPolicy spells Allow as Accept"};
}

// "a", "a or b", "a, b or c" (or "and").
std::string OneOf(const std::vector<std::string_view>& names, const char* conjunction = "or") {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? fmt::format(" {} ", conjunction) : ", ";
    text += names[i];
  }
  return text;
}

// Characters of UTF-8 text, as the API server counts them for maxLength.
std::size_t CodePoints(std::string_view text) {
  auto leading = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), leading));
}

// The value of `key` unless absent or null (the API server prunes nulls
// before validating a custom resource, so null is absent).
const DocNode* Present(const DocNode& map, std::string_view key) {
  const DocNode* value = map.Get(key);
  return value && !value->IsNull() ? value : nullptr;
}

struct FieldHint {
  std::string_view key;
  const char* hint;
};

class ClusterPolicyDecoder {
 public:
  ClusterPolicyDecoder(FieldDecoder& d, ClusterPolicyKind kind, std::string_view api_version)
      : d_(d), schema_(SchemaFor(kind, api_version)) {}

  std::optional<ClusterPolicy> Decode(const DocNode& object);

 private:
  const char* KindName() const { return ClusterPolicyKindName(schema_.kind); }
  // ClusterNetworkPolicy (v1alpha2, v1beta1) rather than the v1alpha1 kinds.
  bool IsCnp() const { return schema_.kind == ClusterPolicyKind::kClusterNetworkPolicy; }

  bool Superseded(const DocNode& map, const std::string& path, bool pods_peer);
  void CheckUnknown(const DocNode& map, const std::string& path,
                   const std::vector<std::string_view>& known,
                   const std::vector<FieldHint>& hints = {});
  std::optional<std::string_view> ExactlyOne(const DocNode& map, const std::string& path,
                                             const std::vector<std::string_view>& fields,
                                             const char* several_hint = nullptr);
  bool CheckSize(const DocNode& list, const std::string& path, std::size_t min, std::size_t max);
  const std::vector<DocNode>* SizedList(const DocNode& node, const std::string& path,
                                        std::size_t min, std::size_t max);

  std::optional<int> Priority(const DocNode& node);
  std::optional<PolicyTier> Tier(const DocNode& node);
  std::optional<LabelSelector> RequiredSelector(const DocNode& map, const std::string& path,
                                                std::string_view key, const char* hint);
  std::optional<NamespacedPodSelector> Pods(const DocNode& node, const std::string& path);
  std::optional<ClusterPolicySubject> Subject(const DocNode& node);
  std::optional<std::vector<Cidr>> Networks(const DocNode& node, const std::string& path);
  std::optional<std::vector<std::string>> DomainNames(const DocNode& node,
                                                      const std::string& path);
  std::optional<ClusterPolicyPeer> Peer(const DocNode& node, const std::string& path,
                                        Direction direction);
  std::optional<std::pair<int, int>> Range(const DocNode& node, const std::string& path);
  std::optional<ClusterPolicyPort> NamedPort(const DocNode& entry, const DocNode& node,
                                             const std::string& path);
  std::optional<ClusterPolicyPort> PortEntry(const DocNode& node, const std::string& path);
  std::optional<ClusterPolicyPort> ProtocolEntry(const DocNode& node, const std::string& path);
  std::optional<TierAction> Action(const DocNode& node, const std::string& path);
  std::optional<ClusterPolicyRule> Rule(const DocNode& node, const std::string& path,
                                        Direction direction);

  FieldDecoder& d_;
  Schema schema_;
};

void ClusterPolicyDecoder::CheckUnknown(const DocNode& map, const std::string& path,
                                       const std::vector<std::string_view>& known,
                                       const std::vector<FieldHint>& hints) {
  for (const DocNode::Entry& entry : map.entries()) {
    if (std::find(known.begin(), known.end(), entry.key) != known.end()) continue;
    auto hint = std::find_if(hints.begin(), hints.end(),
                             [&](const FieldHint& h) { return h.key == entry.key; });
    if (hint != hints.end()) {
      d_.UnknownField(entry, path, hint->hint);
    } else if (auto closest = ClosestField(entry.key, known)) {
      d_.UnknownField(entry, path, fmt::format("did you mean '{}'?", *closest));
    } else {
      d_.UnknownField(entry, path, "");
    }
  }
}

// Peers written for network-policy-api v0.1.1, whose `namespaces` peer was
// a struct (namespaceSelector, sameLabels, notSameLabels; `related` before
// that, removed by kubernetes-sigs/network-policy-api#75) and whose `pods` peer held one as `namespaces`. v0.1.7 (changelog:
// "Removal of sameLabels and notSameLabels", kubernetes-sigs/
// network-policy-api#196) made `namespaces` a plain label selector and
// `pods` take `namespaceSelector`. The current CRD prunes the old fields, so
// the API server would store `namespaces: {}`, every namespace: the
// opposite of what the author meant. An error in every --validate mode.
bool ClusterPolicyDecoder::Superseded(const DocNode& map, const std::string& path,
                                      bool pods_peer) {
  if (!map.IsMap()) return false;
  bool found = false;
  for (const DocNode::Entry& entry : map.entries()) {
    const std::string field = FieldDecoder::Join(path, entry.key);
    std::string message;
    if (pods_peer && entry.key == "namespaces") {
      message = "the network-policy-api v0.1.1 shape of a pods peer; since v0.1.7 it is "
                "pods: {namespaceSelector: ..., podSelector: ...}";
    } else if (!pods_peer && entry.key == "namespaceSelector") {
      message = "the network-policy-api v0.1.1 shape; since v0.1.7 `namespaces` is itself "
                "a label selector: write namespaces: {matchLabels: ...}";
    } else if (!pods_peer && (entry.key == "sameLabels" || entry.key == "notSameLabels")) {
      message = fmt::format("{} was removed in network-policy-api v0.1.7 (after v0.1.1); "
                            "select the namespaces with a label selector instead",
                            entry.key);
    } else if (!pods_peer && entry.key == "related") {
      message = "`related` was removed from network-policy-api in 2023 (kubernetes-sigs/"
                "network-policy-api#75); select the namespaces with a label selector instead";
    } else {
      continue;
    }
    DocNode at;
    at.loc = entry.key_loc;
    d_.Error(at, field, message);
    found = true;
  }
  return found;
}

// The one field of `fields` that `map` sets; an error when it sets none or
// several (the CRDs declare minProperties and maxProperties 1).
std::optional<std::string_view> ClusterPolicyDecoder::ExactlyOne(
    const DocNode& map, const std::string& path, const std::vector<std::string_view>& fields,
    const char* several_hint) {
  std::vector<std::string_view> set;
  for (std::string_view field : fields) {
    if (Present(map, field)) set.push_back(field);
  }
  if (set.size() == 1) return set.front();
  if (set.empty()) {
    d_.Error(map, path, "must specify exactly one of " + OneOf(fields));
  } else {
    d_.Error(map, path,
             fmt::format("must specify exactly one of {}, got {}{}", OneOf(fields),
                         OneOf(set, "and"),
                         several_hint ? fmt::format(" ({})", several_hint) : ""));
  }
  return std::nullopt;
}

bool ClusterPolicyDecoder::CheckSize(const DocNode& list, const std::string& path,
                                     std::size_t min, std::size_t max) {
  const std::size_t size = list.items().size();
  if (size < min) {
    d_.Error(list, path, fmt::format("must have at least {} item{}", min, min == 1 ? "" : "s"));
    return false;
  }
  if (size > max) {
    d_.Error(list, path, fmt::format("must have at most {} items, got {}", max, size));
    return false;
  }
  return true;
}

const std::vector<DocNode>* ClusterPolicyDecoder::SizedList(const DocNode& node,
                                                            const std::string& path,
                                                            std::size_t min, std::size_t max) {
  const std::vector<DocNode>* items = d_.List(&node, path);
  if (!items || !CheckSize(node, path, min, max)) return nullptr;
  return items;
}

std::optional<int> ClusterPolicyDecoder::Priority(const DocNode& node) {
  auto value = d_.Integer(node, "spec.priority");
  if (!value) return std::nullopt;
  if (*value < kMinPriority || *value > kMaxPriority) {
    d_.Error(node, "spec.priority",
             fmt::format("must be between {} and {}, got {}", kMinPriority, kMaxPriority, *value));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<PolicyTier> ClusterPolicyDecoder::Tier(const DocNode& node) {
  auto text = d_.String(node, "spec.tier");
  if (!text) return std::nullopt;
  if (*text == "Admin") return PolicyTier::kAdmin;
  if (*text == "Baseline") return PolicyTier::kBaseline;
  d_.Error(node, "spec.tier", fmt::format("expected Admin or Baseline, got \"{}\"", *text));
  return std::nullopt;
}

std::optional<LabelSelector> ClusterPolicyDecoder::RequiredSelector(const DocNode& map,
                                                                    const std::string& path,
                                                                    std::string_view key,
                                                                    const char* hint) {
  const std::string key_path = FieldDecoder::Join(path, key);
  const DocNode* value = Present(map, key);
  if (!value) {
    d_.Missing(map, key_path, hint);
    return std::nullopt;
  }
  return d_.Selector(*value, key_path);
}

std::optional<NamespacedPodSelector> ClusterPolicyDecoder::Pods(const DocNode& node,
                                                               const std::string& path) {
  if (!d_.ExpectMap(node, path, "namespaceSelector and podSelector")) return std::nullopt;
  CheckUnknown(node, path, {"namespaceSelector", "podSelector"});
  NamespacedPodSelector pods;
  std::optional<LabelSelector> namespaces;
  if (schema_.namespace_selector_required || Present(node, "namespaceSelector")) {
    namespaces = RequiredSelector(node, path, "namespaceSelector",
                                  "use namespaceSelector: {} for pods of every namespace");
  } else {
    namespaces = LabelSelector{};  // v1alpha2: absent selects every namespace
  }
  auto pod_selector =
      RequiredSelector(node, path, "podSelector", "use podSelector: {} for every pod");
  if (!namespaces || !pod_selector) return std::nullopt;
  pods.namespace_selector = std::move(*namespaces);
  pods.pod_selector = std::move(*pod_selector);
  return pods;
}

std::optional<ClusterPolicySubject> ClusterPolicyDecoder::Subject(const DocNode& node) {
  const std::string path = "spec.subject";
  if (!d_.ExpectMap(node, path, "a subject")) return std::nullopt;
  CheckUnknown(node, path, {"namespaces", "pods"});
  ClusterPolicySubject subject;
  subject.loc = node.loc;
  auto field = ExactlyOne(node, path, {"namespaces", "pods"});
  if (!field) return std::nullopt;
  const std::string field_path = FieldDecoder::Join(path, *field);
  const DocNode& value = *node.Get(*field);
  if (*field == "namespaces") {
    subject.namespaces = d_.Selector(value, field_path);
    if (!subject.namespaces) return std::nullopt;
  } else {
    subject.pods = Pods(value, field_path);
    if (!subject.pods) return std::nullopt;
  }
  return subject;
}

std::optional<std::vector<Cidr>> ClusterPolicyDecoder::Networks(const DocNode& node,
                                                                const std::string& path) {
  const auto* items = SizedList(node, path, 1, kMaxPeerValues);
  if (!items) return std::nullopt;
  std::vector<Cidr> networks;
  std::set<std::string> seen;
  bool ok = true;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const DocNode& item = (*items)[i];
    const std::string item_path = FieldDecoder::Index(path, i);
    auto text = d_.String(item, item_path);
    if (!text) {
      ok = false;
      continue;
    }
    if (text->size() > kMaxCidrChars) {
      d_.Error(item, item_path, fmt::format("must be at most {} characters", kMaxCidrChars));
      ok = false;
      continue;
    }
    if (text->find(':') != std::string::npos && text->find('.') != std::string::npos) {
      d_.Error(item, item_path,
               fmt::format("IPv4 addresses embedded in IPv6 are not supported, got \"{}\"", *text));
      ok = false;
      continue;
    }
    bool had_host_bits = false;
    auto cidr = Cidr::Parse(*text, &had_host_bits);
    if (!cidr) {
      d_.Error(item, item_path,
               fmt::format("expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32, got \"{}\"",
                           *text));
      ok = false;
      continue;
    }
    if (had_host_bits && schema_.v1beta1) {
      d_.Error(item, item_path,
               fmt::format("\"{}\" has bits set after the prefix length (write {})", *text,
                           cidr->ToString()));
      ok = false;
      continue;
    }
    if (!seen.insert(*text).second) {
      d_.Error(item, item_path, fmt::format("duplicate value \"{}\" (networks is a set)", *text));
      ok = false;
      continue;
    }
    networks.push_back(*cidr);
  }
  if (!ok) return std::nullopt;
  return networks;
}

std::optional<std::vector<std::string>> ClusterPolicyDecoder::DomainNames(
    const DocNode& node, const std::string& path) {
  const auto* items = SizedList(node, path, 1, kMaxPeerValues);
  if (!items) return std::nullopt;
  std::vector<std::string> names;
  bool ok = true;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const DocNode& item = (*items)[i];
    const std::string item_path = FieldDecoder::Index(path, i);
    auto text = d_.String(item, item_path);
    if (!text) {
      ok = false;
      continue;
    }
    if (std::string why; !IsPolicyDomainName(*text, /*legacy_pattern=*/!schema_.v1beta1, &why)) {
      d_.Error(item, item_path, fmt::format("invalid domain name \"{}\": {}", *text, why));
      ok = false;
      continue;
    }
    if (std::find(names.begin(), names.end(), *text) != names.end()) {
      d_.Error(item, item_path,
               fmt::format("duplicate value \"{}\" (domainNames is a set)", *text));
      ok = false;
      continue;
    }
    names.push_back(*text);
  }
  if (!ok) return std::nullopt;
  return names;
}

std::optional<ClusterPolicyPeer> ClusterPolicyDecoder::Peer(const DocNode& node,
                                                            const std::string& path,
                                                            Direction direction) {
  if (!d_.ExpectMap(node, path, "a peer")) return std::nullopt;
  std::vector<std::string_view> fields = {"namespaces", "pods"};
  std::vector<FieldHint> hints;
  if (direction == Direction::kEgress) {
    fields.insert(fields.end(), {"nodes", "networks"});
    if (schema_.egress_domain_names) {
      fields.push_back("domainNames");
    } else {
      hints.push_back({"domainNames", "BaselineAdminNetworkPolicy peers have no domainNames"});
    }
  } else {
    for (std::string_view key : {"nodes", "networks", "domainNames"}) {
      hints.push_back({key, "only egress peers take it"});
    }
  }
  CheckUnknown(node, path, fields, hints);
  auto field = ExactlyOne(node, path, fields, "use separate list items");
  if (!field) return std::nullopt;
  ClusterPolicyPeer peer;
  peer.loc = node.loc;
  const std::string field_path = FieldDecoder::Join(path, *field);
  const DocNode& value = *node.Get(*field);
  if (*field == "namespaces") {
    peer.kind = ClusterPolicyPeer::Kind::kNamespaces;
    if (Superseded(value, field_path, false)) return std::nullopt;
    auto selector = d_.Selector(value, field_path);
    if (!selector) return std::nullopt;
    peer.namespaces = std::move(*selector);
  } else if (*field == "pods") {
    peer.kind = ClusterPolicyPeer::Kind::kPods;
    if (Superseded(value, field_path, true)) return std::nullopt;
    auto pods = Pods(value, field_path);
    if (!pods) return std::nullopt;
    peer.pods = std::move(*pods);
  } else if (*field == "nodes") {
    peer.kind = ClusterPolicyPeer::Kind::kNodes;
    auto selector = d_.Selector(value, field_path);
    if (!selector) return std::nullopt;
    peer.nodes = std::move(*selector);
    d_.Warn(node.loc, path + ": netpol has no Node objects; this peer matches nothing");
  } else if (*field == "networks") {
    peer.kind = ClusterPolicyPeer::Kind::kNetworks;
    auto networks = Networks(value, field_path);
    if (!networks) return std::nullopt;
    peer.networks = std::move(*networks);
  } else {
    peer.kind = ClusterPolicyPeer::Kind::kDomainNames;
    auto names = DomainNames(value, field_path);
    if (!names) return std::nullopt;
    peer.domain_names = std::move(*names);
    d_.Warn(node.loc,
            path + ": domain names cannot be resolved offline; this peer matches nothing");
  }
  return peer;
}

// A `portRange` (v1alpha1, with start <= end) or `range` (v1alpha2, whose
// CEL rule demands start < end) mapping: start and end ports.
std::optional<std::pair<int, int>> ClusterPolicyDecoder::Range(const DocNode& node,
                                                               const std::string& path) {
  const DocNode* start = Present(node, "start");
  const DocNode* end = Present(node, "end");
  if (!start) d_.Missing(node, FieldDecoder::Join(path, "start"));
  if (!end) d_.Missing(node, FieldDecoder::Join(path, "end"));
  if (!start || !end) return std::nullopt;
  auto first = d_.Port(*start, FieldDecoder::Join(path, "start"));
  auto last = d_.Port(*end, FieldDecoder::Join(path, "end"));
  if (!first || !last) return std::nullopt;
  if (IsCnp() && *first >= *last) {
    // v1alpha2 validates `self.start < self.end` on the range itself.
    d_.Error(node, path,
             fmt::format("start ({}) must be less than end ({}); use destinationPort: "
                         "{{number: {}}} for a single port",
                         *first, *last, *first));
    return std::nullopt;
  }
  if (*first > *last) {
    // v1alpha1 documents "Start must be less than End" without a CRD rule;
    // a reversed range would match no port, so netpol refuses it.
    d_.Error(*end, FieldDecoder::Join(path, "end"),
             fmt::format("must be greater than or equal to start ({}), got {}", *first, *last));
    return std::nullopt;
  }
  return std::make_pair(*first, *last);
}

// `namedPort` (v1alpha1) or `destinationNamedPort` (v1alpha2): any string
// to the API server; netpol matches it against container port names.
// `entry` is the port list item that holds it.
std::optional<ClusterPolicyPort> ClusterPolicyDecoder::NamedPort(const DocNode& entry,
                                                                 const DocNode& node,
                                                                 const std::string& path) {
  auto text = d_.String(node, path);
  if (!text) return std::nullopt;
  if (text->empty()) {
    d_.Error(node, path, "must not be empty");
    return std::nullopt;
  }
  if (std::string why; !IsIanaSvcName(*text, &why)) {
    d_.Warn(node.loc, fmt::format("{}: \"{}\" is not a valid port name ({}); it matches no "
                                  "container port",
                                  path, *text, why));
  }
  ClusterPolicyPort port;
  port.loc = entry.loc;
  port.kind = ClusterPolicyPort::Kind::kNamed;
  port.name = std::move(*text);
  return port;
}

std::optional<ClusterPolicyPort> ClusterPolicyDecoder::PortEntry(const DocNode& node,
                                                                 const std::string& path) {
  if (!d_.ExpectMap(node, path, "a port")) return std::nullopt;
  CheckUnknown(node, path, {"portNumber", "namedPort", "portRange"});
  auto field = ExactlyOne(node, path, {"portNumber", "namedPort", "portRange"});
  if (!field) return std::nullopt;
  ClusterPolicyPort port;
  port.loc = node.loc;
  const std::string field_path = FieldDecoder::Join(path, *field);
  const DocNode& value = *node.Get(*field);
  if (*field == "namedPort") return NamedPort(node, value, field_path);
  const bool single = *field == "portNumber";
  if (!d_.ExpectMap(value, field_path, single ? "a port number" : "a port range")) {
    return std::nullopt;
  }
  if (single) {
    CheckUnknown(value, field_path, {"protocol", "port"});
  } else {
    CheckUnknown(value, field_path, {"protocol", "start", "end"});
  }
  // protocol: `default: TCP` in the CRD.
  auto protocol =
      d_.ProtocolField(value.Get("protocol"), FieldDecoder::Join(field_path, "protocol"));
  port.kind = ClusterPolicyPort::Kind::kRange;
  if (single) {
    const DocNode* number = Present(value, "port");
    if (!number) {
      d_.Missing(value, FieldDecoder::Join(field_path, "port"));
      return std::nullopt;
    }
    auto parsed = d_.Port(*number, FieldDecoder::Join(field_path, "port"));
    if (!parsed || !protocol) return std::nullopt;
    port.first = port.last = *parsed;
  } else {
    auto range = Range(value, field_path);
    if (!range || !protocol) return std::nullopt;
    std::tie(port.first, port.last) = *range;
  }
  port.protocol = *protocol;
  return port;
}

std::optional<ClusterPolicyPort> ClusterPolicyDecoder::ProtocolEntry(const DocNode& node,
                                                                     const std::string& path) {
  if (!d_.ExpectMap(node, path, "a protocol")) return std::nullopt;
  const std::vector<std::string_view> fields = {"tcp", "udp", "sctp", "destinationNamedPort"};
  CheckUnknown(node, path, fields);
  auto field = ExactlyOne(node, path, fields);
  if (!field) return std::nullopt;
  ClusterPolicyPort port;
  port.loc = node.loc;
  const std::string field_path = FieldDecoder::Join(path, *field);
  const DocNode& value = *node.Get(*field);
  if (*field == "destinationNamedPort") return NamedPort(node, value, field_path);
  port.protocol = *field == "tcp" ? Protocol::kTCP
                  : *field == "udp" ? Protocol::kUDP
                                    : Protocol::kSCTP;
  if (!d_.ExpectMap(value, field_path, "protocol attributes")) return std::nullopt;
  CheckUnknown(value, field_path, {"destinationPort"});
  // The CRD gives tcp/udp/sctp minProperties 1: destinationPort is required.
  const std::string port_path = FieldDecoder::Join(field_path, "destinationPort");
  const DocNode* destination = Present(value, "destinationPort");
  if (!destination) {
    d_.Missing(value, port_path,
               fmt::format("for every {} port use destinationPort: {{range: {{start: 1, end: "
                           "65535}}}}",
                           ProtocolName(port.protocol)));
    return std::nullopt;
  }
  if (!d_.ExpectMap(*destination, port_path, "a destination port")) return std::nullopt;
  CheckUnknown(*destination, port_path, {"number", "range"});
  auto kind = ExactlyOne(*destination, port_path, {"number", "range"});
  if (!kind) return std::nullopt;
  const std::string kind_path = FieldDecoder::Join(port_path, *kind);
  const DocNode& kind_value = *destination->Get(*kind);
  port.kind = ClusterPolicyPort::Kind::kRange;
  if (*kind == "number") {
    auto number = d_.Port(kind_value, kind_path);
    if (!number) return std::nullopt;
    port.first = port.last = *number;
    return port;
  }
  if (!d_.ExpectMap(kind_value, kind_path, "a port range")) return std::nullopt;
  CheckUnknown(kind_value, kind_path, {"start", "end"});
  auto range = Range(kind_value, kind_path);
  if (!range) return std::nullopt;
  std::tie(port.first, port.last) = *range;
  return port;
}

std::optional<TierAction> ClusterPolicyDecoder::Action(const DocNode& node,
                                                       const std::string& path) {
  auto text = d_.String(node, path);
  if (!text) return std::nullopt;
  std::vector<std::string_view> names;
  for (const ActionName& action : schema_.actions) {
    if (action.text == *text) return action.action;
    names.push_back(action.text);
  }
  const bool other_spelling = *text == "Allow" || *text == "Accept" || *text == "Pass";
  d_.Error(node, path,
           fmt::format("expected {}, got \"{}\"{}", OneOf(names), *text,
                       other_spelling ? fmt::format(" ({})", schema_.action_hint) : ""));
  return std::nullopt;
}

std::optional<ClusterPolicyRule> ClusterPolicyDecoder::Rule(const DocNode& node,
                                                            const std::string& path,
                                                            Direction direction) {
  if (!d_.ExpectMap(node, path, "a rule")) return std::nullopt;
  const char* peers_key = PeerListKey(direction);
  const char* other_peers_key = PeerListKey(Opposite(direction));
  const char* other_ports_key = IsCnp() ? "ports" : "protocols";
  const std::string ports_hint =
      fmt::format("{} rules use `{}`; this rule applies to all ports", KindName(),
                  schema_.ports_key);
  CheckUnknown(node, path, {"name", "action", peers_key, other_peers_key, schema_.ports_key},
              {{other_ports_key, ports_hint.c_str()}});
  if (const DocNode* wrong = node.Get(other_peers_key)) {
    d_.Error(*wrong, FieldDecoder::Join(path, other_peers_key),
             fmt::format("{} rules take `{}`", DirectionKey(direction), peers_key));
    return std::nullopt;
  }
  ClusterPolicyRule rule;
  rule.loc = node.loc;
  bool ok = true;
  if (const DocNode* name = Present(node, "name")) {
    const std::string name_path = FieldDecoder::Join(path, "name");
    if (auto text = d_.String(*name, name_path)) {
      if (CodePoints(*text) > kMaxRuleNameChars) {
        d_.Error(*name, name_path,
                 fmt::format("must be at most {} characters, got {}", kMaxRuleNameChars,
                             CodePoints(*text)));
        ok = false;
      }
      rule.name = std::move(*text);
    } else {
      ok = false;
    }
  }
  if (const DocNode* action = Present(node, "action")) {
    auto parsed = Action(*action, FieldDecoder::Join(path, "action"));
    if (parsed) rule.action = *parsed;
    else ok = false;
  } else {
    std::vector<std::string_view> names;
    for (const ActionName& action : schema_.actions) names.push_back(action.text);
    d_.Missing(node, FieldDecoder::Join(path, "action"), "one of " + OneOf(names));
    ok = false;
  }

  const std::string peers_path = FieldDecoder::Join(path, peers_key);
  if (const DocNode* peers = Present(node, peers_key)) {
    if (const auto* items = SizedList(*peers, peers_path, 1, schema_.max_items)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        auto peer = Peer((*items)[i], FieldDecoder::Index(peers_path, i), direction);
        if (peer) rule.peers.push_back(std::move(*peer));
        else ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    d_.Missing(node, peers_path, "at least one peer");
    ok = false;
  }

  const std::string ports_path = FieldDecoder::Join(path, schema_.ports_key);
  std::optional<std::size_t> named_index;
  const std::vector<DocNode>* port_items = nullptr;
  if (const DocNode* ports = Present(node, schema_.ports_key)) {
    port_items = SizedList(*ports, ports_path, 1, schema_.max_items);
    if (port_items) {
      for (std::size_t i = 0; i < port_items->size(); ++i) {
        const std::string item_path = FieldDecoder::Index(ports_path, i);
        auto port = IsCnp() ? ProtocolEntry((*port_items)[i], item_path)
                               : PortEntry((*port_items)[i], item_path);
        if (!port) {
          ok = false;
          continue;
        }
        if (port->kind == ClusterPolicyPort::Kind::kNamed && !named_index) named_index = i;
        rule.ports.push_back(std::move(*port));
      }
    } else {
      ok = false;
    }
  }

  // The egress rule CEL rule of the experimental CRDs: "networks/nodes/
  // domainNames peer cannot be set with namedPorts".
  if (named_index && direction == Direction::kEgress) {
    bool experimental_peer = false;
    bool networks_peer = false;
    for (const ClusterPolicyPeer& peer : rule.peers) {
      if (peer.kind == ClusterPolicyPeer::Kind::kNodes ||
          peer.kind == ClusterPolicyPeer::Kind::kDomainNames) {
        experimental_peer = true;
      }
      if (peer.kind == ClusterPolicyPeer::Kind::kNetworks) networks_peer = true;
    }
    const DocNode& named = (*port_items)[*named_index];
    const std::string named_path = FieldDecoder::Index(ports_path, *named_index);
    // Named ports exist only in the experimental v1alpha1 and v1beta1 CRDs,
    // and nodes and domainNames only in the experimental ones: there the
    // rule applies. The standard v1alpha2 CRD admits a named port with
    // networks peers.
    const bool standard_named_port = IsCnp() && !schema_.v1beta1;
    if (experimental_peer || (networks_peer && !standard_named_port)) {
      d_.Error(named, named_path,
               "a named port cannot be used in a rule with networks, nodes or domainNames "
               "peers (they have no named ports)");
      ok = false;
    } else if (networks_peer) {
      d_.Warn(named.loc, named_path +
                             ": a named port matches only pods, never the external addresses "
                             "of a networks peer (the experimental CRD rejects this "
                             "combination)");
    }
  }
  if (!ok) return std::nullopt;
  return rule;
}

std::optional<ClusterPolicy> ClusterPolicyDecoder::Decode(const DocNode& object) {
  ObjectMeta meta;
  // Cluster-scoped: a metadata.namespace is ignored, as the API server does.
  if (!DecodeMeta(d_, object, /*namespaced=*/false, /*name_is_label=*/false, &meta)) {
    return std::nullopt;
  }
  ClusterPolicy policy;
  policy.kind = schema_.kind;
  policy.name = meta.name;
  policy.annotations = std::move(meta.annotations);
  policy.loc = object.loc;
  if (schema_.kind == ClusterPolicyKind::kBaselineAdminNetworkPolicy) {
    policy.tier = PolicyTier::kBaseline;
    if (meta.name != "default") {
      d_.Error(*object.Get("metadata")->Get("name"), "metadata.name",
               fmt::format("a BaselineAdminNetworkPolicy is a singleton and must be named "
                           "\"default\", got \"{}\"",
                           meta.name));
    }
  }
  const DocNode* spec = Present(object, "spec");
  if (!spec) {
    d_.Missing(object, "spec");
    return std::nullopt;
  }
  if (!d_.ExpectMap(*spec, "spec", fmt::format("a {} spec", KindName()))) return std::nullopt;
  std::vector<std::string_view> known = {"subject", "ingress", "egress"};
  if (schema_.has_priority) known.push_back("priority");
  if (schema_.has_tier) known.push_back("tier");
  CheckUnknown(*spec, "spec", known,
              {{"priority", "a BaselineAdminNetworkPolicy has no priority"},
               {"tier", "only ClusterNetworkPolicy has spec.tier"}});

  if (schema_.has_tier) {
    if (const DocNode* tier = Present(*spec, "tier")) {
      if (auto parsed = Tier(*tier)) policy.tier = *parsed;
    } else {
      d_.Missing(*spec, "spec.tier", "Admin or Baseline");
    }
  }
  if (schema_.has_priority) {
    if (const DocNode* priority = Present(*spec, "priority")) {
      if (auto parsed = Priority(*priority)) policy.priority = *parsed;
    } else {
      d_.Missing(*spec, "spec.priority", "0-1000, lower values first");
    }
  }
  if (const DocNode* subject = Present(*spec, "subject")) {
    if (auto parsed = Subject(*subject)) policy.subject = std::move(*parsed);
  } else {
    d_.Missing(*spec, "spec.subject", "namespaces or pods");
  }
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    const char* key = DirectionKey(direction);
    const DocNode* rules = Present(*spec, key);
    if (!rules) continue;
    const std::string path = FieldDecoder::Join("spec", key);
    const auto* items = SizedList(*rules, path, 0, schema_.max_items);
    if (!items) continue;
    auto& out = direction == Direction::kIngress ? policy.ingress : policy.egress;
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (auto rule = Rule((*items)[i], FieldDecoder::Index(path, i), direction)) {
        out.push_back(std::move(*rule));
      }
    }
  }
  if (!d_.ok()) return std::nullopt;
  return policy;
}

}  // namespace

std::optional<ClusterPolicyKind> ClusterPolicyKindOf(std::string_view kind,
                                                     std::string_view api_version) {
  if (kind == "AdminNetworkPolicy" && api_version == kV1Alpha1) {
    return ClusterPolicyKind::kAdminNetworkPolicy;
  }
  if (kind == "BaselineAdminNetworkPolicy" && api_version == kV1Alpha1) {
    return ClusterPolicyKind::kBaselineAdminNetworkPolicy;
  }
  if (kind == "ClusterNetworkPolicy" && (api_version == kV1Alpha2 || api_version == kV1Beta1)) {
    return ClusterPolicyKind::kClusterNetworkPolicy;
  }
  return std::nullopt;
}

std::optional<ClusterPolicy> DecodeClusterPolicy(FieldDecoder& d, const DocNode& object,
                                                 ClusterPolicyKind kind,
                                                 std::string_view api_version) {
  return ClusterPolicyDecoder(d, kind, api_version).Decode(object);
}

NETPOL_NAMESPACE_END
