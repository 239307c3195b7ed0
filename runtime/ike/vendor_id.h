#pragma once
// Vendor ID payload values havpnc sends or recognises (PROTOCOLS.md §2.5-2.7).
#include <optional>

#include "runtime/ike/bytes.h"
#include "runtime/ike/payloads.h"

namespace havpnc::ike {

enum class KnownVendor {
  DeadPeerDetection,  // RFC 3706 §7: afcad71368a1f1c96b8696fc77570100 (v1.0)
  NatTraversalRfc3947,  // RFC 3947 §3.1: MD5("RFC 3947")
  CiscoUnity,           // 12f5f28c457168a9702d9fe274cc0100
  Xauth,                // 09002689dfd6b712
};

Bytes vendor_id_bytes(KnownVendor v);
VendorIdPayload vendor_id_payload(KnownVendor v);
// Unknown VIDs are not an error (RFC 2408 §3.16): they map to nullopt and are ignored.
std::optional<KnownVendor> recognise_vendor_id(const VendorIdPayload& vid);

}  // namespace havpnc::ike
