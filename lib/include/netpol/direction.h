// The two directions of traffic a policy can govern, and the words every
// command uses for them: one vocabulary, so messages and output agree.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_DIRECTION_H_
#define NETPOL_DIRECTION_H_

#include "netpol/api.h"

NETPOL_NAMESPACE_BEGIN

/// The side of a connection a policy rule governs.
enum class Direction { kIngress, kEgress };
/// The other direction: the far end's side of the same connection.
constexpr Direction Opposite(Direction direction) {
  return direction == Direction::kIngress ? Direction::kEgress : Direction::kIngress;
}
/// "Ingress" or "Egress": the `policyTypes` value.
const char* DirectionName(Direction direction);
/// "ingress" or "egress": the field that holds a policy's rules for the
/// direction, and the word prose uses for a side of a connection.
const char* DirectionKey(Direction direction);
/// "from" or "to": the field of a rule that lists its peers.
const char* PeerListKey(Direction direction);
/// "from" or "towards": the preposition from a policy's subject to its peer
/// ("allowed towards shop/db", "allowed from shop/web").
const char* PeerPreposition(Direction direction);

NETPOL_NAMESPACE_END

#endif  // NETPOL_DIRECTION_H_
