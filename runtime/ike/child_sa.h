#pragma once
// An IPsec SA pair negotiated by quick mode: what the ESP data plane installs (see
// esp_sa_params.h for the conversion) and what `show crypto ipsec sa` prints. No operator<<:
// the keys in it must never reach a log line.
#include <cstdint>
#include <optional>

#include "runtime/core/secret.h"
#include "runtime/core/time.h"
#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/endpoint.h"
#include "runtime/ike/ike_sa.h"
#include "runtime/ike/ipsec_proposal.h"
#include "runtime/ike/traffic_selector.h"

namespace havpnc::ike {

struct ChildSa {
  IkeRole role = IkeRole::Initiator;  // who started the quick mode
  std::uint32_t message_id = 0;
  Cookie initiator_cookie{};  // the ISAKMP SA that negotiated it
  Cookie responder_cookie{};
  Endpoint local;
  Endpoint remote;

  // RFC 2409 §5.5: each direction is keyed with the SPI its receiver chose.
  std::uint32_t inbound_spi = 0;   // chosen by us; the peer sends with it
  std::uint32_t outbound_spi = 0;  // chosen by the peer
  IpsecTransform transform;
  std::optional<crypto::DhGroup> pfs_group;
  std::uint16_t encapsulation = kEncapsulationTunnel;
  Secret inbound_encryption_key;   // AES key (GCM: followed by the 4-byte salt)
  Secret inbound_integrity_key;    // empty for GCM
  Secret outbound_encryption_key;
  Secret outbound_integrity_key;

  TrafficSelector selector;  // this side's view: local = what we protect
  std::uint32_t lifetime_seconds = 0;
  std::uint64_t lifetime_kilobytes = 0;  // 0 = no volume limit
  TimePoint established_at{};
};

}  // namespace havpnc::ike
