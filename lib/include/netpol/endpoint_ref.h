// How users name endpoints on the command line and in intent files:
//   namespace/name           a pod, else a workload (with its replicas kept as
//                            their own endpoints), else a Service of that name
//   KIND/namespace/name      exactly that object, KIND in kubectl's names for it
//   KIND/name                (case-insensitive): pod, po, pods, service, svc,
//                            deployment, deploy, deployment.apps, statefulset,
//                            sts, daemonset, ds, replicaset, rs...; KIND/name
//                            is in namespace "default", as kubectl without -n.
//                            A first segment that is a kind name always means
//                            KIND/ (kubectl's TYPE/NAME): a pod of a namespace
//                            named "svc" is pod/svc/name.
//   svc.ns.svc.cluster.local a Service (also svc.ns.svc and svc.ns.svc.cluster.local.)
//   app=web  or  ns/app=web  pods matching a label selector (in one namespace, or in all)
//   10.1.2.3                 one external address
//   10.0.0.0/8               external addresses in a CIDR
//   fqdn:api.example.com     the DNS name of a Cilium toFQDNs peer (its
//                            FqdnEndpoint; a name no matchName names is the
//                            endpoint of the longest matchPattern covering it)
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
// Cost: ParseEndpointRef linear in the text; resolving one O(P) (a selector
// or namespace is matched against every pod; ns/name is O(log P)).
#ifndef NETPOL_ENDPOINT_REF_H_
#define NETPOL_ENDPOINT_REF_H_

#include <optional>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/endpoint.h"
#include "netpol/ip.h"
#include "netpol/kind_names.h"
#include "netpol/label_selector.h"
#include "netpol/model.h"
#include "netpol/status.h"

NETPOL_NAMESPACE_BEGIN

/// An endpoint text as written on the command line or in an intent, parsed
/// (ParseEndpointRef); resolved against a cluster by ResolveEndpointRef.
struct EndpointRef {
  enum class Kind { kPod, kService, kSelector, kAddress, kCidr, kFqdn };

  Kind kind = Kind::kPod;
  std::string namespace_name;  ///< kPod, kService; kSelector (empty = every namespace).
  std::string name;            ///< kPod, kService.
  LabelSelector selector;      ///< kSelector.
  IpAddress address;           ///< kAddress.
  Cidr cidr;                   ///< kCidr.
  std::string fqdn;            ///< kFqdn: the name or pattern after "fqdn:".
  std::string text;            ///< As written.
  /// KIND/... refs: the kind named (Pod, Service or a workload kind); kPod
  /// refs then match only an endpoint of that kind, never a Service.
  std::optional<ObjectKind> object_kind;

  /// Parses one of the forms above; kInvalidArgument saying why otherwise
  /// (the empty text, "fqdn:" without a name, a malformed selector...).
  [[nodiscard]] static Result<EndpointRef> Parse(const std::string& text);
  bool IsExternal() const {
    return kind == Kind::kAddress || kind == Kind::kCidr || kind == Kind::kFqdn;
  }
};

/// The endpoints `ref` denotes in `cluster`, in cluster order: the pod, the
/// matching pods, the address, or one representative address per external
/// block inside the CIDR (blocks split by the cluster's ipBlocks, so each
/// stands for addresses every policy treats alike). Empty when nothing matches.
std::vector<Endpoint> ResolveEndpointRef(const EndpointRef& ref, const Cluster& cluster);

/// The Service `ref` names (a kService ref, or a kPod ref that matches no pod
/// or workload but a Service), or nullptr. Ports declared towards such a ref
/// are service ports: Service::TargetPorts translates them per pod.
const Service* ServiceOf(const EndpointRef& ref, const Cluster& cluster);

/// For a `ref` that matches nothing: the nearest text that matches
/// something, by the spelling rules of netpol/label_typo.h: a pod, workload
/// or Service name of the namespace (else the namespace's name respelt), or
/// a selector's label key or value respelt. nullopt when nothing is close.
std::optional<std::string> NearestEndpointText(const EndpointRef& ref, const Cluster& cluster);

/// "no pod matches \"TEXT\"", plus "; did you mean \"NEAREST\"?" when
/// NearestEndpointText finds one.
std::string NoPodMatchesMessage(const EndpointRef& ref, const Cluster& cluster);

/// "ns/name" for a pod endpoint, the address text for an external one
/// ("fqdn:NAME" for the address of an FQDN endpoint).
std::string EndpointName(const Endpoint& endpoint, const Cluster& cluster);

NETPOL_NAMESPACE_END

#endif  // NETPOL_ENDPOINT_REF_H_
