#pragma once
// RFC 4301 §5.2 step 4: after ESP processing, the inner packet must match the selectors of
// the SA it arrived on; otherwise the peer sent traffic it never negotiated (or a spoofer
// with the keys did) and it is discarded. IOS counts these as "#pkts invalid identity".
#include "runtime/crypto/flow.h"
#include "runtime/ike/traffic_selector.h"

namespace havpnc::crypto {

// `selector` is this side's view (local = what we protect): an inbound packet travels from
// the remote subnet to the local one.
bool inbound_allowed(const ike::TrafficSelector& selector, const Flow& flow);

// Host-order address of an ike::Ipv4 ({6,6,2,2} -> 0x06060202).
std::uint32_t host_order(const ike::Ipv4& address);

}  // namespace havpnc::crypto
