#pragma once
// Ethernet + ARP frames for IPv4 over Ethernet (RFC 826), and the gratuitous form a new
// HSRP Active sends to move the VIP's MAC in every host's and switch's table (RFC 2281 §5.6
// lists it among the actions; RFC 5227 §2.3 defines the "ARP Announcement": sender and target IP both the
// announced address). Sans-IO: encode to bytes, decode with every field checked.
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "runtime/net/types.h"

namespace havpnc::net {

enum class ArpOp : std::uint16_t { Request = 1, Reply = 2 };

inline constexpr MacAddress kBroadcastMac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
inline constexpr std::uint16_t kEtherTypeArp = 0x0806;
// 14 (Ethernet) + 28 (ARP for IPv4) = 42, padded to the 60-byte Ethernet minimum so the
// frame is the same on a veth (which does not pad) as on a NIC (which does).
inline constexpr std::size_t kArpFrameSize = 60;

struct ArpFrame {
  MacAddress ethernet_destination{};
  MacAddress ethernet_source{};
  ArpOp op = ArpOp::Request;
  MacAddress sender_mac{};
  Ipv4 sender_ip;
  MacAddress target_mac{};
  Ipv4 target_ip;

  // RFC 5227 §2.3/§3: sender IP == target IP.
  bool is_gratuitous() const { return sender_ip == target_ip; }
  friend bool operator==(const ArpFrame&, const ArpFrame&) = default;
};

enum class ArpDecodeError : std::uint8_t {
  Truncated,       // fewer than 42 bytes
  NotArp,          // EtherType is not 0x0806
  NotEthernetIpv4, // hardware type 1 / length 6, protocol 0x0800 / length 4 expected
  UnknownOp,       // neither request nor reply
};

std::array<std::uint8_t, kArpFrameSize> encode_arp(const ArpFrame& frame);
std::optional<ArpFrame> decode_arp(std::span<const std::uint8_t> bytes,
                                   ArpDecodeError* error = nullptr);

// Broadcast announcement of `address` at `mac`. A request carries target MAC 0 (RFC 5227
// §2.3); a reply repeats the sender MAC as target (what `arping -A` sends). Linux updates an
// existing neighbour entry from either; IOS HSRP sends them on becoming Active.
ArpFrame gratuitous_arp(const Ipv4& address, const MacAddress& mac, ArpOp op);

}  // namespace havpnc::net
