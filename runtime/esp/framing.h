#pragma once
// What goes around the ESP bytes on the wire. The runtime sends ESP either as IP protocol 50
// or, with NAT-T, as the payload of UDP 4500 (RFC 3948 §2.1: ESP-in-UDP is the ESP packet
// unchanged in the UDP payload). Port 4500 also carries IKE behind a 4-byte zero "non-ESP
// marker" and NAT keepalives; classify_udp_4500 tells the three apart.
#include <cstddef>
#include <cstdint>
#include <span>

namespace havpnc::esp {

struct Ipv4Address {
  std::uint32_t value = 0;  // host byte order: 6.6.25.2 == 0x06061902
  friend bool operator==(Ipv4Address, Ipv4Address) = default;
};

inline constexpr std::uint8_t kIpProtoEsp = 50;
inline constexpr std::uint8_t kIpProtoUdp = 17;
inline constexpr std::uint16_t kNatTPort = 4500;
inline constexpr std::size_t kIpv4HeaderLen = 20;
inline constexpr std::size_t kUdpHeaderLen = 8;

struct OuterIpv4 {
  Ipv4Address source;
  Ipv4Address destination;
  std::uint8_t protocol = kIpProtoEsp;
  std::uint8_t ttl = 64;
  std::uint16_t identification = 0;
  bool dont_fragment = false;  // IOS `crypto ipsec df-bit copy` lets the engine copy the inner DF
};

// Writes a 20-byte IPv4 header (no options, checksum filled in) for a payload of
// `payload_len` bytes. Returns 20, or 0 when `out` is too small or the total exceeds 65535.
std::size_t write_outer_ipv4(std::span<std::uint8_t> out, const OuterIpv4& h, std::size_t payload_len);

// Writes an 8-byte UDP header. RFC 3948 §2.1: the checksum is sent as zero.
// Returns 8, or 0 when `out` is too small or the length exceeds 65535.
std::size_t write_udp_header(std::span<std::uint8_t> out, std::uint16_t source_port,
                             std::uint16_t destination_port, std::size_t payload_len);

// RFC 1071 one's-complement sum, for the header checksum and its tests.
std::uint16_t ipv4_header_checksum(std::span<const std::uint8_t> header);

enum class Udp4500Kind : std::uint8_t {
  Esp,           // RFC 3948 §2.1: first 4 bytes are a non-zero SPI
  Ike,           // RFC 3948 §2.2: non-ESP marker 0x00000000, then the ISAKMP header
  NatKeepalive,  // RFC 3948 §2.3: a single 0xFF byte
  Invalid,       // anything else (too short to be either)
};

Udp4500Kind classify_udp_4500(std::span<const std::uint8_t> payload);
inline bool is_esp_in_udp(std::span<const std::uint8_t> payload) {
  return classify_udp_4500(payload) == Udp4500Kind::Esp;
}

}  // namespace havpnc::esp
