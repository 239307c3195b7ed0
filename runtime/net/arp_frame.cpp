#include "runtime/net/arp_frame.h"

#include <algorithm>

namespace havpnc::net {
namespace {

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kArpIpv4 = 28;

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
std::uint16_t get16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

void put_mac(std::uint8_t* p, const MacAddress& m) { std::copy(m.begin(), m.end(), p); }
MacAddress get_mac(const std::uint8_t* p) {
  MacAddress m{};
  std::copy(p, p + 6, m.begin());
  return m;
}
void put_ip(std::uint8_t* p, const Ipv4& a) {
  auto b = a.to_bytes();
  std::copy(b.begin(), b.end(), p);
}
Ipv4 get_ip(const std::uint8_t* p) { return Ipv4(Ipv4::bytes_type{p[0], p[1], p[2], p[3]}); }

std::optional<ArpFrame> fail(ArpDecodeError* out, ArpDecodeError e) {
  if (out) *out = e;
  return std::nullopt;
}

}  // namespace

std::array<std::uint8_t, kArpFrameSize> encode_arp(const ArpFrame& f) {
  std::array<std::uint8_t, kArpFrameSize> b{};
  put_mac(&b[0], f.ethernet_destination);
  put_mac(&b[6], f.ethernet_source);
  put16(&b[12], kEtherTypeArp);
  std::uint8_t* a = &b[kEthernetHeader];
  put16(&a[0], 1);        // HTYPE Ethernet
  put16(&a[2], 0x0800);   // PTYPE IPv4
  a[4] = 6;               // HLEN
  a[5] = 4;               // PLEN
  put16(&a[6], static_cast<std::uint16_t>(f.op));
  put_mac(&a[8], f.sender_mac);
  put_ip(&a[14], f.sender_ip);
  put_mac(&a[18], f.target_mac);
  put_ip(&a[24], f.target_ip);
  return b;
}

std::optional<ArpFrame> decode_arp(std::span<const std::uint8_t> bytes, ArpDecodeError* error) {
  if (bytes.size() < kEthernetHeader + kArpIpv4) return fail(error, ArpDecodeError::Truncated);
  const std::uint8_t* b = bytes.data();
  if (get16(&b[12]) != kEtherTypeArp) return fail(error, ArpDecodeError::NotArp);
  const std::uint8_t* a = b + kEthernetHeader;
  if (get16(&a[0]) != 1 || get16(&a[2]) != 0x0800 || a[4] != 6 || a[5] != 4)
    return fail(error, ArpDecodeError::NotEthernetIpv4);
  std::uint16_t op = get16(&a[6]);
  if (op != static_cast<std::uint16_t>(ArpOp::Request) &&
      op != static_cast<std::uint16_t>(ArpOp::Reply))
    return fail(error, ArpDecodeError::UnknownOp);
  ArpFrame f;
  f.ethernet_destination = get_mac(&b[0]);
  f.ethernet_source = get_mac(&b[6]);
  f.op = static_cast<ArpOp>(op);
  f.sender_mac = get_mac(&a[8]);
  f.sender_ip = get_ip(&a[14]);
  f.target_mac = get_mac(&a[18]);
  f.target_ip = get_ip(&a[24]);
  return f;
}

ArpFrame gratuitous_arp(const Ipv4& address, const MacAddress& mac, ArpOp op) {
  ArpFrame f;
  f.ethernet_destination = kBroadcastMac;
  f.ethernet_source = mac;
  f.op = op;
  f.sender_mac = mac;
  f.sender_ip = address;
  f.target_mac = op == ArpOp::Reply ? mac : MacAddress{};
  f.target_ip = address;
  return f;
}

}  // namespace havpnc::net
