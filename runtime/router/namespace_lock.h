#pragma once
// One router process per network namespace (ARCHITECTURE.md): held as a listening socket on
// the abstract unix name "@havpnc-router". Abstract unix names belong to the network
// namespace, vanish with the process (SIGKILL included: nothing stale to clean), and a second
// process can learn the holder's pid from SO_PEERCRED to say who is in the way.
//
// Why more than the sockets' own EADDRINUSE: a plan without crypto maps has no exclusive
// port (HSRP sockets share 1985 by design), and a second run must be refused *before* it
// sweeps the stamped addresses — those would be the live router's VIPs.
#include "runtime/net/descriptor.h"

namespace havpnc::router {

class NamespaceLock {
 public:
  // Throws std::runtime_error: "another havpnc run (pid 1234) is already running in this
  // network namespace".
  NamespaceLock();

 private:
  net::UniqueFd fd_;
};

}  // namespace havpnc::router
