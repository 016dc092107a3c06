// Name syntax rules of the Kubernetes API (apimachinery validation).
#ifndef NETPOL_PARSE_VALIDATION_H_
#define NETPOL_PARSE_VALIDATION_H_

#include <string>
#include <string_view>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// RFC 1123 label: at most 63 lowercase alphanumerics or '-', alphanumeric at both ends.
bool IsDnsLabel(std::string_view text, std::string* why);
/// RFC 1123 subdomain: at most 253 characters, dot-separated labels.
bool IsDnsSubdomain(std::string_view text, std::string* why);
/// Label key: optional DNS-subdomain prefix and '/', then a name of at most
/// 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends.
bool IsQualifiedName(std::string_view text, std::string* why);
/// Label value: empty, or like the name part of a key.
bool IsLabelValue(std::string_view text, std::string* why);
/// IANA service name (named ports): 1-15 lowercase alphanumerics or '-',
/// at least one letter, no '-' at either end, no "--".
bool IsIanaSvcName(std::string_view text, std::string* why);
/// Domain name of a policy.networking.k8s.io `domainNames` peer: at least two
/// dot-separated labels of alphanumerics, '-' and '_' (alphanumeric at both
/// ends), an optional trailing '.', and an optional leading "*." wildcard.
/// `legacy_pattern`: the v1alpha1/v1alpha2 pattern, whose `[a-zA-z0-9]`
/// typo also admits [ \ ] ^ _ ` as the first character of a label.
bool IsPolicyDomainName(std::string_view text, bool legacy_pattern, std::string* why);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_VALIDATION_H_
