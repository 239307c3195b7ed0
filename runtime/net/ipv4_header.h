#pragma once
// The IPv4 header (RFC 791 §3.1) as far as the edges need it: a raw socket hands received
// packets over with the header in front, and the ESP receive path needs the addresses from
// it and the payload after it. Sans-IO, every field checked against the buffer.
#include <cstdint>
#include <optional>
#include <span>

#include "runtime/net/types.h"

namespace havpnc::net {

struct Ipv4Header {
  Ipv4 source;
  Ipv4 destination;
  std::uint8_t protocol = 0;
  std::uint8_t ttl = 0;
  std::size_t header_length = 0;  // IHL * 4, options included
  std::size_t total_length = 0;   // header + payload, from the Total Length field
};

enum class Ipv4HeaderError : std::uint8_t {
  Truncated,         // shorter than 20 bytes or than IHL * 4
  NotVersion4,
  BadHeaderLength,   // IHL < 5
  BadTotalLength,    // Total Length below IHL * 4 or beyond the bytes received
};

struct Ipv4Packet {
  Ipv4Header header;
  std::span<const std::uint8_t> payload;  // [header_length, total_length)
};

// Bytes after Total Length (Ethernet padding) are not payload and are dropped.
std::optional<Ipv4Packet> parse_ipv4(std::span<const std::uint8_t> bytes,
                                     Ipv4HeaderError* error = nullptr);

// RFC 1071 Internet checksum over `bytes` (ones' complement of the ones' complement sum).
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes);

}  // namespace havpnc::net
