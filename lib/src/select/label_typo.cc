// Likely label typos (see netpol/label_typo.h for the design).
#include "netpol/label_typo.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

std::string Lower(const std::string& text) {
  std::string out = text;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string WithoutDigits(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

// The edit distance of two spellings when they are close, else nullopt.
// Spellings that differ only in digits (v1/v2, 8080/8081) are versions or
// ports, not typos.
std::optional<std::size_t> Closeness(const std::string& a, const std::string& b) {
  if (a == b || a.empty() || b.empty()) return std::nullopt;
  if (Lower(a) == Lower(b)) return 0;
  if (WithoutDigits(a) == WithoutDigits(b)) return std::nullopt;
  // Short words are all a few edits apart (a/x, db/ui): the shorter, the
  // fewer edits count as a typo.
  const std::size_t longest = std::max(a.size(), b.size());
  if (longest <= 3) return std::nullopt;
  const std::size_t limit = longest <= 5 ? 1 : 2;
  const std::size_t d = EditDistance(a, b, limit);
  if (d > limit) return std::nullopt;
  return d;
}

// A value index: key -> value -> objects carrying it (pods or namespaces).
using ValueIndex = std::map<std::string, std::map<std::string, std::vector<std::size_t>>>;

ValueIndex IndexLabels(const std::vector<const Labels*>& objects) {
  ValueIndex index;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    for (const auto& [key, value] : *objects[i]) {
      if (IsPlaceholderLabelValue(value)) continue;
      index[key][value].push_back(i);
    }
  }
  return index;
}

struct Term {
  std::string key, value;
  SourceLoc loc;
};

std::vector<Term> TermsOf(const LabelSelector& selector) {
  std::vector<Term> terms;
  for (const auto& [key, value] : selector.match_labels) {
    auto it = selector.match_label_locs.find(key);
    terms.push_back({key, value, it != selector.match_label_locs.end() ? it->second : selector.loc});
  }
  for (const LabelRequirement& r : selector.match_expressions) {
    if (r.op != SelectorOperator::kIn) continue;
    for (const std::string& value : r.values) {
      terms.push_back({r.key, value, r.loc.line ? r.loc : selector.loc});
    }
  }
  return terms;
}

// `selector` with its term key=value spelt new_key=new_value.
LabelSelector Respelt(LabelSelector selector, const std::string& key, const std::string& value,
                      const std::string& new_key, const std::string& new_value) {
  if (auto it = selector.match_labels.find(key); it != selector.match_labels.end() && it->second == value) {
    selector.match_labels.erase(it);
    selector.match_labels[new_key] = new_value;
    if (auto loc = selector.match_label_locs.find(key); loc != selector.match_label_locs.end()) {
      const SourceLoc where = loc->second;
      selector.match_label_locs.erase(loc);
      selector.match_label_locs[new_key] = where;
    }
  }
  for (LabelRequirement& r : selector.match_expressions) {
    if (r.op != SelectorOperator::kIn || r.key != key) continue;
    auto it = std::find(r.values.begin(), r.values.end(), value);
    if (it == r.values.end()) continue;
    if (new_key == key) {
      *it = new_value;
    } else {
      r.key = new_key;
    }
  }
  return selector;
}

LabelSelector& SelectorAt(Cluster& cluster, const SelectorSite& site) {
  NetworkPolicy& policy = cluster.policies[site.policy];
  if (!site.direction) return policy.pod_selector;
  Peer& peer = (*site.direction == Direction::kIngress ? policy.ingress : policy.egress)[site.rule]
                   .peers[site.peer];
  return site.namespace_selector ? *peer.namespace_selector : *peer.pod_selector;
}

const LabelSelector& SelectorAt(const Cluster& cluster, const SelectorSite& site) {
  return SelectorAt(const_cast<Cluster&>(cluster), site);
}

bool LocLess(const SourceLoc& a, const SourceLoc& b) {
  return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

class TypoFinder {
 public:
  explicit TypoFinder(const Cluster& cluster) : cluster_(cluster) {
    std::vector<const Labels*> pods, namespaces;
    for (const Pod& pod : cluster.pods) pods.push_back(&pod.labels);
    for (const Namespace& ns : cluster.namespaces) namespaces.push_back(&ns.labels);
    index_[0] = IndexLabels(pods);
    index_[1] = IndexLabels(namespaces);
    for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
      pods_of_[cluster.pods[i].namespace_name].push_back(i);
    }
  }

  std::vector<LabelTypo> Run() {
    // Every selector of every policy, with the terms it names.
    for (PolicyId p = 0; p < cluster_.policies.size(); ++p) {
      const NetworkPolicy& policy = cluster_.policies[p];
      Visit({p, std::nullopt, 0, 0, false, policy.pod_selector.loc}, policy.pod_selector);
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t i = 0; i < rules[r].peers.size(); ++i) {
            const Peer& peer = rules[r].peers[i];
            if (peer.namespace_selector) {
              Visit({p, direction, r, i, true, peer.namespace_selector->loc}, *peer.namespace_selector);
            }
            if (peer.pod_selector) {
              Visit({p, direction, r, i, false, peer.pod_selector->loc}, *peer.pod_selector);
            }
          }
        }
      }
    }
    for (const auto& [site, terms] : sites_) {
      for (const Term& term : terms) ++selector_uses_[site.namespace_selector ? 1 : 0][{term.key, term.value}];
    }
    for (const auto& [site, terms] : sites_) {
      for (const Term& term : terms) Search(site, term);
    }
    return Collect();
  }

 private:
  // Group key: (namespaces?, selector key, value, label key, value).
  using Spelling = std::tuple<bool, std::string, std::string, std::string, std::string>;

  void Visit(SelectorSite site, const LabelSelector& selector) {
    std::vector<Term> terms = TermsOf(selector);
    if (terms.empty()) return;
    sites_.push_back({site, std::move(terms)});
  }

  // The objects in reach of `site`: namespaces for a namespaceSelector; the
  // pods of the namespaces the peer names, or of the policy's namespace.
  std::vector<std::size_t> Reach(const SelectorSite& site) const {
    std::vector<std::size_t> out;
    if (site.namespace_selector) {
      for (std::size_t i = 0; i < cluster_.namespaces.size(); ++i) out.push_back(i);
      return out;
    }
    const NetworkPolicy& policy = cluster_.policies[site.policy];
    const Peer* peer = PeerAt(site);
    if (peer && peer->namespace_selector) {
      for (const Namespace& ns : cluster_.namespaces) {
        if (!peer->namespace_selector->Matches(ns.labels)) continue;
        auto it = pods_of_.find(ns.name);
        if (it != pods_of_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
      }
      std::sort(out.begin(), out.end());
      return out;
    }
    auto it = pods_of_.find(policy.namespace_name);
    if (it != pods_of_.end()) out = it->second;
    return out;
  }

  const Peer* PeerAt(const SelectorSite& site) const {
    if (!site.direction) return nullptr;
    return &cluster_.policies[site.policy].Rules(*site.direction)[site.rule].peers[site.peer];
  }

  const Labels& LabelsOf(bool namespaces, std::size_t object) const {
    return namespaces ? cluster_.namespaces[object].labels : cluster_.pods[object].labels;
  }

  bool MatchesSomething(const SelectorSite& site) const {
    const LabelSelector& selector = SelectorAt(cluster_, site);
    for (std::size_t object : Reach(site)) {
      if (selector.Matches(LabelsOf(site.namespace_selector, object))) return true;
    }
    return false;
  }

  // Whether any selector of the site's policy already selects `object`.
  bool PolicySelects(const SelectorSite& site, std::size_t object) const {
    const NetworkPolicy& policy = cluster_.policies[site.policy];
    if (site.namespace_selector) {
      const Labels& labels = cluster_.namespaces[object].labels;
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        for (const Rule& rule : policy.Rules(direction)) {
          for (const Peer& peer : rule.peers) {
            if (peer.namespace_selector && peer.namespace_selector->Matches(labels)) return true;
          }
        }
      }
      return false;
    }
    const Pod& pod = cluster_.pods[object];
    if (pod.namespace_name == policy.namespace_name && policy.pod_selector.Matches(pod.labels)) return true;
    const Namespace* ns = cluster_.FindNamespace(pod.namespace_name);
    for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
      for (const Rule& rule : policy.Rules(direction)) {
        for (const Peer& peer : rule.peers) {
          if (!peer.pod_selector && !peer.namespace_selector) continue;
          const bool ns_ok = peer.namespace_selector
                                 ? ns && peer.namespace_selector->Matches(ns->labels)
                                 : pod.namespace_name == policy.namespace_name;
          if (ns_ok && (!peer.pod_selector || peer.pod_selector->Matches(pod.labels))) return true;
        }
      }
    }
    return false;
  }

  void Search(const SelectorSite& site, const Term& term) {
    const ValueIndex& index = index_[site.namespace_selector ? 1 : 0];
    std::vector<std::pair<std::string, std::string>> candidates;
    if (auto values = index.find(term.key); values != index.end()) {
      for (const auto& [value, objects] : values->second) {
        if (Closeness(term.value, value)) candidates.emplace_back(term.key, value);
      }
    }
    for (const auto& [key, values] : index) {
      if (values.count(term.value) && Closeness(term.key, key)) candidates.emplace_back(key, term.value);
    }
    if (candidates.empty()) return;
    const LabelSelector& selector = SelectorAt(cluster_, site);
    const std::vector<std::size_t> reach = Reach(site);
    std::optional<bool> matches_something;
    for (const auto& [key, value] : candidates) {
      const LabelSelector fixed = Respelt(selector, term.key, term.value, key, value);
      const std::vector<std::size_t>& carriers = index.at(key).at(value);
      std::vector<std::size_t> hits;
      for (std::size_t object : carriers) {
        if (!std::binary_search(reach.begin(), reach.end(), object)) continue;
        const Labels& labels = LabelsOf(site.namespace_selector, object);
        if (!fixed.Matches(labels) || selector.Matches(labels)) continue;
        hits.push_back(object);
      }
      if (hits.empty()) continue;
      if (!matches_something) matches_something = MatchesSomething(site);
      if (*matches_something) {
        hits.erase(std::remove_if(hits.begin(), hits.end(),
                                  [&](std::size_t o) { return PolicySelects(site, o); }),
                   hits.end());
        if (hits.empty()) continue;
      }
      Found& found = found_[{site.namespace_selector, term.key, term.value, key, value}];
      SelectorSite at = site;
      at.loc = term.loc;
      if (std::find(found.sites.begin(), found.sites.end(), at) == found.sites.end()) {
        found.sites.push_back(at);
      }
      found.objects.insert(hits.begin(), hits.end());
    }
  }

  std::size_t Uses(bool namespaces, const std::string& key, const std::string& value) const {
    std::size_t uses = 0;
    const ValueIndex& index = index_[namespaces ? 1 : 0];
    if (auto k = index.find(key); k != index.end()) {
      if (auto v = k->second.find(value); v != k->second.end()) uses += v->second.size();
    }
    if (auto s = selector_uses_[namespaces ? 1 : 0].find({key, value});
        s != selector_uses_[namespaces ? 1 : 0].end()) {
      uses += s->second;
    }
    return uses;
  }

  SourceLoc LabelLoc(bool namespaces, std::size_t object, const std::string& key) const {
    const LabelLocs& locs =
        namespaces ? cluster_.namespaces[object].label_locs : cluster_.pods[object].label_locs;
    if (auto it = locs.find(key); it != locs.end()) return it->second;
    return namespaces ? cluster_.namespaces[object].loc : cluster_.pods[object].loc;
  }

  std::vector<LabelTypo> Collect() const {
    std::vector<LabelTypo> typos;
    for (const auto& [spelling, found] : found_) {
      LabelTypo typo;
      std::tie(typo.namespaces, typo.selector_key, typo.selector_value, typo.label_key,
               typo.label_value) = spelling;
      typo.selectors = found.sites;
      std::sort(typo.selectors.begin(), typo.selectors.end(),
                [](const SelectorSite& a, const SelectorSite& b) { return LocLess(a.loc, b.loc); });
      typo.objects.assign(found.objects.begin(), found.objects.end());
      const std::size_t selector_side = Uses(typo.namespaces, typo.selector_key, typo.selector_value);
      const std::size_t label_side = Uses(typo.namespaces, typo.label_key, typo.label_value);
      typo.wrong = selector_side > label_side ? LabelTypo::Side::kObjectLabel : LabelTypo::Side::kSelector;
      const SourceLoc label_loc = LabelLoc(typo.namespaces, typo.objects.front(), typo.label_key);
      const SourceLoc& selector_loc = typo.selectors.front().loc;
      typo.loc = typo.wrong == LabelTypo::Side::kSelector ? selector_loc : label_loc;
      typo.other_loc = typo.wrong == LabelTypo::Side::kSelector ? label_loc : selector_loc;
      typos.push_back(std::move(typo));
    }
    std::sort(typos.begin(), typos.end(), [](const LabelTypo& a, const LabelTypo& b) {
      if (LocLess(a.loc, b.loc)) return true;
      if (LocLess(b.loc, a.loc)) return false;
      return std::tie(a.selector_key, a.selector_value, a.label_key, a.label_value) <
             std::tie(b.selector_key, b.selector_value, b.label_key, b.label_value);
    });
    return typos;
  }

  struct Found {
    std::vector<SelectorSite> sites;
    std::set<std::size_t> objects;
  };

  const Cluster& cluster_;
  ValueIndex index_[2];  // pods, namespaces
  std::map<std::string, std::vector<std::size_t>> pods_of_;
  std::vector<std::pair<SelectorSite, std::vector<Term>>> sites_;
  std::map<std::pair<std::string, std::string>, std::size_t> selector_uses_[2];
  std::map<Spelling, Found> found_;
};

std::string ObjectName(const Cluster& cluster, bool namespaces, std::size_t object) {
  if (namespaces) return "namespace " + cluster.namespaces[object].name;
  const Pod& pod = cluster.pods[object];
  if (!pod.IsWorkload()) return "pod " + pod.namespace_name + "/" + pod.name;
  return fmt::format("{} {}/{} (pod template)", pod.kind, pod.namespace_name, pod.name);
}

std::string SiteName(const Cluster& cluster, const SelectorSite& site) {
  return fmt::format("{} of {}", site.Path(), cluster.policies[site.policy].Id());
}

std::string More(std::size_t n, const char* what) {
  if (n == 0) return "";
  return fmt::format(" and {} more {}{}", n, what, n == 1 ? "" : "s");
}

}  // namespace

std::string SelectorSite::Path() const {
  if (!direction) return "podSelector";
  return fmt::format("{}[{}].{}[{}].{}", DirectionKey(*direction), rule, PeerListKey(*direction), peer,
                     namespace_selector ? "namespaceSelector" : "podSelector");
}

std::string LabelTypo::Intended() const {
  return wrong == Side::kSelector ? label_key + "=" + label_value : selector_key + "=" + selector_value;
}

std::string LabelTypo::Written() const {
  return wrong == Side::kSelector ? selector_key + "=" + selector_value : label_key + "=" + label_value;
}

std::size_t EditDistance(const std::string& a, const std::string& b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::size_t> previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

std::optional<std::string> ClosestSpelling(const std::string& text,
                                           const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::optional<std::size_t> d = Closeness(text, candidate);
    if (!d) continue;
    if (!best || *d < best_distance) {
      best = candidate;
      best_distance = *d;
    }
  }
  return best;
}

std::vector<LabelTypo> FindLabelTypos(const Cluster& cluster) {
  return TypoFinder(cluster).Run();
}

std::string DescribeLabelTypo(const LabelTypo& typo, const Cluster& cluster) {
  const std::string selector_spelling = typo.selector_key + "=" + typo.selector_value;
  const std::string label_spelling = typo.label_key + "=" + typo.label_value;
  if (typo.wrong == LabelTypo::Side::kObjectLabel) {
    return fmt::format("{} has label {}, but {}{} select{} {}: did you mean {}?",
                       ObjectName(cluster, typo.namespaces, typo.objects.front()) +
                           More(typo.objects.size() - 1, typo.namespaces ? "namespace" : "object"),
                       label_spelling, SiteName(cluster, typo.selectors.front()),
                       More(typo.selectors.size() - 1, "selector"),
                       typo.selectors.size() == 1 ? "s" : "", selector_spelling, typo.Intended());
  }
  return fmt::format("{}{} select{} {}, but {}{} carr{} {}: did you mean {}?",
                     SiteName(cluster, typo.selectors.front()),
                     More(typo.selectors.size() - 1, "selector"),
                     typo.selectors.size() == 1 ? "s" : "", selector_spelling,
                     ObjectName(cluster, typo.namespaces, typo.objects.front()),
                     More(typo.objects.size() - 1, typo.namespaces ? "namespace" : "object"),
                     typo.objects.size() == 1 ? "ies" : "y", label_spelling, typo.Intended());
}

Cluster WithLabelTypoFixed(const Cluster& cluster, const LabelTypo& typo) {
  Cluster fixed = cluster;
  if (typo.wrong == LabelTypo::Side::kObjectLabel) {
    for (std::size_t object : typo.objects) {
      Labels& labels = typo.namespaces ? fixed.namespaces[object].labels : fixed.pods[object].labels;
      labels.erase(typo.label_key);
      labels[typo.selector_key] = typo.selector_value;
    }
    return fixed;
  }
  for (const SelectorSite& site : typo.selectors) {
    LabelSelector& selector = SelectorAt(fixed, site);
    selector = Respelt(selector, typo.selector_key, typo.selector_value, typo.label_key, typo.label_value);
  }
  return fixed;
}

NETPOL_NAMESPACE_END
