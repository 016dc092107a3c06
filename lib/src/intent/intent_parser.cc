// Intent file → Intent. Reuses the manifest readers' document tree, so intent
// errors carry FILE:LINE:COL like manifest errors.
#include <algorithm>
#include <charconv>
#include <initializer_list>

#include <fmt/format.h>

#include "netpol/intent.h"
#include "intent/intent_parser.h"
#include "parse/doc_node.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

class IntentDecoder {
 public:
  explicit IntentDecoder(DiagnosticSink& sink) : sink_(sink) {}

  std::optional<Intent> Decode(const DocNode& root) {
    Intent intent;
    intent.loc = root.loc;
    if (!ExpectMap(root, "intent")) return std::nullopt;
    KnownFields(root, "", {"apiVersion", "kind", "metadata", "spec"});
    const DocNode* api = root.Get("apiVersion");
    const DocNode* kind = root.Get("kind");
    if (!api || !api->IsScalar() || api->value() != kIntentApiVersion) {
      Error(api ? *api : root, "apiVersion", fmt::format("expected {}", kIntentApiVersion));
    }
    if (!kind || !kind->IsScalar() || kind->value() != "Intent") {
      Error(kind ? *kind : root, "kind", "expected Intent");
    }
    if (const DocNode* metadata = root.Get("metadata"); metadata && ExpectMap(*metadata, "metadata")) {
      KnownFields(*metadata, "metadata", {"name"});
      if (const DocNode* name = metadata->Get("name")) intent.name = String(*name, "metadata.name");
    }
    const DocNode* spec = root.Get("spec");
    if (!spec) {
      Error(root, "spec", "required field missing");
      return std::nullopt;
    }
    if (!ExpectMap(*spec, "spec")) return std::nullopt;
    KnownFields(*spec, "spec", {"scope", "requireDNS", "allow", "paths", "deny"});
    if (const DocNode* scope = spec->Get("scope"); scope && ExpectMap(*scope, "spec.scope")) {
      KnownFields(*scope, "spec.scope", {"namespaces", "mode"});
      for (const DocNode& ns : List(scope->Get("namespaces"), "spec.scope.namespaces")) {
        intent.scope_namespaces.push_back(String(ns, "spec.scope.namespaces[]"));
      }
      if (const DocNode* mode = scope->Get("mode")) {
        const std::string text = String(*mode, "spec.scope.mode");
        if (text == "open") intent.closed = false;
        else if (text != "closed") Error(*mode, "spec.scope.mode", fmt::format("expected closed or open, got \"{}\"", text));
      }
    }
    if (const DocNode* dns = spec->Get("requireDNS")) {
      if (dns->IsScalar() && dns->Resolve() == DocNode::Resolved::kBool) {
        intent.require_dns = dns->BoolValue();
        intent.require_dns_loc = dns->loc;
      } else {
        Error(*dns, "spec.requireDNS", "expected true or false, got " + dns->Describe());
      }
    }
    const auto& allows = List(spec->Get("allow"), "spec.allow");
    for (std::size_t i = 0; i < allows.size(); ++i) {
      Connection(allows[i], fmt::format("spec.allow[{}]", i), IntentConnection::Kind::kAllow, &intent);
    }
    const auto& paths = List(spec->Get("paths"), "spec.paths");
    for (std::size_t i = 0; i < paths.size(); ++i) Path(paths[i], fmt::format("spec.paths[{}]", i), &intent);
    const auto& denies = List(spec->Get("deny"), "spec.deny");
    for (std::size_t i = 0; i < denies.size(); ++i) {
      Connection(denies[i], fmt::format("spec.deny[{}]", i), IntentConnection::Kind::kDeny, &intent);
    }
    if (intent.closed && intent.scope_namespaces.empty()) {
      Error(*spec, "spec.scope.namespaces", "closed mode needs at least one namespace in scope");
    }
    if (!ok_) return std::nullopt;
    return intent;
  }

 private:
  void Connection(const DocNode& node, const std::string& path, IntentConnection::Kind kind,
                  Intent* intent) {
    if (!ExpectMap(node, path)) return;
    KnownFields(node, path, {"from", "to", "ports"});
    IntentConnection connection;
    connection.kind = kind;
    connection.loc = node.loc;
    const DocNode* from = node.Get("from");
    const DocNode* to = node.Get("to");
    if (!from || !to) {
      Error(node, path + (from ? ".to" : ".from"), "required field missing");
      return;
    }
    auto from_ref = Endpoint(*from, path + ".from");
    auto to_ref = Endpoint(*to, path + ".to");
    connection.ports = Ports(node.Get("ports"), path + ".ports");
    if (!from_ref || !to_ref) return;
    connection.from = *from_ref;
    connection.to = *to_ref;
    connection.from_loc = from->loc;
    connection.to_loc = to->loc;
    intent->connections.push_back(std::move(connection));
  }

  void Path(const DocNode& node, const std::string& path, Intent* intent) {
    if (!ExpectMap(node, path)) return;
    KnownFields(node, path, {"through", "ports"});
    const auto& hops_nodes = List(node.Get("through"), path + ".through");
    if (hops_nodes.size() < 2) {
      Error(node, path + ".through", "a path needs at least two endpoints");
      return;
    }
    std::vector<EndpointRef> hops;
    for (std::size_t i = 0; i < hops_nodes.size(); ++i) {
      auto ref = Endpoint(hops_nodes[i], fmt::format("{}.through[{}]", path, i));
      if (!ref) return;
      hops.push_back(*ref);
    }
    auto ports = Ports(node.Get("ports"), path + ".ports");
    for (std::size_t i = 0; i + 1 < hops.size(); ++i) {
      IntentConnection hop;
      hop.kind = IntentConnection::Kind::kPath;
      hop.from = hops[i];
      hop.to = hops[i + 1];
      hop.ports = ports;
      hop.loc = hops_nodes[i].loc;
      hop.from_loc = hops_nodes[i].loc;
      hop.to_loc = hops_nodes[i + 1].loc;
      intent->connections.push_back(std::move(hop));
    }
  }

  std::optional<EndpointRef> Endpoint(const DocNode& node, const std::string& path) {
    const std::string text = String(node, path);
    if (text.empty()) return std::nullopt;
    Result<EndpointRef> ref = EndpointRef::Parse(text);
    if (!ref.ok()) {
      Error(node, path, ref.status().message());
      return std::nullopt;
    }
    return std::move(ref).value();
  }

  std::optional<PortSet> Ports(const DocNode* node, const std::string& path) {
    if (!node || node->IsNull()) return std::nullopt;
    PortSet ports;
    const auto& items = List(node, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", path, i);
      if (!items[i].IsScalar()) {
        Error(items[i], item_path, "expected a port such as 80/TCP, got " + items[i].Describe());
        continue;
      }
      Result<PortSet> parsed = ParsePortSpec(items[i].value());
      if (!parsed.ok()) {
        Error(items[i], item_path, parsed.status().message());
        continue;
      }
      ports.Merge(*parsed);
    }
    return ports;
  }

  bool ExpectMap(const DocNode& node, const std::string& path) {
    if (node.IsMap()) return true;
    Error(node, path, "expected a mapping, got " + node.Describe());
    return false;
  }

  const std::vector<DocNode>& List(const DocNode* node, const std::string& path) {
    static const std::vector<DocNode> kEmpty;
    if (!node || node->IsNull()) return kEmpty;
    if (node->IsSequence()) return node->items();
    Error(*node, path, "expected a list, got " + node->Describe());
    return kEmpty;
  }

  std::string String(const DocNode& node, const std::string& path) {
    if (node.IsScalar() && node.Resolve() == DocNode::Resolved::kString) return node.value();
    Error(node, path, "expected a string, got " + node.Describe());
    return "";
  }

  void KnownFields(const DocNode& map, const std::string& path,
                   std::initializer_list<std::string_view> known) {
    for (const DocNode::Entry& entry : map.entries()) {
      if (std::find(known.begin(), known.end(), entry.key) != known.end()) continue;
      std::string expected;
      for (std::string_view k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      sink_.Error(entry.key_loc, fmt::format("{}{}: unknown field (expected one of: {})",
                                             path.empty() ? "" : path + ".", entry.key, expected));
      ok_ = false;
    }
  }

  void Error(const DocNode& node, const std::string& path, const std::string& message) {
    sink_.Error(node.loc, path + ": " + message);
    ok_ = false;
  }

  DiagnosticSink& sink_;
  bool ok_ = true;
};

bool ParseNumber(std::string_view text, int* value) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Result<PortSet> ParsePortSpec(std::string_view text) {
  if (text == "all") return PortSet::All();
  if (auto protocol = ParseProtocol(text)) return PortSet::AllOf(*protocol);
  Protocol protocol = Protocol::kTCP;
  std::string_view numbers = text;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto parsed = ParseProtocol(text.substr(slash + 1));
    if (!parsed) {
      return Status::InvalidArgument(
          fmt::format("expected a port such as 80/TCP, 53/UDP, 8000-8080/TCP, TCP or all; "
                      "unknown protocol in \"{}\"",
                      text));
    }
    protocol = *parsed;
    numbers = text.substr(0, slash);
  }
  int first = 0;
  int last = 0;
  const auto dash = numbers.find('-');
  const bool ok = dash == std::string_view::npos
                      ? ParseNumber(numbers, &first) && (last = first, true)
                      : ParseNumber(numbers.substr(0, dash), &first) &&
                            ParseNumber(numbers.substr(dash + 1), &last);
  if (!ok || first < kMinPort || last > kMaxPort || first > last) {
    return Status::InvalidArgument(
        fmt::format("expected a port such as 80/TCP, 53/UDP, 8000-8080/TCP, TCP or all "
                    "(ports 1-65535), got \"{}\"",
                    text));
  }
  return PortSet::Range(protocol, first, last);
}

std::optional<Intent> ParseIntent(std::string_view text, const std::string& file_name,
                                  DiagnosticSink& sink) {
  const int errors_before = sink.error_count();
  std::vector<DocNode> documents = ReadYamlDocuments(text, file_name, sink);
  if (sink.error_count() != errors_before) return std::nullopt;
  documents.erase(std::remove_if(documents.begin(), documents.end(),
                                 [](const DocNode& d) { return d.IsNull(); }),
                  documents.end());
  if (documents.size() != 1) {
    sink.Error(SourceLoc{file_name, 1, 1},
               fmt::format("expected exactly one Intent document, found {}", documents.size()));
    return std::nullopt;
  }
  return IntentDecoder(sink).Decode(documents[0]);
}

NETPOL_NAMESPACE_END
