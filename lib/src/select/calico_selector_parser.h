// The parser of Calico's selector language (projectcalico.org/v3 `selector`,
// `namespaceSelector`, rule `selector` / `notSelector`).
#ifndef NETPOL_SRC_SELECT_CALICO_SELECTOR_PARSER_H_
#define NETPOL_SRC_SELECT_CALICO_SELECTOR_PARSER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "netpol/calico_policy.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// Why a selector does not parse, and where (0-based byte offset into it).
struct CalicoSelectorError {
  std::size_t offset = 0;
  std::string message;
};

/// Parses `text`; whitespace only is all(). Grammar (lowest precedence
/// first): or := and ('||' and)*; and := unary ('&&' unary)*;
/// unary := '!' unary | '(' or ')' | 'all()' | 'global()' | 'has(' key ')'
///        | key ('==' | '!=') string | key ['not'] 'in' '{' [string (',' string)*] '}'
///        | key ('contains' | 'starts with' | 'ends with') string.
/// Strings are quoted with ' or ".
std::variant<CalicoSelector, CalicoSelectorError> ParseCalicoSelector(std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_SRC_SELECT_CALICO_SELECTOR_PARSER_H_
