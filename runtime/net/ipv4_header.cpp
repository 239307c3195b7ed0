#include "runtime/net/ipv4_header.h"

namespace havpnc::net {
namespace {

std::optional<Ipv4Packet> fail(Ipv4HeaderError* out, Ipv4HeaderError e) {
  if (out) *out = e;
  return std::nullopt;
}

Ipv4 address_at(std::span<const std::uint8_t> b, std::size_t at) {
  return Ipv4(Ipv4::bytes_type{b[at], b[at + 1], b[at + 2], b[at + 3]});
}

}  // namespace

std::optional<Ipv4Packet> parse_ipv4(std::span<const std::uint8_t> bytes, Ipv4HeaderError* error) {
  constexpr std::size_t kMinimum = 20;
  if (bytes.size() < kMinimum) return fail(error, Ipv4HeaderError::Truncated);
  if ((bytes[0] >> 4) != 4) return fail(error, Ipv4HeaderError::NotVersion4);
  std::size_t ihl = static_cast<std::size_t>(bytes[0] & 0x0f) * 4;
  if (ihl < kMinimum) return fail(error, Ipv4HeaderError::BadHeaderLength);
  if (ihl > bytes.size()) return fail(error, Ipv4HeaderError::Truncated);
  std::size_t total = static_cast<std::size_t>(bytes[2]) << 8 | bytes[3];
  if (total < ihl || total > bytes.size()) return fail(error, Ipv4HeaderError::BadTotalLength);
  Ipv4Packet p;
  p.header.ttl = bytes[8];
  p.header.protocol = bytes[9];
  p.header.source = address_at(bytes, 12);
  p.header.destination = address_at(bytes, 16);
  p.header.header_length = ihl;
  p.header.total_length = total;
  p.payload = bytes.subspan(ihl, total - ihl);
  return p;
}

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes) {
  std::uint32_t sum = 0;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i]) << 8 | bytes[i + 1];
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace havpnc::net
