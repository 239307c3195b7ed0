#pragma once
// ESP (RFC 4303) as raw IP protocol 50. This kernel has no ESP handler (ENVIRONMENT.md), so
// a raw socket sees every inbound ESP packet and the kernel sends no ICMP "protocol
// unreachable" for it; havpnc does ESP in userspace and sends it the same way.
//
// Bound to the local address ESP is sent from and addressed to — the crypto map
// interface's address, or the HSRP VIP on a redundant pair: bind() fixes the source of sent
// packets and makes the kernel deliver only ESP for that address to this socket.
#include <cstddef>
#include <optional>
#include <span>
#include <system_error>

#include "runtime/net/descriptor.h"
#include "runtime/net/ipv4_header.h"
#include "runtime/net/types.h"

namespace havpnc::net {

inline constexpr int kIpProtoEsp = 50;

struct EspDatagram {
  Ipv4 source;
  Ipv4 destination;
  std::span<const std::uint8_t> esp;  // from the SPI on, inside the caller's buffer
};

class RawEspSocket {
 public:
  // Bound to `local`. With `freebind`, `local` need not be configured yet: a standby router
  // binds the VIP before it owns it (see UdpSocket for why). Throws NetError.
  RawEspSocket(const boost::asio::any_io_executor& executor, const Ipv4& local,
               bool freebind = true);

  // Reads one packet into `buffer` and returns its addresses and the ESP part (the IPv4
  // header the kernel hands raw sockets is checked and stripped). nullopt with ec = EAGAIN
  // when nothing is queued; nullopt with ec = bad_message for a packet whose IPv4 header
  // does not parse (counted in malformed_packets()).
  std::optional<EspDatagram> receive(std::span<std::uint8_t> buffer, std::error_code& ec);
  // `esp` is the ESP header, payload and ICV; the kernel prepends the IPv4 header.
  void send(const Ipv4& peer, std::span<const std::uint8_t> esp, std::error_code& ec);

  template <class Handler>
  void async_wait_readable(Handler&& handler) {
    descriptor_.async_wait_readable(std::forward<Handler>(handler));
  }
  int native_handle() { return descriptor_.native_handle(); }
  const Ipv4& local() const { return local_; }
  std::uint64_t malformed_packets() const { return malformed_; }

 private:
  Descriptor descriptor_;
  Ipv4 local_;
  std::uint64_t malformed_ = 0;
};

}  // namespace havpnc::net
