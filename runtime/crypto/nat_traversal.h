#pragma once
// UDP 4500 for the crypto component (RFC 3947 §4, RFC 3948). After NAT-D found a NAT (or a
// peer forced encapsulation), IKE moves to 4500 and carries a 4-byte zero "non-ESP marker"
// in front of the ISAKMP header; ESP SAs negotiated as UDP-Encapsulated-Tunnel travel as the
// UDP payload, unchanged; a lone 0xFF byte is a NAT keepalive. One socket carries all three,
// so a receiver tells them apart by the first four bytes (esp::classify_udp_4500).
// Without a NAT nothing here is used: ESP stays raw IP protocol 50, as IOS sends it.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "runtime/engine/actions.h"

namespace havpnc::crypto {

struct NatTraversalCounters {
  std::uint64_t ike_received = 0;        // non-ESP marker + ISAKMP
  std::uint64_t esp_received = 0;        // ESP-in-UDP handed to the ESP path
  std::uint64_t keepalives_received = 0; // RFC 3948 §2.3: nothing to answer
  std::uint64_t invalid = 0;             // too short for any of the three
  std::uint64_t ike_sent = 0;            // marker added
  std::uint64_t esp_sent = 0;            // ESP-in-UDP
  std::uint64_t keepalives_sent = 0;
};

inline constexpr std::size_t kNonEspMarkerSize = 4;

// Prefixes the non-ESP marker to every UDP datagram from port 4500 in out[from..]: the IKE
// session hands over bare ISAKMP messages (RFC 3948 §2.2); engine::adapt_ike sends IKE to
// any port but 500 (the peer's 4500 or a NAT's mapping of it) from 4500.
void add_non_esp_markers(engine::Actions& out, std::size_t from, NatTraversalCounters& counters);

// The ISAKMP message behind the marker, as a datagram the IKE path takes; nullopt (counted)
// when the payload is not IKE.
std::optional<engine::Datagram> strip_non_esp_marker(const engine::Datagram& d);

// RFC 3948 §2.3: one 0xFF byte from 4500 to the peer's NAT-T port.
engine::SendDatagram nat_keepalive(std::uint32_t local, std::uint32_t remote,
                                   std::uint16_t remote_port, const std::string& interface);

}  // namespace havpnc::crypto
