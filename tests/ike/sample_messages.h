#pragma once
// Messages shared by the codec tests and the fuzz seed check: each is a realistic IKEv1
// message as IOS or strongSwan would put on the wire.
#include "runtime/ike/message.h"

namespace havpnc::ike::testing {

// MM1 of `crypto isakmp policy 10 / encr aes / hash sha / authentication pre-share /
// group 2` with the IOS default lifetime 86400 s (PROTOCOLS.md §2.1).
Message ios_main_mode_1();
// A phase-2 SA as QM1 carries it: ESP AES-256 + HMAC-SHA1, UDP-encapsulated tunnel
// (RFC 3947), PFS group 14, lifetimes in seconds and kilobytes.
SaPayload esp_udp_tunnel_sa();
// One of every payload type the codec knows, plus an unknown one.
Message every_payload_kind();

}  // namespace havpnc::ike::testing
