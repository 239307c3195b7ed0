#pragma once
// Receives the ARP frames arriving on one interface (AF_PACKET, ETH_P_ARP, bound to the
// device; frames this host sends are filtered out by packet type). The HSRP Active watches
// its VIP with it: an ARP reply for the VIP from another MAC means a second station answers
// for it — typically a router whose process was SIGKILLed with the VIP still on its
// interface — and the Active defends the address with a gratuitous ARP (keepalived and
// RFC 5227 §2.4 (c) do the same for a conflicting address).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "runtime/net/arp_frame.h"
#include "runtime/net/descriptor.h"

namespace havpnc::net {

class ArpWatch {
 public:
  ArpWatch(const boost::asio::any_io_executor& executor, std::string_view interface_name);  // throws NetError

  // One frame, or nullopt with ec = would_block when none is queued; frames that are not
  // Ethernet/IPv4 ARP, or that this host sent, are consumed and counted as skipped.
  std::optional<ArpFrame> receive(std::error_code& ec);
  std::uint64_t skipped() const { return skipped_; }

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    descriptor_.async_wait_readable(std::forward<Handler>(handler));
  }

 private:
  Descriptor descriptor_;
  std::uint64_t skipped_ = 0;
};

}  // namespace havpnc::net
