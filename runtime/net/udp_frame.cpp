#include "runtime/net/udp_frame.h"

#include <algorithm>

#include "runtime/net/ipv4_header.h"

namespace havpnc::net {
namespace {

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v & 0xff);
}

}  // namespace

MacAddress multicast_mac(const Ipv4& group) {
  const auto g = group.to_bytes();
  return {0x01, 0x00, 0x5e, static_cast<std::uint8_t>(g[1] & 0x7f), g[2], g[3]};
}

std::vector<std::uint8_t> encode_udp_frame(const UdpFrame& f, std::span<const std::uint8_t> payload) {
  if (payload.size() > kMaxUdpPayload) return {};
  const std::size_t udp_length = 8 + payload.size();
  const std::size_t ip_length = 20 + udp_length;
  std::vector<std::uint8_t> b(std::max<std::size_t>(14 + ip_length, 60), 0);
  std::copy(f.ethernet_destination.begin(), f.ethernet_destination.end(), b.begin());
  std::copy(f.ethernet_source.begin(), f.ethernet_source.end(), b.begin() + 6);
  put16(b, 12, kEtherTypeIpv4);
  const std::size_t ip = 14;
  b[ip] = 0x45;
  b[ip + 1] = f.tos;
  put16(b, ip + 2, static_cast<std::uint16_t>(ip_length));
  put16(b, ip + 4, f.identification);
  b[ip + 8] = f.ttl;
  b[ip + 9] = 17;  // UDP
  const auto src = f.source.to_bytes();
  const auto dst = f.destination.to_bytes();
  std::copy(src.begin(), src.end(), b.begin() + ip + 12);
  std::copy(dst.begin(), dst.end(), b.begin() + ip + 16);
  put16(b, ip + 10, internet_checksum(std::span<const std::uint8_t>(b.data() + ip, 20)));
  const std::size_t udp = ip + 20;
  put16(b, udp, f.source_port);
  put16(b, udp + 2, f.destination_port);
  put16(b, udp + 4, static_cast<std::uint16_t>(udp_length));
  std::copy(payload.begin(), payload.end(), b.begin() + udp + 8);
  // RFC 768: checksum over the pseudo-header (source, destination, zero, protocol, UDP
  // length) and the datagram; a computed 0 is sent as 0xffff.
  std::vector<std::uint8_t> pseudo(12 + udp_length + (udp_length & 1), 0);
  std::copy(src.begin(), src.end(), pseudo.begin());
  std::copy(dst.begin(), dst.end(), pseudo.begin() + 4);
  pseudo[9] = 17;
  put16(pseudo, 10, static_cast<std::uint16_t>(udp_length));
  std::copy(b.begin() + udp, b.begin() + udp + udp_length, pseudo.begin() + 12);
  std::uint16_t sum = internet_checksum(pseudo);
  if (sum == 0) sum = 0xffff;
  put16(b, udp + 6, sum);
  return b;
}

}  // namespace havpnc::net
