#pragma once
// Inner IPv4 packets for the tests, with a valid header checksum (RFC 791 §3.1).
#include <cstdint>
#include <vector>

namespace havpnc::crypto::testing {

using Packet = std::vector<std::uint8_t>;

inline void put32(Packet& p, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

inline std::uint32_t addr(int a, int b, int c, int d) {
  return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) |
         std::uint32_t(d);
}

inline Packet ipv4(std::uint32_t src, std::uint32_t dst, std::uint8_t protocol,
                   std::size_t payload_len, std::uint8_t fill) {
  Packet p(20 + payload_len, 0);
  p[0] = 0x45;
  p[2] = static_cast<std::uint8_t>(p.size() >> 8);
  p[3] = static_cast<std::uint8_t>(p.size());
  p[8] = 64;
  p[9] = protocol;
  put32(p, 12, src);
  put32(p, 16, dst);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 20; i += 2) sum += (p[i] << 8) | p[i + 1];
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  const std::uint16_t checksum = static_cast<std::uint16_t>(~sum);
  p[10] = static_cast<std::uint8_t>(checksum >> 8);
  p[11] = static_cast<std::uint8_t>(checksum);
  for (std::size_t i = 20; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(fill + i);
  return p;
}

// The seed's `ping 6.6.146.4 source 6.6.2.2`: ICMP echo, 100 bytes as IOS sends them.
inline Packet echo(std::uint32_t src, std::uint32_t dst, std::uint8_t fill = 0) {
  Packet p = ipv4(src, dst, 1, 80, fill);
  p[20] = 8;  // echo request
  p[21] = 0;
  return p;
}

inline Packet udp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport) {
  Packet p = ipv4(src, dst, 17, 12, 0);
  p[20] = static_cast<std::uint8_t>(sport >> 8);
  p[21] = static_cast<std::uint8_t>(sport);
  p[22] = static_cast<std::uint8_t>(dport >> 8);
  p[23] = static_cast<std::uint8_t>(dport);
  return p;
}

}  // namespace havpnc::crypto::testing
