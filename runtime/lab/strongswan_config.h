#pragma once
// A router's plan as strongSwan configuration, so that `lab up --peer strongswan` can run a
// tunnel peer (the seed's R2) as a real third-party IKEv1 implementation: swanctl.conf (the
// crypto map entries: peers, pre-shared keys, ISAKMP policies, transform sets with PFS,
// traffic selectors from the crypto ACL, DPD, lifetimes) and strongswan.conf (userspace ESP
// through kernel-libipsec, as ../shared/lab/strongswan-peer.sh found necessary: the lab's
// kernel has no XFRM ESP). Pure; what strongSwan cannot express is an error naming it.
#include <string>

#include "runtime/plan/plan.h"

namespace havpnc::lab {

struct StrongswanConfig {
  std::string strongswan_conf;
  std::string swanctl_conf;  // holds the pre-shared keys: write it 0600
  std::string error;         // empty on success
};

// `vici_socket` and `log_file` are paths as charon sees them (it runs with a private /run).
StrongswanConfig strongswan_config(const plan::Plan& plan, const std::string& vici_socket,
                                   const std::string& log_file);

}  // namespace havpnc::lab
