// netpol_bench_gen: writes a deterministic synthetic cluster as manifests.
//
// The shape follows what policy-heavy production clusters look like:
//  * system namespaces: kube-system (CoreDNS), monitoring (Prometheus scrapes
//    every pod), ingress-nginx (the ingress controller); none isolated;
//  * application namespaces labelled team=..., env=...; most have a
//    default-deny for both directions, the rest for ingress only;
//  * per namespace a few apps (frontend -> api -> worker chain) as bare pods
//    with shared labels per app, plus a StatefulSet-style database whose pods
//    carry a unique statefulset.kubernetes.io/pod-name label;
//  * policies: default-deny, DNS egress, scrape from monitoring (named port),
//    app-to-app allows (ingress + matching egress), frontends from the
//    ingress controller, same-team namespaceSelector allows with
//    matchExpressions, ipBlock egress to the internet except private ranges.
// Output is split into files of at most --max-file-mb so that every file
// stays well under the loader's per-input limit (one file per group of
// namespaces, like a per-namespace manifest repository).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

struct Params {
  std::uint32_t seed = 1;
  int pods = 1000;
  int namespaces = 20;
  int policies = 100;
  std::string format = "json";
  std::string out = "bench-data";
  double max_file_mb = 16;
  // Adversarial shapes.
  bool all_select = false;   // one namespace; every policy selects every pod
  bool unique_labels = false;  // every pod has a label of its own
  // Also write cluster-policies.yaml: two AdminNetworkPolicies and a
  // BaselineAdminNetworkPolicy over the generated namespaces.
  bool cluster_policies = false;
};

// The cluster-scoped tiers of --cluster-policies yes: the Admin tier denies
// dev -> prod, passes monitoring, denies the metadata address and lets team0
// talk to itself on 8080; the baseline denies ingress from pods everywhere
// but kube-system. Fixed text: its cost, not its shape, is what is measured.
const char* const kClusterPolicies = R"(# Written by netpol_bench_gen --cluster-policies yes.
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: protect-prod}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {env: prod}}}
  ingress:
  - {name: deny-dev, action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}]}
  - {name: pass-monitoring, action: Pass, from: [{namespaces: {matchLabels: {purpose: monitoring}}}]}
  egress:
  - {name: deny-metadata, action: Deny, to: [{networks: [169.254.169.254/32]}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: team0-lockdown}
spec:
  priority: 20
  subject: {namespaces: {matchLabels: {team: team0}}}
  ingress:
  - name: allow-team0
    action: Allow
    from: [{namespaces: {matchLabels: {team: team0}}}]
    ports: [{portNumber: {protocol: TCP, port: 8080}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject:
    namespaces:
      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]
  ingress:
  - {name: deny-from-pods, action: Deny, from: [{namespaces: {}}]}
)";

struct Tier {
  const char* name;
  int pods, namespaces, policies;
  bool all_select, unique_labels;
};

const Tier kTiers[] = {
    {"XS", 100, 5, 10, false, false},
    {"S", 1000, 20, 100, false, false},
    {"M", 10000, 200, 1000, false, false},
    {"L", 50000, 1000, 10000, false, false},
    {"XL", 150000, 10000, 75000, false, false},
    {"ADV-ALLSELECT", 10000, 1, 10000, true, false},
    {"ADV-UNIQUE", 10000, 50, 1000, false, true},
};

class Random {
 public:
  explicit Random(std::uint32_t seed) : engine_(seed) {}
  int Below(int n) { return static_cast<int>(engine_() % static_cast<std::uint32_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }

 private:
  std::mt19937 engine_;
};

// A tiny writer emitting the same object tree as JSON or YAML (block style
// for maps, flow style for short lists of scalars would complicate it: keep
// everything block style).
class Writer {
 public:
  explicit Writer(bool json) : json_(json) {}
  std::string& text() { return text_; }

  // JSON: objects are emitted by the caller as raw strings built with J().
  bool json() const { return json_; }

 private:
  bool json_;
  std::string text_;
};

// A minimal value tree, serialised to either format.
struct Value {
  enum Kind { kString, kInt, kMap, kList } kind = kMap;
  std::string s;
  long long i = 0;
  // Map members as parallel vectors: std::pair<std::string, Value> would
  // name Value while it is incomplete, which libstdc++ rejects under clang.
  std::vector<std::string> keys;
  std::vector<Value> values;
  std::vector<Value> list;

  static Value Str(std::string v) { Value x; x.kind = kString; x.s = std::move(v); return x; }
  static Value Int(long long v) { Value x; x.kind = kInt; x.i = v; return x; }
  static Value Map() { return Value(); }
  static Value List() { Value x; x.kind = kList; return x; }
  Value& Set(const std::string& k, Value v) {
    keys.push_back(k);
    values.push_back(std::move(v));
    return values.back();
  }
  Value& Add(Value v) { list.push_back(std::move(v)); return list.back(); }
};

void Quote(const std::string& s, std::string& out) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void WriteJson(const Value& v, std::string& out) {
  switch (v.kind) {
    case Value::kString: Quote(v.s, out); break;
    case Value::kInt: out += std::to_string(v.i); break;
    case Value::kMap: {
      out += '{';
      bool first = true;
      for (std::size_t m = 0; m < v.keys.size(); ++m) {
        if (!first) out += ',';
        first = false;
        Quote(v.keys[m], out);
        out += ':';
        WriteJson(v.values[m], out);
      }
      out += '}';
      break;
    }
    case Value::kList: {
      out += '[';
      for (std::size_t i = 0; i < v.list.size(); ++i) {
        if (i) out += ',';
        WriteJson(v.list[i], out);
      }
      out += ']';
      break;
    }
  }
}

bool IsEmptyContainer(const Value& v) {
  return (v.kind == Value::kMap && v.keys.empty()) || (v.kind == Value::kList && v.list.empty());
}

void WriteYamlScalar(const Value& v, std::string& out) {
  if (v.kind == Value::kInt) out += std::to_string(v.i);
  else if (v.kind == Value::kMap) out += "{}";
  else if (v.kind == Value::kList) out += "[]";
  else Quote(v.s, out);
}

void WriteYaml(const Value& v, int indent, std::string& out);

void WriteYamlMapEntries(const Value& v, int indent, bool first_inline, std::string& out) {
  bool first = true;
  for (std::size_t m = 0; m < v.keys.size(); ++m) {
    const Value& x = v.values[m];
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
    out += v.keys[m];
    out += ':';
    if (x.kind == Value::kString || x.kind == Value::kInt || IsEmptyContainer(x)) {
      out += ' ';
      WriteYamlScalar(x, out);
      out += '\n';
    } else {
      out += '\n';
      WriteYaml(x, indent + 2, out);
    }
  }
}

void WriteYaml(const Value& v, int indent, std::string& out) {
  if (v.kind == Value::kMap) {
    WriteYamlMapEntries(v, indent, false, out);
  } else if (v.kind == Value::kList) {
    for (const Value& x : v.list) {
      out.append(indent, ' ');
      out += "- ";
      if (x.kind == Value::kMap && !x.keys.empty()) {
        WriteYamlMapEntries(x, indent + 2, true, out);
      } else {
        WriteYamlScalar(x, out);
        out += '\n';
      }
    }
  }
}

Value Meta(const std::string& name, const std::string& ns) {
  Value m = Value::Map();
  m.Set("name", Value::Str(name));
  if (!ns.empty()) m.Set("namespace", Value::Str(ns));
  return m;
}

Value LabelMap(const std::vector<std::pair<std::string, std::string>>& labels) {
  Value m = Value::Map();
  for (const auto& [k, v] : labels) m.Set(k, Value::Str(v));
  return m;
}

Value Selector(const std::vector<std::pair<std::string, std::string>>& labels) {
  Value s = Value::Map();
  if (!labels.empty()) s.Set("matchLabels", LabelMap(labels));
  return s;
}

Value NsNameSelector(const std::string& ns) {
  return Selector({{"kubernetes.io/metadata.name", ns}});
}

Value PortEntry(const std::string& protocol, Value port, int end_port = 0) {
  Value p = Value::Map();
  p.Set("protocol", Value::Str(protocol));
  p.Set("port", std::move(port));
  if (end_port) p.Set("endPort", Value::Int(end_port));
  return p;
}

class Generator {
 public:
  explicit Generator(const Params& params) : p_(params), rng_(params.seed) {}

  int Run() {
    std::filesystem::create_directories(p_.out);
    for (const auto& entry : std::filesystem::directory_iterator(p_.out)) {
      if (entry.path().extension() == ".json" || entry.path().extension() == ".yaml") {
        std::filesystem::remove(entry.path());
      }
    }
    if (p_.all_select) {
      GenerateAllSelect();
    } else {
      GenerateRealistic();
    }
    Flush();
    std::fprintf(stderr, "netpol_bench_gen: %d pods, %d namespaces, %d policies in %d files under %s\n",
                 pods_written_, namespaces_written_, policies_written_, file_index_, p_.out.c_str());
    return 0;
  }

 private:
  // ---- Output ------------------------------------------------------------
  void Emit(Value object) {
    if (p_.format == "json") {
      if (current_.empty()) current_ = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n";
      else current_ += ",\n";
      WriteJson(object, current_);
    } else {
      current_ += "---\n";
      WriteYaml(object, 0, current_);
    }
    if (current_.size() > static_cast<std::size_t>(p_.max_file_mb * 1024 * 1024)) Flush();
  }

  void Flush() {
    if (current_.empty()) return;
    if (p_.format == "json") current_ += "\n]}\n";
    char name[64];
    std::snprintf(name, sizeof name, "part-%05d.%s", file_index_++, p_.format.c_str());
    std::ofstream(std::filesystem::path(p_.out) / name, std::ios::binary) << current_;
    current_.clear();
  }

  // ---- Objects -----------------------------------------------------------
  void EmitNamespace(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& labels) {
    Value ns = Value::Map();
    ns.Set("apiVersion", Value::Str("v1"));
    ns.Set("kind", Value::Str("Namespace"));
    Value meta = Meta(name, "");
    if (!labels.empty()) meta.Set("labels", LabelMap(labels));
    ns.Set("metadata", std::move(meta));
    Emit(std::move(ns));
    ++namespaces_written_;
  }

  std::string NextPodIp() {
    const std::uint32_t n = ++ip_counter_;  // 10.0.0.0/8 holds 16M pods
    return "10." + std::to_string((n >> 16) & 255) + "." + std::to_string((n >> 8) & 255) + "." +
           std::to_string(n & 255);
  }

  void EmitPod(const std::string& name, const std::string& ns,
               const std::vector<std::pair<std::string, std::string>>& labels,
               const std::vector<std::tuple<std::string, int, std::string>>& ports) {
    Value pod = Value::Map();
    pod.Set("apiVersion", Value::Str("v1"));
    pod.Set("kind", Value::Str("Pod"));
    Value meta = Meta(name, ns);
    meta.Set("labels", LabelMap(labels));
    pod.Set("metadata", std::move(meta));
    Value container = Value::Map();
    container.Set("name", Value::Str("main"));
    container.Set("image", Value::Str("registry.example/app:1"));
    Value cports = Value::List();
    for (const auto& [pname, port, protocol] : ports) {
      Value cp = Value::Map();
      cp.Set("name", Value::Str(pname));
      cp.Set("containerPort", Value::Int(port));
      cp.Set("protocol", Value::Str(protocol));
      cports.Add(std::move(cp));
    }
    container.Set("ports", std::move(cports));
    Value containers = Value::List();
    containers.Add(std::move(container));
    Value spec = Value::Map();
    spec.Set("containers", std::move(containers));
    pod.Set("spec", std::move(spec));
    Value status = Value::Map();
    status.Set("podIP", Value::Str(NextPodIp()));
    pod.Set("status", std::move(status));
    Emit(std::move(pod));
    ++pods_written_;
  }

  struct RuleSpec {
    std::vector<Value> peers;
    std::vector<Value> ports;
  };

  void EmitPolicy(const std::string& name, const std::string& ns, Value pod_selector,
                  const std::vector<std::string>& types, const std::vector<RuleSpec>& ingress,
                  const std::vector<RuleSpec>& egress) {
    Value policy = Value::Map();
    policy.Set("apiVersion", Value::Str("networking.k8s.io/v1"));
    policy.Set("kind", Value::Str("NetworkPolicy"));
    policy.Set("metadata", Meta(name, ns));
    Value spec = Value::Map();
    spec.Set("podSelector", std::move(pod_selector));
    Value type_list = Value::List();
    for (const std::string& t : types) type_list.Add(Value::Str(t));
    spec.Set("policyTypes", std::move(type_list));
    auto rules = [](const std::vector<RuleSpec>& specs, const char* peer_key) {
      Value list = Value::List();
      for (const RuleSpec& r : specs) {
        Value rule = Value::Map();
        if (!r.peers.empty()) {
          Value peers = Value::List();
          for (const Value& peer : r.peers) peers.Add(peer);
          rule.Set(peer_key, std::move(peers));
        }
        if (!r.ports.empty()) {
          Value ports = Value::List();
          for (const Value& port : r.ports) ports.Add(port);
          rule.Set("ports", std::move(ports));
        }
        list.Add(std::move(rule));
      }
      return list;
    };
    if (!ingress.empty()) spec.Set("ingress", rules(ingress, "from"));
    if (!egress.empty()) spec.Set("egress", rules(egress, "to"));
    policy.Set("spec", std::move(spec));
    Emit(std::move(policy));
    ++policies_written_;
  }

  static Value PodPeer(const std::vector<std::pair<std::string, std::string>>& labels) {
    Value peer = Value::Map();
    peer.Set("podSelector", Selector(labels));
    return peer;
  }
  static Value NsPeer(Value ns_selector, Value pod_selector) {
    Value peer = Value::Map();
    peer.Set("namespaceSelector", std::move(ns_selector));
    if (pod_selector.kind == Value::kMap) peer.Set("podSelector", std::move(pod_selector));
    return peer;
  }

  // ---- Shapes ------------------------------------------------------------
  void GenerateSystem() {
    EmitNamespace("kube-system", {});
    EmitNamespace("monitoring", {{"purpose", "monitoring"}});
    EmitNamespace("ingress-nginx", {{"purpose", "ingress"}});
    for (int i = 0; i < 2; ++i) {
      EmitPod("coredns-" + std::to_string(i), "kube-system", {{"k8s-app", "kube-dns"}},
              {{"dns", 53, "UDP"}, {"dns-tcp", 53, "TCP"}, {"metrics", 9153, "TCP"}});
    }
    EmitPod("prometheus-0", "monitoring", {{"app", "prometheus"}}, {{"web", 9090, "TCP"}});
    for (int i = 0; i < 2; ++i) {
      EmitPod("ingress-nginx-controller-" + std::to_string(i), "ingress-nginx",
              {{"app.kubernetes.io/name", "ingress-nginx"}},
              {{"http", 80, "TCP"}, {"https", 443, "TCP"}});
    }
  }

  void GenerateRealistic() {
    GenerateSystem();
    const int app_namespaces = std::max(1, p_.namespaces - 3);
    const int app_pods = std::max(0, p_.pods - 5);
    const int app_policies = p_.policies;
    static const char* kEnvs[] = {"prod", "staging", "dev"};
    static const char* kTiers[] = {"frontend", "api", "worker"};
    int unique = 0;
    for (int n = 0; n < app_namespaces; ++n) {
      const std::string ns = "team" + std::to_string(n % 50) + "-svc" + std::to_string(n);
      const std::string team = "team" + std::to_string(n % 50);
      EmitNamespace(ns, {{"team", team}, {"env", kEnvs[n % 3]}});
      // Pods: this namespace's share; apps of ~4 replicas plus a database.
      const int pods = app_pods / app_namespaces + (n < app_pods % app_namespaces ? 1 : 0);
      const int db_pods = pods >= 8 ? 3 : 0;
      const int app_count = std::max(1, (pods - db_pods + 3) / 4);
      int written = 0;
      for (int a = 0; written < pods - db_pods; a = (a + 1) % app_count) {
        const std::string app = "app" + std::to_string(a);
        std::vector<std::pair<std::string, std::string>> labels = {
            {"app", app},
            {"tier", kTiers[a % 3]},
            {"pod-template-hash", "h" + std::to_string(a * 7919 % 100000)}};
        if (p_.unique_labels) labels.push_back({"pod-id", std::to_string(unique++)});
        EmitPod(app + "-" + std::to_string(written), ns, labels,
                {{"http", 8080, "TCP"}, {"metrics", 9090, "TCP"}});
        ++written;
      }
      for (int d = 0; d < db_pods; ++d) {
        std::vector<std::pair<std::string, std::string>> labels = {
            {"app", "db"},
            {"tier", "db"},
            {"statefulset.kubernetes.io/pod-name", "db-" + std::to_string(d)}};
        if (p_.unique_labels) labels.push_back({"pod-id", std::to_string(unique++)});
        EmitPod("db-" + std::to_string(d), ns, labels, {{"postgres", 5432, "TCP"}, {"metrics", 9090, "TCP"}});
      }
      // Policies: this namespace's share, most important first.
      const int policies = app_policies / app_namespaces + (n < app_policies % app_namespaces ? 1 : 0);
      GenerateNamespacePolicies(ns, team, n, policies, app_count, db_pods > 0);
    }
  }

  void GenerateNamespacePolicies(const std::string& ns, const std::string& team, int n, int count,
                                 int app_count, bool has_db) {
    int emitted = 0;
    auto room = [&] { return emitted < count; };
    const bool egress_deny = n % 10 != 0;  // 90%: deny both directions
    if (room()) {
      EmitPolicy("default-deny", ns, Value::Map(),
                 egress_deny ? std::vector<std::string>{"Ingress", "Egress"}
                             : std::vector<std::string>{"Ingress"},
                 {}, {});
      ++emitted;
    }
    if (room() && egress_deny) {
      RuleSpec dns;
      dns.peers.push_back(NsPeer(NsNameSelector("kube-system"), Selector({{"k8s-app", "kube-dns"}})));
      dns.ports = {PortEntry("UDP", Value::Int(53)), PortEntry("TCP", Value::Int(53))};
      EmitPolicy("allow-dns", ns, Value::Map(), {"Egress"}, {}, {dns});
      ++emitted;
    }
    if (room()) {
      RuleSpec scrape;
      scrape.peers.push_back(NsPeer(Selector({{"purpose", "monitoring"}}), Selector({{"app", "prometheus"}})));
      scrape.ports = {PortEntry("TCP", Value::Str("metrics"))};
      EmitPolicy("allow-monitoring", ns, Value::Map(), {"Ingress"}, {scrape}, {});
      ++emitted;
    }
    // App policies, cycling until the namespace's share is used.
    for (int k = 0; room(); ++k) {
      const int a = k % (app_count + (has_db ? 1 : 0));
      const bool db = a == app_count;
      const std::string app = db ? "db" : "app" + std::to_string(a);
      const std::string name = "allow-" + app + (k >= app_count + 1 ? "-" + std::to_string(k) : "");
      const int variant = k / (app_count + 1);
      std::vector<RuleSpec> ingress;
      std::vector<RuleSpec> egress;
      std::vector<std::string> types = {"Ingress"};
      if (db) {
        RuleSpec from_api;
        from_api.peers.push_back(PodPeer({{"tier", "api"}}));
        from_api.ports = {PortEntry("TCP", Value::Int(5432))};
        ingress.push_back(from_api);
      } else if (a % 3 == 0) {
        RuleSpec from_ingress;
        from_ingress.peers.push_back(NsPeer(Selector({{"purpose", "ingress"}}), Value::List()));
        from_ingress.ports = {PortEntry("TCP", Value::Str("http"))};
        ingress.push_back(from_ingress);
        if (variant % 2 == 1) {  // same-team frontends, with matchExpressions
          RuleSpec team_rule;
          Value ns_sel = Value::Map();
          Value exprs = Value::List();
          Value expr = Value::Map();
          expr.Set("key", Value::Str("team"));
          expr.Set("operator", Value::Str("In"));
          Value values = Value::List();
          values.Add(Value::Str(team));
          expr.Set("values", std::move(values));
          exprs.Add(std::move(expr));
          ns_sel.Set("matchExpressions", std::move(exprs));
          team_rule.peers.push_back(NsPeer(std::move(ns_sel), Selector({{"tier", "frontend"}})));
          team_rule.ports = {PortEntry("TCP", Value::Int(8080))};
          ingress.push_back(team_rule);
        }
      } else {
        RuleSpec from_prev;
        from_prev.peers.push_back(PodPeer({{"app", "app" + std::to_string(a - 1)}}));
        from_prev.ports = {PortEntry("TCP", Value::Int(8080))};
        ingress.push_back(from_prev);
      }
      if (egress_deny) {
        types.push_back("Egress");
        RuleSpec to_next;
        to_next.peers.push_back(PodPeer({{"app", a + 1 < app_count ? "app" + std::to_string(a + 1) : "db"}}));
        to_next.ports = {PortEntry("TCP", Value::Int(8080)), PortEntry("TCP", Value::Int(5432))};
        egress.push_back(to_next);
        if (a % 4 == 1 || variant % 3 == 2) {  // some talk to the internet
          RuleSpec internet;
          Value block = Value::Map();
          block.Set("cidr", Value::Str("0.0.0.0/0"));
          Value except = Value::List();
          for (const char* c : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}) except.Add(Value::Str(c));
          block.Set("except", std::move(except));
          Value peer = Value::Map();
          peer.Set("ipBlock", std::move(block));
          internet.peers.push_back(std::move(peer));
          internet.ports = {PortEntry("TCP", Value::Int(443)), PortEntry("TCP", Value::Int(8000), 8100)};
          egress.push_back(internet);
        }
      }
      EmitPolicy(name, ns, Selector({{"app", app}}), types, ingress, egress);
      ++emitted;
    }
  }

  // 10k pods in one namespace; every policy selects every pod (an Exists on
  // a label all pods carry), each allowing one app on its own port.
  void GenerateAllSelect() {
    const std::string ns = "crowd";
    EmitNamespace(ns, {{"team", "crowd"}});
    for (int i = 0; i < p_.pods; ++i) {
      const std::string app = "app" + std::to_string(i % 100);
      EmitPod("pod-" + std::to_string(i), ns, {{"app", app}, {"managed", "yes"}},
              {{"http", 8080, "TCP"}});
    }
    for (int k = 0; k < p_.policies; ++k) {
      Value selector = Value::Map();
      Value exprs = Value::List();
      Value expr = Value::Map();
      expr.Set("key", Value::Str("managed"));
      expr.Set("operator", Value::Str("Exists"));
      exprs.Add(std::move(expr));
      selector.Set("matchExpressions", std::move(exprs));
      RuleSpec rule;
      rule.peers.push_back(PodPeer({{"app", "app" + std::to_string(k % 100)}}));
      rule.ports = {PortEntry("TCP", Value::Int(1000 + k % 5000))};
      EmitPolicy("policy-" + std::to_string(k), ns, std::move(selector), {"Ingress", "Egress"},
                 {rule}, {rule});
    }
  }

  Params p_;
  Random rng_;
  std::string current_;
  int file_index_ = 0;
  std::uint32_t ip_counter_ = 0;
  int pods_written_ = 0;
  int namespaces_written_ = 0;
  int policies_written_ = 0;
};

int Usage() {
  std::fprintf(stderr,
               "usage: netpol_bench_gen [--tier XS|S|M|L|XL|ADV-ALLSELECT|ADV-UNIQUE]\n"
               "                        [--seed N] [--pods N] [--namespaces N] [--policies N]\n"
               "                        [--format json|yaml] [--max-file-mb N]\n"
               "                        [--cluster-policies yes|no] --out DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Params params;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    const std::string value = argv[++i];
    if (arg == "--tier") {
      bool found = false;
      for (const Tier& tier : kTiers) {
        if (value == tier.name) {
          params.pods = tier.pods;
          params.namespaces = tier.namespaces;
          params.policies = tier.policies;
          params.all_select = tier.all_select;
          params.unique_labels = tier.unique_labels;
          found = true;
        }
      }
      if (!found) return Usage();
    } else if (arg == "--seed") {
      params.seed = static_cast<std::uint32_t>(std::stoul(value));
    } else if (arg == "--pods") {
      params.pods = std::stoi(value);
    } else if (arg == "--namespaces") {
      params.namespaces = std::stoi(value);
    } else if (arg == "--policies") {
      params.policies = std::stoi(value);
    } else if (arg == "--format" && (value == "json" || value == "yaml")) {
      params.format = value;
    } else if (arg == "--max-file-mb") {
      params.max_file_mb = std::stod(value);
    } else if (arg == "--out") {
      params.out = value;
    } else if (arg == "--cluster-policies" && (value == "yes" || value == "no")) {
      params.cluster_policies = value == "yes";
    } else {
      return Usage();
    }
  }
  const int status = Generator(params).Run();
  if (status == 0 && params.cluster_policies) {
    std::ofstream out(params.out + "/cluster-policies.yaml", std::ios::binary);
    out << kClusterPolicies;
    if (!out) {
      std::fprintf(stderr, "netpol_bench_gen: cannot write %s/cluster-policies.yaml\n",
                   params.out.c_str());
      return 1;
    }
  }
  return status;
}
