// The two directions of traffic a policy can govern.
#ifndef NETPOL_DIRECTION_H_
#define NETPOL_DIRECTION_H_

namespace netpol {

enum class Direction { kIngress, kEgress };
/// "Ingress" or "Egress".
const char* DirectionName(Direction direction);

}  // namespace netpol

#endif  // NETPOL_DIRECTION_H_
