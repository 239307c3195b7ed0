#pragma once
// Vendor ID payload values havpnc sends or recognises (PROTOCOLS.md §2.5-2.7).
#include <optional>

#include "runtime/ike/bytes.h"
#include "runtime/ike/payloads.h"

namespace havpnc::ike {

enum class KnownVendor {
  DeadPeerDetection,  // RFC 3706 §7: afcad71368a1f1c96b8696fc77570100 (v1.0)
  NatTraversalRfc3947,  // RFC 3947 §3.1: MD5("RFC 3947")
  // Pre-RFC NAT-T drafts, sent beside the RFC VID by IOS and strongSwan. Recognised so that
  // `show`/logs can name them; havpnc negotiates only the RFC 3947 form (NAT-D payload 20,
  // encapsulation mode 3), so it never sends these.
  NatTraversalDraft02,         // MD5("draft-ietf-ipsec-nat-t-ike-02")
  NatTraversalDraft02Newline,  // MD5("draft-ietf-ipsec-nat-t-ike-02\n"), a typo kept alive
  NatTraversalDraft03,         // MD5("draft-ietf-ipsec-nat-t-ike-03")
  CiscoUnity,           // 12f5f28c457168a9702d9fe274cc0100
  Xauth,                // 09002689dfd6b712
};

Bytes vendor_id_bytes(KnownVendor v);
VendorIdPayload vendor_id_payload(KnownVendor v);
// Unknown VIDs are not an error (RFC 2408 §3.16): they map to nullopt and are ignored.
std::optional<KnownVendor> recognise_vendor_id(const VendorIdPayload& vid);

}  // namespace havpnc::ike
