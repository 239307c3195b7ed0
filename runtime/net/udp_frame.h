#pragma once
// One UDP datagram as a whole Ethernet frame (Ethernet II + IPv4 without options + UDP), for
// the few packets whose Ethernet source must be a MAC the kernel would not use: an HSRP Active
// sends its hellos from the group's virtual MAC (Cisco: "the virtual MAC address is the source
// of hellos sent by the active router"; RFC 2281 §6 lets switches learn it that way), while its
// UDP socket would send from the interface MAC. Sans-IO: bytes in, bytes out.
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/net/types.h"

namespace havpnc::net {

struct UdpFrame {
  MacAddress ethernet_destination{};
  MacAddress ethernet_source{};
  Ipv4 source;
  Ipv4 destination;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint8_t ttl = 64;
  std::uint8_t tos = 0;
  std::uint16_t identification = 0;
};

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
// Ethernet + IPv4 + UDP headers; a payload longer than 65535 - 28 does not fit an IPv4 packet.
inline constexpr std::size_t kUdpFrameOverhead = 14 + 20 + 8;
inline constexpr std::size_t kMaxUdpPayload = 65535 - 20 - 8;

// The multicast MAC of an IPv4 group (RFC 1112 §6.4: 01:00:5e + the low 23 bits).
MacAddress multicast_mac(const Ipv4& group);

// Empty when the payload is too long. Checksums: IPv4 header (RFC 791) and UDP over the
// pseudo-header (RFC 768); padded to the 60-byte Ethernet minimum.
std::vector<std::uint8_t> encode_udp_frame(const UdpFrame& frame,
                                           std::span<const std::uint8_t> payload);

}  // namespace havpnc::net
