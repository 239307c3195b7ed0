#pragma once
// Sends gratuitous ARP for a VIP out of one interface through an AF_PACKET socket, with
// the interface's own MAC or a given one (the HSRP virtual MAC, RFC 2281 §6). The socket is
// send-only: bound with protocol 0, the kernel queues nothing to it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "runtime/net/arp_frame.h"
#include "runtime/net/descriptor.h"
#include "runtime/net/types.h"

namespace havpnc::net {

class GratuitousArp {
 public:
  explicit GratuitousArp(std::string_view interface_name);  // throws NetError

  const MacAddress& interface_mac() const { return interface_mac_; }
  int ifindex() const { return ifindex_; }

  // The Ethernet source is the announced MAC too, so learning switches move the virtual
  // MAC's port along with the hosts' ARP caches.
  void announce(const Ipv4& address, std::error_code& ec,
                std::optional<MacAddress> mac = std::nullopt, ArpOp op = ArpOp::Reply);
  // Any whole Ethernet frame out of the same socket: an HSRP Active's hello from the virtual
  // MAC (udp_frame.h) leaves this way.
  void send_frame(std::span<const std::uint8_t> frame, std::error_code& ec);

 private:
  std::string interface_;
  int ifindex_ = 0;
  MacAddress interface_mac_{};
  UniqueFd fd_;
};

}  // namespace havpnc::net
