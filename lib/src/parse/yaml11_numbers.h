// The YAML 1.1 integer and float forms a plain scalar resolves to, as
// kubectl's YAML reader (go-yaml with YAML 1.1 rules) types them: an untagged
// `containerPort: 0x50` is the integer 80, `port: 8_080` is 8080, `.5e3` a
// float. DocNode::Resolve asks these after null and bool.
//
// The grammar (YAML 1.1 type repository, int and float, without the
// sexagesimal forms, which netpol reads as strings):
//   integer  [-+]? ( 0 | [1-9][0-9_]* | 0[0-7_]+ | 0x[0-9a-fA-F_]+ | 0b[01_]+ )
//   float    [-+]? ( \.[0-9]+ | [0-9][0-9_]*(\.[0-9_]*)? ) ([eE][-+]?[0-9]+)?
//            | [-+]? \.(inf|Inf|INF) | \.(nan|NaN|NAN)
// Hand-written scanners, one pass and no allocation: they used to be two
// std::regex, which cost seconds of compile time in each build and a regex
// match per numeric-looking scalar at run time. The tests check them against
// those two expressions on every short string of a number-shaped alphabet.
#ifndef NETPOL_PARSE_YAML11_NUMBERS_H_
#define NETPOL_PARSE_YAML11_NUMBERS_H_

#include <string_view>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

/// True when the whole of `text` is a YAML 1.1 integer (grammar above).
bool IsYaml11Integer(std::string_view text);

/// True when the whole of `text` is a YAML 1.1 float (grammar above). An
/// integer such as "12" is also a float by this grammar: ask IsYaml11Integer
/// first.
bool IsYaml11Float(std::string_view text);

NETPOL_NAMESPACE_END

#endif  // NETPOL_PARSE_YAML11_NUMBERS_H_
