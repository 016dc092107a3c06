// How the library's symbols are named and which ones it exports.
//
// Everything lives in `netpol::v0`, an inline namespace: code says
// `netpol::Cluster`, while the linker sees `netpol::v0::Cluster`, so a later
// ABI-breaking version (v1) cannot be mixed up with this one at link time.
//
// The library is built with hidden visibility (-fvisibility=hidden
// -fvisibility-inlines-hidden). Public headers open the namespace with
// NETPOL_NAMESPACE_BEGIN, which marks what they declare as exported; the
// library's own sources and private headers open it with
// NETPOL_INTERNAL_NAMESPACE_BEGIN, so their types and functions stay out of
// the shared library's symbol table. Both close it with NETPOL_NAMESPACE_END.
// The visibility attribute is a GCC/Clang extension: other compilers see a
// plain inline namespace.
//
// Threads: macros only; nothing here has state.
#ifndef NETPOL_API_H_
#define NETPOL_API_H_

#if defined(__GNUC__)
#define NETPOL_VISIBLE __attribute__((visibility("default")))
#else
#define NETPOL_VISIBLE
#endif

/// Opens `netpol::v0` for public declarations (exported).
#define NETPOL_NAMESPACE_BEGIN namespace netpol { inline namespace v0 NETPOL_VISIBLE {
/// Opens `netpol::v0` for the library's internals (not exported).
#define NETPOL_INTERNAL_NAMESPACE_BEGIN namespace netpol { inline namespace v0 {
/// Closes either of the above.
#define NETPOL_NAMESPACE_END } }

#endif  // NETPOL_API_H_
