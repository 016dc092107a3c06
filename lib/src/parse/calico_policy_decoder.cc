#include "parse/calico_policy_decoder.h"

#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "select/calico_selector_parser.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

constexpr std::string_view kCalicoApi = "projectcalico.org/v3";

const DocNode* Present(const DocNode& map, std::string_view key) {
  const DocNode* value = map.Get(key);
  return value && !value->IsNull() ? value : nullptr;
}

// A copy of `node` located `offset` characters into its (quoted) text, so an
// error inside a selector points at the offending character.
DocNode At(const DocNode& node, std::size_t offset) {
  DocNode copy;
  copy.loc = node.loc;
  const std::size_t quote = node.scalar_kind == DocNode::ScalarKind::kString ? 1 : 0;
  if (copy.loc.lines) copy.loc.offset += offset + quote;
  else copy.loc.column += static_cast<int>(offset + quote);
  return copy;
}

std::optional<CalicoSelector> Selector(FieldDecoder& d, const DocNode* node,
                                       const std::string& path) {
  if (!node) return std::nullopt;
  auto text = d.String(*node, path);
  if (!text) return std::nullopt;
  auto parsed = ParseCalicoSelector(*text);
  if (auto* error = std::get_if<CalicoSelectorError>(&parsed)) {
    d.Error(At(*node, error->offset), path,
            fmt::format("invalid selector \"{}\": {}", *text, error->message));
    return std::nullopt;
  }
  return std::get<CalicoSelector>(std::move(parsed));
}

std::optional<double> Order(FieldDecoder& d, const DocNode* node, const std::string& path) {
  if (!node) return std::nullopt;
  if (!node->IsScalar()) {
    d.Error(*node, path, fmt::format("expected a number, got {}", node->Describe()));
    return std::nullopt;
  }
  double value = 0;
  const char* end = node->value().data() + node->value().size();
  auto [ptr, ec] = std::from_chars(node->value().data(), end, value);
  if (ec != std::errc() || ptr != end || node->scalar_kind == DocNode::ScalarKind::kString ||
      !std::isfinite(value)) {
    d.Error(*node, path, fmt::format("expected a number, got \"{}\"", node->value()));
    return std::nullopt;
  }
  return value;
}

// A protocol name or number (1-255), as an IANA number.
std::optional<int> ProtocolNumber(FieldDecoder& d, const DocNode& node, const std::string& path) {
  if (!node.IsScalar()) {
    d.Error(node, path, fmt::format("expected a protocol, got {}", node.Describe()));
    return std::nullopt;
  }
  static const std::pair<std::string_view, int> kNames[] = {
      {"TCP", 6}, {"UDP", 17}, {"SCTP", 132}, {"ICMP", 1}, {"ICMPv6", 58}, {"UDPLite", 136}};
  for (auto [name, number] : kNames) {
    if (node.value() == name) return number;
  }
  int number = 0;
  const char* end = node.value().data() + node.value().size();
  auto [ptr, ec] = std::from_chars(node.value().data(), end, number);
  if (ec == std::errc() && ptr == end && number >= 1 && number <= 255) return number;
  d.Error(node, path,
          fmt::format("expected TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255, got \"{}\"",
                      node.value()));
  return std::nullopt;
}

bool HasPorts(int protocol) { return protocol == 6 || protocol == 17 || protocol == 132; }

std::vector<CalicoPort> Ports(FieldDecoder& d, const DocNode* node, const std::string& path) {
  std::vector<CalicoPort> out;
  const auto* items = d.List(node, path);
  if (!items) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const DocNode& item = (*items)[i];
    const std::string item_path = FieldDecoder::Index(path, i);
    CalicoPort port;
    port.loc = item.loc;
    if (!item.IsScalar()) {
      d.Error(item, item_path, fmt::format("expected a port, got {}", item.Describe()));
      continue;
    }
    const std::string& text = item.value();
    auto number = [&](std::string_view part, int* value) {
      auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), *value);
      return ec == std::errc() && ptr == part.data() + part.size();
    };
    const std::size_t colon = text.find(':');
    int first = 0;
    int last = 0;
    if (colon != std::string::npos && number(std::string_view(text).substr(0, colon), &first) &&
        number(std::string_view(text).substr(colon + 1), &last)) {
      if (first < 1 || last > 65535 || first > last) {
        d.Error(item, item_path,
                fmt::format("port range \"{}\" must be within 1-65535 and not reversed", text));
        continue;
      }
      port.first = first;
      port.last = last;
    } else if (number(text, &first)) {
      if (first < 1 || first > 65535) {
        d.Error(item, item_path, fmt::format("must be between 1 and 65535, got {}", first));
        continue;
      }
      port.first = port.last = first;
    } else if (!text.empty() && colon == std::string::npos) {
      port.name = text;
    } else {
      d.Error(item, item_path,
              fmt::format("expected a port number, a range \"first:last\" or a port name, got \"{}\"",
                          text));
      continue;
    }
    out.push_back(std::move(port));
  }
  return out;
}

void Nets(FieldDecoder& d, const DocNode* node, const std::string& path, std::vector<Cidr>& out) {
  const auto* items = d.List(node, path);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::string text = (*items)[i].value();
    if ((*items)[i].IsScalar() && text.find('/') == std::string::npos) {
      // Calico accepts a bare address as a single-address net.
      DocNode copy = (*items)[i];
      copy.mutable_value() += text.find(':') == std::string::npos ? "/32" : "/128";
      if (auto cidr = DecodeCidr(d, copy, FieldDecoder::Index(path, i))) out.push_back(*cidr);
      continue;
    }
    if (auto cidr = DecodeCidr(d, (*items)[i], FieldDecoder::Index(path, i))) out.push_back(*cidr);
  }
}

// `serviceAccounts: {names: [...], selector: "..."}`.
std::optional<CalicoServiceAccountMatch> ServiceAccounts(FieldDecoder& d, const DocNode& node,
                                                         const std::string& path) {
  if (!d.ExpectMap(node, path, "a service account match")) return std::nullopt;
  d.CheckKnownFields(node, path, {"names", "selector"});
  CalicoServiceAccountMatch match;
  match.loc = node.loc;
  const std::string names_path = FieldDecoder::Join(path, "names");
  if (const auto* names = d.List(Present(node, "names"), names_path)) {
    for (std::size_t i = 0; i < names->size(); ++i) {
      if (auto name = d.String((*names)[i], FieldDecoder::Index(names_path, i))) {
        match.names.push_back(*name);
      }
    }
  }
  match.selector = Selector(d, Present(node, "selector"), FieldDecoder::Join(path, "selector"));
  return match;
}

// `services: {name: ..., namespace: ...}`.
std::optional<CalicoServiceMatch> ServiceMatch(FieldDecoder& d, const DocNode& node,
                                               const std::string& path) {
  if (!d.ExpectMap(node, path, "a service match")) return std::nullopt;
  d.CheckKnownFields(node, path, {"name", "namespace"});
  CalicoServiceMatch match;
  match.loc = node.loc;
  const DocNode* name = Present(node, "name");
  if (!name) {
    d.Missing(node, FieldDecoder::Join(path, "name"), "the name of a Kubernetes Service");
    return std::nullopt;
  }
  auto text = d.String(*name, FieldDecoder::Join(path, "name"));
  if (!text) return std::nullopt;
  match.name = *text;
  if (const DocNode* ns = Present(node, "namespace")) {
    auto ns_text = d.String(*ns, FieldDecoder::Join(path, "namespace"));
    if (!ns_text) return std::nullopt;
    match.namespace_name = *ns_text;
  }
  return match;
}

CalicoEntityRule Entity(FieldDecoder& d, const DocNode* node, const std::string& path,
                        bool source) {
  CalicoEntityRule entity;
  if (!node) return entity;
  entity.loc = node->loc;
  if (!d.ExpectMap(*node, path, "an entity rule")) return entity;
  d.CheckKnownFields(*node, path,
                     {"selector", "notSelector", "namespaceSelector", "nets", "notNets", "ports",
                      "notPorts", "serviceAccounts", "services"});
  entity.selector = Selector(d, Present(*node, "selector"), FieldDecoder::Join(path, "selector"));
  entity.not_selector =
      Selector(d, Present(*node, "notSelector"), FieldDecoder::Join(path, "notSelector"));
  entity.namespace_selector = Selector(d, Present(*node, "namespaceSelector"),
                                       FieldDecoder::Join(path, "namespaceSelector"));
  Nets(d, Present(*node, "nets"), FieldDecoder::Join(path, "nets"), entity.nets);
  Nets(d, Present(*node, "notNets"), FieldDecoder::Join(path, "notNets"), entity.not_nets);
  entity.ports = Ports(d, Present(*node, "ports"), FieldDecoder::Join(path, "ports"));
  entity.not_ports = Ports(d, Present(*node, "notPorts"), FieldDecoder::Join(path, "notPorts"));
  if (const DocNode* value = Present(*node, "serviceAccounts")) {
    entity.service_accounts =
        ServiceAccounts(d, *value, FieldDecoder::Join(path, "serviceAccounts"));
  }
  if (const DocNode* value = Present(*node, "services")) {
    entity.service = ServiceMatch(d, *value, FieldDecoder::Join(path, "services"));
    // Calico's validation: with `services`, a destination takes no other
    // selection criteria (the Service gives addresses and ports), a source
    // only ports.
    const bool other = entity.selector || entity.not_selector || entity.namespace_selector ||
                       !entity.nets.empty() || !entity.not_nets.empty() || entity.service_accounts ||
                       (!source && (!entity.ports.empty() || !entity.not_ports.empty()));
    if (entity.service && other) {
      d.Error(*node, path,
              source ? "services: a source with services may set only ports or notPorts besides"
                     : "services: a destination with services may set no other field (the "
                       "Service gives the endpoints and their ports)");
      entity.service.reset();
    }
  }
  if (source && (!entity.ports.empty() || !entity.not_ports.empty())) {
    entity.unmodelled = true;
    d.Warn(node->loc, fmt::format("{}: source ports are not modelled (netpol models destination "
                                  "ports); this rule matches nothing",
                                  path));
  }
  return entity;
}

std::optional<CalicoRule> Rule(FieldDecoder& d, const DocNode& node, const std::string& path) {
  if (!d.ExpectMap(node, path, "a rule")) return std::nullopt;
  d.CheckKnownFields(node, path,
                     {"action", "protocol", "notProtocol", "icmp", "notICMP", "ipVersion",
                      "source", "destination", "http", "metadata"});
  CalicoRule rule;
  rule.loc = node.loc;
  const DocNode* action = Present(node, "action");
  if (!action) {
    d.Missing(node, FieldDecoder::Join(path, "action"), "Allow, Deny, Pass or Log");
    return std::nullopt;
  }
  const std::string action_path = FieldDecoder::Join(path, "action");
  auto text = d.String(*action, action_path);
  if (!text) return std::nullopt;
  if (*text == "Allow") rule.action = CalicoAction::kAllow;
  else if (*text == "Deny") rule.action = CalicoAction::kDeny;
  else if (*text == "Pass") rule.action = CalicoAction::kPass;
  else if (*text == "Log") rule.action = CalicoAction::kLog;
  else {
    d.Error(*action, action_path, fmt::format("expected Allow, Deny, Pass or Log, got \"{}\"", *text));
    return std::nullopt;
  }
  if (const DocNode* p = Present(node, "protocol")) {
    rule.protocol = ProtocolNumber(d, *p, FieldDecoder::Join(path, "protocol"));
  }
  if (const DocNode* p = Present(node, "notProtocol")) {
    rule.not_protocol = ProtocolNumber(d, *p, FieldDecoder::Join(path, "notProtocol"));
  }
  rule.source = Entity(d, Present(node, "source"), FieldDecoder::Join(path, "source"), true);
  rule.destination =
      Entity(d, Present(node, "destination"), FieldDecoder::Join(path, "destination"), false);
  const bool ports = !rule.destination.ports.empty() || !rule.destination.not_ports.empty();
  if (ports && (!rule.protocol || !HasPorts(*rule.protocol))) {
    d.Error(node, path, "ports need protocol TCP, UDP or SCTP");
    return std::nullopt;
  }
  if (rule.protocol && !HasPorts(*rule.protocol)) {
    d.Warn(node.loc, fmt::format("{}: protocol {} has no ports; netpol models TCP, UDP and SCTP "
                                 "ports, so this rule matches none of them",
                                 path, *rule.protocol));
  }
  for (std::string_view field : {"icmp", "notICMP", "http"}) {
    if (const DocNode* value = Present(node, field)) {
      d.Warn(value->loc, fmt::format("{}: not modelled (netpol models TCP, UDP and SCTP ports)",
                                     FieldDecoder::Join(path, field)));
    }
  }
  return rule;
}

std::vector<CalicoRule> Rules(FieldDecoder& d, const DocNode* node, const std::string& path) {
  std::vector<CalicoRule> out;
  const auto* items = d.List(node, path);
  if (!items) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (auto rule = Rule(d, (*items)[i], FieldDecoder::Index(path, i))) out.push_back(std::move(*rule));
  }
  return out;
}

}  // namespace

std::optional<CalicoPolicyKind> CalicoPolicyKindOf(std::string_view kind,
                                                   std::string_view api_version) {
  if (api_version != kCalicoApi) return std::nullopt;
  if (kind == "NetworkPolicy") return CalicoPolicyKind::kNetworkPolicy;
  if (kind == "GlobalNetworkPolicy") return CalicoPolicyKind::kGlobalNetworkPolicy;
  if (kind == "StagedNetworkPolicy") return CalicoPolicyKind::kStagedNetworkPolicy;
  if (kind == "StagedGlobalNetworkPolicy") return CalicoPolicyKind::kStagedGlobalNetworkPolicy;
  return std::nullopt;
}

std::optional<CalicoPolicy> DecodeCalicoPolicy(FieldDecoder& d, const DocNode& object,
                                               CalicoPolicyKind kind) {
  CalicoPolicy policy;
  policy.kind = kind;
  policy.loc = object.loc;
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/!policy.IsGlobal(), /*name_is_label=*/false, &meta)) {
    return std::nullopt;
  }
  policy.name = meta.name;
  if (!policy.IsGlobal()) policy.namespace_name = meta.namespace_name;
  d.CheckKnownFields(object, "", {"apiVersion", "kind", "metadata", "spec", "status"});
  const DocNode* spec = Present(object, "spec");
  if (!spec) {
    d.Missing(object, "spec");
    return std::nullopt;
  }
  if (!d.ExpectMap(*spec, "spec", "a policy spec")) return std::nullopt;
  std::vector<std::string_view> known = {"tier", "order", "selector", "types", "ingress",
                                         "egress", "serviceAccountSelector",
                                         "performanceHints", "stagedAction"};
  if (policy.IsGlobal()) {
    for (std::string_view field : {"namespaceSelector", "doNotTrack", "preDNAT", "applyOnForward"}) {
      known.push_back(field);
    }
  }
  d.CheckKnownFields(*spec, "spec", known);
  if (const DocNode* tier = Present(*spec, "tier")) {
    if (auto text = d.String(*tier, "spec.tier")) policy.tier = *text;
  }
  policy.order = Order(d, Present(*spec, "order"), "spec.order");
  if (auto selector = Selector(d, Present(*spec, "selector"), "spec.selector")) {
    policy.selector = std::move(*selector);
  }
  policy.namespace_selector =
      Selector(d, Present(*spec, "namespaceSelector"), "spec.namespaceSelector");
  policy.ingress = Rules(d, Present(*spec, "ingress"), "spec.ingress");
  policy.egress = Rules(d, Present(*spec, "egress"), "spec.egress");
  if (const DocNode* action = Present(*spec, "stagedAction"); action && policy.IsStaged()) {
    // Calico accepts Set (the default) and Delete.
    if (auto text = d.String(*action, "spec.stagedAction")) {
      if (*text == "Delete") {
        policy.staged_action = CalicoStagedAction::kDelete;
      } else if (*text != "Set") {
        d.Error(*action, "spec.stagedAction", fmt::format("expected Set or Delete, got \"{}\"", *text));
      }
    }
  }
  if (const DocNode* types = Present(*spec, "types")) {
    policy.applies_ingress = policy.applies_egress = false;
    if (const auto* items = d.List(types, "spec.types")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string path = FieldDecoder::Index("spec.types", i);
        auto text = d.String((*items)[i], path);
        if (!text) continue;
        if (*text == "Ingress") policy.applies_ingress = true;
        else if (*text == "Egress") policy.applies_egress = true;
        else d.Error((*items)[i], path, fmt::format("expected Ingress or Egress, got \"{}\"", *text));
      }
    }
  } else {
    // Calico's defaulting: Ingress, plus Egress when egress rules are
    // present; Egress alone when there are egress rules and no ingress rules.
    policy.applies_egress = !policy.egress.empty();
    policy.applies_ingress = policy.egress.empty() || !policy.ingress.empty();
  }
  policy.service_account_selector = Selector(d, Present(*spec, "serviceAccountSelector"),
                                             "spec.serviceAccountSelector");
  for (std::string_view field : {"doNotTrack", "preDNAT"}) {
    const DocNode* value = Present(*spec, field);
    if (value && value->IsScalar() && value->value() == "true") {
      d.Warn(value->loc, fmt::format("spec.{}: a host endpoint policy, not modelled; the policy "
                                     "is skipped",
                                     field));
      policy.skipped = true;
    }
  }
  if (const DocNode* value = Present(*spec, "applyOnForward")) {
    if (value->IsScalar() && value->value() == "true") {
      d.Warn(value->loc, "spec.applyOnForward: forwarded host traffic is not modelled; the "
                         "policy is read for pod traffic only");
    }
  }
  if (!d.ok()) return std::nullopt;
  return policy;
}

std::optional<CalicoTier> DecodeCalicoTier(FieldDecoder& d, const DocNode& object) {
  CalicoTier tier;
  tier.loc = object.loc;
  ObjectMeta meta;
  if (!DecodeMeta(d, object, /*namespaced=*/false, /*name_is_label=*/false, &meta)) {
    return std::nullopt;
  }
  tier.name = meta.name;
  d.CheckKnownFields(object, "", {"apiVersion", "kind", "metadata", "spec", "status"});
  if (const DocNode* spec = Present(object, "spec")) {
    if (d.ExpectMap(*spec, "spec", "a tier spec")) {
      d.CheckKnownFields(*spec, "spec", {"order", "defaultAction"});
      tier.order = Order(d, Present(*spec, "order"), "spec.order");
      if (const DocNode* action = Present(*spec, "defaultAction")) {
        if (action->IsScalar() && action->value() == "Pass") {
          tier.default_pass = true;
        } else if (!(action->IsScalar() && action->value() == "Deny")) {
          d.Error(*action, "spec.defaultAction", "expected Deny or Pass");
        }
      }
    }
  }
  if (!d.ok()) return std::nullopt;
  return tier;
}

void CheckCalicoReferences(const Cluster& cluster, DiagnosticSink& sink) {
  bool reads_account_labels = false;
  for (const CalicoPolicy& policy : cluster.calico_policies) {
    if (policy.service_account_selector) reads_account_labels = true;
    for (const auto* rules : {&policy.ingress, &policy.egress}) {
      for (const CalicoRule& rule : *rules) {
        for (const CalicoEntityRule* entity : {&rule.source, &rule.destination}) {
          if (entity->service_accounts && entity->service_accounts->selector) {
            reads_account_labels = true;
          }
          if (!entity->service) continue;
          const CalicoServiceMatch& match = *entity->service;
          const std::string ns =
              match.namespace_name.empty() ? policy.namespace_name : match.namespace_name;
          if (ns.empty()) {
            sink.Warning(match.loc, fmt::format("{}: services: Service {} names no namespace and "
                                                "a GlobalNetworkPolicy has none to default to; "
                                                "this rule matches nothing",
                                                policy.Id(), match.name));
            continue;
          }
          const Service* service = cluster.FindService(ns, match.name);
          if (service == nullptr) {
            sink.Warning(match.loc, fmt::format("{}: services: no Service {}/{} in the inputs; "
                                                "this rule matches nothing here",
                                                policy.Id(), ns, match.name));
          } else if (!service->selector) {
            sink.Warning(match.loc, fmt::format("{}: services: Service {}/{} has no selector: its "
                                                "endpoints (Endpoints, EndpointSlices) are not "
                                                "modelled; this rule matches nothing here",
                                                policy.Id(), ns, match.name));
          }
        }
      }
    }
  }
  if (!reads_account_labels) return;
  std::set<std::pair<std::string, std::string>> reported;
  for (const Pod& pod : cluster.pods) {
    if (cluster.FindServiceAccount(pod.namespace_name, pod.service_account)) continue;
    if (!reported.emplace(pod.namespace_name, pod.service_account).second) continue;
    sink.Warning(pod.loc, fmt::format("{} runs under ServiceAccount {}/{}, which is not in the "
                                      "inputs: netpol reads it without labels, so a Calico "
                                      "service account selector that reads labels does not "
                                      "match it",
                                      pod.Id(), pod.namespace_name, pod.service_account));
  }
}

NETPOL_NAMESPACE_END
