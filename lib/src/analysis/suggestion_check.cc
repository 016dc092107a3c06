// Applying a suggestion in memory and comparing what it changes with what it
// is meant to open.
#include "netpol/suggestion_check.h"

#include <fmt/format.h>

#include "netpol/endpoint_ref.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

PortSet Minus(const PortSet& set, const PortSet& other) { return set.Intersect(other.Complement()); }

// Whether the diff endpoint `id` ("ns/name", or an external block's ranges
// "a/n,b-c") stands for `endpoint` of `cluster`.
bool SameEndpoint(const std::string& id, const Endpoint& endpoint, const Cluster& cluster) {
  if (endpoint.pod) return id == cluster.pods[*endpoint.pod].Id();
  if (!endpoint.address) return false;
  const IpAddress& address = *endpoint.address;
  std::string_view rest = id;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view part = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (part.find('/') != std::string_view::npos) {
      const std::optional<Cidr> cidr = Cidr::Parse(part);
      if (cidr && cidr->Contains(address)) return true;
      continue;
    }
    const std::size_t dash = part.find('-');
    const std::optional<IpAddress> first = IpAddress::Parse(part.substr(0, dash));
    const std::optional<IpAddress> last =
        dash == std::string_view::npos ? first : IpAddress::Parse(part.substr(dash + 1));
    if (first && last && first->family == address.family && !(address < *first) && !(*last < address)) {
      return true;
    }
  }
  return false;
}

// The ports of `wanted` connections between the diff endpoints `from` and `to`.
PortSet WantedPorts(const std::vector<WantedConnection>& wanted, const std::string& from,
                    const std::string& to, const Cluster& cluster) {
  PortSet ports;
  for (const WantedConnection& w : wanted) {
    if (SameEndpoint(from, w.from, cluster) && SameEndpoint(to, w.to, cluster)) ports.Merge(w.ports);
  }
  return ports;
}

}  // namespace

SuggestionCheck VerifySuggestion(const Analysis& before, const std::vector<InputFile>& objects,
                                 const std::vector<WantedConnection>& must_open,
                                 const std::vector<WantedConnection>& may_open) {
  SuggestionCheck check;
  Result<Analysis> after = before.With(objects);
  if (!after.ok()) {
    check.problems.push_back("it does not load: " + after.status().message());
    return check;
  }
  check.diff = before.Diff(*after);
  const Cluster& cluster = before.cluster();
  for (const ConnectionChange& change : check.diff.connections) {
    const PortSet lost = Minus(change.before, change.after);
    if (!lost.IsEmpty()) {
      check.problems.push_back(
          fmt::format("it would newly deny {} -> {} {}", change.from, change.to, lost.ToString()));
    }
    PortSet permitted = WantedPorts(must_open, change.from, change.to, cluster);
    permitted.Merge(WantedPorts(may_open, change.from, change.to, cluster));
    const PortSet extra = Minus(Minus(change.after, change.before), permitted);
    if (!extra.IsEmpty()) {
      check.problems.push_back(
          fmt::format("it would also newly allow {} -> {} {}", change.from, change.to, extra.ToString()));
    }
  }
  for (const WantedConnection& wanted : must_open) {
    PortSet opened = before.evaluator().Evaluate(wanted.from, wanted.to).allowed;
    for (const ConnectionChange& change : check.diff.connections) {
      if (SameEndpoint(change.from, wanted.from, cluster) && SameEndpoint(change.to, wanted.to, cluster)) {
        opened.Merge(change.after);
      }
    }
    const PortSet closed = Minus(wanted.ports, opened);
    if (!closed.IsEmpty()) {
      check.problems.push_back(fmt::format("it would not open {} -> {} {}", EndpointName(wanted.from, cluster),
                                           EndpointName(wanted.to, cluster), closed.ToString()));
    }
  }
  check.ok = check.problems.empty();
  return check;
}

NETPOL_NAMESPACE_END
