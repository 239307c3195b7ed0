// Everything the edges decode from outside: netlink datagrams (split, attributes, link /
// address / route / ack / done), ARP frames, and IPv4 headers from the raw ESP socket; and
// the HSRP hello frame built around any payload must parse back with valid checksums.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/net/arp_frame.h"
#include "runtime/net/ipv4_header.h"
#include "runtime/net/netlink_codec.h"
#include "runtime/net/udp_frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace havpnc::net;
  std::span<const std::uint8_t> bytes(data, size);
  auto split = netlink::split_messages(bytes);
  for (const auto& m : split.messages) {
    LinkInfo l;
    AddressInfo a;
    Route r;
    netlink::Ack ack;
    int error = 0;
    netlink::decode_link(m, l);
    netlink::decode_address(m, a);
    netlink::decode_route(m, r);
    netlink::decode_ack(m, ack);
    netlink::decode_done(m, error);
    netlink::Attributes::parse(m.payload);
  }
  if (auto f = decode_arp(bytes)) {
    auto again = decode_arp(encode_arp(*f));
    if (!again || !(*again == *f)) __builtin_trap();  // encode/decode must round-trip
  }
  if (auto p = parse_ipv4(bytes)) {
    if (p->payload.size() + p->header.header_length != p->header.total_length) __builtin_trap();
    internet_checksum(p->payload);
  }
  UdpFrame f;
  f.source = Ipv4(0x06069c0a);
  f.destination = Ipv4(0xe0000002);
  f.source_port = f.destination_port = 1985;
  const auto frame = encode_udp_frame(f, bytes);
  const auto ip = parse_ipv4(std::span<const std::uint8_t>(frame).subspan(14));
  if (!ip || ip->payload.size() != bytes.size() + 8 ||
      internet_checksum(std::span<const std::uint8_t>(frame).subspan(14, 20)) != 0)
    __builtin_trap();
  return 0;
}
