// Resolving the --focus endpoints of an EndpointFilterSpec in analyses.
#include "netpol/analysis.h"
#include "netpol/endpoint_ref.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

Result<EndpointFilter> MakeEndpointFilter(const EndpointFilterSpec& spec,
                                          const std::vector<Analysis>& analyses) {
  Result<EndpointFilter> made = EndpointFilter::Make(spec.namespaces, spec.selector);
  if (!made.ok()) return made.status();
  EndpointFilter filter = std::move(*made);
  for (const std::string& text : spec.focus) {
    const Result<EndpointRef> ref = EndpointRef::Parse(text);
    if (!ref.ok()) return Status::InvalidArgument("--focus: " + ref.status().message());
    if (ref->kind == EndpointRef::Kind::kFqdn) {
      // The reserved address of the FQDN endpoint, in each analysis that has it.
      bool found = false;
      for (const Analysis& analysis : analyses) {
        if (const FqdnEndpoint* fqdn = analysis.cluster().FindFqdn(ref->fqdn)) {
          filter.AddFocusRange(IpRange{fqdn->address, fqdn->address});
          found = true;
        }
      }
      if (!found) {
        return Status::NotFound("--focus: no toFQDNs selector covers \"" + ref->fqdn + "\"");
      }
      continue;
    }
    if (ref->IsExternal()) {
      filter.AddFocusRange(ref->kind == EndpointRef::Kind::kAddress
                               ? IpRange{ref->address, ref->address}
                               : ref->cidr.Range());
      continue;
    }
    std::optional<Status> failure;
    bool found = false;
    for (const Analysis& analysis : analyses) {
      Result<std::vector<Endpoint>> endpoints = analysis.ResolveEndpoints(text);
      if (!endpoints.ok()) {
        if (!failure) failure = endpoints.status();
        continue;
      }
      for (const Endpoint& endpoint : *endpoints) {
        if (endpoint.pod) {
          filter.AddFocusPod(analysis.cluster().pods[*endpoint.pod].Id());
          found = true;
        }
      }
    }
    if (!found) {
      if (failure && failure->code() == StatusCode::kInvalidArgument) {
        return Status::InvalidArgument("--focus: " + failure->message());
      }
      return Status::NotFound("--focus: " + (failure ? failure->message()
                                                     : "\"" + text + "\" matches no endpoint"));
    }
  }
  return filter;
}

NETPOL_NAMESPACE_END
