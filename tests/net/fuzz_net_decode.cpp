// Everything the edges decode from outside: netlink datagrams (split, attributes, link /
// address / route / ack / done), ARP frames, and IPv4 headers from the raw ESP socket.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/net/arp_frame.h"
#include "runtime/net/ipv4_header.h"
#include "runtime/net/netlink_codec.h"

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
  return 0;
}
