#include "runtime/esp/framing.h"

namespace havpnc::esp {

namespace {

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

void put32(std::uint8_t* p, std::uint32_t v) {
  put16(p, static_cast<std::uint16_t>(v >> 16));
  put16(p + 2, static_cast<std::uint16_t>(v));
}

constexpr std::size_t kMaxIpv4Total = 65535;
constexpr std::size_t kEspHeaderLen = 8;       // SPI + sequence number
constexpr std::size_t kIsakmpHeaderLen = 28;   // RFC 2408 §3.1
constexpr std::size_t kNonEspMarkerLen = 4;

}  // namespace

std::uint16_t ipv4_header_checksum(std::span<const std::uint8_t> header) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < header.size(); i += 2) sum += (std::uint32_t{header[i]} << 8) | header[i + 1];
  if (header.size() % 2 != 0) sum += std::uint32_t{header.back()} << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::size_t write_outer_ipv4(std::span<std::uint8_t> out, const OuterIpv4& h, std::size_t payload_len) {
  if (out.size() < kIpv4HeaderLen || payload_len > kMaxIpv4Total - kIpv4HeaderLen) return 0;
  std::uint8_t* p = out.data();
  p[0] = 0x45;  // version 4, IHL 5 words
  p[1] = 0;     // DSCP/ECN: RFC 4301 §5.1.2.1 copy is the engine's choice, default 0
  put16(p + 2, static_cast<std::uint16_t>(kIpv4HeaderLen + payload_len));
  put16(p + 4, h.identification);
  put16(p + 6, h.dont_fragment ? 0x4000 : 0);
  p[8] = h.ttl;
  p[9] = h.protocol;
  put16(p + 10, 0);
  put32(p + 12, h.source.value);
  put32(p + 16, h.destination.value);
  put16(p + 10, ipv4_header_checksum(std::span<const std::uint8_t>(p, kIpv4HeaderLen)));
  return kIpv4HeaderLen;
}

std::size_t write_udp_header(std::span<std::uint8_t> out, std::uint16_t source_port,
                             std::uint16_t destination_port, std::size_t payload_len) {
  if (out.size() < kUdpHeaderLen || payload_len > 65535 - kUdpHeaderLen) return 0;
  put16(out.data(), source_port);
  put16(out.data() + 2, destination_port);
  put16(out.data() + 4, static_cast<std::uint16_t>(kUdpHeaderLen + payload_len));
  put16(out.data() + 6, 0);
  return kUdpHeaderLen;
}

Udp4500Kind classify_udp_4500(std::span<const std::uint8_t> payload) {
  if (payload.size() == 1 && payload[0] == 0xFF) return Udp4500Kind::NatKeepalive;
  if (payload.size() < kNonEspMarkerLen) return Udp4500Kind::Invalid;
  const bool zero_marker = payload[0] == 0 && payload[1] == 0 && payload[2] == 0 && payload[3] == 0;
  if (zero_marker) {
    return payload.size() >= kNonEspMarkerLen + kIsakmpHeaderLen ? Udp4500Kind::Ike : Udp4500Kind::Invalid;
  }
  // A non-zero SPI alone is not a packet: ESP needs at least SPI and sequence number.
  return payload.size() >= kEspHeaderLen ? Udp4500Kind::Esp : Udp4500Kind::Invalid;
}

}  // namespace havpnc::esp
