#pragma once
// ike::SessionAction -> engine actions for one IKE peer. Datagrams go out as UDP from the
// session's local endpoint (500), or from 4500 toward any peer port but 500 (NAT-T floated,
// RFC 3947 §4: the peer's 4500 or its NAT's mapping of it); the session's one
// timer becomes one host key. Installing and removing IPsec SAs is not an edge operation (the
// ESP data path owns SAs), so those actions are handed back to the component unchanged.
#include <vector>

#include "runtime/engine/actions.h"
#include "runtime/ike/ike_session.h"

namespace havpnc::engine {

struct IkeBinding {
  ike::Endpoint local;     // our address and port for this peer
  std::string interface;   // IOS name of the crypto map interface
  TimerKey timer_key = 0;
};

Ipv4 to_engine_ipv4(const ike::Ipv4& address);
ike::Ipv4 to_ike_ipv4(Ipv4 address);

// Returns what the engine cannot carry out itself (InstallChildSa, RemoveChildSa,
// IkeSaDeleted), in order.
ike::Actions adapt_ike(ike::Actions in, const IkeBinding& binding, Actions& out);

}  // namespace havpnc::engine
